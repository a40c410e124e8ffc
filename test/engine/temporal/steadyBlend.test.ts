import type { PlanarRgb } from '../../../src/engine/images/image';
import { lumaOf, plane } from '../../../src/engine/images/planes';
import type { Curvature } from '../../../src/engine/temporal/steadyKernel';
import { steadied, steadyPlanesFor, type BlendBuffers } from '../../../src/engine/temporal/steadyBlend';

const W = 40;
const H = 24;

/** Catmull-Rom read of a line of samples at position p (edges repeated). */
function catmullRom(line: (i: number) => number, length: number, p: number): number {
  const at = (i: number) => line(Math.min(length - 1, Math.max(0, i)));
  const i = Math.floor(p);
  const t = p - i;
  const [a, b, c, d] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
  return b + 0.5 * t * (c - a + t * (2 * a - 5 * b + 4 * c - d + t * (3 * (b - c) + d - a)));
}

/** A gray frame (its luma is the value) with irregular detail along one axis only. */
function grayAlong(axis: 'x' | 'y'): PlanarRgb {
  const data = new Float32Array(3 * W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const s = axis === 'x' ? x : y;
    data[y * W + x] = 0.5 + 0.3 * Math.sin(s * 1.7) * Math.cos(s * 0.45);
  }
  data.copyWithin(W * H, 0, W * H);
  data.copyWithin(2 * W * H, 0, W * H);
  return { width: W, height: H, data };
}

/** `previous` as a restart leaves it in the planes (motion `factor` times coarser), its curvature, and the buffers a blend of it writes. */
function buffersAfter(previous: PlanarRgb, factor: number): { kept: PlanarRgb; buffers: BlendBuffers; previousCurvature: Curvature } {
  const planes = steadyPlanesFor(previous.width, previous.height, factor);
  planes.carried[0].set(previous.data);
  const previousCurvature = planes.curvatureOf(lumaOf(previous).data);
  return { kept: { ...previous, data: planes.carried[0] }, buffers: { curvature: planes.curvatures[1], planes }, previousCurvature };
}

/** A luma plane's second differences across and down, edges repeated, sample by sample. */
function secondDifferences({ width, height, data }: { width: number; height: number; data: Float32Array }): Curvature {
  const at = (x: number, y: number) => data[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))];
  const across = new Float32Array(width * height);
  const down = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    across[y * width + x] = at(x - 1, y) - 2 * at(x, y) + at(x + 1, y);
    down[y * width + x] = at(x, y - 1) - 2 * at(x, y) + at(x, y + 1);
  }
  return { across, down };
}

/** The previous frame carried whole (trust 1, carry 1) along a uniform motion (du, dv), onto a black new frame. */
function carriedAlong(previous: PlanarRgb, du: number, dv: number): PlanarRgb {
  const n = W * H;
  const black: PlanarRgb = { width: W, height: H, data: new Float32Array(3 * n) };
  const { kept, buffers, previousCurvature } = buffersAfter(previous, 1);
  const frames = { previous: kept, previousCurvature, current: black, atPreviousLook: black };
  const motion = { flow: { width: W, height: H, u: new Float32Array(n).fill(du), v: new Float32Array(n).fill(dv) }, trust: plane(W, H, new Float32Array(n).fill(1)), factor: 1 };
  buffers.planes.takeCurrent(black.data);
  return steadied(frames, motion, 1, buffers).carried;
}

test.each([['x', 0.3, 0], ['x', -1.75, 0], ['y', 0, 0.6], ['y', 0, -2.2]] as const)(
  'the carried output along %s (motion %f, %f) is the previous frame read with Catmull-Rom weights',
  (axis, du, dv) => {
    const previous = grayAlong(axis);
    const carried = carriedAlong(previous, du, dv);
    const line = (i: number) => previous.data[axis === 'x' ? i : i * W];
    let most = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const expected = axis === 'x'
        ? catmullRom(line, W, Math.min(W - 1, Math.max(0, x + du)))
        : catmullRom(line, H, Math.min(H - 1, Math.max(0, y + dv)));
      for (let c = 0; c < 3; c++) most = Math.max(most, Math.abs(carried.data[c * W * H + y * W + x] - expected));
    }
    expect(most).toBeLessThan(1e-5);
  },
);

test('the blend hands the next frame the curvature of the luma it carries', () => {
  const n = W * H;
  let seed = 11;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const frame = (): PlanarRgb => ({ width: W, height: H, data: Float32Array.from({ length: 3 * n }, random) });
  const previous = frame();
  const current = frame();
  const motion = {
    flow: { width: W / 2, height: H / 2, u: Float32Array.from({ length: n / 4 }, () => 3 * random() - 1.5), v: Float32Array.from({ length: n / 4 }, () => 3 * random() - 1.5) },
    trust: plane(W / 2, H / 2, Float32Array.from({ length: n / 4 }, random)),
    factor: 2,
  };
  const { kept, buffers, previousCurvature } = buffersAfter(previous, 2);
  const frames = { previous: kept, previousCurvature, current, atPreviousLook: current };
  buffers.planes.takeCurrent(current.data);
  const { carried, carriedCurvature } = steadied(frames, motion, 0.8, buffers);
  const expected = secondDifferences(lumaOf(carried));
  const most = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  expect(most(carriedCurvature.across, expected.across)).toBeLessThan(1e-5);
  expect(most(carriedCurvature.down, expected.down)).toBeLessThan(1e-5);
});
