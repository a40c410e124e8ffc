import { subtractPatternRows } from '../../../src/engine/images/latticeKernel';

/** A deterministic spread of values in -1..1. */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) % 1);

test('each sample less its pattern, interpolated down between its two pattern rows, in single precision', () => {
  // 13 samples a row: three vectors of four and a scalar tail.
  const width = 13;
  const height = 5;
  const channel = values(width * height, 1);
  const patterns = values(3 * width, 2);
  const top = Int32Array.of(0, 0, 1, 2, 2);
  const bottom = Int32Array.of(1, 2, 2, 0, 2);
  const weight = Float32Array.of(0, 0.25, 0.5, 0.875, 1);
  const expected = Float32Array.from(channel, (sample, i) => {
    const y = Math.floor(i / width);
    const a = patterns[top[y] * width + (i % width)];
    const b = patterns[bottom[y] * width + (i % width)];
    const f = Math.fround;
    return f(sample - f(a + f(weight[y] * f(b - a))));
  });
  subtractPatternRows(channel, width, { patterns, top, bottom, weight });
  expect(channel).toEqual(expected);
});

test('a larger frame, then a smaller one: each gets its own rows and patterns, not the last frame’s', () => {
  for (const [width, height, sample, pattern] of [[1920, 1080, 0.5, 0.125], [8, 3, 0.25, -0.5]]) {
    const channel = new Float32Array(width * height).fill(sample);
    const patterns = Float32Array.from({ length: 2 * width }, (_, i) => (i < width ? pattern : 2 * pattern));
    const weight = new Float32Array(height).fill(0.5);
    subtractPatternRows(channel, width, { patterns, top: new Int32Array(height), bottom: new Int32Array(height).fill(1), weight });
    expect(channel.every((v) => v === sample - 1.5 * pattern)).toBe(true);
  }
});
