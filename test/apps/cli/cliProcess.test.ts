/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * The CLI as a real process (signals, permissions) and on a real full disk:
 * Ctrl-C → exit 130 with finished frames kept and no temp files; unreadable input and unwritable
 * output folder (as an unprivileged user when the tests run as root, since root ignores modes; that
 * child loads the code as root first, so the checkout may be where the user cannot go);
 * a full file system → DISK_FULL with nothing half-written.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { cli, FIXTURE_MODELS_DIR, makeTestVideo, pngBytes, removeDir, REPO, sha256File, STYLE, tempDir } from './cliHarness';

const RUN_TS = path.join(REPO, 'test/support/runTs.js');
const CLI_TS = path.join(REPO, 'src/apps/cli/cli.ts');
const CLIP = path.join(REPO, 'samples/sample-clip.mp4');
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

let dir: string;
let models: string;

beforeAll(async () => {
  dir = await tempDir('cs-cli-proc-');
  await chmod(dir, 0o777);
  // A world-readable copy of the fixtures, so an unprivileged child can load them.
  models = path.join(dir, 'models');
  await cp(FIXTURE_MODELS_DIR, models, { recursive: true });
  spawnSync('chmod', ['-R', 'a+rX', models]);
});

afterAll(async () => {
  await removeDir(dir);
});

interface Child {
  exited: Promise<number | null>;
  output: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

function startCli(args: readonly string[], options: { uid?: number } = {}): Child {
  const asUser = options.uid !== undefined ? ['--as-uid', String(options.uid)] : [];
  const child = spawn(process.execPath, [RUN_TS, ...asUser, CLI_TS, 'main', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (b: Buffer) => { text += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { text += b.toString(); });
  return {
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    output: () => text,
    kill: (signal) => child.kill(signal),
  };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pngsIn = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.png'));

test('Ctrl-C during a folder render: exit 130, finished frames kept and valid, no temp files, rerun resumes', async () => {
  const out = path.join(dir, 'cancelled-frames');
  const args = ['stylize', CLIP, '--style', STYLE, '--out', out, '--models', models, '--frames', '0-29', '--size', '360'];
  const child = startCli(args);
  await waitFor(async () => (await pngsIn(out)).length >= 2);
  child.kill('SIGINT');
  expect(await child.exited).toBe(130);
  expect(child.output()).toContain('Cancelled.');
  const names = await readdir(out);
  const frames = names.filter((n) => n.endsWith('.png'));
  expect(names).toEqual(frames); // nothing but finished frames: no .tmp leftovers
  expect(frames.length).toBeGreaterThanOrEqual(2);
  expect(frames.length).toBeLessThan(30);
  for (const name of frames) expect(decodeImage(await readFile(path.join(out, name))).width).toBe(640);

  const resumed = await cli(args);
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toContain(`Resuming: ${frames.length} of 30 frames`);
  expect(await pngsIn(out)).toHaveLength(30);
});

test('Ctrl-C during a video render: exit 130, no video and no temp file left', async () => {
  const outDir = path.join(dir, 'cancelled-video');
  await mkdir(outDir);
  const child = startCli(['stylize', CLIP, '--style', STYLE, '--out', path.join(outDir, 'v.mp4'), '--models', models, '--size', '360']);
  await waitFor(async () => /Rendering [1-9]\d*\/84/.test(child.output()));
  child.kill('SIGINT');
  expect(await child.exited).toBe(130);
  expect(await readdir(outDir)).toEqual([]);
});

describe('permissions', () => {
  const asUser = isRoot ? { uid: NOBODY } : {};
  // The style, like the input and the models, lies in the test's own world-readable folder.
  let style: string;
  beforeAll(async () => {
    style = path.join(dir, 'style.png');
    await cp(STYLE, style);
    await chmod(style, 0o644);
  });

  test('an unreadable input: INPUT_UNREADABLE, exit 1, input untouched', async () => {
    const input = path.join(dir, 'secret.png');
    await writeFile(input, pngBytes(16, 16));
    await chmod(input, 0o000);
    const before = await sha256File(input);
    const child = startCli(['stylize', input, '--style', style, '--out', path.join(dir, 'secret-out.png'), '--models', models], asUser);
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/secret\.png \(permission denied\).*\[INPUT_UNREADABLE\]/);
    expect(await sha256File(input)).toBe(before);
  });

  test('an unwritable output folder: OUTPUT_UNWRITABLE, exit 1, nothing written', async () => {
    const input = path.join(dir, 'open.png');
    await writeFile(input, pngBytes(16, 16));
    await chmod(input, 0o644);
    const locked = path.join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    const child = startCli(['stylize', input, '--style', style, '--out', path.join(locked, 'o.png'), '--models', models], asUser);
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/Cannot write to .*locked.*\[OUTPUT_UNWRITABLE\]/);
    expect(await readdir(locked)).toEqual([]);
  });
});

/** A 256 KiB tmpfs: room to start, not enough for the frames. Mounting needs root; without it these tests are skipped. */
function mountTinyDisk(): string | undefined {
  if (!isRoot) return undefined;
  const target = mkdtempSync(path.join(tmpdir(), 'cs-tiny-disk-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', target]).status === 0) return target;
  rmSync(target, { recursive: true, force: true });
  return undefined;
}

const tinyDisk = mountTinyDisk();

afterAll(() => {
  if (!tinyDisk) return;
  spawnSync('umount', [tinyDisk]);
  rmSync(tinyDisk, { recursive: true, force: true });
});

(tinyDisk ? describe : describe.skip)('a full disk', () => {
  const mountPoint = tinyDisk;

  test('frames: DISK_FULL, exit 1, no partial frame or temp file', async () => {
    const out = path.join(mountPoint!, 'frames');
    const run = await cli(['stylize', CLIP, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, '--frames', '0-5', '--size', '360']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DISK_FULL]');
    // The folder holds only complete frames; a run that wrote none removes the folder it created.
    for (const name of await readdir(out).catch(() => [] as string[])) {
      expect(name).toMatch(/^frame_\d{6}\.png$/);
      expect(decodeImage(await readFile(path.join(out, name))).width).toBe(640);
    }
  });

  test('video: DISK_FULL, exit 1, no partial video or temp file', async () => {
    const clip = path.join(dir, 'noise.mkv');
    // Noise does not compress, so the encoded video outgrows the tiny disk.
    spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=320x240:r=24,geq=random(1)*255:128:128', '-t', '2', '-c:v', 'libx264', '-crf', '0', clip]);
    await stat(clip);
    const outDir = path.join(mountPoint!, 'video');
    await mkdir(outDir);
    const run = await cli(['stylize', clip, '--style', STYLE, '--out', path.join(outDir, 'v.mp4'), '--models', FIXTURE_MODELS_DIR, '--size', '240']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DISK_FULL]');
    expect(await readdir(outDir)).toEqual([]);
  });
});

describe('the launcher (bin/coherent-style.js)', () => {
  /** A package folder with the launcher and the real sources and modules, with or without a compiled CLI. */
  async function packageFolder(compiledCli?: string): Promise<string> {
    const root = path.join(dir, `package-${compiledCli ? 'built' : 'fresh'}`);
    await mkdir(path.join(root, 'bin'), { recursive: true });
    await cp(path.join(REPO, 'bin/coherent-style.js'), path.join(root, 'bin/coherent-style.js'));
    for (const linked of ['src', 'scripts', 'node_modules', 'package.json']) await symlink(path.join(REPO, linked), path.join(root, linked));
    if (compiledCli) {
      await mkdir(path.join(root, 'dist-node/src/apps/cli'), { recursive: true });
      await writeFile(path.join(root, 'dist-node/src/apps/cli/cli.js'), compiledCli);
    }
    return root;
  }
  const launch = (root: string) => spawnSync(process.execPath, [path.join(root, 'bin/coherent-style.js'), '--version'], { encoding: 'utf8' });

  test('in a fresh checkout (nothing built) it runs the TypeScript sources', async () => {
    const result = launch(await packageFolder());
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^coherent-style \d+\.\d+\.\d+\n$/);
    expect(result.status).toBe(0);
  });

  test('once built it runs the compiled CLI', async () => {
    const result = launch(await packageFolder("exports.main = async (argv = process.argv.slice(2)) => { console.log('compiled', argv.join(' ')); return 3; };"));
    expect(result.stdout).toBe('compiled --version\n');
    expect(result.status).toBe(3);
  });
});

test('a tiny clip renders through a real process with exit 0', async () => {
  const clip = path.join(dir, 'tiny.mp4');
  makeTestVideo(clip, '48x32', 0.25);
  const out = path.join(dir, 'tiny-out.mp4');
  const child = startCli(['stylize', clip, '--style', STYLE, '--out', out, '--models', models]);
  expect(await child.exited).toBe(0);
  expect((await stat(out)).size).toBeGreaterThan(0);
});
