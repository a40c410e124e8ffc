import type { PlanarRgb } from '../../../src/engine/images/image';
import { TemporalStabilizer, warmUpFrames } from '../../../src/engine/temporal/stabilizer';

const W = 96;
const H = 64;

function rgb(value: (x: number, y: number, c: number) => number): PlanarRgb {
  const data = new Float32Array(3 * W * H);
  for (let c = 0; c < 3; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[c * W * H + y * W + x] = value(x, y, c);
  return { width: W, height: H, data };
}

const scene = (shift = 0) => rgb((x, y, c) => 0.5 + 0.25 * Math.sin((x - shift) * 0.3 + c) * Math.cos(y * 0.23));
/** A stylization that paints fresh "strokes" each frame: the flicker the stabilizer exists to remove. */
function flickering(frame: number, base: PlanarRgb): PlanarRgb {
  let seed = 7 + frame * 7919;
  const data = base.data.map((v) => v + (((seed = (seed * 48271) % 2147483647) / 2147483647) - 0.5) * 0.2);
  return { width: W, height: H, data };
}

/** A stylization's look as a level added to it (as a keyframed strength or mix moves the look). */
const withLook = (image: PlanarRgb, look: number): PlanarRgb => ({ ...image, data: image.data.map((v) => v + look) });

/** The stabilizer takes over the stylized frame it is given, so a frame used again is passed as a copy. */
const copyOf = (image: PlanarRgb): PlanarRgb => ({ ...image, data: Float32Array.from(image.data) });

const meanAbsDifference = (a: PlanarRgb, b: PlanarRgb) => a.data.reduce((sum, v, i) => sum + Math.abs(v - b.data[i]), 0) / a.data.length;
const maxAbsDifference = (a: PlanarRgb, b: PlanarRgb) => a.data.reduce((most, v, i) => Math.max(most, Math.abs(v - b.data[i])), 0);

test('the first frame, and a frame that does not follow the one before, is the plain stylization', () => {
  const stabilizer = new TemporalStabilizer('normal');
  const input = scene();
  const first = flickering(0, input);
  expect(stabilizer.apply(0, input, first)).toBe(first);
  stabilizer.apply(1, input, flickering(1, input));
  const afterGap = flickering(5, input);
  expect(stabilizer.apply(5, input, afterGap)).toBe(afterGap);
});

test('on a still shot, frame-to-frame change of the output falls to a fraction of the raw flicker', () => {
  const input = scene();
  const stabilizer = new TemporalStabilizer('normal');
  const raw: PlanarRgb[] = [];
  const steadied: PlanarRgb[] = [];
  for (let t = 0; t < 12; t++) {
    raw.push(flickering(t, input));
    steadied.push(stabilizer.apply(t, input, copyOf(raw[t])));
  }
  const rawChange = meanAbsDifference(raw[11], raw[10]);
  const steadiedChange = meanAbsDifference(steadied[11], steadied[10]);
  expect(steadiedChange).toBeLessThan(0.4 * rawChange);
});

test('a look that changes passes through on its frame: the steadied frames are the constant look\'s plus the change', () => {
  const input = scene();
  const looks = [0, 0, 0.05, 0.1, 0.15, 0.2, 0.2, 0.2];
  const atLook = (t: number, look: number) => withLook(flickering(t, input), look);
  const constant = new TemporalStabilizer('normal');
  const keyed = new TemporalStabilizer<number>('normal');
  looks.forEach((look, t) => {
    const carried = keyed.carriedLook(t);
    expect(carried).toBe(t === 0 ? undefined : looks[t - 1]);
    const out = keyed.apply(t, input, atLook(t, look), look, carried === undefined ? undefined : atLook(t, carried));
    const steady = constant.apply(t, input, atLook(t, 0));
    expect(maxAbsDifference({ ...out, data: out.data.map((v) => v - look) }, steady)).toBeLessThan(1e-5);
  });
  expect(keyed.carriedLook(looks.length + 1)).toBeUndefined();
});

test('a scene cut resets: the first frame after it is the plain stylization', () => {
  const stabilizer = new TemporalStabilizer('strong');
  const before = scene();
  for (let t = 0; t < 4; t++) stabilizer.apply(t, before, flickering(t, before));
  const cut = rgb((x, y, c) => ((x >> 3) + (y >> 3) + c) % 2 ? 0.9 : 0.1);
  const stylized = flickering(4, cut);
  expect(stabilizer.apply(4, cut, stylized)).toBe(stylized);
});

test('motion is followed: a panning shot carries the look along instead of smearing it', () => {
  const stabilizer = new TemporalStabilizer('normal');
  for (let t = 0; t < 6; t++) {
    const input = scene(2 * t);
    const out = stabilizer.apply(t, input, copyOf(input));
    // The stylization equals the input here, so a well-followed carry leaves it almost unchanged.
    if (t > 0) expect(meanAbsDifference(out, input)).toBeLessThan(0.01);
  }
});

test.each([['a constant look', 0], ['a look that changes every frame', 0.01]])('two stabilizers that start apart agree within 1/255 after the warm-up, with %s', (_, step) => {
  const input = scene();
  const early = new TemporalStabilizer<number>('normal');
  const late = new TemporalStabilizer<number>('normal');
  const depth = warmUpFrames('normal');
  const steady = (stabilizer: TemporalStabilizer<number>, t: number) => {
    const carried = stabilizer.carriedLook(t);
    return stabilizer.apply(t, input, withLook(flickering(t, input), step * t), step * t, carried === undefined ? undefined : withLook(flickering(t, input), carried));
  };
  let a: PlanarRgb | undefined;
  let b: PlanarRgb | undefined;
  for (let t = 0; t < 2 * depth; t++) {
    a = steady(early, t);
    if (t >= depth) b = steady(late, t);
  }
  expect(maxAbsDifference(a!, b!)).toBeLessThanOrEqual(1 / 255);
});

test('warm-up depth: none when off, more for strong than for normal', () => {
  expect(warmUpFrames('off')).toBe(0);
  expect(warmUpFrames('strong')).toBeGreaterThan(warmUpFrames('normal'));
});

test('frames it returned keep their values, and a frame of another size in between changes nothing after the reset', () => {
  const input = scene();
  const plain = new TemporalStabilizer('normal');
  const reused = new TemporalStabilizer('normal');
  const other: PlanarRgb = { width: W / 2, height: H / 2, data: new Float32Array(3 * (W / 2) * (H / 2)).fill(0.5) };
  // Two frames at another size first, so the stabilizer has made (and must remake) its planes.
  reused.apply(0, other, other);
  reused.apply(1, other, other);
  const returned: PlanarRgb[] = [];
  const copies: Float32Array[] = [];
  for (let t = 0; t < 5; t++) {
    const stylized = flickering(t, input);
    const expected = plain.apply(t, input, copyOf(stylized));
    const out = reused.apply(t, input, stylized);
    expect(out.data).toEqual(expected.data);
    returned.push(out);
    copies.push(Float32Array.from(out.data));
  }
  returned.forEach((out, t) => expect(out.data).toEqual(copies[t]));
});
