/**
 * The stabilizer's work at full size, in two passes over the samples:
 * 1. the previous output is warped along the motion and blended into the new stylized frame, where
 *    the motion is trusted: the state carried into the next frame. It is read bilinearly and its
 *    luma sharpened towards a Catmull-Rom read: a bilinear read softens the carried strokes a little
 *    every frame, and along the carry that compounds. The luma carries the strokes' detail, and
 *    the sharpening costs two more bilinear reads (see Curvature, steadyKernel.ts; docs/steadiness.md has the figures);
 * 2. what is shown gets back the detail energy that blending lost.
 * Motion and trust arrive at the motion estimate's reduced size and are interpolated inside the
 * passes, so no full-size flow, position or trust plane is made: at 720p this work is two passes
 * over the samples instead of some twenty. Both passes are the planes' WebAssembly SIMD kernel
 * (steadyKernel.ts); what is here decides what they compute.
 */
import type { PlanarRgb } from '../images/image';
import { boxSum, plane, type Plane } from '../images/planes';
import { SteadyPlanes, type CellSums, type Curvature } from './steadyKernel';
import type { Flow } from './opticalFlow';

/** Motion at the estimate's reduced size: where each sample was in the previous frame, and how far (0..1) that is trusted. */
export interface ReducedMotion {
  flow: Flow;
  trust: Plane;
  /** Full size over reduced size. */
  factor: number;
}

/** The most the output's detail is scaled up to match the new stylized frame's. */
export const MAX_DETAIL_GAIN = 2;
/** Detail energy is compared over this radius (17×17 samples)… */
const ENERGY_RADIUS = 8;
/** …on a grid this many times coarser than the frame, where it is cheap (the kernel sums luma in 4×4 cells). */
const ENERGY_GRID = 4;

export interface Steadied {
  /** The linear blend carried into the next frame, and its luma's curvature (in the buffers). */
  carried: PlanarRgb;
  carriedCurvature: Curvature;
  /** The blend with its detail restored: the frame to output, in the new stylized frame's memory. */
  shown: PlanarRgb;
}

/** Where a blend writes: planes the caller keeps across frames, so a frame allocates only what it outputs. */
export interface BlendBuffers {
  /** Receives the blend's curvature; must not be `previousCurvature`'s memory. */
  curvature: Curvature;
  /** The planes' owner, whose kernel does both passes (steadyPlanesFor). The carried blend goes into its carried planes that `previous` is not. */
  planes: SteadyPlanes;
}

/** The frames a blend takes, all at one size. */
export interface BlendFrames {
  /** The previous output (the carried blend, in the planes). */
  previous: PlanarRgb;
  /** Its luma's curvature. */
  previousCurvature: Curvature;
  /** The new stylized frame. */
  current: PlanarRgb;
  /** The new frame stylized at the previous output's look: `current` itself while the look holds. */
  atPreviousLook: PlanarRgb;
}

/**
 * current + carry·trust·(previous warped − atPreviousLook), then its detail restored for output,
 * written over `current` (the caller hands its new stylized frame over, after handing it to the
 * planes: buffers.planes.takeCurrent).
 * The difference is taken at one look, so a change of look passes through at once and only flicker
 * and motion are steadied.
 */
export function steadied(frames: BlendFrames, motion: ReducedMotion, carry: number, { curvature, planes }: BlendBuffers): Steadied {
  const { previous, previousCurvature, current, atPreviousLook } = frames;
  const { width, height } = current;
  const { flow, trust } = motion;
  const reduced = { u: plane(flow.width, flow.height, flow.u), v: plane(flow.width, flow.height, flow.v), trust };
  const base = atPreviousLook === current ? undefined : atPreviousLook.data;
  const blend = planes.blend(previous.data as Float32Array, previousCurvature, base, reduced, carry);
  const carried = { width, height, data: blend.carried };
  const { gain, mean } = detailGain(blend.cells, width, height);
  // The new frame has been read: what is shown takes its memory (a fresh full-size plane costs as
  // much as a pass, in page faults).
  planes.restore(blend.carried, curvature, gain, mean, ENERGY_GRID, current.data as Float32Array);
  return { carried, carriedCurvature: curvature, shown: current };
}

/**
 * Blending frames whose strokes do not line up lowers the strokes' contrast (averaging uncorrelated
 * texture). Per cell: the gain (1..MAX_DETAIL_GAIN) that brings the blend's local detail energy
 * (luma variance over about (2·ENERGY_RADIUS+1)² samples) back to the new stylized frame's, and
 * the blend's mean luma (the low-pass the detail is measured from).
 */
function detailGain(cells: CellSums, width: number, height: number): { gain: Plane; mean: Plane } {
  const cw = Math.ceil(width / ENERGY_GRID);
  const ch = Math.ceil(height / ENERGY_GRID);
  const mean = new Float32Array(cw * ch);
  const carriedVariance = new Float32Array(cw * ch);
  const currentVariance = new Float32Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    const rows = Math.min(height, (cy + 1) * ENERGY_GRID) - cy * ENERGY_GRID;
    for (let cx = 0; cx < cw; cx++) {
      const count = rows * (Math.min(width, (cx + 1) * ENERGY_GRID) - cx * ENERGY_GRID);
      const i = cy * cw + cx;
      const c = 8 * i;
      mean[i] = (cells[c] + cells[c + 1]) / count;
      carriedVariance[i] = Math.max(0, (cells[c + 2] + cells[c + 3]) / count - mean[i] * mean[i]);
      const currentMean = (cells[c + 4] + cells[c + 5]) / count;
      currentVariance[i] = Math.max(0, (cells[c + 6] + cells[c + 7]) / count - currentMean * currentMean);
    }
  }
  const radius = Math.max(1, Math.round(ENERGY_RADIUS / ENERGY_GRID));
  const currentEnergy = boxSum(plane(cw, ch, currentVariance), radius, radius).data;
  const carriedEnergy = boxSum(plane(cw, ch, carriedVariance), radius, radius).data;
  const gain = new Float32Array(cw * ch);
  for (let i = 0; i < gain.length; i++) {
    const ratio = currentEnergy[i] / (carriedEnergy[i] + 1e-12);
    gain[i] = ratio <= 1 ? 1 : ratio >= MAX_DETAIL_GAIN * MAX_DETAIL_GAIN ? MAX_DETAIL_GAIN : Math.sqrt(ratio);
  }
  return { gain: plane(cw, ch, gain), mean: plane(cw, ch, mean) };
}

/** The full-size planes a stabilizer keeps for width×height frames whose motion is estimated `factor` times coarser. */
export function steadyPlanesFor(width: number, height: number, factor: number): SteadyPlanes {
  const detailRows = Math.ceil(height / ENERGY_GRID);
  return new SteadyPlanes(width, height, factor, detailRows, Math.ceil(width / ENERGY_GRID) * detailRows);
}
