/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * `coherent-style demo` on the fixture models: the bundled clip and style into a stylized video
 * (every frame, the clip's rate and audio) plus a side-by-side PNG, with the render size timed first.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { sideBySide } from '../../../src/apps/cli/demoCommand';
import { cli, FIXTURE_MODELS_DIR, probeStreams, removeDir, REPO, sha256File, tempDir } from './cliHarness';

test('demo renders the sample clip and a side-by-side frame', async () => {
  const dir = await tempDir('cs-demo-');
  try {
    const clip = path.join(REPO, 'samples/sample-clip.mp4');
    const before = await sha256File(clip);
    const run = await cli(['demo', '--models', FIXTURE_MODELS_DIR, '--out', dir]);
    expect(run.stderr).toMatch(/s\/frame at short side 360 → short side \d+/);
    expect(run.code).toBe(0);
    const [video, audio] = probeStreams(path.join(dir, 'sample-stylized.mp4'));
    expect(video).toMatchObject({ rate: '24/1', frames: 84, width: 640, height: 360 });
    expect(audio.codec).toBe('audio:aac');
    const comparison = decodeImage(await readFile(path.join(dir, 'sample-side-by-side.png')));
    expect([comparison.width, comparison.height]).toEqual([1280, 360]);
    expect(await sha256File(clip)).toBe(before);
    // It ends by suggesting what to do next, with paths that work from where it ran.
    expect(run.stderr).toMatch(/Next, stylize a clip of your own.*\n {2}npx coherent-style stylize <your clip\.mp4> --style samples\/styles\/ink-wash\.png --out out\/my-clip\.mp4\n.*models list.*stylize --help/);
  } finally {
    await removeDir(dir);
  }
});

test('sideBySide places the images left and right', () => {
  const left = { width: 1, height: 2, channels: 3 as const, bitDepth: 8 as const, data: Uint8Array.from([1, 1, 1, 2, 2, 2]) };
  const right = { width: 1, height: 2, channels: 1 as const, bitDepth: 8 as const, data: Uint8Array.from([9, 8]) };
  expect(Array.from(sideBySide(left, right).data)).toEqual([1, 1, 1, 9, 9, 9, 2, 2, 2, 8, 8, 8]);
});

test('a broken ffmpeg is reported as the probe failing, with its message, not as a missing clip', async () => {
  const dir = await tempDir('cs-demo-broken-ffmpeg-');
  const saved = process.env.FFMPEG_PATH;
  try {
    // What a half-installed ffmpeg does: the loader fails before ffmpeg runs, naming a missing library.
    const broken = path.join(dir, 'ffmpeg');
    await writeFile(broken, '#!/bin/sh\necho "ffmpeg: error while loading shared libraries: libavdevice.so.61: cannot open shared object file: No such file or directory" >&2\nexit 127\n');
    await chmod(broken, 0o755);
    process.env.FFMPEG_PATH = broken;
    const run = await cli(['demo', '--models', FIXTURE_MODELS_DIR, '--out', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/does not exist/);
    expect(run.stderr).toMatch(/Probing .*sample-clip\.mp4 with ffmpeg .* failed, exit code 127: .*libavdevice\.so\.61: cannot open shared object file.*\[FFMPEG_FAILED\]/);
  } finally {
    if (saved === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved;
    await removeDir(dir);
  }
});

test('a clip that really is missing is still called missing', async () => {
  const run = await cli(['stylize', path.join(REPO, 'samples/no-such-clip.mp4'), '--style', path.join(REPO, 'samples/styles/mosaic.png'), '--out', path.join(REPO, 'never.mp4'), '--models', FIXTURE_MODELS_DIR]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/no-such-clip\.mp4 does not exist.*\[INPUT_UNREADABLE\]/);
});
