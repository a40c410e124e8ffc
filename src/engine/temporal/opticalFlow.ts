/**
 * Dense motion between two luma planes by pyramidal Lucas–Kanade: at each level, coarse to fine,
 * the second plane is warped by the flow so far and a local least-squares update is solved from
 * the structure tensor of a small window. The tensor is regularised, so where a window has no
 * texture (a flat sky, sensor noise only) the update stays near zero instead of chasing noise.
 * Classic and weight-free: no learned model, the same on every carrier.
 */
import { GuidedFilter } from '../images/guidedFilter';
import { boxSumInto, downscale, plane, remapByOffsets, type Plane } from '../images/planes';

/** A dense motion field: for each sample x of one frame, (u, v) is where it lies in the other frame, relative to x. */
export interface Flow {
  width: number;
  height: number;
  u: Float32Array;
  v: Float32Array;
}

/** Window half-size of the least-squares fit (a 7×7 window). */
const WINDOW_RADIUS = 3;
/** Updates per pyramid level. */
const ITERATIONS = 2;
/** Coarsest level's short side: motions up to about a quarter of it are found. */
const MIN_LEVEL_SIDE = 24;
const MAX_LEVELS = 5;
/**
 * Added to the tensor's diagonal, per window sample: gradients weaker than this (luma per sample)
 * count as noise, so flat regions keep the flow they inherited from the coarser level.
 */
const GRADIENT_FLOOR = 0.03;
/**
 * After each update the flow is smoothed (one flow per small patch, not per noisy sample) by a
 * guided filter over 5×5 windows, so each sample draws on the 9×9 around it, but not across the
 * frame's edges. A window mean carried a moving object's motion into the smooth background behind
 * it, and the stabilizer then dragged the object's stylization into the background it had left
 * (docs/steadiness.md: trail 3.9 → 2.1).
 */
const SMOOTHING_RADIUS = 2;
/** The guided filter's ε (luma², 0..1 scale): windows whose luma varies much less are smoothed flat, much more follow their edge. */
const SMOOTHING_EDGE_VARIANCE = 1e-3;
/** Largest update of one iteration, in samples of the level: a bad fit cannot throw the flow far. */
const MAX_STEP = 2;

function pyramid(base: Plane): Plane[] {
  const levels = [base];
  while (levels.length < MAX_LEVELS) {
    const top = levels[levels.length - 1];
    if (Math.min(top.width, top.height) / 2 < MIN_LEVEL_SIDE) break;
    levels.push(downscale(top, 2));
  }
  return levels;
}

/** Central differences (one-sided at the edges), written into gx and gy. */
function gradientsInto(p: Plane, gx: Float32Array, gy: Float32Array): void {
  const { width: w, height: h, data } = p;
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const up = (y > 0 ? y - 1 : y) * w;
    const down = (y < h - 1 ? y + 1 : y) * w;
    // Halving is exact, so interior samples multiply by 0.5 where the edges divide by their step.
    const rowScale = down - up === 2 * w ? 0.5 : 1;
    for (let x = 0; x < w; x++) {
      const left = x > 0 ? x - 1 : x;
      const right = x < w - 1 ? x + 1 : x;
      gx[o + x] = (data[o + right] - data[o + left]) * (right - left === 2 ? 0.5 : 1);
      gy[o + x] = (data[down + x] - data[up + x]) * rowScale;
    }
  }
}

/** The flow of a coarser level carried into `flow` (vectors doubled); none: zero. */
function upsampleFlowInto(coarser: Flow | undefined, flow: Flow): void {
  const { width, height, u, v } = flow;
  if (!coarser) {
    u.fill(0);
    v.fill(0);
    return;
  }
  for (let y = 0; y < height; y++) {
    const cy = Math.min(coarser.height - 1, y >> 1);
    for (let x = 0; x < width; x++) {
      const c = cy * coarser.width + Math.min(coarser.width - 1, x >> 1);
      u[y * width + x] = 2 * coarser.u[c];
      v[y * width + x] = 2 * coarser.v[c];
    }
  }
}

/** The planes one pyramid level works in, kept from frame to frame. */
interface LevelWork {
  flow: Flow;
  fromGx: Float32Array;
  fromGy: Float32Array;
  warped: Float32Array;
  warpedGx: Float32Array;
  warpedGy: Float32Array;
  /** gx², gx·gy, gy², gx·gt, gy·gt per sample, then summed over the window in place (the structure tensor and its right-hand side). */
  tensor: Float32Array[];
  smoothing: GuidedFilter;
}

function levelWork(width: number, height: number): LevelWork {
  const n = width * height;
  const planes = (count: number) => Array.from({ length: count }, () => new Float32Array(n));
  const [u, v, fromGx, fromGy, warped, warpedGx, warpedGy] = planes(7);
  const smoothing = new GuidedFilter(width, height, SMOOTHING_RADIUS, SMOOTHING_EDGE_VARIANCE);
  return { flow: { width, height, u, v }, fromGx, fromGy, warped, warpedGx, warpedGy, tensor: planes(5), smoothing };
}

/** Iterative least-squares updates of `work.flow` (holding the coarser level's estimate) from `from` to `to`. */
function refine(from: Plane, to: Plane, work: LevelWork): void {
  const { width: w, height: h } = from;
  const n = w * h;
  const { flow, fromGx, fromGy, warped, warpedGx, warpedGy, tensor, smoothing } = work;
  const [xx, xy, yy, xt, yt] = tensor;
  const window = (2 * WINDOW_RADIUS + 1) ** 2;
  const floor = window * GRADIENT_FLOOR * GRADIENT_FLOOR;
  gradientsInto(from, fromGx, fromGy);
  smoothing.guideBy(from);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    remapByOffsets(to, flow.u, flow.v, warped);
    gradientsInto(plane(w, h, warped), warpedGx, warpedGy);
    for (let i = 0; i < n; i++) {
      const gx = 0.5 * (fromGx[i] + warpedGx[i]);
      const gy = 0.5 * (fromGy[i] + warpedGy[i]);
      const gt = warped[i] - from.data[i];
      xx[i] = gx * gx; xy[i] = gx * gy; yy[i] = gy * gy; xt[i] = gx * gt; yt[i] = gy * gt;
    }
    for (const component of tensor) boxSumInto(plane(w, h, component), WINDOW_RADIUS, WINDOW_RADIUS, component);
    for (let i = 0; i < n; i++) {
      const a = xx[i] + floor;
      const c = yy[i] + floor;
      const b = xy[i];
      const det = a * c - b * b;
      let du = -(c * xt[i] - b * yt[i]) / det;
      let dv = -(a * yt[i] - b * xt[i]) / det;
      du = du > MAX_STEP ? MAX_STEP : du < -MAX_STEP ? -MAX_STEP : du;
      dv = dv > MAX_STEP ? MAX_STEP : dv < -MAX_STEP ? -MAX_STEP : dv;
      flow.u[i] += du;
      flow.v[i] += dv;
    }
    smoothing.smooth(flow.u);
    smoothing.smooth(flow.v);
  }
}

/** Estimates motion between frames of one size, keeping its working planes (some 70 bytes per sample) from call to call. */
export class FlowEstimator {
  private levels: LevelWork[] = [];

  /** For each sample x of `from`: the offset f with to(x + f) ≈ from(x). Both planes have one size; the flow is valid until the next call. */
  estimate(from: Plane, to: Plane): Flow {
    const fromLevels = pyramid(from);
    const toLevels = pyramid(to);
    if (this.levels.length !== fromLevels.length || this.levels.some((l, i) => l.flow.width !== fromLevels[i].width || l.flow.height !== fromLevels[i].height)) {
      this.levels = fromLevels.map((p) => levelWork(p.width, p.height));
    }
    let coarser: Flow | undefined;
    for (let level = fromLevels.length - 1; level >= 0; level--) {
      const work = this.levels[level];
      upsampleFlowInto(coarser, work.flow);
      refine(fromLevels[level], toLevels[level], work);
      coarser = work.flow;
    }
    return coarser as Flow;
  }
}
