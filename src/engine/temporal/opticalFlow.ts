/**
 * Dense motion between two luma planes by pyramidal Lucas–Kanade: at each level, coarse to fine,
 * the second plane is warped by the flow so far and a local least-squares update is solved from
 * the structure tensor of a small window. The tensor is regularised, so where a window has no
 * texture (a flat sky, sensor noise only) the update stays near zero instead of chasing noise.
 * Classic and weight-free: no learned model, the same on every carrier.
 */
import { GuidedFilter } from '../images/guidedFilter';
import { KernelPlanes } from '../images/planeKernel';
import { downscale, type Plane } from '../images/planes';

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

/** A pyramid level's planes, in the plane kernel's memory, kept from frame to frame; the guided filter works in the planes after them. */
const [FROM, TO, U, V, FROM_GX, FROM_GY, WARPED, WARPED_GX, WARPED_GY, TENSOR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** The structure tensor and its right-hand side: gx², gx·gy, gy², gx·gt, gy·gt summed over the window. */
const TENSOR_PLANES = 5;
const SMOOTHING_AT = TENSOR + TENSOR_PLANES;

/** One pyramid level's working memory (some 100 bytes per sample) and the guided filter that smooths its flow. */
interface LevelWork {
  planes: KernelPlanes;
  flow: Flow;
  smoothing: GuidedFilter;
}

function levelWork(width: number, height: number): LevelWork {
  const planes = new KernelPlanes(width, height, SMOOTHING_AT + GuidedFilter.WORKING_PLANES, Math.max(WINDOW_RADIUS, SMOOTHING_RADIUS));
  const smoothing = new GuidedFilter(planes, SMOOTHING_AT, SMOOTHING_RADIUS, SMOOTHING_EDGE_VARIANCE);
  return { planes, flow: { width, height, u: planes.plane(U), v: planes.plane(V) }, smoothing };
}

/** Iterative least-squares updates of `work.flow` (holding the coarser level's estimate) from `from` to `to`, in the plane kernel. */
function refine(from: Plane, to: Plane, { planes, flow, smoothing }: LevelWork): void {
  const { width: w, height: h } = from;
  const { kernel } = planes;
  const at = (plane: number) => planes.at(plane);
  const window = (2 * WINDOW_RADIUS + 1) ** 2;
  const floor = window * GRADIENT_FLOOR * GRADIENT_FLOOR;
  planes.plane(FROM).set(from.data);
  planes.plane(TO).set(to.data);
  kernel.gradients(at(FROM), at(FROM_GX), at(FROM_GY), w, h);
  smoothing.guideBy(planes.plane(FROM));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    kernel.remap(at(TO), at(U), at(V), at(WARPED), w, h);
    kernel.gradients(at(WARPED), at(WARPED_GX), at(WARPED_GY), w, h);
    kernel.lucasKanade(
      at(FROM), at(WARPED), at(FROM_GX), at(FROM_GY), at(WARPED_GX), at(WARPED_GY), at(TENSOR), planes.planeBytes, at(U), at(V),
      at(SMOOTHING_AT + GuidedFilter.WORKING_PLANES - 1), planes.padded, w, h, WINDOW_RADIUS, floor, MAX_STEP,
    );
    smoothing.smooth(flow.u);
    smoothing.smooth(flow.v);
  }
}

/** Estimates motion between frames of one size, keeping its working planes (some 100 bytes per sample) from call to call. */
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
