/**
 * Trails behind moving objects. The network paints a halo around an object; when the object moves
 * on, the new stylization there is background again, but the carry still holds the halo and lets
 * it fade only by the carry's share per frame: a ghost that trails the object (docs/steadiness.md).
 * Flicker and a receding halo both make the carry differ from the new frame; what tells them apart
 * is the network's own last step. Flicker changes the stylization from frame to frame about as much
 * as the carry differs from it. A halo that has gone leaves two stylizations in a row that agree
 * with each other and not with the carry: there the carry may pull the new frame by no more than
 * TOLERANCE times the network's own change since the frame before.
 * The test runs only near where motion was rejected lately (where objects move), since on still
 * flicker two samples in a row can agree by chance and the test would let flicker through.
 * Everything here works at the motion estimate's reduced size, on luma.
 */
import { boxSum, downscale, plane, remapByOffsets, type Plane } from '../images/planes';
import type { ReducedMotion } from './steadyBlend';

/** How far (in samples of the full-size frame) a halo reaches around where motion was rejected. */
const HALO_REACH = 6;
/**
 * How much of "an object was near" a sample keeps per frame after the object has left: no more
 * than the least carry (normal's), so two runs that start apart still agree after
 * warmUpFrames (stabilizer.ts).
 */
const NEAR_MEMORY = 0.8;
/** The carry may differ from the new frame by this many times the network's own change since the frame before… */
const TOLERANCE = 1.25;
/** …plus this much luma (so a still, steady stylization is never limited). */
const FLOOR = 0.01;
/** Differences are averaged over (2·radius+1)² reduced samples, so one noisy sample decides nothing. */
const DIFFERENCE_RADIUS = 1;

export class TrailLimit {
  /** The previous frame's stylization (before steadying), its luma at the reduced size. */
  private previousStylized: Plane | undefined;
  /** Per reduced sample: 1 where motion was rejected nearby this frame, fading by NEAR_MEMORY per frame since. */
  private near: Float32Array | undefined;

  /** A frame that starts afresh (first, after a gap or cut): nothing was near, and its stylization is the one to compare with next. */
  restart(stylizedLuma: Plane): void {
    this.previousStylized = stylizedLuma;
    this.near = undefined;
  }

  /**
   * Lowers `motion.trust` where the carry holds a look the network has left behind. `carriedLuma`:
   * the previous output's luma (full size); `atCarriedLook`: the new frame stylized at the previous
   * frame's look (reduced luma), which the carry and the previous stylization are compared with;
   * `stylized`: the new frame's own stylization (reduced luma), kept for the next frame.
   */
  limit(motion: ReducedMotion, carriedLuma: Plane, atCarriedLook: Plane, stylized: Plane): void {
    const previous = this.previousStylized;
    this.previousStylized = stylized;
    const { flow, trust, factor } = motion;
    const { width, height } = trust;
    const n = width * height;
    const near = this.nearMotion(motion);
    if (!previous || previous.width !== width || previous.height !== height) return;
    const carried = new Float32Array(n);
    remapByOffsets(downscale(carriedLuma, factor), flow.u, flow.v, carried);
    const before = new Float32Array(n);
    remapByOffsets(previous, flow.u, flow.v, before);
    const now = atCarriedLook.data;
    for (let i = 0; i < n; i++) {
      carried[i] = Math.abs(carried[i] - now[i]);
      before[i] = Math.abs(before[i] - now[i]);
    }
    const carriedOff = boxSum(plane(width, height, carried), DIFFERENCE_RADIUS, DIFFERENCE_RADIUS).data;
    const networkChange = boxSum(plane(width, height, before), DIFFERENCE_RADIUS, DIFFERENCE_RADIUS).data;
    const area = (2 * DIFFERENCE_RADIUS + 1) ** 2;
    for (let i = 0; i < n; i++) {
      if (near[i] === 0) continue;
      const allowed = (TOLERANCE * networkChange[i]) / area + FLOOR;
      const off = carriedOff[i] / area;
      const kept = off <= allowed ? 1 : allowed / off;
      trust.data[i] *= 1 - near[i] * (1 - kept);
    }
  }

  /** Where motion was rejected (trust below 1) within HALO_REACH, or lately: the near map carried along the motion. */
  private nearMotion({ flow, trust, factor }: ReducedMotion): Float32Array {
    const { width, height } = trust;
    const n = width * height;
    const rejected = new Float32Array(n);
    for (let i = 0; i < n; i++) rejected[i] = trust.data[i] < 1 ? 1 : 0;
    const reach = Math.max(1, Math.round(HALO_REACH / factor));
    const rejectedNear = boxSum(plane(width, height, rejected), reach, reach).data;
    const earlier = new Float32Array(n);
    if (this.near?.length === n) remapByOffsets(plane(width, height, this.near), flow.u, flow.v, earlier);
    const near = new Float32Array(n);
    for (let i = 0; i < n; i++) near[i] = rejectedNear[i] > 0 ? 1 : NEAR_MEMORY * earlier[i];
    this.near = near;
    return near;
  }
}
