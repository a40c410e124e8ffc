/**
 * Dense motion between two luma planes by pyramidal Lucas–Kanade: at each level, coarse to fine,
 * the second plane is warped by the flow so far and a local least-squares update is solved from
 * the structure tensor of a small window. The tensor is regularised, so where a window has no
 * texture (a flat sky, sensor noise only) the update stays near zero instead of chasing noise.
 * Classic and weight-free: no learned model, the same on every carrier.
 */
import { boxSum, downscale, plane, remap, upscale, type Plane, type SamplePositions } from '../images/planes';

/** A dense motion field: for each sample x of one frame, (u, v) is where it lies in the other frame, relative to x. */
export interface Flow {
  width: number;
  height: number;
  u: Float32Array;
  v: Float32Array;
}

/** Where each sample of a width×height frame lies in the other frame: the flow (`scale` times coarser, in its own units) upsampled bilinearly and added to the sample's position. */
export function samplePositions(flow: Flow, scale: number, width: number, height: number): SamplePositions {
  const xs = upscale(plane(flow.width, flow.height, flow.u), scale, width, height).data as Float32Array;
  const ys = upscale(plane(flow.width, flow.height, flow.v), scale, width, height).data as Float32Array;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      xs[i] = x + xs[i] * scale;
      ys[i] = y + ys[i] * scale;
    }
  }
  return { width, height, x: xs, y: ys };
}

/** Window half-size of the least-squares fit (a 7×7 window). */
const WINDOW_RADIUS = 3;
/** Updates per pyramid level. */
const ITERATIONS = 3;
/** Coarsest level's short side: motions up to about a quarter of it are found. */
const MIN_LEVEL_SIDE = 24;
const MAX_LEVELS = 5;
/**
 * Added to the tensor's diagonal, per window sample: gradients weaker than this (luma per sample)
 * count as noise, so flat regions keep the flow they inherited from the coarser level.
 */
const GRADIENT_FLOOR = 0.03;
/** After each update the flow is averaged over 5×5: one flow per small patch, not per noisy sample. */
const SMOOTHING_RADIUS = 2;
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

/** Central differences (one-sided at the edges). */
function gradients(p: Plane): { gx: Float32Array; gy: Float32Array } {
  const { width: w, height: h, data } = p;
  const gx = new Float32Array(w * h);
  const gy = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = y > 0 ? y - 1 : y;
    const down = y < h - 1 ? y + 1 : y;
    for (let x = 0; x < w; x++) {
      const left = x > 0 ? x - 1 : x;
      const right = x < w - 1 ? x + 1 : x;
      gx[y * w + x] = (data[y * w + right] - data[y * w + left]) / (right - left || 1);
      gy[y * w + x] = (data[down * w + x] - data[up * w + x]) / (down - up || 1);
    }
  }
  return { gx, gy };
}

/** The flow of a coarser level carried to a level of the given size (vectors doubled). */
function upsampleFlow(flow: Flow | undefined, width: number, height: number): Flow {
  const u = new Float32Array(width * height);
  const v = new Float32Array(width * height);
  if (flow) {
    for (let y = 0; y < height; y++) {
      const cy = Math.min(flow.height - 1, y >> 1);
      for (let x = 0; x < width; x++) {
        const c = cy * flow.width + Math.min(flow.width - 1, x >> 1);
        u[y * width + x] = 2 * flow.u[c];
        v[y * width + x] = 2 * flow.v[c];
      }
    }
  }
  return { width, height, u, v };
}

function positionsOf(flow: Flow): SamplePositions {
  const { width, height } = flow;
  const x = new Float32Array(width * height);
  const y = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      x[i] = c + flow.u[i];
      y[i] = r + flow.v[i];
    }
  }
  return { width, height, x, y };
}

function refine(from: Plane, to: Plane, flow: Flow): void {
  const n = from.width * from.height;
  const fromGrad = gradients(from);
  const window = (2 * WINDOW_RADIUS + 1) ** 2;
  const floor = window * GRADIENT_FLOOR * GRADIENT_FLOOR;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const warped = remap(to, positionsOf(flow));
    const warpedGrad = gradients(warped);
    const xx = new Float32Array(n), xy = new Float32Array(n), yy = new Float32Array(n), xt = new Float32Array(n), yt = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const gx = 0.5 * (fromGrad.gx[i] + warpedGrad.gx[i]);
      const gy = 0.5 * (fromGrad.gy[i] + warpedGrad.gy[i]);
      const gt = warped.data[i] - from.data[i];
      xx[i] = gx * gx; xy[i] = gx * gy; yy[i] = gy * gy; xt[i] = gx * gt; yt[i] = gy * gt;
    }
    const sum = (a: Float32Array) => boxSum(plane(from.width, from.height, a), WINDOW_RADIUS, WINDOW_RADIUS).data;
    const sxx = sum(xx), sxy = sum(xy), syy = sum(yy), sxt = sum(xt), syt = sum(yt);
    for (let i = 0; i < n; i++) {
      const a = sxx[i] + floor;
      const c = syy[i] + floor;
      const b = sxy[i];
      const det = a * c - b * b;
      let du = -(c * sxt[i] - b * syt[i]) / det;
      let dv = -(a * syt[i] - b * sxt[i]) / det;
      du = du > MAX_STEP ? MAX_STEP : du < -MAX_STEP ? -MAX_STEP : du;
      dv = dv > MAX_STEP ? MAX_STEP : dv < -MAX_STEP ? -MAX_STEP : dv;
      flow.u[i] += du;
      flow.v[i] += dv;
    }
    smoothFlow(flow, SMOOTHING_RADIUS);
  }
}

function smoothFlow(flow: Flow, radius: number): void {
  const area = (2 * radius + 1) ** 2;
  const u = boxSum(plane(flow.width, flow.height, flow.u), radius, radius).data;
  const v = boxSum(plane(flow.width, flow.height, flow.v), radius, radius).data;
  for (let i = 0; i < u.length; i++) {
    flow.u[i] = u[i] / area;
    flow.v[i] = v[i] / area;
  }
}

/** For each sample x of `from`: the offset f with to(x + f) ≈ from(x). Both planes have one size. */
export function estimateFlow(from: Plane, to: Plane): Flow {
  const fromLevels = pyramid(from);
  const toLevels = pyramid(to);
  let flow: Flow | undefined;
  for (let level = fromLevels.length - 1; level >= 0; level--) {
    const f = fromLevels[level];
    const next = upsampleFlow(flow, f.width, f.height);
    refine(f, toLevels[level], next);
    flow = next;
  }
  return flow as Flow;
}
