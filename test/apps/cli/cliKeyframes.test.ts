/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * Style over time (--keyframes) on the real default model, which paints the style (the random
 * fixture models would not show that strength rises): a static shot keyframed from strength 0 to 1
 * starts as the input, ends as the strength-1 render, and moves away from the input monotonically,
 * steadied or not, and steadied it follows the keyframes on their frames while still steadying a
 * noisy shot where the look holds; a keyframed mix goes from one style to the other; the render
 * record keys on the keyframes.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { decodeImage, encodePng } from '../../../src/engine/images/imageCodec';
import { syntheticImage } from '../../support/syntheticImages';
import { cli, removeDir, REPO, STYLE, tempDir } from './cliHarness';

const REAL_MODELS = path.join(REPO, 'models');
const OTHER_STYLE = path.join(REPO, 'samples/styles/ink-wash.png');
const FRAMES = 12;

let dir: string;
let shot: string;
let still: RasterImage;

beforeAll(async () => {
  dir = await tempDir('cs-cli-keyframes-');
  shot = path.join(dir, 'shot');
  await mkdir(shot);
  still = syntheticImage(96, 64, { seed: 2 });
  // A locked-off shot numbered from 1, as image sequences often are.
  for (let n = 1; n <= FRAMES; n++) await writeFile(path.join(shot, `shot_${String(n).padStart(4, '0')}.png`), encodePng(still));
});

afterAll(async () => {
  await removeDir(dir);
});

async function keyframesFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

async function render(out: string, ...extra: string[]): Promise<RasterImage[]> {
  return renderOf(shot, FRAMES, out, ...extra);
}

async function renderOf(input: string, frameCount: number, out: string, ...extra: string[]): Promise<RasterImage[]> {
  const run = await cli(['stylize', input, '--style', STYLE, '--out', path.join(dir, out), '--models', REAL_MODELS, ...extra]);
  expect(run.stderr).toContain(`Done: ${frameCount} frames`);
  const names = (await readdir(path.join(dir, out))).filter((n) => n.endsWith('.png')).sort();
  return Promise.all(names.map(async (n) => decodeImage(await readFile(path.join(dir, out, n)))));
}

/** Mean absolute difference per 8-bit sample. */
function distance(a: RasterImage, b: RasterImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

describe('strength keyframed from 0 to 1 over a clip', () => {
  let fadeIn: string;
  beforeAll(async () => {
    fadeIn = await keyframesFile('fade-in.json', { keyframes: [{ at: 1, strength: 0 }, { at: FRAMES, strength: 1 }] });
  });

  const distances: Record<string, number[]> = {};
  test.each(['off', 'normal'])('--temporal %s: the first frame is the input, the distance to it rises monotonically', async (temporal) => {
    const frames = await render(`fade-${temporal}`, '--keyframes', fadeIn, '--temporal', temporal);
    distances[temporal] = frames.map((f) => distance(f, still));
    console.log(`--temporal ${temporal}: distance to the input by frame: ${distances[temporal].map((d) => d.toFixed(2)).join(', ')}`);
    expect(frames[0].data).toEqual(still.data);
    for (let i = 1; i < FRAMES; i++) expect(distances[temporal][i]).toBeGreaterThan(distances[temporal][i - 1]);
  });

  test('steadied, the look reaches each frame\'s keyframed strength on that frame, not frames later', () => {
    // The stabilizer used to carry the previous frames' look: 32.3 instead of 41.1 at the last keyframe.
    distances.normal.forEach((d, i) => expect(Math.abs(d - distances.off[i])).toBeLessThan(0.5));
  });

  test('the last frame is the strength-1 render (unsteadied, so it depends on no frame before it)', async () => {
    const faded = await render('fade-exact', '--keyframes', fadeIn, '--temporal', 'off');
    const full = await render('full', '--strength', '1', '--temporal', 'off');
    expect(faded[FRAMES - 1].data).toEqual(full[FRAMES - 1].data);
    expect(distance(faded[FRAMES - 2], full[FRAMES - 2])).toBeGreaterThan(0);
  });
});

test('a noisy shot, steadied: the look follows a fade-in on its frames, and where it holds it flickers less than unsteadied', async () => {
  const noisy = path.join(dir, 'noisy');
  await mkdir(noisy);
  const count = 16;
  for (let n = 1; n <= count; n++) {
    // Sensor noise (±6 levels, a fresh draw each frame) on a locked-off shot: the network's strokes flicker.
    let seed = 11 + 7919 * n;
    const data = still.data.map((v) => Math.min(255, Math.max(0, v + Math.round((((seed = (seed * 48271) % 2147483647) / 2147483647) - 0.5) * 12))));
    await writeFile(path.join(noisy, `noisy_${String(n).padStart(4, '0')}.png`), encodePng({ ...still, data }));
  }
  // Strength 0 → 1 over frames 1–8, then held.
  const fade = await keyframesFile('noisy-fade.json', { keyframes: [{ at: 1, strength: 0 }, { at: 8, strength: 1 }] });
  const [off, normal] = await Promise.all(['off', 'normal'].map((t) => renderOf(noisy, count, `noisy-${t}`, '--keyframes', fade, '--temporal', t)));
  const toInput = (frames: RasterImage[]) => frames.map((f) => distance(f, still));
  const [offDistance, normalDistance] = [toInput(off), toInput(normal)];
  console.log(`noisy shot, distance to the input by frame:\n  off:    ${offDistance.map((d) => d.toFixed(2)).join(', ')}\n  normal: ${normalDistance.map((d) => d.toFixed(2)).join(', ')}`);
  for (let i = 0; i < 8; i++) expect(Math.abs(normalDistance[i] - offDistance[i])).toBeLessThan(1.5);
  // Where the look holds (frames 10–16), frame-to-frame change is the flicker the stabilizer removes.
  const flicker = (frames: RasterImage[]) => frames.slice(9).reduce((sum, f, i) => sum + distance(f, frames[8 + i]), 0) / (count - 9);
  console.log(`noisy shot, mean frame-to-frame change on frames 10–16: off ${flicker(off).toFixed(2)}, normal ${flicker(normal).toFixed(2)}`);
  expect(flicker(normal)).toBeLessThan(0.6 * flicker(off));
});

test('a keyframed mix goes from the first style to the second, eased', async () => {
  const crossFade = await keyframesFile('cross-fade.json', { ease: 'ease-in-out', keyframes: [{ at: 1, weights: [1, 0] }, { at: FRAMES, weights: [0, 1] }] });
  const mixed = await render('cross-fade', '--style', OTHER_STYLE, '--keyframes', crossFade, '--temporal', 'off');
  const first = await render('first-style', '--temporal', 'off');
  const second = (await cli(['stylize', shot, '--style', OTHER_STYLE, '--out', path.join(dir, 'second-style'), '--models', REAL_MODELS, '--temporal', 'off'])).code;
  expect(second).toBe(0);
  const secondLast = decodeImage(await readFile(path.join(dir, 'second-style', `shot_${String(FRAMES).padStart(4, '0')}.png`)));
  expect(mixed[0].data).toEqual(first[0].data);
  expect(mixed[FRAMES - 1].data).toEqual(secondLast.data);
  const towardsSecond = mixed.map((f) => distance(f, mixed[0]));
  for (let i = 1; i < FRAMES; i++) expect(towardsSecond[i]).toBeGreaterThanOrEqual(towardsSecond[i - 1]);
  // Eased: the first step is smaller than the middle one.
  expect(towardsSecond[1] - towardsSecond[0]).toBeLessThan(towardsSecond[6] - towardsSecond[5]);
});

test('the render record keys on the keyframes: the same file is reused, a changed one renders again', async () => {
  const half = await keyframesFile('half.json', { keyframes: [{ at: 1, strength: 0 }, { at: FRAMES, strength: 0.5 }] });
  await render('keyed', '--keyframes', half, '--temporal', 'off');
  const again = await cli(['stylize', shot, '--style', STYLE, '--out', path.join(dir, 'keyed'), '--models', REAL_MODELS, '--keyframes', half, '--temporal', 'off']);
  expect(again.stderr).toContain('Reused:');
  await writeFile(half, JSON.stringify({ keyframes: [{ at: 1, strength: 0 }, { at: FRAMES, strength: 0.6 }] }));
  const changed = await cli(['stylize', shot, '--style', STYLE, '--out', path.join(dir, 'keyed'), '--models', REAL_MODELS, '--keyframes', half, '--temporal', 'off']);
  expect(changed.stderr).toContain('rendered with other settings');
  expect(changed.stderr).toContain(`Done: ${FRAMES} frames`);
});
