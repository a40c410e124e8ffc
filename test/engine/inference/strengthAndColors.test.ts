/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * Strength 0 is the input untouched and the way to 1 is monotone; "keep colours" keeps the
 * input's chroma and takes the stylized luma. Exactness runs on the fixture models; the
 * monotonicity figure on the real default model (models/), which is small enough for CPU.
 */
import * as path from 'node:path';
import type { PlanarRgb, RasterImage } from '../../../src/engine/images/image';
import { toPlanarRgb } from '../../../src/engine/images/planar';
import type { InProcessStylizeService } from '../../../src/engine/inference/stylizer';
import { STRENGTH_RAMP_END } from '../../../src/engine/inference/strength';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';

const REAL_MODELS_DIR = path.resolve(__dirname, '../../../models');
const STYLE = syntheticImage(96, 80, { seed: 3 });

function meanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Full-range BT.709 luma and chroma planes of planar RGB. */
function ycbcr(p: PlanarRgb): { y: Float32Array; cb: Float32Array; cr: Float32Array } {
  const n = p.width * p.height;
  const y = new Float32Array(n);
  const cb = new Float32Array(n);
  const cr = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = p.data[i];
    const g = p.data[n + i];
    const b = p.data[2 * n + i];
    y[i] = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    cb[i] = (b - y[i]) / 1.8556;
    cr[i] = (r - y[i]) / 1.5748;
  }
  return { y, cb, cr };
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('strength and keep colours (fixture models)', () => {
  let service: InProcessStylizeService;
  beforeAll(async () => {
    service = await fixtureStylizer();
    await service.setStyle('job', STYLE, { mode: 'artistic' });
  });
  afterAll(() => service.dispose());

  it.each<[string, RasterImage]>([
    ['8-bit RGB', syntheticImage(67, 41)],
    ['16-bit RGBA', syntheticImage(40, 30, { channels: 4, bitDepth: 16 })],
  ])('gives a %s frame back exactly at strength 0, with or without keep colours', async (_label, frame) => {
    expect((await service.stylize('job', frame, { strength: 0 })).data).toEqual(frame.data);
    expect((await service.stylize('job', frame, { strength: 0, keepColors: true })).data).toEqual(frame.data);
  });

  it('keeps the input chroma within 8-bit rounding and takes the stylized luma', async () => {
    const frame = syntheticImage(96, 64, { seed: 5 });
    const input = ycbcr(toPlanarRgb(frame));
    const kept = ycbcr(toPlanarRgb(await service.stylize('job', frame, { strength: 1, keepColors: true })));
    const stylized = ycbcr(toPlanarRgb(await service.stylize('job', frame, { strength: 1 })));
    expect(maxAbsDifference(kept.cb, input.cb)).toBeLessThan(1.5 / 255);
    expect(maxAbsDifference(kept.cr, input.cr)).toBeLessThan(1.5 / 255);
    // The stylized luma, not the input's: close to the plain render's luma, far from the input's.
    expect(meanAbsDifference(kept.y, stylized.y)).toBeLessThan(0.25 * meanAbsDifference(input.y, stylized.y));
    expect(meanAbsDifference(stylized.cb, input.cb)).toBeGreaterThan(4 / 255); // the plain render does change chroma
  });
});

describe('strength with the real default model', () => {
  let service: InProcessStylizeService;
  beforeAll(async () => {
    service = await fixtureStylizer({}, REAL_MODELS_DIR);
    await service.setStyle('job', syntheticImage(128, 128, { seed: 2 }), { mode: 'artistic' });
  });
  afterAll(() => service.dispose());

  it('moves away from the input monotonically and continuously from strength 0 to 1', async () => {
    const frame = toPlanarRgb(syntheticImage(96, 72, { seed: 4 }));
    const strengths = Array.from({ length: 21 }, (_, i) => i / 20);
    const distances: number[] = [];
    for (const strength of strengths) {
      distances.push(meanAbsDifference((await service.stylizePlanar('job', frame, { strength, renderShortSide: 72 })).data, frame.data));
    }
    const steps = distances.slice(1).map((d, i) => d - distances[i]);
    // Recorded for the report: jest prints it with --verbose.
    console.log(`distance to the input ×255 by strength (0..1 step 0.05): ${distances.map((d) => (d * 255).toFixed(2)).join(' ')}`);
    expect(distances[0]).toBe(0);
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
    // Continuous: no step is more than a fifth of the whole way (the old path jumped 12.5/255 from 0 to any strength).
    expect(Math.max(...steps)).toBeLessThan(distances[20] / 5);
    expect(distances[Math.round(STRENGTH_RAMP_END * 20)]).toBeGreaterThan(0);
  });
});
