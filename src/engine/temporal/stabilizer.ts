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
import { boxSum, downscale, lumaOf, plane, remap, type Plane, type SamplePositions } from '../images/planes';
import { estimateFlow, samplePositions, type Flow } from './opticalFlow';

export const TEMPORAL_LEVELS = ['off', 'normal', 'strong'] as const;
export type TemporalLevel = (typeof TEMPORAL_LEVELS)[number];

/** The most of the previous output a frame takes where motion is fully trusted. */
const MAX_CARRY: Record<Exclude<TemporalLevel, 'off'>, number> = { normal: 0.8, strong: 0.9 };

/** Detail is the difference to a box mean of this radius (5×5): the scale of brush strokes. */
const DETAIL_RADIUS = 2;
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
  luma: Plane;
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
    const luma = lumaOf(input);
    const small = downscale(luma, factor);
    const previous = this.state;
    const follows = previous !== undefined && previous.index === index - 1 && previous.width === width && previous.height === height;
    const motion = follows ? motionBetween(previous, luma, small, factor) : undefined;
    if (!motion) {
      this.state = { index, width, height, luma, small, carried: stylized };
      return stylized;
    }
    // The state stays a linear blend (so it forgets a different start geometrically); only what is
    // shown gets its detail back, so restoring detail never compounds from frame to frame.
    const carried = carryOver(previous!.carried, stylized, motion, MAX_CARRY[this.level]);
    this.state = { index, width, height, luma, small, carried };
    return withDetailOf(stylized, carried);
  }
}

/** The motion from the previous frame, or undefined for a scene cut (most of the frame cannot be followed). */
function motionBetween(previous: FrameState, luma: Plane, small: Plane, factor: number): Motion | undefined {
  const backward = estimateFlow(small, previous.small);
  const forward = estimateFlow(previous.small, small);
  const consistency = consistencyOf(backward, forward);
  const at = samplePositions(backward, factor, luma.width, luma.height);
  const change = inputChange(luma, remap(previous.luma, at));
  const n = luma.width * luma.height;
  const trust = new Float32Array(n);
  let trusted = 0;
  for (let y = 0; y < luma.height; y++) {
    const row = Math.min(consistency.height - 1, (y / factor) | 0) * consistency.width;
    for (let x = 0; x < luma.width; x++) {
      const i = y * luma.width + x;
      trust[i] = consistency.data[row + Math.min(consistency.width - 1, (x / factor) | 0)] * ramp(change.data[i], CHANGE_TRUSTED, CHANGE_REJECTED);
      if (trust[i] > 0.5) trusted++;
    }
  }
  return trusted < CUT_TRUSTED_SHARE * n ? undefined : { at, trust };
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

/** current + carry·trust·(previous warped − current), per channel. */
function carryOver(previous: PlanarRgb, current: PlanarRgb, motion: Motion, carry: number): PlanarRgb {
  const n = current.width * current.height;
  const out = new Float32Array(3 * n);
  const { at, trust } = motion;
  for (let c = 0; c < 3; c++) {
    const warped = remap(plane(current.width, current.height, previous.data.subarray(c * n, (c + 1) * n)), at).data;
    for (let i = 0; i < n; i++) {
      const s = current.data[c * n + i];
      out[c * n + i] = s + carry * trust[i] * (warped[i] - s);
    }
  }
  return { width: current.width, height: current.height, data: out };
}


function detailOf(p: Plane): { mean: Float32Array; detail: Float32Array } {
  const area = (2 * DETAIL_RADIUS + 1) ** 2;
  const mean = boxSum(p, DETAIL_RADIUS, DETAIL_RADIUS).data;
  const detail = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i++) {
    mean[i] /= area;
    detail[i] = p.data[i] - mean[i];
  }
  return { mean, detail };
}

function localEnergy(p: Plane, detail: Float32Array): Float32Array {
  const squared = new Float32Array(detail.length);
  for (let i = 0; i < detail.length; i++) squared[i] = detail[i] * detail[i];
  return boxSum(plane(p.width, p.height, squared), ENERGY_RADIUS, ENERGY_RADIUS).data;
}

/**
 * Blending frames whose strokes do not line up lowers the strokes' contrast (averaging uncorrelated
 * texture); where the blend has less local detail energy than the new stylized frame, its detail is
 * scaled back up (at most MAX_DETAIL_GAIN), so a steadied clip keeps the style's crispness.
 */
function withDetailOf(stylized: PlanarRgb, blended: PlanarRgb): PlanarRgb {
  const rawLuma = lumaOf(stylized);
  const blendLuma = lumaOf(blended);
  const rawEnergy = localEnergy(rawLuma, detailOf(rawLuma).detail);
  const blendEnergy = localEnergy(blendLuma, detailOf(blendLuma).detail);
  const n = blended.width * blended.height;
  const gain = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const ratio = rawEnergy[i] / (blendEnergy[i] + 1e-12);
    gain[i] = ratio <= 1 ? 1 : ratio >= MAX_DETAIL_GAIN * MAX_DETAIL_GAIN ? MAX_DETAIL_GAIN : Math.sqrt(ratio);
  }
  const out = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) {
    const { mean, detail } = detailOf(plane(blended.width, blended.height, blended.data.subarray(c * n, (c + 1) * n)));
    for (let i = 0; i < n; i++) out[c * n + i] = mean[i] + gain[i] * detail[i];
  }
  return { width: blended.width, height: blended.height, data: out };
}
