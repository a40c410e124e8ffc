import { boxMeanInto, boxSum, boxSumInto, downscale, meanAbsDifference, plane, remapByOffsets } from '../../../src/engine/images/planes';

const W = 37;
const H = 23;
const wave = (i: number) => 0.5 + 0.4 * Math.sin(i * 0.37) * Math.cos(i * 0.011);

test('downscaling averages each block, and the last partial blocks average what they have', () => {
  // 5×3 samples 0..14 in blocks of 2×2: columns {0,1} {2,3} {4}, rows {0,1} {2}.
  const source = plane(5, 3, Float32Array.from({ length: 15 }, (_, i) => i));
  const small = downscale(source, 2);
  expect([small.width, small.height]).toEqual([3, 2]);
  expect(Array.from(small.data)).toEqual([(0 + 1 + 5 + 6) / 4, (2 + 3 + 7 + 8) / 4, (4 + 9) / 2, (10 + 11) / 2, (12 + 13) / 2, 14]);
});

/** Window sums sample by sample in single precision, each term added in order across, then the rows down; divided by `divisor`. */
function windowSums(src: { width: number; height: number; data: Float32Array }, before: number, after: number, divisor: number): Float32Array {
  const { width: w, height: h, data } = src;
  const f = Math.fround;
  const clamp = (i: number, length: number) => Math.min(length - 1, Math.max(0, i));
  const across = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let sum = data[y * w + clamp(x - before, w)];
    for (let d = 1; d <= before + after; d++) sum = f(sum + data[y * w + clamp(x - before + d, w)]);
    across[y * w + x] = sum;
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let sum = across[clamp(y - before, h) * w + x];
    for (let d = 1; d <= before + after; d++) sum = f(sum + across[clamp(y - before + d, h) * w + x]);
    out[y * w + x] = f(sum / divisor);
  }
  return out;
}

test.each([[37, 23, 3, 3], [5, 9, 2, 1], [1, 4, 0, 2], [6, 1, 8, 8]])('window sums of a %i×%i plane over [-%i, +%i] as term by term in single precision', (width, height, before, after) => {
  const source = plane(width, height, Float32Array.from({ length: width * height }, (_, i) => wave(i)));
  expect(boxSum(source, before, after).data).toEqual(windowSums(source, before, after, 1));
  if (before !== after) return;
  const mean = new Float32Array(width * height);
  boxMeanInto(source, before, mean);
  expect(mean).toEqual(windowSums(source, before, after, (before + after + 1) ** 2));
});

test('a box sum written over its own source equals one into a fresh plane', () => {
  const source = plane(W, H, Float32Array.from({ length: W * H }, (_, i) => wave(i)));
  const expected = boxSum(source, 3, 3).data;
  const inPlace = Float32Array.from(source.data);
  boxSumInto(plane(W, H, inPlace), 3, 3, inPlace);
  expect(inPlace).toEqual(expected);
  // Near the edges the window repeats the edge samples: a flat plane stays flat.
  const flat = plane(W, H, new Float32Array(W * H).fill(0.25));
  expect(Array.from(boxSum(flat, 3, 3).data).every((v) => Math.abs(v - 0.25 * 49) < 1e-5)).toBe(true);
});

test('sampling along offsets: whole-sample offsets shift the plane, positions outside repeat the edge', () => {
  const source = plane(W, H, Float32Array.from({ length: W * H }, (_, i) => i));
  const u = new Float32Array(W * H).fill(2);
  const v = new Float32Array(W * H).fill(-1);
  const out = new Float32Array(W * H);
  remapByOffsets(source, u, v, out);
  expect(out[5 * W + 10]).toBe(4 * W + 12);
  expect(out[0 * W + 10]).toBe(12);
  expect(out[5 * W + (W - 1)]).toBe(4 * W + W - 1);
  u.fill(0.5);
  v.fill(0);
  remapByOffsets(source, u, v, out);
  expect(out[3 * W + 4]).toBeCloseTo(3 * W + 4.5, 5);
});

test('meanAbsDifference averages |a − b| over the window: one differing sample spreads 1/9 to its 3×3 neighbourhood', () => {
  const a = plane(5, 4, new Float32Array(20).fill(0.5));
  const b = new Float32Array(20).fill(0.5);
  b[2 * 5 + 2] = 0.5 - 0.9;
  const mean = meanAbsDifference(a, b, 1).data;
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 5; x++) expect(mean[y * 5 + x]).toBeCloseTo(Math.abs(x - 2) <= 1 && Math.abs(y - 2) <= 1 ? 0.1 : 0, 6);
  }
});
