/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * --matte limits the look to a region: outside it every frame is the input, pixel for pixel, even
 * steadied (the matte is applied after the stabilizer); inside it the frame is the unmatted render;
 * a soft edge lies between the two (no halo: nothing overshoots either side). Mattes come as an
 * image, a video or a frame folder; --invert-matte and --matte-style change what goes where.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { decodeImage, encodePng } from '../../../src/engine/images/imageCodec';
import { syntheticImage } from '../../support/syntheticImages';
import { cli, ffmpeg, FIXTURE_MODELS_DIR, removeDir, REPO, STYLE, tempDir } from './cliHarness';

const W = 64;
const H = 48;
const FRAMES = 6;
/** Columns: the look up to EDGE_START, a soft edge to EDGE_END, the input from there on. */
const EDGE_START = 24;
const EDGE_END = 32;

let dir: string;
let shot: string;
let inputs: RasterImage[];

/** A white-to-black matte with a soft vertical edge, moved `shift` columns right. */
function matteImage(shift = 0): RasterImage {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const u = (x - shift - EDGE_START) / (EDGE_END - EDGE_START);
      data[y * W + x] = Math.round(255 * Math.min(1, Math.max(0, 1 - u)));
    }
  }
  return { width: W, height: H, channels: 1, bitDepth: 8, data };
}

beforeAll(async () => {
  dir = await tempDir('cs-cli-matte-');
  shot = path.join(dir, 'shot');
  await mkdir(shot);
  // A moving shot: each frame its own picture, so the stabilizer has work to do.
  inputs = Array.from({ length: FRAMES }, (_, i) => syntheticImage(W, H, { seed: 4 + (i % 2) }));
  for (let i = 0; i < FRAMES; i++) await writeFile(path.join(shot, `f_${i}.png`), encodePng(inputs[i]));
  await writeFile(path.join(dir, 'matte.png'), encodePng(matteImage()));
});

afterAll(async () => {
  await removeDir(dir);
});

async function render(out: string, ...extra: string[]): Promise<RasterImage[]> {
  const run = await cli(['stylize', shot, '--style', STYLE, '--out', path.join(dir, out), '--models', FIXTURE_MODELS_DIR, ...extra]);
  expect(run.stderr).toContain(`Done: ${FRAMES} frames`);
  const names = (await readdir(path.join(dir, out))).filter((n) => n.endsWith('.png')).sort();
  return Promise.all(names.map(async (n) => decodeImage(await readFile(path.join(dir, out, n)))));
}

/** The sample at column x of every row, channel c, is checked with `check(actual, index)`. */
function forColumns(image: RasterImage, from: number, to: number, check: (i: number) => void): void {
  for (let y = 0; y < H; y++) for (let x = from; x < to; x++) for (let c = 0; c < 3; c++) check((y * W + x) * image.channels + c);
}

describe('a still matte on a steadied, moving shot', () => {
  let full: RasterImage[];
  let matted: RasterImage[];
  beforeAll(async () => {
    full = await render('full', '--temporal', 'normal');
    matted = await render('matted', '--temporal', 'normal', '--matte', path.join(dir, 'matte.png'));
  });

  test('outside the matte every frame is the input, pixel for pixel', () => {
    matted.forEach((frame, i) => forColumns(frame, EDGE_END, W, (s) => expect(frame.data[s]).toBe(inputs[i].data[s])));
  });

  test('inside it the frame is the unmatted, steadied render; the soft edge lies between the two, never beyond', () => {
    matted.forEach((frame, i) => {
      forColumns(frame, 0, EDGE_START + 1, (s) => expect(frame.data[s]).toBe(full[i].data[s]));
      forColumns(frame, EDGE_START, EDGE_END, (s) => {
        const [a, b] = [inputs[i].data[s], full[i].data[s]];
        expect(frame.data[s]).toBeGreaterThanOrEqual(Math.min(a, b));
        expect(frame.data[s]).toBeLessThanOrEqual(Math.max(a, b));
      });
    });
  });

  test('--invert-matte puts the look outside instead; --matte-style puts a second look there', async () => {
    const inverted = await render('inverted', '--temporal', 'normal', '--matte', path.join(dir, 'matte.png'), '--invert-matte');
    inverted.forEach((frame, i) => {
      forColumns(frame, 0, EDGE_START + 1, (s) => expect(frame.data[s]).toBe(inputs[i].data[s]));
      forColumns(frame, EDGE_END, W, (s) => expect(frame.data[s]).toBe(full[i].data[s]));
    });
    const other = path.join(REPO, 'samples/styles/ink-wash.png');
    const second = (await cli(['stylize', shot, '--style', other, '--out', path.join(dir, 'second'), '--models', FIXTURE_MODELS_DIR, '--temporal', 'normal'])).code;
    expect(second).toBe(0);
    const twoLooks = await render('two-looks', '--temporal', 'normal', '--matte', path.join(dir, 'matte.png'), '--matte-style', other);
    for (let i = 0; i < FRAMES; i++) {
      const outside = decodeImage(await readFile(path.join(dir, 'second', `f_${i}.png`)));
      forColumns(twoLooks[i], EDGE_END, W, (s) => expect(twoLooks[i].data[s]).toBe(outside.data[s]));
      forColumns(twoLooks[i], 0, EDGE_START + 1, (s) => expect(twoLooks[i].data[s]).toBe(full[i].data[s]));
    }
  });
});

test('a matte clip or frame folder gives each frame its own matte; a short one is refused', async () => {
  const frames = path.join(dir, 'matte-frames');
  await mkdir(frames);
  // Frame k's edge moves k columns right.
  for (let k = 0; k < FRAMES; k++) await writeFile(path.join(frames, `m_${String(k).padStart(3, '0')}.png`), encodePng(matteImage(k)));
  const clip = path.join(dir, 'matte.mov');
  ffmpeg(['-framerate', '24', '-i', path.join(frames, 'm_%03d.png'), '-c:v', 'png', clip]);
  for (const matte of [frames, clip]) {
    const matted = await render(`by-${path.basename(matte).replace('.', '-')}`, '--matte', matte);
    matted.forEach((frame, k) => forColumns(frame, EDGE_END + k, W, (s) => expect(frame.data[s]).toBe(inputs[k].data[s])));
    expect(matted[FRAMES - 1].data).not.toEqual(inputs[FRAMES - 1].data);
  }
  const short = path.join(dir, 'short.mov');
  ffmpeg(['-framerate', '24', '-i', path.join(frames, 'm_%03d.png'), '-frames:v', '3', '-c:v', 'png', short]);
  const refused = await cli(['stylize', shot, '--style', STYLE, '--out', path.join(dir, 'never'), '--models', FIXTURE_MODELS_DIR, '--matte', short]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/The matte .*short\.mov has 3 frames, fewer than the 6 of the clip/);
});

test('the render record keys on the matte; --invert-matte alone is a usage error', async () => {
  const out = path.join(dir, 'keyed');
  const args = ['stylize', shot, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, '--matte', path.join(dir, 'matte.png')];
  expect((await cli(args)).code).toBe(0);
  expect((await cli(args)).stderr).toContain('Reused:');
  await writeFile(path.join(dir, 'matte.png'), encodePng(matteImage(5)));
  expect((await cli(args)).stderr).toContain(`Done: ${FRAMES} frames`);
  const lone = await cli(['stylize', shot, '--style', STYLE, '--out', path.join(dir, 'lone'), '--models', FIXTURE_MODELS_DIR, '--invert-matte']);
  expect(lone.code).toBe(2);
  expect(lone.stderr).toContain('--invert-matte goes with --matte <image|video|folder>');
});
