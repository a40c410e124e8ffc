/**
 * --temporal through the command line: a resumed render and a `--frames` render start with the
 * stabilizer warmed up, so their frames stay within 2/255 of one uninterrupted render; a scene cut
 * starts afresh; stills are never steadied.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { encodePng } from '../../../src/engine/images/imageCodec';
import { readImageFile } from '../../../src/node-io/imageFiles';
import { syntheticImage } from '../../support/syntheticImages';
import { cli, ffmpeg, FIXTURE_MODELS_DIR, makeTestVideo, removeDir, STYLE, tempDir } from './cliHarness';

let dir: string;
let clip: string;
beforeAll(async () => {
  dir = await tempDir('cs-steady-');
  clip = path.join(dir, 'clip.mp4');
  makeTestVideo(clip, '96x64', 3);
});
afterAll(() => removeDir(dir));

const stylize = (input: string, out: string, ...extra: string[]) =>
  cli(['stylize', input, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, '--size', '64', ...extra]);

const pngs = async (folder: string) => (await readdir(folder)).filter((n) => n.endsWith('.png')).sort();

async function largestDifference(a: string, b: string, names: readonly string[]): Promise<number> {
  let largest = 0;
  for (const name of names) {
    const [x, y] = await Promise.all([readImageFile(path.join(a, name)), readImageFile(path.join(b, name))]);
    for (let i = 0; i < x.data.length; i++) largest = Math.max(largest, Math.abs(x.data[i] - y.data[i]));
  }
  return largest;
}

test('steadied frames differ from unsteadied ones, except the first (nothing comes before it)', async () => {
  const off = path.join(dir, 'off');
  const normal = path.join(dir, 'normal');
  expect((await stylize(clip, off, '--temporal', 'off')).code).toBe(0);
  expect((await stylize(clip, normal)).code).toBe(0);
  const names = await pngs(off);
  expect(await largestDifference(off, normal, names)).toBeGreaterThan(2);
  // The first frame has nothing before it: it is the plain stylization.
  expect(await largestDifference(off, normal, names.slice(0, 1))).toBe(0);
});

test('a resumed render (frames deleted after an interruption) matches the uninterrupted one within 2/255', async () => {
  const whole = path.join(dir, 'whole');
  expect((await stylize(clip, whole)).code).toBe(0);
  const resumed = path.join(dir, 'resumed');
  expect((await stylize(clip, resumed)).code).toBe(0);
  const names = await pngs(whole);
  expect(names.length).toBeGreaterThan(60);
  for (const name of names.slice(50)) await rm(path.join(resumed, name));
  const again = await stylize(clip, resumed);
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('Resuming: 50 of');
  expect(await pngs(resumed)).toEqual(names);
  expect(await largestDifference(whole, resumed, names)).toBeLessThanOrEqual(2);
});

test('--frames from the middle warms up on the frames before it', async () => {
  const whole = path.join(dir, 'whole');
  const part = path.join(dir, 'part');
  expect((await stylize(clip, part, '--frames', '55-64')).code).toBe(0);
  const names = await pngs(part);
  expect(names).toHaveLength(10);
  expect(await largestDifference(whole, part, names)).toBeLessThanOrEqual(2);
});

test('a scene cut starts afresh: the first frame after it equals the unsteadied stylization', async () => {
  const folder = path.join(dir, 'cut');
  await mkdir(folder);
  const frames = path.join(dir, 'cut-source');
  await mkdir(frames);
  ffmpeg(['-i', clip, '-frames:v', '6', path.join(frames, 'frame_%03d.png')]);
  const names = (await readdir(frames)).sort();
  for (const [i, name] of names.entries()) await writeFile(path.join(folder, `frame_${String(i + 1).padStart(4, '0')}.png`), await readFile(path.join(frames, name)));
  // After six frames of the clip, a different picture: nothing can be followed across the cut.
  await writeFile(path.join(folder, 'frame_0007.png'), encodePng(syntheticImage(96, 64, { seed: 99 })));
  await writeFile(path.join(folder, 'frame_0008.png'), encodePng(syntheticImage(96, 64, { seed: 99 })));
  const off = path.join(dir, 'cut-off');
  const normal = path.join(dir, 'cut-normal');
  expect((await stylize(folder, off, '--temporal', 'off')).code).toBe(0);
  expect((await stylize(folder, normal)).code).toBe(0);
  expect(await largestDifference(off, normal, ['frame_0007.png'])).toBe(0);
});

test('an image is never steadied, whatever --temporal says', async () => {
  const still = path.join(dir, 'still.png');
  await writeFile(still, encodePng(syntheticImage(96, 64, { seed: 3 })));
  const [a, b] = [path.join(dir, 'still-off.png'), path.join(dir, 'still-strong.png')];
  expect((await stylize(still, a, '--temporal', 'off')).code).toBe(0);
  expect((await stylize(still, b, '--temporal', 'strong')).code).toBe(0);
  const [x, y] = await Promise.all([readImageFile(a), readImageFile(b)]);
  expect(Buffer.from(x.data).equals(Buffer.from(y.data))).toBe(true);
});
