import { GuidedFilter } from '../../../src/engine/images/guidedFilter';
import { KernelPlanes } from '../../../src/engine/images/planeKernel';
import { boxMeanInto, boxSum, plane } from '../../../src/engine/images/planes';

const W = 40;
const H = 30;
const RADIUS = 2;
const wave = (i: number) => Math.sin(i * 0.37) * Math.cos(i * 0.011);

/** A filter in a memory of its own whose planes 0 and 1 take the guide and the values, with them written there. */
function filterWith(guide: Float32Array, values: Float32Array, epsilon = 1e-3): { filter: GuidedFilter; guidePlane: Float32Array; valuesPlane: Float32Array } {
  const memory = new KernelPlanes(W, H, 2 + GuidedFilter.WORKING_PLANES, RADIUS);
  const [guidePlane, valuesPlane] = [memory.plane(0), memory.plane(1)];
  guidePlane.set(guide);
  valuesPlane.set(values);
  return { filter: new GuidedFilter(memory, 2, RADIUS, epsilon), guidePlane, valuesPlane };
}

const windowMean = (values: Float32Array) => boxSum(plane(W, H, values), RADIUS, RADIUS).data.map((s) => s / (2 * RADIUS + 1) ** 2);

test('with a flat guide it is the mean of the window means', () => {
  const { filter, guidePlane, valuesPlane } = filterWith(new Float32Array(W * H).fill(0.4), Float32Array.from({ length: W * H }, (_, i) => wave(i)));
  const mean = windowMean(windowMean(valuesPlane));
  filter.guideBy(guidePlane);
  filter.smooth(valuesPlane);
  valuesPlane.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 5));
});

test('values do not mix across an edge of the guide, where a window mean mixes them', () => {
  // The guide steps from 0.2 to 0.8 between columns 19 and 20; the values step from 0 to 3 there.
  const guide = Float32Array.from({ length: W * H }, (_, i) => (i % W < 20 ? 0.2 : 0.8));
  const mean = windowMean(Float32Array.from({ length: W * H }, (_, i) => (i % W < 20 ? 0 : 3)));
  const { filter, guidePlane, valuesPlane: values } = filterWith(guide, Float32Array.from({ length: W * H }, (_, i) => (i % W < 20 ? 0 : 3)));
  filter.guideBy(guidePlane);
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
  const guide = Float32Array.from({ length: W * H }, (_, i) => 0.5 + 0.5 * wave(3 * i + 1));
  const values = Float32Array.from({ length: W * H }, (_, i) => wave(i));
  const expected = guidedReference(guide, values, 1e-3);
  const { filter, guidePlane, valuesPlane } = filterWith(guide, values);
  filter.guideBy(guidePlane);
  filter.smooth(valuesPlane);
  expect(valuesPlane).toEqual(expected);
});

test('planes outside its memory, a missing guide, too few planes and a zero epsilon are refused', () => {
  const { filter, guidePlane, valuesPlane } = filterWith(new Float32Array(W * H), new Float32Array(W * H));
  expect(() => filter.smooth(valuesPlane)).toThrow(RangeError);
  expect(() => filter.guideBy(new Float32Array(W * H))).toThrow(RangeError);
  // A view of the memory that is not one of its planes.
  expect(() => filter.guideBy(guidePlane.subarray(1, 1 + W * H))).toThrow(RangeError);
  filter.guideBy(guidePlane);
  expect(() => filter.smooth(valuesPlane.subarray(0, W * H - 1))).toThrow(RangeError);
  const memory = new KernelPlanes(W, H, GuidedFilter.WORKING_PLANES, RADIUS);
  expect(() => new GuidedFilter(memory, 1, RADIUS, 1e-3)).toThrow(RangeError);
  expect(() => new GuidedFilter(memory, 0, RADIUS, 0)).toThrow(RangeError);
});
