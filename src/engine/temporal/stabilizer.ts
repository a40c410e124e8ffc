/**
 * The temporal stabilizer: keeps a stylized clip steady without retraining the network. For each
 * frame, the motion between the previous and the current input frame is estimated (opticalFlow.ts,
 * at a reduced size), the previous output is warped along it, and blended into the new stylized
 * frame where that motion can be trusted:
 * - the input's own change: where the current input differs from the previous input warped along
 *   the flow (something occluded or revealed, a lighting change, a fast object, a wrong motion
 *   estimate), the new frame is kept;
 * - motion from outside the frame (what a pan reveals at the edge) is not trusted.
 * A forward–backward consistency check (Ruder et al. 2016) was measured too: at the estimate's
 * reduced size it also rejects well-followed samples, and dropping it made every measured clip
 * steadier at half the motion cost (docs/steadiness.md), since the input-change test already
 * catches what it caught.
 * - scene cuts: when most of the frame cannot be followed, the state resets and the frame is the
 *   plain stylization.
 * - trails: near moving objects, where the carry holds a halo the network has stopped painting,
 *   the carry is limited (trailLimit.ts), so the halo fades in a few frames instead of trailing it.
 * The blend weight never exceeds the level's maximum, so a difference between two states shrinks by
 * about that factor per frame: after `warmUpFrames` frames from any state, the output is within
 * 1/255 of an uninterrupted run (what resume and render-farm chunks rely on). "About": the carried
 * luma is sharpened towards a Catmull-Rom read, which reproduces a smooth difference exactly but can
 * overshoot on a pattern that alternates at the sample pitch; and the trail limit makes the weight
 * depend on the carried frame (it caps how far the carry pulls, so it should not widen a difference,
 * and its memory of nearby motion is the same in both runs after 16 frames). The resume and farm
 * tests measure the bound on real renders (≤ 2/255).
 *
 * A look that changes from frame to frame (keyframed strength or style mix) must not be carried:
 * blending the previous look in would trail each change by several frames. So the carried output is
 * re-based onto the new look first: the caller also stylizes the frame at the carried state's look,
 * and the blend moves the new frame towards the previous output by what separates the previous output
 * from that (flicker and motion at one look), never by what separates the two looks.
 */
import type { PlanarRgb } from '../images/image';
import { lumaOf, meanAbsDifference, plane, remapByOffsets, type Plane } from '../images/planes';
import { FlowEstimator } from './opticalFlow';
import type { Curvature, SteadyPlanes } from './steadyKernel';
import { MAX_DETAIL_GAIN, steadied, steadyPlanesFor, type ReducedMotion } from './steadyBlend';
import { TrailLimit } from './trailLimit';

export const TEMPORAL_LEVELS = ['off', 'normal', 'strong'] as const;
export type TemporalLevel = (typeof TEMPORAL_LEVELS)[number];

/** The most of the previous output a frame takes where motion is fully trusted. */
const MAX_CARRY: Record<Exclude<TemporalLevel, 'off'>, number> = { normal: 0.8, strong: 0.9 };

/** Motion is estimated at about this short side (a 720p frame at a quarter of its size). */
const FLOW_SHORT_SIDE = 180;
/** The input's own change after motion compensation (luma, 3×3 mean): trusted up to the first, not at all from the second. */
const CHANGE_TRUSTED = 0.06;
const CHANGE_REJECTED = 3 * CHANGE_TRUSTED;
/** Fewer fully trusted samples than this share of the frame is taken as a scene cut. */
const CUT_TRUSTED_SHARE = 0.3;

/**
 * Frames to stylize (and discard) before the first frame of a render that does not start at the
 * clip's beginning. The carried state is a blend, so a difference between two states shrinks by
 * the carry each frame (see the overshoot caveat above); the output scales detail by at most
 * MAX_DETAIL_GAIN. After n frames with MAX_DETAIL_GAIN · maxCarry^n ≤ 1/255 the output is within
 * 1/255 of an uninterrupted render.
 */
export function warmUpFrames(level: TemporalLevel): number {
  if (level === 'off') return 0;
  return Math.ceil(Math.log(1 / (255 * MAX_DETAIL_GAIN)) / Math.log(MAX_CARRY[level]));
}

/** 1 up to `trusted`, 0 from `rejected`, linear between. */
const ramp = (value: number, trusted: number, rejected: number): number =>
  value <= trusted ? 1 : value >= rejected ? 0 : (rejected - value) / (rejected - trusted);

interface FrameState<Look> {
  index: number;
  /** What the frame was stylized with besides the frame itself (strength, style mix). */
  look: Look | undefined;
  width: number;
  height: number;
  /** The input's luma at the motion estimate's size. */
  small: Plane;
  /** The blend carried into the next frame (before its detail is restored for output), and its luma's curvature, in the planes (whose `luma` holds its luma). */
  carried: PlanarRgb;
  carriedCurvature: Curvature;
}

/** `Look`: what a stylization depends on besides the frame; the caller tells looks apart. */
export class TemporalStabilizer<Look = undefined> {
  private state: FrameState<Look> | undefined;
  /**
   * Full-size planes kept from frame to frame: the carried blend and its curvature alternate
   * between two (the previous frame's are read while the next are written). A 720p frame would
   * otherwise allocate some 22 MB of fresh memory, whose page faults cost as much as the blend itself.
   * They live in the memory of the kernel that blends them (steadyKernel.ts).
   */
  private planes: SteadyPlanes | undefined;
  private readonly flows = new FlowEstimator();
  private readonly trails = new TrailLimit();

  constructor(private readonly level: Exclude<TemporalLevel, 'off'>) {}

  /** The look of the state frame `index` would be blended with; undefined when the frame does not follow one. */
  carriedLook(index: number): Look | undefined {
    return this.state?.index === index - 1 ? this.state.look : undefined;
  }

  /**
   * The steadied version of `stylized`, the stylization of `input` (both at one size) with `look`,
   * frame `index` of the clip. When `look` is not carriedLook(index), `atCarriedLook` is `input`
   * stylized with the carried look, which the carried output is re-based from. A frame that does not
   * follow the previous one (a gap, another size, a scene cut) starts afresh: it is the plain stylization.
   * `stylized` is handed over: the steadied frame is written into its memory (a first frame is returned
   * as it is; the state keeps a copy).
   */
  apply(index: number, input: PlanarRgb, stylized: PlanarRgb, look?: Look, atCarriedLook: PlanarRgb = stylized): PlanarRgb {
    const { width, height } = input;
    const factor = Math.max(1, Math.round(Math.min(width, height) / FLOW_SHORT_SIDE));
    const planes = this.planesFor(width, height, factor);
    const small = planes.lumaDownscaled(input.data);
    const stylizedSmall = planes.takeCurrent(stylized.data);
    const previous = this.state;
    const follows = previous !== undefined && previous.index === index - 1 && previous.width === width && previous.height === height;
    const motion = follows ? motionBetween(this.flows, previous, small, factor) : undefined;
    if (!motion) {
      planes.carried[0].set(stylized.data);
      const carried = { width, height, data: planes.carried[0] };
      this.state = { index, look, width, height, small, carried, carriedCurvature: planes.curvatureOf(lumaOf(stylized).data) };
      this.trails.restart(stylizedSmall);
      return stylized;
    }
    const atCarriedLookSmall = atCarriedLook === stylized ? stylizedSmall : planes.lumaDownscaled(atCarriedLook.data);
    this.trails.limit(motion, planes.carriedLumaDownscaled(), atCarriedLookSmall, stylizedSmall);
    // The state stays a linear blend (so it forgets a different start geometrically); only what is
    // shown gets its detail back, so restoring detail never compounds from frame to frame.
    const { carried: previousCarried, carriedCurvature: previousCurvature } = previous!;
    const buffers = { curvature: planes.curvatures[planes.curvatures[0] === previousCurvature ? 1 : 0], planes };
    const frames = { previous: previousCarried, previousCurvature, current: stylized, atPreviousLook: atCarriedLook };
    const { carried, carriedCurvature, shown } = steadied(frames, motion, MAX_CARRY[this.level], buffers);
    this.state = { index, look, width, height, small, carried, carriedCurvature };
    return shown;
  }

  /** The full-size planes for width×height frames (motion `factor` times coarser), made anew when the size changes. */
  private planesFor(width: number, height: number, factor: number): SteadyPlanes {
    if (this.planes?.width !== width || this.planes.height !== height) this.planes = steadyPlanesFor(width, height, factor);
    return this.planes;
  }
}

/**
 * The motion from the previous frame, or undefined for a scene cut (most of the frame cannot be
 * followed). Trust is judged at the motion estimate's size (where sensor noise is already averaged
 * down) and interpolated up by the blend, so the carry fades in and out smoothly instead of in blocks.
 */
function motionBetween<Look>(flows: FlowEstimator, previous: FrameState<Look>, small: Plane, factor: number): ReducedMotion | undefined {
  const backward = flows.estimate(small, previous.small);
  const { width, height } = small;
  const warped = new Float32Array(width * height);
  remapByOffsets(previous.small, backward.u, backward.v, warped);
  // Averaged over 3×3, so sensor noise alone does not count as change.
  const change = meanAbsDifference(small, warped, 1);
  const trustSmall = new Float32Array(width * height);
  const maxX = width - 1;
  const maxY = height - 1;
  let trusted = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const px = Math.fround(x + backward.u[i]);
      const py = Math.fround(y + backward.v[i]);
      const inside = px >= 0 && px <= maxX && py >= 0 && py <= maxY;
      trustSmall[i] = inside ? ramp(change.data[i], CHANGE_TRUSTED, CHANGE_REJECTED) : 0;
      if (trustSmall[i] === 1) trusted++;
    }
  }
  if (trusted < CUT_TRUSTED_SHARE * trustSmall.length) return undefined;
  return { flow: backward, trust: plane(width, height, trustSmall), factor };
}
