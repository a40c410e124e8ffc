import type { PlanarRgb } from '../../../src/engine/images/image';
import { removeLatticeInPlace } from '../../../src/engine/images/latticeFilter';

const W = 256;
const H = 192;

function rgb(value: (x: number, y: number, c: number) => number): PlanarRgb {
  const data = new Float32Array(3 * W * H);
  for (let c = 0; c < 3; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[c * W * H + y * W + x] = value(x, y, c);
  return { width: W, height: H, data };
}

/** Texture that does not repeat every 8 samples (a smooth gradient and incommensurate waves). */
const picture = (x: number, y: number, c: number) => 0.3 + 0.002 * x + 0.1 * Math.sin(x * 0.37 + c) * Math.cos(y * 0.29);
/** A faint lattice fixed to the origin: lines every 8 samples, as the networks print it. */
const lattice = (x: number, y: number) => (x % 8 === 7 ? 3 / 255 : 0) + (y % 8 === 0 ? -2 / 255 : 0);

const meanAbs = (a: PlanarRgb, b: PlanarRgb) => a.data.reduce((s, v, i) => s + Math.abs(v - b.data[i]), 0) / a.data.length;

test('removes an 8-sample lattice printed over texture, leaving the picture', () => {
  const clean = rgb(picture);
  const printed = rgb((x, y, c) => picture(x, y, c) + lattice(x, y));
  // What is left is under a sixth of a grey level: invisible, where the lattice was over half a level.
  expect(meanAbs(printed, clean)).toBeGreaterThan(0.5 / 255);
  removeLatticeInPlace(printed);
  expect(meanAbs(printed, clean)).toBeLessThan(0.17 / 255);
});

test('a picture without a lattice is left as it is (to a fraction of a grey level)', () => {
  const filtered = rgb(picture);
  removeLatticeInPlace(filtered);
  expect(meanAbs(filtered, rgb(picture))).toBeLessThan(0.2 / 255);
});

test('a frame smaller than two lattice periods is left unchanged', () => {
  const tiny: PlanarRgb = { width: 12, height: 20, data: new Float32Array(3 * 12 * 20).map((_, i) => (i % 7) / 7) };
  const before = Float32Array.from(tiny.data);
  removeLatticeInPlace(tiny);
  expect(tiny.data).toEqual(before);
});
