/**
 * Trails behind moving objects. The network paints a halo around an object; when the object moves
 * on, the new stylization there is background again, but the carry still holds the halo and lets
 * it fade only by the carry's share per frame: a ghost that trails the object (docs/steadiness.md).
 * Flicker and a receding halo both make the carry differ from the new frame; what tells them apart
 * is the network's own last step. Flicker changes the stylization from frame to frame about as much
 * as the carry differs from it. A halo that has gone leaves two stylizations in a row that agree
 * with each other and not with the carry: there the carry may pull the new frame by no more than
 * TOLERANCE times the network's own change since the frame before.
 * The test runs only near samples whose motion was not fully trusted lately (moving objects, also a
 * pan's incoming edge or a lighting change), since on still flicker two samples in a row can agree
 * by chance and the test would let flicker through.
 * Everything here works at the motion estimate's reduced size, on luma.
 */
import { boxSum, meanAbsDifference, plane, remapByOffsets, type Plane } from '../images/planes';
import type { ReducedMotion } from './steadyBlend';

/** How far (in samples of the full-size frame) a halo reaches around untrusted motion. */
const HALO_REACH = 6;
/**
 * Frames over which "untrusted motion was near" fades out linearly. The network's halo behind a
 * subject takes about as long to recede; a memory of 8 frames let the limit go while the strip 5–8
 * frames behind was still fading (docs/steadiness.md). A finite memory: two runs that start apart
 * (resume, farm chunks) have the same near map after this many frames, inside warmUpFrames
 * (stabilizer.ts: 28 at Normal).
 */
const NEAR_FRAMES = 16;
/** The carry may differ from the new frame by this many times the network's own change since the frame before… */
const TOLERANCE = 1.25;
/**
 * …plus this much luma, a quarter of an 8-bit step, so a steady stylization whose last step is 0 is
 * not limited by rounding alone. A larger floor (0.01) let the last few levels of a receding halo through.
 */
const FLOOR = 0.001;
/** Differences are averaged over (2·radius+1)² reduced samples, so one noisy sample decides nothing. */
const DIFFERENCE_RADIUS = 1;

export class TrailLimit {
  /** The previous frame's stylization (before steadying), its luma at the reduced size. */
  private previousStylized: Plane | undefined;
  /** Per reduced sample: 1 within HALO_REACH of untrusted motion this frame, fading to 0 over NEAR_FRAMES since. */
  private near: Float32Array | undefined;

  /** A frame that starts afresh (first, after a gap or cut): nothing was near, and its stylization is the one to compare with next. */
  restart(stylizedLuma: Plane): void {
    this.previousStylized = stylizedLuma;
    this.near = undefined;
  }

  /**
   * Lowers `motion.trust` where the carry holds a look the network has left behind. `carriedLuma`:
   * the luma of the blend carried from the previous frame (before its detail was restored);
   * `atCarriedLook`: the new frame stylized at the previous frame's look, which the carry and the
   * previous stylization are compared with; `stylized`: the new frame's own stylization, kept for the
   * next frame. All three reduced to the motion's size. Always follows restart() or another limit().
   */
  limit(motion: ReducedMotion, carriedLuma: Plane, atCarriedLook: Plane, stylized: Plane): void {
    const previous = this.previousStylized as Plane;
    this.previousStylized = stylized;
    const { flow, trust } = motion;
    const { width, height } = trust;
    const n = width * height;
    const near = this.nearUntrusted(motion);
    // Both earlier frames brought onto this one along the motion, then their distance to the new frame.
    const carried = new Float32Array(n);
    remapByOffsets(carriedLuma, flow.u, flow.v, carried);
    const before = new Float32Array(n);
    remapByOffsets(previous, flow.u, flow.v, before);
    const carryGap = meanAbsDifference(atCarriedLook, carried, DIFFERENCE_RADIUS).data;
    const networkStep = meanAbsDifference(atCarriedLook, before, DIFFERENCE_RADIUS).data;
    for (let i = 0; i < n; i++) {
      const allowed = TOLERANCE * networkStep[i] + FLOOR;
      const kept = carryGap[i] <= allowed ? 1 : allowed / carryGap[i];
      trust.data[i] *= 1 - near[i] * (1 - kept);
    }
  }

  /** 1 within HALO_REACH of samples whose motion is not fully trusted; elsewhere the previous map, carried along the motion, a step closer to 0. */
  private nearUntrusted({ flow, trust, factor }: ReducedMotion): Float32Array {
    const { width, height } = trust;
    const n = width * height;
    const untrusted = new Float32Array(n);
    for (let i = 0; i < n; i++) untrusted[i] = trust.data[i] < 1 ? 1 : 0;
    const reach = Math.max(1, Math.round(HALO_REACH / factor));
    const untrustedNearby = boxSum(plane(width, height, untrusted), reach, reach).data;
    const earlier = new Float32Array(n);
    if (this.near) remapByOffsets(plane(width, height, this.near), flow.u, flow.v, earlier);
    const near = new Float32Array(n);
    for (let i = 0; i < n; i++) near[i] = untrustedNearby[i] > 0 ? 1 : Math.max(0, earlier[i] - 1 / NEAR_FRAMES);
    this.near = near;
    return near;
  }
}
