import { DetailPlanes } from '../../../src/engine/temporal/detailKernel';

const f = Math.fround;
/** A deterministic spread of values in -1..1. */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) % 1);

/** The pass sample by sample in single precision, in the kernel's order of operations. */
function reference(width: number, height: number, rgb: Float32Array, luma: Float32Array, gainRows: Float32Array, meanRows: Float32Array,
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

test.each([[13, 6], [4, 3], [1, 4], [7, 1]])('detail restored and curvature taken as sample by sample in single precision, %i×%i', (width, height) => {
  const n = width * height;
  const planes = new DetailPlanes(width, height, 3);
  planes.carried[1].set(values(3 * n, 1));
  planes.luma.set(values(n, 2));
  const gainRows = Float32Array.from(values(3 * width, 3), (v) => 1 + Math.abs(v));
  const meanRows = values(3 * width, 4);
  const down = {
    first: Int32Array.from({ length: height }, (_, y) => Math.min(2, y >> 1)),
    second: Int32Array.from({ length: height }, (_, y) => Math.min(2, (y >> 1) + 1)),
    weight: Float32Array.from({ length: height }, (_, y) => (y % 2) * 0.5 + 0.25),
  };
  const expected = reference(width, height, planes.carried[1], planes.luma, gainRows, meanRows, down.first, down.second, down.weight);
  const blend = Float32Array.from(planes.carried[1]);
  const out = new Float32Array(3 * n);
  planes.restore(planes.carried[1], planes.curvatures[0], { gainRows, meanRows, down }, out);
  expect(out).toEqual(expected.out);
  expect(planes.curvatures[0].across).toEqual(expected.across);
  expect(planes.curvatures[0].down).toEqual(expected.down);
  // The carried blend is the state of the next frame: it is read, never written.
  expect(planes.carried[1]).toEqual(blend);
});

test('the curvature of a frame whose detail is not restored (a restart) is the same second differences', () => {
  const [width, height] = [13, 6];
  const planes = new DetailPlanes(width, height, 2);
  const luma = values(width * height, 5);
  const expected = reference(width, height, new Float32Array(3 * width * height), luma, new Float32Array(2 * width), new Float32Array(2 * width),
    new Int32Array(height), new Int32Array(height), new Float32Array(height));
  const curvature = planes.curvatureOf(luma);
  expect(curvature).toBe(planes.curvatures[0]);
  expect(curvature.across).toEqual(expected.across);
  expect(curvature.down).toEqual(expected.down);
});

test('refuses planes that are not its own (the kernel reads them in its memory)', () => {
  const planes = new DetailPlanes(4, 4, 1);
  const rows = { gainRows: new Float32Array(4), meanRows: new Float32Array(4), down: { first: new Int32Array(4), second: new Int32Array(4), weight: new Float32Array(4) } };
  const out = new Float32Array(48);
  expect(() => planes.restore(new Float32Array(48), planes.curvatures[0], rows, out)).toThrow(RangeError);
  expect(() => planes.restore(planes.carried[0], { across: new Float32Array(16), down: new Float32Array(16) }, rows, out)).toThrow(RangeError);
  expect(() => planes.restore(planes.carried[0], planes.curvatures[0], { ...rows, gainRows: new Float32Array(8) }, out)).toThrow(RangeError);
});
