/**
 * The stabilizer's work at full size, in two passes over the samples:
 * 1. the previous output is warped along the motion and blended into the new stylized frame, where
 *    the motion is trusted: the state carried into the next frame. It is read bilinearly and its
 *    luma sharpened towards a Catmull-Rom read: a bilinear read softens the carried strokes a little
 *    every frame, and along the carry that compounds. The luma carries the strokes' detail, and
 *    the sharpening costs two more bilinear reads (see Curvature, detailKernel.ts; docs/steadiness.md has the figures);
 * 2. what is shown gets back the detail energy that blending lost.
 * Motion and trust arrive at the motion estimate's reduced size and are interpolated inside the
 * passes, so no full-size flow, position or trust plane is made: at 720p this work is a few
 * passes over the samples instead of some twenty.
 */
import type { PlanarRgb } from '../images/image';
import { acrossRows, boxSum, plane, type AcrossRows, type Plane } from '../images/planes';
import { DetailPlanes, type Curvature } from './detailKernel';
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
/** …on a grid this many times coarser than the frame, where it is cheap. */
const ENERGY_GRID = 4;

const LUMA_R = 0.2126;
const LUMA_G = 0.7152;
const LUMA_B = 0.0722;

/**
 * One channel's sample: the new value moved by k of the way from its stylization at the previous
 * look (`base`, the new value itself while the look holds) to the previous output read bilinearly
 * at (p00…p11; wx, wy), sharpened by `sharpen`.
 */
function blendSample(
  prev: Float32Array, value: number, base: number, p00: number, p01: number, p10: number, p11: number,
  wx: number, wy: number, sharpen: number, k: number,
): number {
  const top = prev[p00] + wx * (prev[p01] - prev[p00]);
  const bottom = prev[p10] + wx * (prev[p11] - prev[p10]);
  return value + k * (top + wy * (bottom - top) + sharpen - base);
}

/** Per ENERGY_GRID cell: the sum of a luma plane's samples and of their squares. */
interface CellSums {
  sum: Float64Array;
  squares: Float64Array;
}

export interface Steadied {
  /** The linear blend carried into the next frame, and its luma's curvature (in the buffers). */
  carried: PlanarRgb;
  carriedCurvature: Curvature;
  /** The blend with its detail restored: the frame to output, in the new stylized frame's memory. */
  shown: PlanarRgb;
}

/** Full-size planes the caller keeps across frames, so a frame allocates only what it outputs. */
export interface BlendBuffers {
  /** Receives the carried blend (3 planes); must not be `previous`'s memory. */
  carried: Float32Array;
  /** Receives the blend's luma (1 plane). */
  luma: Float32Array;
  /** Receives the blend's curvature; must not be `previousCurvature`'s memory. */
  curvature: Curvature;
  /** Reduced planes (motion, trust, detail gain and mean) interpolated across rows: replaced here when their size changes. */
  interpolated: Float32Array[];
  /** The planes' owner, whose kernel restores the detail (detailPlanesFor). */
  planes: DetailPlanes;
}

/** The frames a blend takes, all at one size. */
export interface BlendFrames {
  /** The previous output (the carried blend). */
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
 * written over `current` (the caller hands its new stylized frame over).
 * The difference is taken at one look, so a change of look passes through at once and only flicker
 * and motion are steadied.
 */
export function steadied(frames: BlendFrames, motion: ReducedMotion, carry: number, buffers: BlendBuffers): Steadied {
  const { current } = frames;
  const { width, height } = current;
  const cw = Math.ceil(width / ENERGY_GRID);
  const ch = Math.ceil(height / ENERGY_GRID);
  const carriedCells: CellSums = { sum: new Float64Array(cw * ch), squares: new Float64Array(cw * ch) };
  const currentCells: CellSums = { sum: new Float64Array(cw * ch), squares: new Float64Array(cw * ch) };
  blendAlongMotion(frames, motion, carry, carriedCells, currentCells, buffers);
  const carried = { width, height, data: buffers.carried };
  const { gain, mean } = detailGain(carriedCells, currentCells, cw, ch, width, height);
  // The new frame has been read: what is shown takes its memory (a fresh full-size plane costs as
  // much as a pass, in page faults).
  withDetailGain(carried, buffers, gain, mean, current.data);
  return { carried, carriedCurvature: buffers.curvature, shown: current };
}

/** acrossRows into `kept[slot]`, which holds the rows from frame to frame (replaced when its size changes). */
function keptAcrossRows(kept: Float32Array[], slot: number, src: Plane, scale: number, width: number, height: number): AcrossRows {
  const interpolated = acrossRows(src, scale, width, height, kept[slot]);
  kept[slot] = interpolated.rows;
  return interpolated;
}

/** Pass 1: the blend and its luma into the buffers, and both lumas' cell sums. */
function blendAlongMotion(
  { previous, previousCurvature, current, atPreviousLook }: BlendFrames, motion: ReducedMotion, carry: number, carriedCells: CellSums, currentCells: CellSums, buffers: BlendBuffers,
): void {
  const { width, height } = current;
  const n = width * height;
  const { flow, trust, factor } = motion;
  const { interpolated } = buffers;
  const u = keptAcrossRows(interpolated, 0, plane(flow.width, flow.height, flow.u), factor, width, height);
  const v = keptAcrossRows(interpolated, 1, plane(flow.width, flow.height, flow.v), factor, width, height).rows;
  const t = keptAcrossRows(interpolated, 2, trust, factor, width, height).rows;
  const cw = Math.ceil(width / ENERGY_GRID);
  const prev = previous.data;
  const { across, down } = previousCurvature;
  const cur = current.data;
  const base = atPreviousLook.data;
  const { carried: out, luma: carriedLuma } = buffers;
  const { sum: carriedSum, squares: carriedSquares } = carriedCells;
  const { sum: currentSum, squares: currentSquares } = currentCells;
  const maxX = width - 1;
  const maxY = height - 1;
  for (let y = 0; y < height; y++) {
    const r0 = u.down.first[y] * width;
    const r1 = u.down.second[y] * width;
    const fy = u.down.weight[y];
    const cellRow = ((y / ENERGY_GRID) | 0) * cw;
    // One cell's ENERGY_GRID samples of this row at a time, its four sums kept in locals.
    for (let cellX = 0; cellX < cw; cellX++) {
      const cell = cellRow + cellX;
      let carriedS = carriedSum[cell];
      let carriedQ = carriedSquares[cell];
      let currentS = currentSum[cell];
      let currentQ = currentSquares[cell];
      const end = Math.min(width, (cellX + 1) * ENERGY_GRID);
      for (let x = cellX * ENERGY_GRID; x < end; x++) {
        const a = r0 + x;
        const b = r1 + x;
        const px = x + factor * (u.rows[a] + fy * (u.rows[b] - u.rows[a]));
        const py = y + factor * (v[a] + fy * (v[b] - v[a]));
        const k = carry * (t[a] + fy * (t[b] - t[a]));
        const cx = px < 0 ? 0 : px > maxX ? maxX : px;
        const cy = py < 0 ? 0 : py > maxY ? maxY : py;
        const x0 = cx | 0;
        const y0 = cy | 0;
        const wx = cx - x0;
        const wy = cy - y0;
        const p00 = y0 * width + x0;
        const p01 = x0 < maxX ? p00 + 1 : p00;
        const p10 = y0 < maxY ? p00 + width : p00;
        const p11 = x0 < maxX ? p10 + 1 : p10;
        // Catmull-Rom minus bilinear, from the curvature read bilinearly (see Curvature).
        const acrossTop = across[p00] + wx * (across[p01] - across[p00]);
        const acrossBottom = across[p10] + wx * (across[p11] - across[p10]);
        const downTop = down[p00] + wx * (down[p01] - down[p00]);
        const downBottom = down[p10] + wx * (down[p11] - down[p10]);
        const sharpen = -0.5 * (wx * (1 - wx) * (acrossTop + wy * (acrossBottom - acrossTop)) + wy * (1 - wy) * (downTop + wy * (downBottom - downTop)));
        const i = y * width + x;
        const curR = cur[i];
        const curG = cur[n + i];
        const curB = cur[2 * n + i];
        const r = blendSample(prev, curR, base === cur ? curR : base[i], p00, p01, p10, p11, wx, wy, sharpen, k);
        const g = blendSample(prev, curG, base === cur ? curG : base[n + i], n + p00, n + p01, n + p10, n + p11, wx, wy, sharpen, k);
        const bl = blendSample(prev, curB, base === cur ? curB : base[2 * n + i], 2 * n + p00, 2 * n + p01, 2 * n + p10, 2 * n + p11, wx, wy, sharpen, k);
        out[i] = r;
        out[n + i] = g;
        out[2 * n + i] = bl;
        const carriedL = LUMA_R * r + LUMA_G * g + LUMA_B * bl;
        const currentL = LUMA_R * curR + LUMA_G * curG + LUMA_B * curB;
        carriedLuma[i] = carriedL;
        carriedS += carriedL;
        carriedQ += carriedL * carriedL;
        currentS += currentL;
        currentQ += currentL * currentL;
      }
      carriedSum[cell] = carriedS;
      carriedSquares[cell] = carriedQ;
      currentSum[cell] = currentS;
      currentSquares[cell] = currentQ;
    }
  }
}

/**
 * Blending frames whose strokes do not line up lowers the strokes' contrast (averaging uncorrelated
 * texture). Per cell: the gain (1..MAX_DETAIL_GAIN) that brings the blend's local detail energy
 * (luma variance over about (2·ENERGY_RADIUS+1)² samples) back to the new stylized frame's, and
 * the blend's mean luma (the low-pass the detail is measured from).
 */
function detailGain(carried: CellSums, current: CellSums, cw: number, ch: number, width: number, height: number): { gain: Plane; mean: Plane } {
  const mean = new Float32Array(cw * ch);
  const carriedVariance = new Float32Array(cw * ch);
  const currentVariance = new Float32Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    const rows = Math.min(height, (cy + 1) * ENERGY_GRID) - cy * ENERGY_GRID;
    for (let cx = 0; cx < cw; cx++) {
      const count = rows * (Math.min(width, (cx + 1) * ENERGY_GRID) - cx * ENERGY_GRID);
      const i = cy * cw + cx;
      mean[i] = carried.sum[i] / count;
      carriedVariance[i] = Math.max(0, carried.squares[i] / count - mean[i] * mean[i]);
      const currentMean = current.sum[i] / count;
      currentVariance[i] = Math.max(0, current.squares[i] / count - currentMean * currentMean);
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

/**
 * Pass 2 into `out`: the blend with its luma detail (luma minus the interpolated cell mean) scaled
 * by the interpolated gain; and the blend luma's curvature (pass 1 wrote the whole luma) into the
 * buffers. The planes' WebAssembly SIMD kernel does it (detailKernel.ts).
 */
function withDetailGain(blend: PlanarRgb, { curvature, interpolated, planes }: BlendBuffers, gain: Plane, mean: Plane, out: Float32Array): void {
  const { width, height, data } = blend;
  const g = keptAcrossRows(interpolated, 3, gain, ENERGY_GRID, width, height);
  const meanRows = keptAcrossRows(interpolated, 4, mean, ENERGY_GRID, width, height).rows;
  planes.restore(data as Float32Array, curvature, { gainRows: g.rows, meanRows, down: g.down }, out);
}

/** The full-size planes a stabilizer keeps for width×height frames (BlendBuffers come from them). */
export const detailPlanesFor = (width: number, height: number): DetailPlanes => new DetailPlanes(width, height, Math.ceil(height / ENERGY_GRID));
