import { acrossRows, downscale, lumaOf, plane } from '../../../src/engine/images/planes';
import { SteadyPlanes } from '../../../src/engine/temporal/steadyKernel';

const f = Math.fround;
/** A deterministic spread of values in -1..1. */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) % 1);

/** Pass 2 sample by sample in single precision, in the kernel's order of operations. */
function restoredReference(width: number, height: number, rgb: Float32Array, luma: Float32Array, gainRows: Float32Array, meanRows: Float32Array,
  first: Int32Array, second: Int32Array, weight: Float32Array) {
  const n = width * height;
  const out = Float32Array.from(rgb);
  const across = new Float32Array(n);
  const down = new Float32Array(n);
  const at = (x: number, y: number) => luma[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))];
  const second2 = (before: number, here: number, after: number) => f(f(before - f(here + here)) + after);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const lerp = (rows: Float32Array) => {
        const a = rows[first[y] * width + x];
        return f(a + f(weight[y] * f(rows[second[y] * width + x] - a)));
      };
      const i = y * width + x;
      const boost = f(f(lerp(gainRows) - 1) * f(luma[i] - lerp(meanRows)));
      for (let c = 0; c < 3; c++) out[c * n + i] = f(out[c * n + i] + boost);
      across[i] = second2(at(x - 1, y), luma[i], at(x + 1, y));
      down[i] = second2(at(x, y - 1), luma[i], at(x, y + 1));
    }
  }
  return { out, across, down };
}

/** What pass 1 reads besides the planes: the motion rows interpolated across, their taps, the carry. */
interface BlendInputs {
  previous: Float32Array;
  across: Float32Array;
  down: Float32Array;
  current: Float32Array;
  base: Float32Array;
  motion: Float32Array[];
  taps: { first: Int32Array; second: Int32Array; weight: Float32Array };
  factor: number;
  carry: number;
}

/** Pass 1 sample by sample in single precision, in the kernel's order of operations: the blend, its luma, and both lumas' sums per 4×4 cell. */
function blendedReference(width: number, height: number, { previous, across, down, current, base, motion, taps, factor, carry }: BlendInputs) {
  const n = width * height;
  const cw = Math.ceil(width / 4);
  const out = new Float32Array(3 * n);
  const luma = new Float32Array(n);
  const sums = [0, 1, 2, 3].map(() => new Float64Array(cw * Math.ceil(height / 4)));
  const lumaOf = (r: number, g: number, b: number) => f(f(f(f(0.2126) * r) + f(f(0.7152) * g)) + f(f(0.0722) * b));
  const lerp = (a: number, b: number, t: number) => f(a + f(t * f(b - a)));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v, t] = motion.map((rows) => lerp(rows[taps.first[y] * width + x], rows[taps.second[y] * width + x], taps.weight[y]));
      const clamp = (p: number, max: number) => (p > 0 ? (p < max ? p : max) : 0);
      const px = clamp(f(x + f(factor * u)), width - 1);
      const py = clamp(f(y + f(factor * v)), height - 1);
      const [x0, y0] = [Math.trunc(px), Math.trunc(py)];
      const [wx, wy] = [f(px - x0), f(py - y0)];
      const read = (p: Float32Array, at: number) => {
        const sample = (xx: number, yy: number) => p[at + Math.min(height - 1, yy) * width + Math.min(width - 1, xx)];
        const top = lerp(sample(x0, y0), sample(x0 + 1, y0), wx);
        return lerp(top, lerp(sample(x0, y0 + 1), sample(x0 + 1, y0 + 1), wx), wy);
      };
      const sharpen = f(-0.5 * f(f(f(wx * f(1 - wx)) * read(across, 0)) + f(f(wy * f(1 - wy)) * read(down, 0))));
      const k = f(f(carry) * t);
      const i = y * width + x;
      const [r, g, b] = [0, 1, 2].map((c) => (out[c * n + i] = f(current[c * n + i] + f(k * f(f(read(previous, c * n) + sharpen) - base[c * n + i])))));
      luma[i] = lumaOf(r, g, b);
      const currentLuma = lumaOf(current[i], current[n + i], current[2 * n + i]);
      const cell = (y >> 2) * cw + (x >> 2);
      sums[0][cell] += luma[i];
      sums[1][cell] += luma[i] * luma[i];
      sums[2][cell] += currentLuma;
      sums[3][cell] += currentLuma * currentLuma;
    }
  }
  return { out, luma, sums };
}

test.each([[13, 6], [4, 3], [1, 4], [7, 1]])('detail restored and curvature taken as sample by sample in single precision, %i×%i', (width, height) => {
  const n = width * height;
  const [cw, ch] = [Math.ceil(width / 2), Math.ceil(height / 2)];
  const planes = new SteadyPlanes(width, height, 2, ch, 1);
  planes.carried[1].set(values(3 * n, 1));
  planes.luma.set(values(n, 2));
  const gain = plane(cw, ch, Float32Array.from(values(cw * ch, 3), (v) => 1 + Math.abs(v)));
  const mean = plane(cw, ch, values(cw * ch, 4));
  const gainAcross = acrossRows(gain, 2, width, height);
  const { down } = gainAcross;
  const expected = restoredReference(width, height, planes.carried[1], planes.luma, gainAcross.rows, acrossRows(mean, 2, width, height).rows, down.first, down.second, down.weight);
  const blend = Float32Array.from(planes.carried[1]);
  const out = new Float32Array(3 * n);
  planes.restore(planes.carried[1], planes.curvatures[0], gain, mean, 2, out);
  expect(out).toEqual(expected.out);
  expect(planes.curvatures[0].across).toEqual(expected.across);
  expect(planes.curvatures[0].down).toEqual(expected.down);
  // The carried blend is the state of the next frame: it is read, never written.
  expect(planes.carried[1]).toEqual(blend);
});

test('the curvature of a frame whose detail is not restored (a restart) is the same second differences', () => {
  const [width, height] = [13, 6];
  const planes = new SteadyPlanes(width, height, 1, 1, 1);
  const luma = values(width * height, 5);
  const expected = restoredReference(width, height, new Float32Array(3 * width * height), luma, new Float32Array(2 * width), new Float32Array(2 * width),
    new Int32Array(height), new Int32Array(height), new Float32Array(height));
  const curvature = planes.curvatureOf(luma);
  expect(curvature).toBe(planes.curvatures[0]);
  expect(curvature.across).toEqual(expected.across);
  expect(curvature.down).toEqual(expected.down);
});

test.each([[13, 7, false], [8, 4, true], [1, 5, false], [6, 1, true]])(
  'the blend, its luma and cell sums as sample by sample in single precision, %i×%i (a change of look: %s)',
  (width, height, lookChanged) => {
    const n = width * height;
    const factor = 2;
    const [mw, mh] = [Math.ceil(width / factor), Math.ceil(height / factor)];
    const cells = Math.ceil(width / 4) * Math.ceil(height / 4);
    const planes = new SteadyPlanes(width, height, factor, 1, cells);
    planes.carried[0].set(values(3 * n, 6));
    planes.curvatures[0].across.set(values(n, 7));
    planes.curvatures[0].down.set(values(n, 8));
    const current = values(3 * n, 9);
    const base = lookChanged ? values(3 * n, 10) : current;
    // Motion reaching past every edge, and trust spread over 0..1.
    const motion = {
      u: plane(mw, mh, Float32Array.from(values(mw * mh, 11), (v) => 3 * v)),
      v: plane(mw, mh, Float32Array.from(values(mw * mh, 12), (v) => 3 * v)),
      trust: plane(mw, mh, Float32Array.from(values(mw * mh, 13), Math.abs)),
    };
    const interpolated = [motion.u, motion.v, motion.trust].map((p) => acrossRows(p, factor, width, height));
    const expected = blendedReference(width, height, {
      previous: planes.carried[0], across: planes.curvatures[0].across, down: planes.curvatures[0].down, current, base,
      motion: interpolated.map((i) => i.rows), taps: interpolated[0].down, factor, carry: 0.8,
    });
    const previous = Float32Array.from(planes.carried[0]);
    planes.takeCurrent(current);
    const blend = planes.blend(planes.carried[0], planes.curvatures[0], lookChanged ? base : undefined, motion, 0.8);
    expect(blend.carried).toBe(planes.carried[1]);
    expect(blend.carried).toEqual(expected.out);
    expect(planes.luma).toEqual(expected.luma);
    for (let cell = 0; cell < cells; cell++) {
      for (let sum = 0; sum < 4; sum++) expect(blend.cells[8 * cell + 2 * sum] + blend.cells[8 * cell + 2 * sum + 1]).toBeCloseTo(expected.sums[sum][cell], 12);
    }
    // The previous output is the state a resumed frame would start from: read, never written.
    expect(planes.carried[0]).toEqual(previous);
  },
);

test.each([[13, 7, 2], [1280, 9, 4], [10, 10, 3], [5, 3, 6]])('frames\' luma and the carried luma of %i×%i frames downscaled by %i in the planes, to the bit', (width, height, factor) => {
  const n = width * height;
  const planes = new SteadyPlanes(width, height, factor, 1, 1);
  const frame = { width, height, data: Float32Array.from(values(3 * n, 14), (v) => 0.5 + 0.5 * v) };
  expect(planes.takeCurrent(frame.data)).toEqual(downscale(lumaOf(frame), factor));
  const other = { width, height, data: Float32Array.from(values(3 * n, 16), (v) => 0.5 + 0.5 * v) };
  expect(planes.lumaDownscaled(other.data)).toEqual(downscale(lumaOf(other), factor));
  const luma = plane(width, height, Float32Array.from(values(n, 15), (v) => 0.5 + 0.5 * v));
  planes.luma.set(luma.data);
  expect(planes.carriedLumaDownscaled()).toEqual(downscale(luma, factor));
});

test('refuses planes that are not its own, and rows of another size (the kernel reads them in its memory)', () => {
  const planes = new SteadyPlanes(4, 4, 2, 1, 1);
  const coarse = plane(1, 1, new Float32Array([1]));
  const out = new Float32Array(48);
  expect(() => planes.restore(new Float32Array(48), planes.curvatures[0], coarse, coarse, 4, out)).toThrow(RangeError);
  expect(() => planes.restore(planes.carried[0], { across: new Float32Array(16), down: new Float32Array(16) }, coarse, coarse, 4, out)).toThrow(RangeError);
  expect(() => planes.restore(planes.carried[0], planes.curvatures[0], plane(2, 2), plane(2, 2), 2, out)).toThrow(RangeError);
  const still = { u: plane(2, 2), v: plane(2, 2), trust: plane(2, 2) };
  expect(() => planes.blend(new Float32Array(48), planes.curvatures[0], undefined, still, 0.8)).toThrow(RangeError);
  expect(() => planes.blend(planes.carried[0], planes.curvatures[0], undefined, { ...still, u: plane(1, 1) }, 0.8)).toThrow(RangeError);
});
