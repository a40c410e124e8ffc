import { plane, type Plane } from '../../../src/engine/images/planes';
import { FlowEstimator } from '../../../src/engine/temporal/opticalFlow';

const W = 160;
const H = 120;

/** A smooth textured picture moved by (dx, dy): texture(x - dx, y - dy). */
function picture(dx: number, dy: number): Plane {
  const p = plane(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const X = x - dx;
      const Y = y - dy;
      p.data[y * W + x] = 0.5 + 0.2 * Math.sin(X * 0.21) * Math.cos(Y * 0.17) + 0.1 * Math.sin(X * 0.05 + Y * 0.07);
    }
  }
  return p;
}

function meanFlowInside(from: Plane, to: Plane): { u: number; v: number } {
  const flow = new FlowEstimator().estimate(from, to);
  let u = 0;
  let v = 0;
  let n = 0;
  for (let y = 16; y < H - 16; y++) {
    for (let x = 16; x < W - 16; x++) {
      u += flow.u[y * W + x];
      v += flow.v[y * W + x];
      n++;
    }
  }
  return { u: u / n, v: v / n };
}

test.each([[0, 0], [1, 0], [2.5, -1], [7, 4]])('finds a shift of (%d, %d) to a tenth of a sample', (dx, dy) => {
  const { u, v } = meanFlowInside(picture(0, 0), picture(dx, dy));
  expect(u).toBeCloseTo(dx, 1);
  expect(v).toBeCloseTo(dy, 1);
});

test('a flat picture with fresh noise has no motion: the flow stays near zero', () => {
  let seed = 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.04;
  const a = plane(W, H);
  const b = plane(W, H);
  for (let i = 0; i < W * H; i++) {
    a.data[i] = 0.5 + noise();
    b.data[i] = 0.5 + noise();
  }
  const flow = new FlowEstimator().estimate(a, b);
  const magnitudes = Array.from(flow.u, (u, i) => Math.hypot(u, flow.v[i]));
  expect(magnitudes.reduce((a, b) => a + b, 0) / magnitudes.length).toBeLessThan(0.05);
  expect(Math.max(...magnitudes)).toBeLessThan(0.5);
});

test('an estimator that keeps its working planes gives what a fresh one gives', () => {
  const estimator = new FlowEstimator();
  estimator.estimate(picture(0, 0), picture(3, -2));
  const again = estimator.estimate(picture(1, 1), picture(2.5, 0));
  const fresh = new FlowEstimator().estimate(picture(1, 1), picture(2.5, 0));
  expect(again.u).toEqual(fresh.u);
  expect(again.v).toEqual(fresh.v);
});
