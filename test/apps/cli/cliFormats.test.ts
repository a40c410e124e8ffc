/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * --format round trips with a real ffmpeg: each editing format comes back (ffprobe) with its codec,
 * profile, pixel format and alpha, and the Premiere simulator imports it (its list of formats is
 * Adobe's, test/fakes/pproImportFormats.ts); an input's alpha survives ProRes 4444 and PNG frames; an
 * output extension that disagrees with the format, or that this tool does not write, is refused
 * before anything renders, saying what to type.
 */
import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readImageFile } from '../../../src/node-io/imageFiles';
import { fakePremiere, openNewProject, resetFakePremiere, type FakeProject, type FakeProjectItem } from '../../fakes/premierepro';
import { cli, FIXTURE_MODELS_DIR, ffmpeg, makeTestVideo, removeDir, STYLE, tempDir } from './cliHarness';

let dir: string;
/** 256×144 (DNxHR's minimum is 256×120) at 24000/1001 fps with audio, 12 frames. */
let clip: string;
/** The same size with an alpha ramp (transparent on the left, opaque on the right), losslessly in PNG-in-MOV. */
let alphaClip: string;

const SIZE = { width: 256, height: 144 };

beforeAll(async () => {
  dir = await tempDir('cs-cli-formats-');
  clip = path.join(dir, 'clip.mp4');
  makeTestVideo(clip, `${SIZE.width}x${SIZE.height}`, 0.5);
  alphaClip = path.join(dir, 'alpha.mov');
  ffmpeg(['-f', 'lavfi', '-i', `testsrc=size=${SIZE.width}x${SIZE.height}:rate=24`, '-t', '0.25',
    '-vf', "format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='X*255/(W-1)'", '-c:v', 'png', alphaClip]);
});

afterAll(async () => {
  await removeDir(dir);
});

/** What the Premiere simulator makes of importing the file: the new item, or undefined when it refuses. */
async function importIntoPremiere(file: string, asNumberedStills = false): Promise<FakeProjectItem | undefined> {
  resetFakePremiere();
  const project: FakeProject = openNewProject(path.join(dir, 'Import test.prproj'));
  if (!(await project.importFiles([file], true, project.root, asNumberedStills))) return undefined;
  // The item joins its bin importDelayMs after importFiles resolves; a timer of the same delay set now fires after it.
  await new Promise((resolve) => setTimeout(resolve, fakePremiere.importDelayMs));
  return project.root.children.at(-1) as FakeProjectItem;
}

function stylizeArgs(from: string, out: string, ...extra: string[]): string[] {
  return ['stylize', from, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, '--size', '64', ...extra];
}

interface VideoStream {
  codec_name: string;
  profile: string;
  pix_fmt: string;
  width: number;
  height: number;
  r_frame_rate: string;
  nb_read_frames: string;
}

function probe(file: string): { video: VideoStream; audio: string[] } {
  const result = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries',
    'stream=codec_type,codec_name,profile,pix_fmt,width,height,r_frame_rate,nb_read_frames', '-of', 'json', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const streams = (JSON.parse(result.stdout) as { streams: Array<VideoStream & { codec_type: string }> }).streams;
  return {
    video: streams.find((s) => s.codec_type === 'video')!,
    audio: streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name),
  };
}

/** The alpha of every pixel of a video's first frame, as ffmpeg decodes it. */
function firstFrameAlpha(file: string): Uint8Array {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(result.stderr.toString());
  const rgba = new Uint8Array(result.stdout);
  return rgba.filter((_, i) => i % 4 === 3);
}

const maxDifference = (a: Uint8Array, b: Uint8Array): number => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);

// ffmpeg decodes ProRes 4444 at 12 bits whatever the encoder was given (10 bits here), so ffprobe
// reports yuv(a)444p12le; the codec tag and profile say which ProRes it is.
test.each([
  ['h264', 'mp4', undefined, { codec_name: 'h264', pix_fmt: 'yuv420p' }, ['aac']],
  ['h264 in a .mov', 'mov', undefined, { codec_name: 'h264', pix_fmt: 'yuv420p' }, ['aac']],
  ['prores-422-hq', 'mov', 'prores-422-hq', { codec_name: 'prores', profile: 'HQ', pix_fmt: 'yuv422p10le' }, ['aac']],
  ['prores-4444 (opaque input: no alpha plane)', 'mov', 'prores-4444', { codec_name: 'prores', profile: '4444', pix_fmt: expect.stringMatching(/^yuv444p1[02]le$/) }, ['aac']],
  ['dnxhr-hqx', 'mov', 'dnxhr-hqx', { codec_name: 'dnxhd', profile: 'DNXHR HQX', pix_fmt: 'yuv422p10le' }, ['aac']],
  ['dnxhr-hqx in MXF (the default there), 48 kHz PCM audio', 'mxf', undefined, { codec_name: 'dnxhd', profile: 'DNXHR HQX', pix_fmt: 'yuv422p10le' }, ['pcm_s24le']],
])('%s round-trips: codec, profile, pixel format, size, rate, frames, audio', async (name, ext, format, expected, audio) => {
  const out = path.join(dir, `${name.replace(/\W+/g, '-')}.${ext}`);
  const run = await cli(stylizeArgs(clip, out, ...(format ? ['--format', format] : [])));
  expect(run.stderr).toContain('Done: 12 frames');
  expect(run.code).toBe(0);
  const streams = probe(out);
  expect(streams.video).toMatchObject({ ...expected, width: SIZE.width, height: SIZE.height, r_frame_rate: '24000/1001', nb_read_frames: '12' });
  expect(streams.audio).toEqual(audio);
  const imported = await importIntoPremiere(out);
  expect(imported?.media).toMatchObject({ path: out, codec: expected.codec_name });
  expect(imported?.media?.durationSeconds).toBeCloseTo(12 / (24000 / 1001), 1);
});

test('h264 in Matroska is written, but Premiere does not import .mkv: the simulator refuses it as Premiere would', async () => {
  const out = path.join(dir, 'clip.mkv');
  expect((await cli(stylizeArgs(clip, out))).code).toBe(0);
  expect(probe(out).video.codec_name).toBe('h264');
  expect(await importIntoPremiere(out)).toBeUndefined();
});

test('prores-4444 keeps the input\'s alpha (yuva444p), and H.264 of the same input is opaque', async () => {
  const out = path.join(dir, 'alpha-4444.mov');
  const run = await cli(stylizeArgs(alphaClip, out, '--format', 'prores-4444'));
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`${SIZE.width}×${SIZE.height} with alpha`);
  expect(probe(out).video).toMatchObject({ codec_name: 'prores', profile: '4444', pix_fmt: expect.stringMatching(/^yuva444p1[02]le$/) });
  const alpha = firstFrameAlpha(out);
  expect(maxDifference(alpha, firstFrameAlpha(alphaClip))).toBeLessThanOrEqual(1);
  expect(Math.min(...alpha)).toBe(0);
  expect(Math.max(...alpha)).toBe(255);

  const opaque = path.join(dir, 'alpha-h264.mp4');
  expect((await cli(stylizeArgs(alphaClip, opaque))).code).toBe(0);
  expect(probe(opaque).video.pix_fmt).toBe('yuv420p');
});

test('png frames keep the input\'s alpha exactly', async () => {
  const out = path.join(dir, 'alpha-frames');
  expect((await cli(stylizeArgs(alphaClip, out, '--format', 'png', '--frames', '0'))).code).toBe(0);
  expect((await readdir(out)).sort()).toEqual(['frame_000000.png', 'render.json']);
  expect((await importIntoPremiere(path.join(out, 'frame_000000.png'), true))?.media?.stillCount).toBe(1);
  const frame = await readImageFile(path.join(out, 'frame_000000.png'));
  expect(frame.channels).toBe(4);
  const alpha = (frame.data as Uint8Array).filter((_, i) => i % 4 === 3);
  expect(maxDifference(alpha, firstFrameAlpha(alphaClip))).toBe(0);
});

test.each([
  [['--out', 'x.mp4', '--format', 'prores-4444'], /--format prores-4444 goes in \.mov, but --out \S*x\.mp4 is \.mp4, which holds h264; name the output x\.mov/],
  [['--out', 'x.mxf', '--format', 'prores-422-hq'], /--format prores-422-hq goes in \.mov, but --out \S*x\.mxf is \.mxf, which holds dnxhr-hqx/],
  [['--out', 'x.mov', '--format', 'png'], /--format png writes a folder of numbered PNG frames, but --out \S*x\.mov is a \.mov video; give --out a folder name without an extension \(e\.g\. x-frames\)/],
  [['--out', 'frames', '--format', 'dnxhr-hqx'], /--format dnxhr-hqx writes a video file, but --out \S*frames names a folder; give --out a name ending in \.mov/],
  [['--out', 'x.png', '--format', 'png'], /a single image's format follows --out's extension/],
  [['--out', 'x.gif'], /coherent-style does not write \.gif files\. Use \.png or \.jpg for an image, \.mp4\/\.m4v\/\.mkv\/\.mov\/\.mxf for a video/],
  [['--out', 'x.webm'], /does not write \.webm files/],
  [['--out', 'x.avi'], /does not write \.avi files/],
  [['--out', 'x.mov', '--format', 'prores'], /--format must be one of h264, prores-422-hq, prores-4444, dnxhr-hqx, png, got "prores"/],
])('%j is a usage error that says what to type, and writes nothing', async (outArgs, message) => {
  const [flag, name, ...rest] = outArgs;
  const out = path.join(dir, 'refused', name);
  const run = await cli(['stylize', clip, '--style', STYLE, '--models', FIXTURE_MODELS_DIR, flag, out, ...rest]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toContain('[INVALID_ARGUMENT]');
  await expect(stat(out)).rejects.toThrow(/ENOENT/);
});

test('a folder name with a dot: an existing folder, or a trailing slash, is a frame folder', async () => {
  const out = `${path.join(dir, 'take.v2')}/`;
  expect((await cli(stylizeArgs(clip, out, '--frames', '0-1'))).code).toBe(0);
  expect((await readdir(out)).sort()).toEqual(['frame_000000.png', 'frame_000001.png', 'render.json']);
  expect((await cli(stylizeArgs(clip, out.slice(0, -1), '--frames', '2'))).code).toBe(0);
  expect(await readdir(out)).toHaveLength(4); // three frames and the render record
});

test('what the format cannot hold is refused before rendering: DNxHR below 256×120', async () => {
  const small = path.join(dir, 'small.mp4');
  makeTestVideo(small, '96x64', 0.25);
  const out = path.join(dir, 'small.mov');
  const run = await cli(stylizeArgs(small, out, '--format', 'dnxhr-hqx'));
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('DNxHR needs frames of at least 256×120; this video is 96×64. Use --format prores-422-hq (a .mov) instead.');
  expect(run.stdout).toBe('');
  await expect(stat(out)).rejects.toThrow(/ENOENT/);
});
