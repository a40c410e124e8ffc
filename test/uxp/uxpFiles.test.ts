/** uxpFiles over the fake uxp module: what writeFileAtomic hands UXP is exactly the bytes asked for. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileUrl } from '../../src/uxp/fileUrl';
import { ensureFolder, exists, listNames, readText, writeFileAtomic } from '../../src/uxp/uxpFiles';
import { fakeUxpState, resetFakeUxp } from '../fakes/uxp';
import { parseFileUrl } from '../fakes/uxpFileUrl';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-uxpfiles-'));
  resetFakeUxp({ dataFolder: path.join(dir, 'data'), pluginFolder: path.join(dir, 'plugin') });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a whole buffer and a view of part of one are both written exactly, with no temp file left', async () => {
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const whole = Uint8Array.from([1, 2, 3, 4, 5, 6]);
  await writeFileAtomic(path.join(out, 'whole.bin'), whole);
  await writeFileAtomic(path.join(out, 'part.bin'), whole.subarray(2, 5));
  expect([...fs.readFileSync(path.join(out, 'whole.bin'))]).toEqual([1, 2, 3, 4, 5, 6]);
  expect([...fs.readFileSync(path.join(out, 'part.bin'))]).toEqual([3, 4, 5]);
  expect(fs.readdirSync(out).sort()).toEqual(['part.bin', 'whole.bin']);
});

describe('file URLs (getEntryWithUrl examples: "file:/Users/user/Documents", "file:/C:/Users/user/Documents")', () => {
  test('each segment is percent-encoded as UTF-8; a drive letter keeps its colon', () => {
    expect(fileUrl('/Users/ed/Coherent Style Renders/Clip 20260101-120000')).toBe('file:/Users/ed/Coherent%20Style%20Renders/Clip%2020260101-120000');
    expect(fileUrl('C:\\Users\\ed\\Take #2 100% Ünïcode.png')).toBe('file:/C:/Users/ed/Take%20%232%20100%25%20%C3%9Cn%C3%AFcode.png');
  });

  test('a UNC path keeps its server in the path, not as a URL host', () => {
    expect(fileUrl('\\\\NAS\\share\\Film\\Coherent Style Renders')).toBe('file:////NAS/share/Film/Coherent%20Style%20Renders');
  });

  test('the simulator refuses unencoded spaces, #, stray %, non-ASCII and a URL host', () => {
    for (const url of ['file:/a b', 'file:/a#b', 'file:/100%', 'file:/Ü', 'file://NAS/share/x', 'file:/a\\b', 'file:/%C3']) {
      expect(() => parseFileUrl(url)).toThrow(/Invalid file url/);
    }
    expect(parseFileUrl('file:/C:/x%20y')).toEqual({ kind: 'posix', path: '/C:/x y' });
  });

  test('files with spaces, #, % and non-ASCII names are found, read and written', async () => {
    const folder = path.join(dir, 'Coherent Style Renders', 'Take #2 100% Ünïcode 20260101-120000');
    await ensureFolder(folder);
    await writeFileAtomic(path.join(folder, 'record ü.json'), '{"ok":true}');
    expect(await exists(folder)).toBe(true);
    expect(await readText(path.join(folder, 'record ü.json'))).toBe('{"ok":true}');
    expect(await listNames(folder)).toEqual(['record ü.json']);
  });

  test('a file on a UNC share is found and read', async () => {
    const share = path.join(dir, 'nas-share');
    fs.mkdirSync(path.join(share, 'Film', 'Coherent Style Renders'), { recursive: true });
    fs.writeFileSync(path.join(share, 'Film', 'Coherent Style Renders', 'a b.txt'), 'from the NAS');
    fakeUxpState.networkShares['\\\\NAS\\share'] = share;
    expect(await exists('\\\\nas\\share\\Film\\Coherent Style Renders')).toBe(true);
    expect(await readText('\\\\NAS\\share\\Film\\Coherent Style Renders\\a b.txt')).toBe('from the NAS');
    expect(await exists('\\\\NAS\\other\\Film')).toBe(false);
  });
});
