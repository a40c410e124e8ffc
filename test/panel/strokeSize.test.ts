/** The Stroke size slider's logarithmic track: 100% in the middle, equal moves multiply equally. */
import { describeStrokeSize, scaleForStop, stopForScale, STROKE_SIZE_STOPS } from '../../src/panel/strokeSize';
import { MAX_STYLE_SCALE, MIN_STYLE_SCALE } from '../../src/engine/look/look';

test('the track runs from the smallest to the largest scale with the default, 1×, at its middle', () => {
  expect([STROKE_SIZE_STOPS[0], STROKE_SIZE_STOPS[STROKE_SIZE_STOPS.length - 1]]).toEqual([MIN_STYLE_SCALE, MAX_STYLE_SCALE]);
  const middle = (STROKE_SIZE_STOPS.length - 1) / 2;
  expect(stopForScale(1)).toBe(middle);
  expect(scaleForStop(middle)).toBe(1);
  // A linear 25%..400% track put 100% at a fifth of its length: the bug this track fixes.
  expect((1 - MIN_STYLE_SCALE) / (MAX_STYLE_SCALE - MIN_STYLE_SCALE)).toBeCloseTo(0.2);
});

test('each stop is about √2 times the one before, and any scale finds its nearest stop', () => {
  for (let i = 1; i < STROKE_SIZE_STOPS.length; i++) expect(STROKE_SIZE_STOPS[i] / STROKE_SIZE_STOPS[i - 1]).toBeCloseTo(Math.SQRT2, 1);
  STROKE_SIZE_STOPS.forEach((scale, i) => expect(stopForScale(scale)).toBe(i));
  expect(scaleForStop(stopForScale(0.8))).toBe(0.7);
  expect(scaleForStop(stopForScale(3.5))).toBe(4);
  expect(scaleForStop(-3)).toBe(MIN_STYLE_SCALE);
  expect(scaleForStop(99)).toBe(MAX_STYLE_SCALE);
  expect(describeStrokeSize(1.4)).toBe('Stroke size: 140%');
});
