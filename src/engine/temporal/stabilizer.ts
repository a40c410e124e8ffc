/**
 * The temporal stabilizer: keeps a stylized clip steady without retraining the network. For each
 * frame, the motion between the previous and the current input frame is estimated (opticalFlow.ts,
 * at a reduced size), the previous output is warped along it, and blended into the new stylized
 * frame where that motion can be trusted:
 * - forward–backward consistency (Ruder et al. 2016): where the two flows do not undo each other,
 *   something was occluded or revealed, and the new frame is kept;
 * - the input's own change: where the current input differs from the previous input warped along
 *   the flow (a lighting change, a background revealed, a fast object), the new frame is kept, so
 *   nothing ghosts once an object has passed;
 * - scene cuts: when most of the frame cannot be followed, the state resets and the frame is the
 *   plain stylization.
 * The blend weight never exceeds the level's maximum, so a difference between two states shrinks by
 * at least that factor per frame: after `warmUpFrames` frames from any state, the output is within
 * 1/255 of an uninterrupted run (what resume and render-farm chunks rely on).
 */
import type { PlanarRgb } from '../images/image';
import { boxSum, downscale, lumaOf, plane, remap, upscale, type Plane, type SamplePositions } from '../images/planes';
import { estimateFlow, samplePositions, type Flow } from './opticalFlow';

export const TEMPORAL_LEVELS = ['off', 'normal', 'strong'] as const;
export type TemporalLevel = (typeof TEMPORAL_LEVELS)[number];

/** The most of the previous output a frame takes where motion is fully trusted. */
const MAX_CARRY: Record<Exclude<TemporalLevel, 'off'>, number> = { normal: 0.8, strong: 0.9 };

/** Detail energy is compared over this radius (17×17). */
const ENERGY_RADIUS = 8;
/** The most the output's detail is scaled up to match the new stylized frame's. */
const MAX_DETAIL_GAIN = 2;

/** Motion is estimated at about this short side (a 720p frame at a quarter of its size). */
const FLOW_SHORT_SIDE = 180;
/** Forward–backward mismatch, in flow samples: fully trusted up to the first, not at all from the second. */
const CONSISTENCY_TRUSTED = 0.5;
const CONSISTENCY_REJECTED = 1.5;
/** The input's own change after motion compensation (luma, 3×3 mean): trusted up to the first, not at all from the second. */
const CHANGE_TRUSTED = 0.06;
const CHANGE_REJECTED = 3 * CHANGE_TRUSTED;
/** Fewer trusted samples than this share of the frame is taken as a scene cut. */
const CUT_TRUSTED_SHARE = 0.3;

/**
 * Frames to stylize (and discard) before the first frame of a render that does not start at the
 * clip's beginning. The carried state is a plain blend, so a difference between two states shrinks
 * by the carry each frame; the output scales detail by at most MAX_DETAIL_GAIN. After n frames with
 * MAX_DETAIL_GAIN · maxCarry^n ≤ 1/255 the output is within 1/255 of an uninterrupted render.
 */
export function warmUpFrames(level: TemporalLevel): number {
  if (level === 'off') return 0;
  return Math.ceil(Math.log(1 / (255 * MAX_DETAIL_GAIN)) / Math.log(MAX_CARRY[level]));
}

/** 1 up to `trusted`, 0 from `rejected`, linear between. */
const ramp = (value: number, trusted: number, rejected: number): number =>
  value <= trusted ? 1 : value >= rejected ? 0 : (rejected - value) / (rejected - trusted);

interface FrameState {
  index: number;
  width: number;
  height: number;
  /** The input's luma at the motion estimate's size. */
  small: Plane;
  /** The blend carried into the next frame (before its detail is restored for output). */
  carried: PlanarRgb;
}

/** How the current frame relates to the previous one: where each sample was, and how much it may take over. */
interface Motion {
  at: SamplePositions;
  /** Per sample, 0..1: how far the motion there is trusted. */
  trust: Float32Array;
}

export class TemporalStabilizer {
  private state: FrameState | undefined;

  constructor(private readonly level: Exclude<TemporalLevel, 'off'>) {}

  /**
   * The steadied version of `stylized`, the stylization of `input` (both at one size), frame `index`
   * of the clip. A frame that does not follow the previous one (a gap, another size, a scene cut)
   * starts afresh: it is the plain stylization.
   */
  apply(index: number, input: PlanarRgb, stylized: PlanarRgb): PlanarRgb {
    const { width, height } = input;
    const factor = Math.max(1, Math.round(Math.min(width, height) / FLOW_SHORT_SIDE));
    const small = downscale(lumaOf(input), factor);
    const previous = this.state;
    const follows = previous !== undefined && previous.index === index - 1 && previous.width === width && previous.height === height;
    const motion = follows ? motionBetween(previous, small, factor) : undefined;
    if (!motion) {
      this.state = { index, width, height, small, carried: stylized };
      return stylized;
    }
    // The state stays a linear blend (so it forgets a different start geometrically); only what is
    // shown gets its detail back, so restoring detail never compounds from frame to frame.
    const blend = carryOver(previous!.carried, stylized, motion, MAX_CARRY[this.level]);
    this.state = { index, width, height, small, carried: blend.carried };
    return withDetailOf(blend);
  }
}

/**
 * The motion from the previous frame, or undefined for a scene cut (most of the frame cannot be
 * followed). Trust is judged at the motion estimate's size (where sensor noise is already averaged
 * down) and interpolated up, so the carry fades in and out smoothly instead of in blocks.
 */
function motionBetween(previous: FrameState, small: Plane, factor: number): Motion | undefined {
  const backward = estimateFlow(small, previous.small);
  const forward = estimateFlow(previous.small, small);
  const consistency = consistencyOf(backward, forward);
  const change = inputChange(small, remap(previous.small, samplePositions(backward, 1, small.width, small.height)));
  const trustSmall = new Float32Array(small.data.length);
  let trusted = 0;
  for (let i = 0; i < trustSmall.length; i++) {
    trustSmall[i] = consistency.data[i] * ramp(change.data[i], CHANGE_TRUSTED, CHANGE_REJECTED);
    if (trustSmall[i] > 0.5) trusted++;
  }
  if (trusted < CUT_TRUSTED_SHARE * trustSmall.length) return undefined;
  const { width, height } = previous;
  return {
    at: samplePositions(backward, factor, width, height),
    trust: upscale(plane(small.width, small.height, trustSmall), factor, width, height).data as Float32Array,
  };
}

/** Per flow sample, how far (0..1) the backward flow is undone by the forward flow where it lands. */
function consistencyOf(backward: Flow, forward: Flow): Plane {
  const { width: w, height: h } = backward;
  const out = new Float32Array(w * h);
  const fu = plane(w, h, forward.u);
  const fv = plane(w, h, forward.v);
  const at: SamplePositions = { width: w, height: h, x: new Float32Array(w * h), y: new Float32Array(w * h) };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      at.x[i] = x + backward.u[i];
      at.y[i] = y + backward.v[i];
    }
  }
  const u = remap(fu, at).data;
  const v = remap(fv, at).data;
  for (let i = 0; i < w * h; i++) {
    const inside = at.x[i] >= 0 && at.x[i] <= w - 1 && at.y[i] >= 0 && at.y[i] <= h - 1;
    const du = backward.u[i] + u[i];
    const dv = backward.v[i] + v[i];
    out[i] = inside ? ramp(Math.sqrt(du * du + dv * dv), CONSISTENCY_TRUSTED, CONSISTENCY_REJECTED) : 0;
  }
  return plane(w, h, out);
}

/** |current − previous warped| averaged over 3×3, so sensor noise alone does not count as change. */
function inputChange(current: Plane, warpedPrevious: Plane): Plane {
  const diff = new Float32Array(current.data.length);
  for (let i = 0; i < diff.length; i++) {
    const d = current.data[i] - warpedPrevious.data[i];
    diff[i] = d < 0 ? -d : d;
  }
  const sums = boxSum(plane(current.width, current.height, diff), 1, 1);
  for (let i = 0; i < diff.length; i++) sums.data[i] /= 9;
  return sums;
}

const LUMA_WEIGHTS = [0.2126, 0.7152, 0.0722] as const;

interface Blend {
  carried: PlanarRgb;
  /** Luma of the blend and of the new stylized frame, made in the same pass. */
  carriedLuma: Plane;
  currentLuma: Plane;
}

/** current + carry·trust·(previous warped − current), per channel. */
function carryOver(previous: PlanarRgb, current: PlanarRgb, motion: Motion, carry: number): Blend {
  const { width, height } = current;
  const n = width * height;
  const out = new Float32Array(3 * n);
  const carriedLuma = new Float32Array(n);
  const currentLuma = new Float32Array(n);
  const { at, trust } = motion;
  for (let c = 0; c < 3; c++) {
    const warped = remap(plane(width, height, previous.data.subarray(c * n, (c + 1) * n)), at).data;
    const weight = LUMA_WEIGHTS[c];
    for (let i = 0; i < n; i++) {
      const s = current.data[c * n + i];
      const v = s + carry * trust[i] * (warped[i] - s);
      out[c * n + i] = v;
      carriedLuma[i] += weight * v;
      currentLuma[i] += weight * s;
    }
  }
  return { carried: { width, height, data: out }, carriedLuma: plane(width, height, carriedLuma), currentLuma: plane(width, height, currentLuma) };
}

/** Detail energy is compared on a grid this many times coarser than the frame. */
const ENERGY_GRID = 4;

/** Per ENERGY_GRID cell of a luma plane: its mean, and the variance of the luma within it (the cell's detail energy). */
function cellStatistics(luma: Plane): { mean: Plane; variance: Float32Array } {
  const { width, height, data } = luma;
  const squares = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) squares[i] = data[i] * data[i];
  const mean = downscale(luma, ENERGY_GRID);
  const meanSquare = downscale(plane(width, height, squares), ENERGY_GRID).data;
  const variance = new Float32Array(meanSquare.length);
  for (let i = 0; i < variance.length; i++) variance[i] = Math.max(0, meanSquare[i] - mean.data[i] * mean.data[i]);
  return { mean, variance };
}

/**
 * Blending frames whose strokes do not line up lowers the strokes' contrast (averaging uncorrelated
 * texture); where the blend has less local detail energy than the new stylized frame, its luma
 * detail (the luma minus its low-pass) is scaled back up (at most MAX_DETAIL_GAIN), so a steadied
 * clip keeps the style's crispness. Energies are compared on a coarse grid, over about
 * (2·ENERGY_RADIUS+1)² samples, where they are cheap.
 */
function withDetailOf({ carried: blended, carriedLuma, currentLuma }: Blend): PlanarRgb {
  const raw = cellStatistics(currentLuma);
  const blend = cellStatistics(carriedLuma);
  const { width: cw, height: ch } = blend.mean;
  const radius = Math.max(1, Math.round(ENERGY_RADIUS / ENERGY_GRID));
  const rawEnergy = boxSum(plane(cw, ch, raw.variance), radius, radius).data;
  const blendEnergy = boxSum(plane(cw, ch, blend.variance), radius, radius).data;
  const gainSmall = new Float32Array(rawEnergy.length);
  for (let i = 0; i < gainSmall.length; i++) {
    const ratio = rawEnergy[i] / (blendEnergy[i] + 1e-12);
    gainSmall[i] = ratio <= 1 ? 1 : ratio >= MAX_DETAIL_GAIN * MAX_DETAIL_GAIN ? MAX_DETAIL_GAIN : Math.sqrt(ratio);
  }
  const { width, height } = blended;
  const gain = upscale(plane(cw, ch, gainSmall), ENERGY_GRID, width, height).data;
  const low = upscale(blend.mean, ENERGY_GRID, width, height).data;
  const n = width * height;
  const boost = new Float32Array(n);
  for (let i = 0; i < n; i++) boost[i] = (gain[i] - 1) * (carriedLuma.data[i] - low[i]);
  const out = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) out[c * n + i] = blended.data[c * n + i] + boost[i];
  }
  return { width, height, data: out };
}
