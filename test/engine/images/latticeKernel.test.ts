import { LatticeChannel, type LatticeShape } from '../../../src/engine/images/latticeKernel';

/** A deterministic spread of values in -1..1. */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) % 1);

const shapeOf = (width: number, height: number, more: Partial<LatticeShape> = {}): LatticeShape => ({
  width, height, blocks: Math.ceil(width / 64) * Math.ceil(height / 64), columns: new Int32Array(0), rows: new Int32Array(0), patternRows: 3, ...more,
});

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
  new LatticeChannel(channel, shapeOf(width, height)).subtract({ patterns, top, bottom, weight });
  expect(channel).toEqual(expected);
});

test('a larger frame, then a smaller one: each gets its own rows and patterns, not the last frame’s', () => {
  for (const [width, height, sample, pattern] of [[1920, 1080, 0.5, 0.125], [8, 3, 0.25, -0.5]]) {
    const channel = new Float32Array(width * height).fill(sample);
    const patterns = Float32Array.from({ length: 2 * width }, (_, i) => (i < width ? pattern : 2 * pattern));
    const weight = new Float32Array(height).fill(0.5);
    new LatticeChannel(channel, shapeOf(width, height, { patternRows: 2 })).subtract({ patterns, top: new Int32Array(height), bottom: new Int32Array(height).fill(1), weight });
    expect(channel.every((v) => v === sample - 1.5 * pattern)).toBe(true);
  }
});

test.each([[200, 70], [64, 64], [13, 9]])('phase sums of a %i×%i channel: per 64×64 block and phase, its samples added in order, to the bit', (width, height) => {
  const channel = values(width * height, 3);
  const bw = Math.ceil(width / 64);
  const expected = new Float64Array(bw * Math.ceil(height / 64) * 64);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) expected[(Math.floor(y / 64) * bw + Math.floor(x / 64)) * 64 + (y % 8) * 8 + (x % 8)] += channel[y * width + x];
  }
  expect(new LatticeChannel(channel, shapeOf(width, height)).phaseSums()).toEqual(expected);
});

test.each([[200, 70], [13, 9]])('summed-area corners of a %i×%i channel with its edges repeated 4 samples out', (width, height) => {
  const channel = values(width * height, 4);
  // Ascending, up to the padded channel's far edge.
  const columns = Int32Array.from([0, 1, 7, 8, 17, 30, 64, 65].filter((c) => c < width + 8).concat(width + 8));
  const rows = Int32Array.from([0, 3, 4, 11, 40].filter((r) => r < height + 8).concat(height + 8));
  const at = (x: number, y: number) => channel[Math.min(height - 1, Math.max(0, y - 4)) * width + Math.min(width - 1, Math.max(0, x - 4))];
  const table = new LatticeChannel(channel, shapeOf(width, height, { columns, rows })).cornerSums();
  rows.forEach((row, i) => columns.forEach((column, j) => {
    let sum = 0;
    for (let y = 0; y < row; y++) for (let x = 0; x < column; x++) sum += at(x, y);
    expect(table[i * columns.length + j]).toBeCloseTo(sum, 9);
  }));
});
