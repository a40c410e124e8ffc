/**
 * Dependency install scripts are reviewed in package.json's allowScripts (npm 11): every package of
 * the lockfile that has one is allowed or denied by name, so `npm ci` runs no unreviewed script and
 * prints no "not yet covered by allowScripts" list. onnxruntime-node's is denied: it only downloads
 * the CUDA provider bundle (the CPU binaries ship in the package), which fails offline. .npmrc no
 * longer sets onnxruntime-node's own flag, an unknown key npm warns about on every command.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const read = (file: string): string => readFileSync(path.join(REPO, file), 'utf8');

const packageJson = JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };

test('every lockfile package with an install script is allowed or denied by name', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([where, entry]) => where !== '' && entry.hasInstallScript)
    .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
  expect(withScripts.length).toBeGreaterThan(0);
  const reviewed = Object.keys(packageJson.allowScripts ?? {});
  expect(withScripts.filter((name) => !reviewed.includes(name))).toEqual([]);
  // Name-only keys: the lockfile records no resolved URLs, so npm cannot verify a pinned version.
  expect(reviewed.filter((key) => /.@\d/.test(key))).toEqual([]);
});

test('onnxruntime-node never downloads its CUDA bundle; the npm-shipped ffmpeg is made executable', () => {
  expect(packageJson.allowScripts?.['onnxruntime-node']).toBe(false);
  expect(packageJson.allowScripts?.['@ffmpeg-installer/linux-x64']).toBe(true);
});

test('.npmrc does not carry onnxruntime-node\'s install flag (npm warns about it on every command)', () => {
  const keys = read('.npmrc').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => line.split('=')[0].trim());
  expect(keys.filter((key) => key.startsWith('onnxruntime'))).toEqual([]);
});
