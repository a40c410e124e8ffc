/**
 * Files that never end or never answer: /dev/zero (directly or through a symlink) and FIFOs as a
 * style, an input or a frame. Each is refused at once, before it is opened for reading, so
 * nothing reads without limit and nothing hangs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { cli, FIXTURE_MODELS_DIR, pngBytes, removeDir, STYLE, tempDir } from '../apps/cli/cliHarness';
import { FrameFolderSink } from '../../src/node-io/frameFolder';

let dir: string;
beforeEach(async () => { dir = await tempDir('cs-security-endless-'); });
afterEach(() => removeDir(dir));

const models = ['--models', FIXTURE_MODELS_DIR];
// The bound of every test here: a refusal takes milliseconds; the old code read /dev/zero for good.
const REFUSED_QUICKLY_MS = 20_000;

function fifo(name: string): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

async function image(name: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, pngBytes(24, 16));
  return file;
}

const notRegular = /Cannot read .* \(it is (a device|a named pipe \(FIFO\)|not a regular file)/;

describe('a style that never ends is refused', () => {
  it('refuses --style /dev/zero', async () => {
    const run = await cli(['stylize', await image('c.png'), '--style', '/dev/zero', '--out', path.join(dir, 'o.png'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(notRegular);
    expect(run.stderr).toMatch(/\[INPUT_UNREADABLE\]/);
  }, REFUSED_QUICKLY_MS);

  it('refuses a style that is a symlink to /dev/zero', async () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero.png'));
    const run = await cli(['stylize', await image('c.png'), '--style', path.join(dir, 'zero.png'), '--out', path.join(dir, 'o.png'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/zero\.png \(it is a device\)/);
  }, REFUSED_QUICKLY_MS);

  it('refuses a FIFO as the style without waiting for a writer', async () => {
    const run = await cli(['stylize', await image('c.png'), '--style', fifo('fifo.png'), '--out', path.join(dir, 'o.png'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/fifo\.png \(it is a named pipe \(FIFO\)\)/);
  }, REFUSED_QUICKLY_MS);

  it('refuses `farm submit --style /dev/zero` before it reaches Redis', async () => {
    const frames = path.join(dir, 'frames');
    mkdirSync(frames);
    await writeFile(path.join(frames, 'f_001.png'), pngBytes(24, 16));
    // Port 1 on loopback: nothing listens, and the style is refused before any connection anyway.
    const run = await cli(['farm', 'submit', frames, '--style', '/dev/zero', '--out', path.join(dir, 'out'), '--redis', 'redis://127.0.0.1:1', ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(notRegular);
    expect(run.stderr).not.toMatch(/FARM_UNREACHABLE/);
  }, REFUSED_QUICKLY_MS);
});

describe('an input that never ends is refused', () => {
  it.each(['in.png', 'in.mp4'])('refuses an input %s that is a symlink to /dev/zero', async (name) => {
    symlinkSync('/dev/zero', path.join(dir, name));
    const out = path.join(dir, name.endsWith('.png') ? 'o.png' : 'o.mp4');
    const run = await cli(['stylize', path.join(dir, name), '--style', STYLE, '--out', out, ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a regular file/);
  }, REFUSED_QUICKLY_MS);

  it('refuses a FIFO input without opening it', async () => {
    const run = await cli(['stylize', fifo('in.mp4'), '--style', STYLE, '--out', path.join(dir, 'o.mp4'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a regular file/);
  }, REFUSED_QUICKLY_MS);
});

describe('frames of a folder (as the farm worker reads them) that never end are refused', () => {
  it('refuses frame_000003.png -> /dev/zero', async () => {
    const frames = path.join(dir, 'frames');
    mkdirSync(frames);
    for (const n of [1, 2]) await writeFile(path.join(frames, `frame_00000${n}.png`), pngBytes(24, 16, n));
    symlinkSync('/dev/zero', path.join(frames, 'frame_000003.png'));
    const run = await cli(['stylize', frames, '--style', STYLE, '--out', path.join(dir, 'out'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/frame_000003\.png \(it is a device\)/);
  }, REFUSED_QUICKLY_MS);

  it('refuses a FIFO named frame_000001.png', async () => {
    const frames = path.join(dir, 'frames');
    mkdirSync(frames);
    execFileSync('mkfifo', [path.join(frames, 'frame_000001.png')]);
    const run = await cli(['stylize', frames, '--style', STYLE, '--out', path.join(dir, 'out'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/frame_000001\.png \(it is a named pipe \(FIFO\)\)/);
  }, REFUSED_QUICKLY_MS);

  it('treats an output frame that is a FIFO or /dev/zero as not rendered yet, without reading it', async () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    execFileSync('mkfifo', [path.join(out, 'frame_000001.png')]);
    symlinkSync('/dev/zero', path.join(out, 'frame_000002.png'));
    const sink = new FrameFolderSink(out, (n) => `frame_00000${n}.png`);
    expect(await sink.hasValid(1)).toBe(false);
    expect(await sink.hasValid(2)).toBe(false);
  }, REFUSED_QUICKLY_MS);
});
