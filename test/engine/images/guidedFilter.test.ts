import { GuidedFilter } from '../../../src/engine/images/guidedFilter';
import { boxMeanInto, boxSum, plane } from '../../../src/engine/images/planes';

const W = 40;
const H = 30;
const RADIUS = 2;
const wave = (i: number) => Math.sin(i * 0.37) * Math.cos(i * 0.011);

const windowMean = (values: Float32Array) => boxSum(plane(W, H, values), RADIUS, RADIUS).data.map((s) => s / (2 * RADIUS + 1) ** 2);

test('with a flat guide it is the mean of the window means', () => {
  const filter = new GuidedFilter(W, H, RADIUS, 1e-3);
  filter.guideBy(plane(W, H, new Float32Array(W * H).fill(0.4)));
  const values = Float32Array.from({ length: W * H }, (_, i) => wave(i));
  const mean = windowMean(windowMean(values));
  filter.smooth(values);
  values.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 5));
});

test('values do not mix across an edge of the guide, where a window mean mixes them', () => {
  // The guide steps from 0.2 to 0.8 between columns 19 and 20; the values step from 0 to 3 there.
  const guide = plane(W, H, Float32Array.from({ length: W * H }, (_, i) => (i % W < 20 ? 0.2 : 0.8)));
  const values = Float32Array.from({ length: W * H }, (_, i) => (i % W < 20 ? 0 : 3));
  const mean = windowMean(values);
  const filter = new GuidedFilter(W, H, RADIUS, 1e-3);
  filter.guideBy(guide);
  filter.smooth(values);
  const row = 15 * W;
  for (const x of [18, 19]) {
    expect(values[row + x]).toBeLessThan(0.05);
    expect(mean[row + x]).toBeGreaterThan(0.5);
  }
  for (const x of [20, 21]) {
    expect(values[row + x]).toBeGreaterThan(2.95);
    expect(mean[row + x]).toBeLessThan(2.5);
  }
});

/** The filter sample by sample in single precision, in the kernel's order of operations, with window means as the kernel takes them. */
function guidedReference(guide: Float32Array, values: Float32Array, epsilon: number): Float32Array {
  const f = Math.fround;
  const mean = (p: Float32Array) => {
    const out = new Float32Array(W * H);
    boxMeanInto(plane(W, H, p), RADIUS, out);
    return out;
  };
  const guideMean = mean(guide);
  const squares = mean(guide.map((g) => f(g * g)));
  const variance = squares.map((s, i) => f(s - f(guideMean[i] * guideMean[i])));
  const product = mean(guide.map((g, i) => f(g * values[i])));
  const valuesMean = mean(values);
  const slope = product.map((p, i) => f(f(p - f(guideMean[i] * valuesMean[i])) / f(variance[i] + f(epsilon))));
  const offset = valuesMean.map((b, i) => f(b - f(slope[i] * guideMean[i])));
  const [slopeMean, offsetMean] = [mean(slope), mean(offset)];
  return guide.map((g, i) => f(f(slopeMean[i] * g) + offsetMean[i]));
}

test('each sample is as computed sample by sample in single precision', () => {
  const filter = new GuidedFilter(W, H, RADIUS, 1e-3);
  const guide = Float32Array.from({ length: W * H }, (_, i) => 0.5 + 0.5 * wave(3 * i + 1));
  const values = Float32Array.from({ length: W * H }, (_, i) => wave(i));
  const expected = guidedReference(guide, values, 1e-3);
  filter.guideBy(plane(W, H, guide));
  filter.smooth(values);
  expect(values).toEqual(expected);
});

test('a guide or values of another size, a missing guide and a zero epsilon are refused', () => {
  const filter = new GuidedFilter(W, H, RADIUS, 1e-3);
  expect(() => filter.smooth(new Float32Array(W * H))).toThrow(RangeError);
  expect(() => filter.guideBy(plane(W + 1, H))).toThrow(RangeError);
  // The same number of samples, transposed.
  expect(() => filter.guideBy(plane(H, W))).toThrow(RangeError);
  filter.guideBy(plane(W, H));
  expect(() => filter.smooth(new Float32Array(W * H - 1))).toThrow(RangeError);
  expect(() => new GuidedFilter(W, H, RADIUS, 0)).toThrow(RangeError);
});
