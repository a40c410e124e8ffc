/**
 * Attack cases against the command line: input names that ffmpeg would read as network URLs,
 * outputs that reach the input through links, numbers JavaScript parses too generously, inputs
 * too small for the models, leftovers of failed or killed runs, and onnxruntime's telemetry.
 * Runs the CLI in this process where it can, as a child process where signals or a fresh
 * environment matter; every listener is on loopback and closed by its test.
 */
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { STALE_TEMP_MS } from '../../src/node-io/atomicFile';
import { SAFETY_NET_MS, waitFor } from '../support/waitFor';
import {
  cli, FIXTURE_MODELS_DIR, folderDigest, makeTestVideo, pngBytes, REPO, removeDir, sha256File, STYLE, tempDir,
} from '../apps/cli/cliHarness';

let dir: string;
beforeEach(async () => { dir = await tempDir('cs-security-cli-'); });
afterEach(() => removeDir(dir));

const models = ['--models', FIXTURE_MODELS_DIR];

/** A loopback TCP listener that counts the connections it gets. */
async function listener(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = net.createServer((socket) => { count++; socket.destroy(); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('input names are files, never ffmpeg protocols', () => {
  it.each(['tcp', 'http', 'rtmp'])('reads a local file named %s:127.0.0.1:PORT and connects nowhere', async (scheme) => {
    const target = await listener();
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const name = `${scheme}:127.0.0.1:${target.port}`;
      writeFileSync(name, 'not a video');
      const run = await cli(['stylize', name, '--style', STYLE, '--out', 'out.mp4', ...models]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is not a video ffmpeg can read/);
      expect(target.connections()).toBe(0);
    } finally {
      process.chdir(cwd);
      await target.close();
    }
  }, 60_000);
});

describe('numbers are plain decimals', () => {
  it.each(['0x1', '1e-400', '1e0', 'Infinity', '  ', '0b1', '.5.'])('refuses --strength %j', async (value) => {
    const run = await cli(['stylize', 'in.png', '--style', STYLE, '--out', 'o.png', '--strength', value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--strength must be a number from 0 to 1/);
  });

  it.each(['1e308,1e308', '1e6,1e7', 'Infinity,1'])('refuses --weights %s, which would normalise to nothing', async (weights) => {
    const run = await cli(['stylize', 'in.png', '--style', STYLE, '--style', STYLE, '--weights', weights, '--out', 'o.png']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--weights must be numbers from 0 to 1000000/);
  });

  it.each(['0', '0.5', '.25', '1', '1.0'])('accepts --strength %s', async (value) => {
    await writeFile(path.join(dir, 'in.png'), pngBytes(24, 16));
    const run = await cli(['stylize', path.join(dir, 'in.png'), '--style', STYLE, '--out', path.join(dir, 'o.png'), '--strength', value, ...models]);
    expect(run.code).toBe(0);
  });
});

describe('the input is never modified', () => {
  it('refuses --out through a symlink to the input folder, even with --overwrite', async () => {
    const frames = path.join(dir, 'frames');
    mkdirSync(frames);
    for (const n of [1, 2]) await writeFile(path.join(frames, `f_00${n}.png`), pngBytes(24, 16, n));
    const before = await folderDigest(frames);
    symlinkSync(frames, path.join(dir, 'link'));
    const run = await cli(['stylize', frames, '--style', STYLE, '--out', path.join(dir, 'link'), '--overwrite', ...models]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the input/);
    expect(await folderDigest(frames)).toEqual(before);
  });

  it('refuses --out through a symlinked parent folder', async () => {
    await writeFile(path.join(dir, 'in.png'), pngBytes(24, 16));
    symlinkSync(dir, path.join(dir, 'same'));
    const run = await cli(['stylize', path.join(dir, 'in.png'), '--style', STYLE, '--out', path.join(dir, 'same', 'in.png'), '--overwrite', ...models]);
    expect(run.code).toBe(2);
  });

  it('refuses --out that is the style image, even with --overwrite', async () => {
    const style = path.join(dir, 's.png');
    await writeFile(style, pngBytes(24, 16, 3));
    await writeFile(path.join(dir, 'c.png'), pngBytes(24, 16));
    const digest = await sha256File(style);
    const run = await cli(['stylize', path.join(dir, 'c.png'), '--style', style, '--out', style, '--overwrite', ...models]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the style image .*s\.png; choose another --out/);
    expect(await sha256File(style)).toBe(digest);
  });

  it('refuses --out that is a part of a style mix through a symlink or a hard link', async () => {
    const part = path.join(dir, 'part.png');
    await writeFile(part, pngBytes(24, 16, 4));
    await writeFile(path.join(dir, 'c.png'), pngBytes(24, 16));
    symlinkSync(part, path.join(dir, 'link.png'));
    linkSync(part, path.join(dir, 'hard.png'));
    const digest = await sha256File(part);
    for (const out of ['link.png', 'hard.png']) {
      const run = await cli(['stylize', path.join(dir, 'c.png'), '--style', STYLE, '--style', part, '--weights', '1,1', '--out', path.join(dir, out), '--overwrite', ...models]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/would overwrite the style image .*part\.png/);
    }
    expect(await sha256File(part)).toBe(digest);
  });

  it('refuses --out that is a hard link of the input', async () => {
    const input = path.join(dir, 'in.png');
    await writeFile(input, pngBytes(24, 16));
    const digest = await sha256File(input);
    linkSync(input, path.join(dir, 'alias.png'));
    const run = await cli(['stylize', input, '--style', STYLE, '--out', path.join(dir, 'alias.png'), '--overwrite', ...models]);
    expect(run.code).toBe(2);
    expect(await sha256File(input)).toBe(digest);
  });
});

describe('inputs too small for the models', () => {
  it('refuses a 16×16 style image with a hint to use a larger one', async () => {
    await writeFile(path.join(dir, 'in.png'), pngBytes(24, 16));
    await writeFile(path.join(dir, 'tiny.png'), pngBytes(16, 16));
    const run = await cli(['stylize', path.join(dir, 'in.png'), '--style', path.join(dir, 'tiny.png'), '--out', path.join(dir, 'o.png'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The style image is 16×16; .* at least 17 pixels on each side\. Choose a larger style image/);
    expect(run.stderr).not.toMatch(/smaller render size|Pad/);
  });

  it('refuses an 8×8 frame with a hint to use larger frames', async () => {
    await writeFile(path.join(dir, 'in.png'), pngBytes(8, 8));
    const run = await cli(['stylize', path.join(dir, 'in.png'), '--style', STYLE, '--out', path.join(dir, 'o.png'), ...models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The frame is 8×8; .* at least 9 pixels on each side\. Use larger frames/);
    expect(existsSync(path.join(dir, 'o.png'))).toBe(false);
  });
});

describe('leftovers', () => {
  it('removes the output folder a failed run created', async () => {
    await writeFile(path.join(dir, 'clip.mp4'), 'not a video');
    const run = await cli(['stylize', path.join(dir, 'clip.mp4'), '--style', STYLE, '--out', path.join(dir, 'frames-out'), ...models]);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(dir, 'frames-out'))).toBe(false);
  });

  it('sweeps stale temp files of its own naming, and only those', async () => {
    const frames = path.join(dir, 'frames');
    const out = path.join(dir, 'out');
    mkdirSync(frames);
    mkdirSync(out);
    await writeFile(path.join(frames, 'f_001.png'), pngBytes(24, 16));
    const stale = path.join(out, '.f_001.png.0123456789ab.tmp');
    const fresh = path.join(out, '.f_002.png.ba9876543210.tmp');
    const foreign = path.join(out, '.notes.tmp');
    for (const file of [stale, fresh, foreign]) writeFileSync(file, 'x');
    const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
    utimesSync(stale, old, old);
    utimesSync(foreign, old, old);
    const run = await cli(['stylize', frames, '--style', STYLE, '--out', out, ...models]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.f_002.png.ba9876543210.tmp', '.notes.tmp', 'f_001.png', 'render.json']);
  });

  it('SIGTERM cancels like Ctrl-C: exit 143, no temp video left', async () => {
    const clip = path.join(dir, 'clip.mp4');
    makeTestVideo(clip, '96x64', 4);
    const child = spawn(process.execPath, [
      path.join(REPO, 'test/support/runTs.js'), path.join(REPO, 'src/apps/cli/cli.ts'), 'main',
      'stylize', clip, '--style', STYLE, '--out', path.join(dir, 'term.mp4'), ...models,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += String(chunk); });
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    try {
      // Terminate once the encoder's temp file exists.
      await waitFor('the encoder\'s temp file', () => readdirSync(dir).some((f) => f.endsWith('.tmp')), 100);
      expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(stderr).toMatch(/Cancelling/);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(path.join(dir, 'term.mp4'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, SAFETY_NET_MS);

  it('leaves no temp video after a double Ctrl-C', async () => {
    const clip = path.join(dir, 'clip.mp4');
    makeTestVideo(clip, '96x64', 4);
    const out = path.join(dir, 'out.mp4');
    const child = spawn(process.execPath, [
      path.join(REPO, 'test/support/runTs.js'), path.join(REPO, 'src/apps/cli/cli.ts'), 'main',
      'stylize', clip, '--style', STYLE, '--out', out, ...models,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    // 130, or killed by the second SIGINT when the first had already finished the cancel.
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    try {
      // Interrupt once the encoder's temp file exists.
      await waitFor('the encoder\'s temp file', () => readdirSync(dir).some((f) => f.endsWith('.tmp')), 100);
      expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
      // The second Ctrl-C lands while the first is still cancelling: the process exits at once.
      child.kill('SIGINT');
      await new Promise((r) => setImmediate(r));
      child.kill('SIGINT');
      expect([130, 'SIGINT']).toContain(await exited);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, SAFETY_NET_MS);
});

describe('a Redis password is never printed', () => {
  const PASSWORD = 'Sup3rS3cret';
  const url = `redis://:${PASSWORD}@127.0.0.1:1`;
  it.each([
    [['serve', `--redis=${url}`]],
    [['worker', `--farm=${url}`]],
    [['stylize', 'in.png', '--style', STYLE, '--out', 'o.png', `--redis=${url}`]],
    [['models', 'list', `--redis=${url}`]],
    [['farm', 'status', `--redis-url=rediss://admin:${PASSWORD}@127.0.0.1:1`]],
    [[`redis://:${PASSWORD}@127.0.0.1:1`]],
  ])('not in the usage error for %j', async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).toMatch(/\*\*\*@127\.0\.0\.1/);
  });
});
