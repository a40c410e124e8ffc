import { boxSum, plane } from '../../../src/engine/images/planes';
import { KernelPlanes } from '../../../src/engine/images/planeKernel';

const f = Math.fround;
/** A deterministic spread of values in -1..1. */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) % 1);
const clamp = (i: number, length: number) => Math.min(length - 1, Math.max(0, i));

test.each([[13, 7], [1, 5], [6, 1], [2, 2]])('central differences of a %i×%i plane, one-sided at the edges, as sample by sample', (width, height) => {
  const memory = new KernelPlanes(width, height, 3, 0);
  const src = memory.plane(0);
  src.set(values(width * height, 1));
  memory.kernel.gradients(memory.at(0), memory.at(1), memory.at(2), width, height);
  const at = (x: number, y: number) => src[clamp(y, height) * width + clamp(x, width)];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [left, right, up, down] = [clamp(x - 1, width), clamp(x + 1, width), clamp(y - 1, height), clamp(y + 1, height)];
      expect(memory.plane(1)[y * width + x]).toBe(f(f(at(right, y) - at(left, y)) * (right - left === 2 ? 0.5 : 1)));
      expect(memory.plane(2)[y * width + x]).toBe(f(f(at(x, down) - at(x, up)) * (down - up === 2 ? 0.5 : 1)));
    }
  }
});

test.each([[13, 7], [1, 5], [6, 1]])('bilinear samples along offsets of a %i×%i plane, clamped, as sample by sample in single precision', (width, height) => {
  const n = width * height;
  const memory = new KernelPlanes(width, height, 4, 0);
  const [src, u, v] = [memory.plane(0), memory.plane(1), memory.plane(2)];
  src.set(values(n, 2));
  u.set(values(n, 3).map((o) => 4 * o));
  v.set(values(n, 4).map((o) => 4 * o));
  memory.kernel.remap(memory.at(0), memory.at(1), memory.at(2), memory.at(3), width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const px = Math.min(width - 1, Math.max(0, f(x + u[i])));
      const py = Math.min(height - 1, Math.max(0, f(y + v[i])));
      const [x0, y0] = [Math.trunc(px), Math.trunc(py)];
      const [fx, fy] = [f(px - x0), f(py - y0)];
      const at = (xx: number, yy: number) => src[clamp(yy, height) * width + clamp(xx, width)];
      const lerp = (a: number, b: number, t: number) => f(a + f(t * f(b - a)));
      expect(memory.plane(3)[i]).toBe(lerp(lerp(at(x0, y0), at(x0 + 1, y0), fx), lerp(at(x0, y0 + 1), at(x0 + 1, y0 + 1), fx), fy));
    }
  }
});

test('a Lucas–Kanade update as sample by sample in single precision', () => {
  const [width, height, radius, floor, maxStep] = [11, 9, 2, 0.01, 0.5];
  const n = width * height;
  // from, warped, from gx, gy, warped gx, gy, five tensor planes, u, v, the window sums' rows.
  const memory = new KernelPlanes(width, height, 14, radius);
  for (let p = 0; p < 6; p++) memory.plane(p).set(values(n, 5 + p));
  const [u, v] = [memory.plane(11), memory.plane(12)];
  u.set(values(n, 11));
  v.set(values(n, 12));
  const [from, warped, fromGx, fromGy, warpedGx, warpedGy] = [0, 1, 2, 3, 4, 5].map((p) => Float32Array.from(memory.plane(p)));
  const products = [new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) {
    const gx = f(0.5 * f(fromGx[i] + warpedGx[i]));
    const gy = f(0.5 * f(fromGy[i] + warpedGy[i]));
    const gt = f(warped[i] - from[i]);
    [f(gx * gx), f(gx * gy), f(gy * gy), f(gx * gt), f(gy * gt)].forEach((p, k) => (products[k][i] = p));
  }
  // The window sums themselves are checked against term-by-term sums in planes.test.ts.
  const [xx, xy, yy, xt, yt] = products.map((p) => boxSum(plane(width, height, p), radius, radius).data);
  const step = (numerator: number, det: number) => Math.max(-maxStep, Math.min(maxStep, -f(numerator / det)));
  const expectedU = u.map((value, i) => {
    const [a, c] = [f(xx[i] + f(floor)), f(yy[i] + f(floor))];
    return f(value + step(f(f(c * xt[i]) - f(xy[i] * yt[i])), f(f(a * c) - f(xy[i] * xy[i]))));
  });
  const expectedV = v.map((value, i) => {
    const [a, c] = [f(xx[i] + f(floor)), f(yy[i] + f(floor))];
    return f(value + step(f(f(a * yt[i]) - f(xy[i] * xt[i])), f(f(a * c) - f(xy[i] * xy[i]))));
  });
  memory.kernel.lucasKanade(
    memory.at(0), memory.at(1), memory.at(2), memory.at(3), memory.at(4), memory.at(5), memory.at(6), memory.planeBytes, memory.at(11), memory.at(12),
    memory.at(13), memory.padded, width, height, radius, floor, maxStep,
  );
  expect(u).toEqual(expectedU);
  expect(v).toEqual(expectedV);
});
