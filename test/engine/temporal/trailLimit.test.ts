import type { PlanarRgb } from '../../../src/engine/images/image';
import { TemporalStabilizer } from '../../../src/engine/temporal/stabilizer';

const W = 96;
const H = 64;
const SIDE = 8;
const TOP = 28;
const SPEED = 3;
const HALO = 0.15;
const HALO_WIDTH = 5;

const objectLeft = (t: number) => 10 + SPEED * t;
const inObject = (x: number, y: number, t: number) => x >= objectLeft(t) && x < objectLeft(t) + SIDE && y >= TOP && y < TOP + SIDE;
/** Distance (chessboard) from the object's edge, 0 inside. */
const fromObject = (x: number, y: number, t: number) => Math.max(objectLeft(t) - x, x - (objectLeft(t) + SIDE - 1), TOP - y, y - (TOP + SIDE - 1), 0);
const background = (x: number, y: number, c: number) => 0.45 + 0.2 * Math.sin(x * 0.3 + c) * Math.cos(y * 0.23);

function image(value: (x: number, y: number, c: number) => number): PlanarRgb {
  const data = new Float32Array(3 * W * H);
  for (let c = 0; c < 3; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[c * W * H + y * W + x] = value(x, y, c);
  return { width: W, height: H, data };
}

/** A still background with a bright square moving right. */
const input = (t: number) => image((x, y, c) => (inObject(x, y, t) ? 0.95 : background(x, y, c)));

/** Uniform noise in ±amplitude/2, the same for a given frame and seed on every call. */
function noise(t: number, amplitude: number): (i: number) => number {
  let seed = 11 + t * 7919;
  const values = Array.from({ length: 3 * W * H }, () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5) * amplitude);
  return (i) => values[i];
}

/** The network's look of frame t: the input, a halo around the object (as the network paints one), and flicker. */
function stylized(t: number, flicker: number): PlanarRgb {
  const jitter = noise(t, flicker);
  const out = input(t);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = c * W * H + y * W + x;
        const d = fromObject(x, y, t);
        out.data[i] += (d > 0 && d <= HALO_WIDTH ? HALO : 0) + jitter(i);
      }
    }
  }
  return out;
}

/** Mean over the object's rows of the samples between `from` and `to` (x), of one plane-wise function. */
function meanOverStrip(from: number, to: number, value: (i: number) => number): number {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < 3; c++) for (let y = TOP; y < TOP + SIDE; y++) for (let x = from; x < to; x++, count++) sum += value(c * W * H + y * W + x);
  return sum / count;
}

test('behind a moving object the halo the network painted fades within a few frames instead of trailing it', () => {
  const stabilizer = new TemporalStabilizer('normal');
  const frames = 16;
  let out: PlanarRgb | undefined;
  for (let t = 0; t < frames; t++) out = stabilizer.apply(t, input(t), stylized(t, 0));
  const last = frames - 1;
  // The strip whose last halo in the stylization was 6 to 8 frames ago (the object passed it before that).
  const from = objectLeft(last - 8) - HALO_WIDTH;
  const to = objectLeft(last - 5) - HALO_WIDTH;
  const plain = image(background);
  const left = meanOverStrip(from, to, (i) => out!.data[i] - plain.data[i]);
  // The plain carry keeps 0.8 of it per frame: without the limit, 28% of the halo is still there; with
  // the earlier limit (nearby motion remembered 8 frames, a floor of 0.01 luma), 2.7%.
  expect(left).toBeLessThan(0.01 * HALO);
});

test('away from the moving object, flicker is steadied as on a still shot', () => {
  const stabilizer = new TemporalStabilizer('normal');
  const outputs: PlanarRgb[] = [];
  const raw: PlanarRgb[] = [];
  for (let t = 0; t < 12; t++) {
    raw.push(stylized(t, 0.2));
    outputs.push(stabilizer.apply(t, input(t), stylized(t, 0.2)));
  }
  // The rows above the object, more than the halo's reach away from it.
  const change = (frames: PlanarRgb[]) => {
    let sum = 0;
    for (let c = 0; c < 3; c++) for (let y = 0; y < TOP - 12; y++) for (let x = 0; x < W; x++) sum += Math.abs(frames[11].data[c * W * H + y * W + x] - frames[10].data[c * W * H + y * W + x]);
    return sum;
  };
  expect(change(outputs)).toBeLessThan(0.4 * change(raw));
});
