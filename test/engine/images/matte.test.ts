/** Mattes: coverage from alpha, brightness or gray; a convex, per-pixel blend that leaves coverage 0 exact. */
import type { RasterImage } from '../../../src/engine/images/image';
import { matteCoverage, throughMatte } from '../../../src/engine/images/matte';

const image = (channels: 1 | 2 | 3 | 4, samples: number[], bitDepth: 8 | 16 = 8): RasterImage => ({
  width: samples.length / channels, height: 1, channels, bitDepth, data: bitDepth === 16 ? Uint16Array.from(samples) : Uint8Array.from(samples),
});

test('coverage is the alpha when the matte has one, else its brightness; --invert-matte turns it round', () => {
  expect(Array.from(matteCoverage(image(4, [255, 255, 255, 0, 0, 0, 0, 255]), 2, 1))).toEqual([0, 1]);
  expect(Array.from(matteCoverage(image(3, [255, 255, 255, 0, 0, 0]), 2, 1))).toEqual([1, 0]);
  expect(Array.from(matteCoverage(image(1, [0, 65535], 16), 2, 1, true))).toEqual([1, 0]);
  expect(matteCoverage(image(2, [9, 51]), 1, 1)[0]).toBeCloseTo(0.2, 6);
});

test('an alpha opaque everywhere tells nothing: such a matte counts by brightness (a host\'s frame saved with alpha)', () => {
  expect(Array.from(matteCoverage(image(4, [255, 255, 255, 255, 0, 0, 0, 255]), 2, 1))).toEqual([1, 0]);
  expect(Array.from(matteCoverage(image(2, [0, 65535, 65535, 65535], 16), 2, 1))).toEqual([0, 1]);
  // One pixel less than opaque and the alpha counts again.
  expect(Array.from(matteCoverage(image(4, [255, 255, 255, 254, 0, 0, 0, 255]), 2, 1)).map((v) => Math.round(v * 255))).toEqual([254, 255]);
});

test('a matte of another size of the same shape is resized; another shape is refused', () => {
  const half: RasterImage = { width: 2, height: 1, channels: 1, bitDepth: 8, data: Uint8Array.of(0, 255) };
  const coverage = matteCoverage(half, 4, 2);
  expect(coverage).toHaveLength(8);
  expect(coverage[0]).toBe(0);
  expect(coverage[3]).toBe(1);
  expect(() => matteCoverage(half, 4, 4)).toThrow(/The matte is 2×1 but the frames are 4×4/);
});

test('through the matte: the outside exactly where coverage is 0, the look where 1, between elsewhere; alpha kept', () => {
  const look = image(4, [200, 100, 50, 7, 200, 100, 50, 7, 200, 100, 50, 7]);
  const gray = image(1, [10, 10, 10]);
  const out = throughMatte(look, gray, Float32Array.of(0, 0.5, 1));
  expect(Array.from(out.data)).toEqual([10, 10, 10, 7, 105, 55, 30, 7, 200, 100, 50, 7]);
  expect(() => throughMatte(look, gray, Float32Array.of(1))).toThrow(/share one size/);
});
