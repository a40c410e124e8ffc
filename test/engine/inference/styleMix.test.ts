import type { RasterImage } from '../../../src/engine/images/image';
import { MAX_STYLE_WEIGHT, normaliseStyleSource, styleWeightsProblem } from '../../../src/engine/look/mix';

const image: RasterImage = { width: 1, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(3) };
const mix = (...weights: number[]) => weights.map((weight) => ({ image, weight }));

test('weights are relative: they normalise to a sum of 1', () => {
  expect(normaliseStyleSource(mix(3, 1)).map((s) => s.weight)).toEqual([0.75, 0.25]);
  expect(normaliseStyleSource(mix(MAX_STYLE_WEIGHT, MAX_STYLE_WEIGHT)).map((s) => s.weight)).toEqual([0.5, 0.5]);
});

test.each([
  [[1e308, 1e308], /from 0 to 1000000/],
  [[Number.MAX_VALUE, 1], /from 0 to 1000000/],
  [[Infinity, 1], /from 0 to 1000000/],
  [[NaN, 1], /from 0 to 1000000/],
  [[-1, 2], /from 0 to 1000000/],
  [[0, 0], /t least one style weight must be above 0/],
])('refuses weights %j instead of normalising them to nothing', (weights, message) => {
  expect(() => normaliseStyleSource(mix(...weights))).toThrow(message);
  expect(styleWeightsProblem(weights)).toMatch(message);
});
