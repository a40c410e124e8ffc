/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * The in-process stylizer on onnxruntime-node (CPU) with the tiny random fixture models.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { PlanarRgb, RasterImage } from '../../../src/engine/images/image';
import { runJob } from '../../../src/engine/render/jobPipeline';
import { toPlanarRgb } from '../../../src/engine/images/planar';
import { resizePlanar } from '../../../src/engine/images/resize';
import type { InProcessStylizeService, SessionRunTiming } from '../../../src/engine/inference/stylizer';
import { planAlignedTiles } from '../../../src/engine/inference/tiling';
import { FIXTURE_MODELS_DIR, fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { CancelController } from '../../../src/engine/cancellation';

const STYLE = syntheticImage(96, 80, { seed: 3 });
const OTHER_STYLE = syntheticImage(120, 64, { seed: 8 });

function meanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('InProcessStylizeService with the fixture models', () => {
  const runs: SessionRunTiming[] = [];
  let service: InProcessStylizeService;
  beforeAll(async () => {
    service = await fixtureStylizer({ onSessionRun: (t) => runs.push(t) });
    await service.setStyle('job', STYLE, { mode: 'artistic' });
  });
  afterAll(() => service.dispose());

  it('reports the provider it runs on', async () => {
    await service.prepare('artistic');
    expect(service.provider).toBe('cpu');
    expect(service.providerLabel).toBe('CPU · onnxruntime-node');
  });

  it.each([[9, 9], [13, 9], [33, 17], [101, 63], [17, 33], [400, 300]])('returns a %i×%i result for a frame of that size', async (width, height) => {
    const out = await service.stylize('job', syntheticImage(width, height), { strength: 1 });
    expect([out.width, out.height, out.channels, out.bitDepth]).toEqual([width, height, 3, 8]);
    expect(out.data.length).toBe(width * height * 3);
  });

  it('renders at the requested short side (never above the frame) and resizes back', async () => {
    runs.length = 0;
    await service.stylize('job', syntheticImage(400, 300), { strength: 1 }); // default: the mode's 256
    await service.stylize('job', syntheticImage(400, 300), { strength: 1, renderShortSide: 120 });
    await service.stylize('job', syntheticImage(400, 300), { strength: 1, renderShortSide: 5000 }); // native
    expect(runs.map((r) => [r.purpose, r.width, r.height])).toEqual([
      ['frame', 344, 256], // 341×256 padded to multiples of 8
      ['frame', 160, 120],
      ['frame', 400, 304],
    ]);
  });

  it('keeps a 16-bit alpha channel exactly and stylizes the colour', async () => {
    const frame = syntheticImage(45, 31, { channels: 4, bitDepth: 16 });
    const out = await service.stylize('job', frame, { strength: 1 });
    expect([out.width, out.height, out.channels, out.bitDepth]).toEqual([45, 31, 4, 16]);
    expect(out.data).toBeInstanceOf(Uint16Array);
    const alphaOf = (img: RasterImage) => Array.from(img.data).filter((_, i) => i % 4 === 3);
    expect(alphaOf(out)).toEqual(alphaOf(frame));
    expect(meanAbsDifference(out.data, frame.data)).toBeGreaterThan(100);
  });

  it('gives a gray frame an RGB result and a gray+alpha frame RGBA', async () => {
    expect((await service.stylize('job', syntheticImage(20, 10, { channels: 1 }), { strength: 1 })).channels).toBe(3);
    expect((await service.stylize('job', syntheticImage(20, 10, { channels: 2 }), { strength: 1 })).channels).toBe(4);
  });

  it('gives different results for strength 0 and 1, and for two styles', async () => {
    const frame = toPlanarRgb(syntheticImage(64, 48));
    const strong = await service.stylizePlanar('job', frame, { strength: 1 });
    const none = await service.stylizePlanar('job', frame, { strength: 0 });
    expect(meanAbsDifference(strong.data, none.data)).toBeGreaterThan(0.01);
    await service.setStyle('other', OTHER_STYLE, { mode: 'artistic' });
    const other = await service.stylizePlanar('other', frame, { strength: 1 });
    expect(meanAbsDifference(strong.data, other.data)).toBeGreaterThan(0.01);
    // And the same request twice is deterministic.
    expect(await service.stylizePlanar('job', frame, { strength: 1 })).toEqual(strong);
  });

  it('encodes a style once and shares it across jobs and frames', async () => {
    runs.length = 0;
    await service.setStyle('a', STYLE, { mode: 'photorealistic' });
    await service.setStyle('b', { ...STYLE, data: STYLE.data.slice() }, { mode: 'photorealistic' }); // same pixels, new buffer
    const frames = Array.from({ length: 6 }, (_, i) => syntheticImage(24, 16, { seed: i }));
    await runJob({
      source: { count: frames.length, read: async (n) => frames[n] },
      sink: { write: async () => undefined },
      stylize: (frame, signal) => service.stylize('b', frame, { strength: 0.7 }, signal),
    });
    expect(runs.filter((r) => r.graph === 'styleEncoder')).toHaveLength(1);
    expect(runs.filter((r) => r.graph === 'stylizer')).toHaveLength(6);
    // Another size or mode is another style encoding.
    await service.setStyle('c', STYLE, { mode: 'photorealistic', styleShortSide: 40 });
    await service.setStyle('d', STYLE, { mode: 'artistic-soft' });
    expect(runs.filter((r) => r.graph === 'styleEncoder').map((r) => [r.mode, r.width, r.height]))
      .toEqual([['photorealistic', 96, 80], ['photorealistic', 48, 40], ['artistic-soft', 96, 80]]);
  });

  it('steadied, a frame whose look changed is also stylized at the look before, and follows its own look at once', async () => {
    const frame = toPlanarRgb(syntheticImage(64, 48));
    const strengths = [1, 1, 0.6, 0.6, 0.9];
    const perFrame: number[] = [];
    for (const [frameIndex, strength] of strengths.entries()) {
      runs.length = 0;
      const steadied = await service.stylizePlanar('job', frame, { strength, frameIndex, temporal: 'normal' });
      perFrame.push(runs.filter((r) => r.graph === 'stylizer').length);
      // A still shot: nothing flickers, so the steadied frame is the plain one at this frame's strength.
      expect(meanAbsDifference(steadied.data, (await service.stylizePlanar('job', frame, { strength })).data)).toBeLessThan(1e-4);
    }
    expect(perFrame).toEqual([1, 1, 2, 1, 2]);
  });

  it('keeps only the most recently used styles', async () => {
    const encoded: string[] = [];
    const small = await fixtureStylizer({ styleCacheEntries: 2, onSessionRun: (t) => { if (t.graph === 'styleEncoder') encoded.push(`${t.width}`); } });
    const styles = [24, 32, 40].map((side) => syntheticImage(side, side, { seed: side }));
    for (const index of [0, 1, 0, 2, 0, 1]) await small.setStyle('job', styles[index], { mode: 'artistic' });
    // 0 and 1 encoded; 0 hits; 2 evicts 1 (least recently used); 0 hits; 1 is encoded again.
    expect(encoded).toEqual(['24', '32', '40', '32']);
    await small.dispose();
  });

  it('shrinks the style image to its short side, never enlarging it', async () => {
    runs.length = 0;
    await service.setStyle('big', syntheticImage(900, 600, { seed: 5 }), { mode: 'artistic' });
    await service.setStyle('small', syntheticImage(30, 20, { seed: 5 }), { mode: 'artistic', styleShortSide: 512 });
    expect(runs.map((r) => [r.width, r.height])).toEqual([[768, 512], [32, 24]]);
  });

  it('refuses a bad strength, render size, unknown job and unknown mode', async () => {
    const frame = syntheticImage(8, 8);
    const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: CoherentStyleError) => e.code);
    expect(await codeOf(service.stylize('job', frame, { strength: 1.5 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(service.stylize('job', frame, { strength: Number.NaN }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(service.stylize('job', frame, { strength: 1, renderShortSide: 0 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(service.stylize('nope', frame, { strength: 1 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(service.setStyle('x', STYLE, { mode: 'cubist' }))).toBe('UNKNOWN_MODE');
  });

  it('forgets a job on endJob', async () => {
    await service.setStyle('gone', STYLE, { mode: 'artistic' });
    await service.endJob('gone');
    await expect(service.stylize('gone', syntheticImage(8, 8), { strength: 1 })).rejects.toThrow(/No style is set for job "gone"/);
  });
});

describe('tiled stylizing', () => {
  const WIDTH = 203;
  const HEIGHT = 121;
  const TILE_BUDGET = 96 * 96;
  const OVERLAP = 32;
  const frame = toPlanarRgb(syntheticImage(WIDTH, HEIGHT, { seed: 1 }));
  const settings = { strength: 1, renderShortSide: HEIGHT };
  let untiled: PlanarRgb;
  let tiled: PlanarRgb;
  const tiledRuns: SessionRunTiming[] = [];

  beforeAll(async () => {
    const whole = await fixtureStylizer();
    const tiling = await fixtureStylizer({ maxTilePixels: TILE_BUDGET, tileOverlap: OVERLAP, onSessionRun: (t) => tiledRuns.push(t) });
    for (const s of [whole, tiling]) await s.setStyle('job', STYLE, { mode: 'artistic' });
    untiled = await whole.stylizePlanar('job', frame, settings);
    tiled = await tiling.stylizePlanar('job', frame, settings);
    await Promise.all([whole.dispose(), tiling.dispose()]);
  });

  it('takes frame statistics from one pass within the budget, then runs every tile within it', () => {
    expect(tiledRuns.map((r) => r.purpose)[1]).toBe('statistics'); // after the style encoding
    const tileRuns = tiledRuns.filter((r) => r.purpose === 'tile');
    expect(tileRuns.length).toBeGreaterThanOrEqual(6);
    for (const r of tiledRuns.filter((t) => t.graph === 'stylizer')) expect(r.width * r.height).toBeLessThanOrEqual(TILE_BUDGET);
  });

  it('matches the untiled result closely (mean ≤ 0.01, max ≤ 0.15 per sample; measured 0.0054 and 0.089)', () => {
    expect(tiled.width).toBe(WIDTH);
    expect(tiled.height).toBe(HEIGHT);
    const mean = meanAbsDifference(tiled.data, untiled.data);
    let max = 0;
    for (let i = 0; i < tiled.data.length; i++) max = Math.max(max, Math.abs(tiled.data[i] - untiled.data[i]));
    expect(mean).toBeLessThanOrEqual(0.01);
    expect(max).toBeLessThanOrEqual(0.15);
  });

  it('shows no seam: the difference to the untiled result is no larger along tile edges than elsewhere', () => {
    // Tile edges inside the frame: error within 2 px of them vs the rest.
    const tiles = planAlignedTiles(208, 128, TILE_BUDGET, OVERLAP, 8); // the frame padded to multiples of 8
    expect(tiles).toHaveLength(tiledRuns.filter((r) => r.purpose === 'tile').length);
    const edgesX = new Set(tiles.flatMap((t) => [t.x, t.x + t.width]).filter((x) => x > 0 && x < WIDTH));
    const edgesY = new Set(tiles.flatMap((t) => [t.y, t.y + t.height]).filter((y) => y > 0 && y < HEIGHT));
    expect(edgesX.size + edgesY.size).toBeGreaterThanOrEqual(4);
    const nearEdge = (v: number, edges: Set<number>) => [...edges].some((e) => Math.abs(v - e) <= 2);
    let edgeSum = 0, edgeCount = 0, restSum = 0, restCount = 0;
    const plane = WIDTH * HEIGHT;
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const i = y * WIDTH + x;
        let error = 0;
        for (let c = 0; c < 3; c++) error += Math.abs(tiled.data[c * plane + i] - untiled.data[c * plane + i]);
        if (nearEdge(x, edgesX) || nearEdge(y, edgesY)) { edgeSum += error; edgeCount++; } else { restSum += error; restCount++; }
      }
    }
    expect(edgeCount).toBeGreaterThan(500);
    expect(edgeSum / edgeCount).toBeLessThanOrEqual(1.5 * (restSum / restCount) + 1e-3);

    // A seam is a jump in that error from one pixel to the next across an edge (measured: 0.0009 at
    // edges vs 0.0017 elsewhere; blending without feathering gives 0.010 vs 0.0026 and fails here).
    const errorAt = (c: number, x: number, y: number) => tiled.data[c * plane + y * WIDTH + x] - untiled.data[c * plane + y * WIDTH + x];
    let jumpSum = 0, jumpCount = 0, stepSum = 0, stepCount = 0;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < HEIGHT; y++) {
        for (let x = 1; x < WIDTH; x++) {
          const step = Math.abs(errorAt(c, x, y) - errorAt(c, x - 1, y));
          if (edgesX.has(x)) { jumpSum += step; jumpCount++; } else { stepSum += step; stepCount++; }
        }
      }
      for (let y = 1; y < HEIGHT; y++) {
        for (let x = 0; x < WIDTH; x++) {
          const step = Math.abs(errorAt(c, x, y) - errorAt(c, x, y - 1));
          if (edgesY.has(y)) { jumpSum += step; jumpCount++; } else { stepSum += step; stepCount++; }
        }
      }
    }
    expect(jumpSum / jumpCount).toBeLessThanOrEqual(1.5 * (stepSum / stepCount) + 1e-4);
  });

  it('stops between tiles when cancelled mid-frame', async () => {
    const controller = new CancelController();
    let tilesRun = 0;
    const service = await fixtureStylizer({
      maxTilePixels: TILE_BUDGET, tileOverlap: OVERLAP,
      onSessionRun: (t) => { if (t.purpose === 'tile' && ++tilesRun === 2) controller.abort(new CancelledError()); },
    });
    await service.setStyle('job', STYLE, { mode: 'artistic' });
    const started = performance.now();
    await expect(service.stylizePlanar('job', frame, settings, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(tilesRun).toBe(2);
    await service.dispose();
  });

  it('tiles the shrunk content of a style scale above 1 the same way (twice the frame at scale 2)', async () => {
    const big = resizePlanar(frame, 2 * WIDTH, 2 * HEIGHT); // shrunk back, about the frame above
    const runsAtScale: SessionRunTiming[] = [];
    const whole = await fixtureStylizer();
    const tiling = await fixtureStylizer({ maxTilePixels: TILE_BUDGET, tileOverlap: OVERLAP, onSessionRun: (t) => runsAtScale.push(t) });
    for (const s of [whole, tiling]) await s.setStyle('job', STYLE, { mode: 'artistic', styleScale: 2 });
    const scaledSettings = { strength: 1, renderShortSide: 2 * HEIGHT };
    const [untiledBig, tiledBig] = [await whole.stylizePlanar('job', big, scaledSettings), await tiling.stylizePlanar('job', big, scaledSettings)];
    await Promise.all([whole.dispose(), tiling.dispose()]);
    const tileRuns = runsAtScale.filter((r) => r.purpose === 'tile');
    expect(tileRuns).toHaveLength(planAlignedTiles(208, 128, TILE_BUDGET, OVERLAP, 8).length);
    expect(tiledBig).toMatchObject({ width: 2 * WIDTH, height: 2 * HEIGHT });
    expect(meanAbsDifference(tiledBig.data, untiledBig.data)).toBeLessThanOrEqual(0.01);
  });
});

describe('damaged fixture models', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reports a truncated stylizer as MODEL_TAMPERED when the first frame needs it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cs-models-'));
    await mkdir(path.join(dir, 'artistic'));
    for (const f of ['models.json', 'artistic/style_encoder.onnx']) await copyFile(path.join(FIXTURE_MODELS_DIR, f), path.join(dir, f));
    const stylizer = await readFile(path.join(FIXTURE_MODELS_DIR, 'artistic/stylizer.onnx'));
    await writeFile(path.join(dir, 'artistic/stylizer.onnx'), stylizer.subarray(0, stylizer.length - 100));
    const service = await fixtureStylizer({}, dir);
    await service.setStyle('job', STYLE, { mode: 'artistic' });
    const error = await service.stylize('job', syntheticImage(16, 16), { strength: 1 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'MODEL_TAMPERED' });
    expect(error.message).toMatch(/coherent-style models verify/);
    // The photorealistic graphs were never copied.
    await expect(service.setStyle('job', STYLE, { mode: 'photorealistic' })).rejects.toMatchObject({ code: 'MODEL_MISSING' });
    await service.dispose();
  });
});
