/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * The CLI on videos and frame folders with a real ffmpeg: frame rate (24000/1001), frame count and
 * audio survive; --frames renders exactly the frames asked for; folder renders resume.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { locateFfmpeg } from '../../../src/node-io/ffmpeg';
import { decodeVideoFrames } from '../../../src/node-io/videoDecoder';
import { probeVideo } from '../../../src/node-io/videoProbe';
import { cli, FIXTURE_MODELS_DIR, ffmpeg, folderDigest, makeTestVideo, pngBytes, probeStreams, removeDir, sha256File, STYLE, tempDir } from './cliHarness';

let dir: string;
let clip: string;

beforeAll(async () => {
  dir = await tempDir('cs-cli-video-');
  clip = path.join(dir, 'clip.mp4');
  makeTestVideo(clip);
});

afterAll(async () => {
  await removeDir(dir);
});

/** The frames in an output folder (beside them is the render record, render.json). */
async function frameFiles(out: string): Promise<string[]> {
  return (await readdir(out)).filter((name) => name !== 'render.json').sort();
}

function stylizeArgs(from: string, out: string, ...extra: string[]): string[] {
  return ['stylize', from, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, '--size', '64', ...extra];
}

test('probing with ffmpeg alone finds the exact rate, frame count and audio', async () => {
  const info = await probeVideo(locateFfmpeg(), clip);
  expect(info).toMatchObject({ width: 96, height: 64, frameRate: { num: 24000, den: 1001 }, frameCount: 24, audioCodecs: ['aac'] });
});

test('video in, video out: same rate, frame count, size and audio; input untouched', async () => {
  const before = await sha256File(clip);
  const out = path.join(dir, 'styled.mp4');
  const run = await cli(stylizeArgs(clip, out));
  expect(run.stderr).toContain('24 frames at 24000/1001 (23.976) fps');
  expect(run.code).toBe(0);
  const [video, audio] = probeStreams(out);
  expect(video).toMatchObject({ codec: 'video:h264', rate: '24000/1001', frames: 24, width: 96, height: 64 });
  expect(audio.codec).toBe('audio:aac');
  expect(Math.abs(audio.duration - probeStreams(clip)[1].duration)).toBeLessThan(0.05);
  expect(await sha256File(clip)).toBe(before);
  expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  // Progress lines are plain when stdout is not a terminal.
  expect(run.stdout).toMatch(/^Rendering 24\/24 frames {2}[\d.]+ fps {2}ETA 0:00$/m);
});

test('odd frame sizes are padded to even for yuv420p', async () => {
  const odd = path.join(dir, 'odd.mkv');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=45x33:rate=12', '-t', '0.5', '-c:v', 'libx264', '-pix_fmt', 'yuv444p', odd]);
  const out = path.join(dir, 'odd-styled.mov');
  expect((await cli(stylizeArgs(odd, out))).code).toBe(0);
  expect(probeStreams(out)[0]).toMatchObject({ rate: '12/1', frames: 6, width: 46, height: 34 });
});

test('--frames decodes exactly the frames of a full decode', async () => {
  const ff = locateFfmpeg();
  const info = await probeVideo(ff, clip);
  const all: Uint8Array[] = [];
  for await (const f of decodeVideoFrames(ff, clip, info, { first: 0, last: 23 })) all.push(f.data as Uint8Array);
  const ranged: Uint8Array[] = [];
  for await (const f of decodeVideoFrames(ff, clip, info, { first: 7, last: 11 })) ranged.push(f.data as Uint8Array);
  expect(all).toHaveLength(24);
  expect(ranged).toHaveLength(5);
  ranged.forEach((frame, i) => expect(Buffer.from(frame).equals(Buffer.from(all[7 + i]))).toBe(true));
});

test('--frames into a folder writes numbered PNGs; rerunning resumes and replaces damaged frames', async () => {
  const out = path.join(dir, 'shard');
  const first = await cli(stylizeArgs(clip, out, '--frames', '5-9'));
  expect(first.code).toBe(0);
  const names = ['frame_000005.png', 'frame_000006.png', 'frame_000007.png', 'frame_000008.png', 'frame_000009.png'];
  expect(await frameFiles(out)).toEqual(names);
  expect(decodeImage(await readFile(path.join(out, names[0])))).toMatchObject({ width: 96, height: 64 });

  const kept = await sha256File(path.join(out, names[1]));
  await rm(path.join(out, names[0]));
  await writeFile(path.join(out, names[2]), (await readFile(path.join(out, names[2]))).subarray(0, 100));
  const again = await cli(stylizeArgs(clip, out, '--frames', '5-9'));
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('Resuming: 3 of 5 frames are already rendered');
  expect(again.stderr).toContain('Done: 2 frames');
  expect(await sha256File(path.join(out, names[1]))).toBe(kept);
  expect(decodeImage(await readFile(path.join(out, names[2]))).width).toBe(96);

  const nothing = await cli(stylizeArgs(clip, out, '--frames', '5-9'));
  expect(nothing.stderr).toContain('Reused:');
});

test('--frames into a video renders a segment with its stretch of audio', async () => {
  const out = path.join(dir, 'segment.mp4');
  expect((await cli(stylizeArgs(clip, out, '--frames', '12-'))).code).toBe(0);
  const [video, audio] = probeStreams(out);
  expect(video).toMatchObject({ rate: '24000/1001', frames: 12 });
  expect(Math.abs(audio.duration - 12 * 1001 / 24000)).toBeLessThan(0.03);
});

test('--frames past the end is a usage error', async () => {
  const run = await cli(stylizeArgs(clip, path.join(dir, 'x'), '--frames', '20-30'));
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('goes past the last frame');
});

test('--frames in seconds and timecode: resolved with the clip\'s 24000/1001 rate; a frame folder has no rate', async () => {
  const names = frameFiles;
  const seconds = path.join(dir, 'by-seconds');
  // 0.5 s is 11.99 frames in: frame 11 is on screen; the end (1 s = 23.98 frames) is exclusive, so frame 23 is the last.
  expect((await cli(stylizeArgs(clip, seconds, '--frames', '0.5s-1s'))).code).toBe(0);
  expect(await names(seconds)).toEqual(Array.from({ length: 13 }, (_, i) => `frame_${String(11 + i).padStart(6, '0')}.png`));
  const timecode = path.join(dir, 'by-timecode');
  expect((await cli(stylizeArgs(clip, timecode, '--frames', '00:00:00:20-00:00:00:22'))).code).toBe(0);
  expect(await names(timecode)).toEqual(['frame_000020.png', 'frame_000021.png', 'frame_000022.png']);

  const folderInput = path.join(dir, 'by-seconds');
  const refused = await cli(stylizeArgs(folderInput, path.join(dir, 'never'), '--frames', '0.5s-1s'));
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/has no frame rate, so seconds and timecode cannot be converted; give frame numbers .* \[INVALID_ARGUMENT\]/s);
});

test('frame folder in and out keeps the numbering; input folder untouched; resume', async () => {
  const input = path.join(dir, 'frames-in');
  await mkdir(input);
  for (const n of [3, 4, 5, 10]) await writeFile(path.join(input, `shot_${String(n).padStart(4, '0')}.png`), pngBytes(30, 20, n));
  await writeFile(path.join(input, 'notes.txt'), 'not a frame');
  const before = await folderDigest(input);
  const out = path.join(dir, 'frames-out');
  const run = await cli(stylizeArgs(input, out, '--frames', '4-'));
  expect(run.code).toBe(0);
  expect(await frameFiles(out)).toEqual(['shot_0004.png', 'shot_0005.png', 'shot_0010.png']);
  expect(await folderDigest(input)).toEqual(before);

  await rm(path.join(out, 'shot_0005.png'));
  const resumed = await cli(stylizeArgs(input, out));
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toContain('Resuming: 2 of 4 frames');
  expect(await frameFiles(out)).toEqual(['shot_0003.png', 'shot_0004.png', 'shot_0005.png', 'shot_0010.png']);
});

test('an audio-only file has no video stream: NO_VIDEO_STREAM, exit 1', async () => {
  const audio = path.join(dir, 'tone.m4a');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=22050', '-t', '0.3', '-c:a', 'aac', audio]);
  const before = await sha256File(audio);
  const run = await cli(stylizeArgs(audio, path.join(dir, 'tone.mp4')));
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/tone\.m4a has no video stream.*\[NO_VIDEO_STREAM\]/);
  expect(await sha256File(audio)).toBe(before);
  await expect(stat(path.join(dir, 'tone.mp4'))).rejects.toThrow();
});

test('a file ffmpeg cannot read is UNSUPPORTED_FORMAT, and an existing video output is refused', async () => {
  const junk = path.join(dir, 'junk.mov');
  await writeFile(junk, Buffer.alloc(4096, 3));
  const run = await cli(stylizeArgs(junk, path.join(dir, 'junk-out.mp4')));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('[UNSUPPORTED_FORMAT]');

  const existing = path.join(dir, 'exists.mp4');
  await writeFile(existing, 'old');
  const refused = await cli(stylizeArgs(clip, existing));
  expect(refused.code).toBe(2);
  expect(await readFile(existing, 'utf8')).toBe('old');
});

test('the npm-shipped ffmpeg (FFMPEG_PATH, no ffprobe beside it) renders the same way', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shipped = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const saved = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = shipped;
  try {
    expect(locateFfmpeg()).toEqual({ path: shipped, foundVia: 'FFMPEG_PATH' });
    const out = path.join(dir, 'shipped.mp4');
    expect((await cli(stylizeArgs(clip, out))).code).toBe(0);
    const [video, audio] = probeStreams(out);
    expect(video).toMatchObject({ rate: '24000/1001', frames: 24 });
    expect(audio.codec).toBe('audio:aac');
    process.env.FFMPEG_PATH = path.join(dir, 'no-such-ffmpeg');
    const missing = await cli(stylizeArgs(clip, path.join(dir, 'never.mp4')));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[FFMPEG_MISSING]');
  } finally {
    if (saved === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved;
  }
});
