/**
 * Resizing of planar frames, separable per axis: area averaging when an axis shrinks (exact box
 * overlap weights, like OpenCV INTER_AREA, so no aliasing) and bilinear with half-pixel centres when
 * it grows (like OpenCV INTER_LINEAR). Weights are computed once per axis, then applied as two
 * passes of plain loops over Float32Arrays.
 * Ours rather than a library's: the training pipeline resizes with OpenCV, so the engine must match
 * it on float planes in UXP, browsers and Node alike (resize.test.ts checks OpenCV's own outputs);
 * the JS image libraries work on 8-bit interleaved pixels with other kernels.
 */
import { CoherentStyleError } from '../errors';
import type { PlanarRgb } from './image';

/**
 * For each output index i: its taps are the consecutive source indices first[i], first[i]+1, …
 * weighted by weights[offsets[i] .. offsets[i+1]) (consecutive taps spare an index lookup per tap).
 */
interface AxisWeights {
  first: Int32Array;
  offsets: Int32Array;
  weights: Float32Array;
}

function areaWeights(src: number, dst: number): AxisWeights {
  const scale = src / dst;
  const first = new Int32Array(dst);
  const offsets = new Int32Array(dst + 1);
  const weights: number[] = [];
  for (let i = 0; i < dst; i++) {
    const start = i * scale;
    const end = Math.min(src, (i + 1) * scale);
    first[i] = Math.floor(start);
    for (let j = first[i]; j < end; j++) weights.push((Math.min(end, j + 1) - Math.max(start, j)) / scale);
    offsets[i + 1] = weights.length;
  }
  return { first, offsets, weights: Float32Array.from(weights) };
}

function bilinearWeights(src: number, dst: number): AxisWeights {
  const scale = src / dst;
  const first = new Int32Array(dst);
  const offsets = new Int32Array(dst + 1);
  const weights: number[] = [];
  for (let i = 0; i < dst; i++) {
    const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), src - 1);
    first[i] = Math.floor(position);
    const fraction = position - first[i];
    // At the clamped borders the sample sits exactly on a pixel: one tap, never one past the edge.
    if (fraction > 0) weights.push(1 - fraction, fraction);
    else weights.push(1);
    offsets[i + 1] = weights.length;
  }
  return { first, offsets, weights: Float32Array.from(weights) };
}

function axisWeights(src: number, dst: number): AxisWeights {
  return dst < src ? areaWeights(src, dst) : bilinearWeights(src, dst);
}

/** Resizes each row of every plane (rows × srcW → rows × dstW). */
function resizeRows(src: Float32Array, rows: number, srcW: number, dstW: number, w: AxisWeights): Float32Array {
  const out = new Float32Array(rows * dstW);
  const { first, offsets, weights } = w;
  for (let r = 0; r < rows; r++) {
    const srcRow = r * srcW;
    const dstRow = r * dstW;
    for (let x = 0; x < dstW; x++) {
      const begin = offsets[x];
      const end = offsets[x + 1];
      const base = srcRow + first[x] - begin;
      let sum = 0;
      for (let k = begin; k < end; k++) sum += src[base + k] * weights[k];
      out[dstRow + x] = sum;
    }
  }
  return out;
}

/** Resizes the columns of each plane (srcH × width → dstH × width), whole rows at a time. */
function resizeColumns(src: Float32Array, width: number, srcH: number, dstH: number, w: AxisWeights, planes = 3): Float32Array {
  const out = new Float32Array(planes * dstH * width);
  const { first, offsets, weights } = w;
  for (let c = 0; c < planes; c++) {
    const srcPlane = c * srcH * width;
    for (let y = 0; y < dstH; y++) {
      const dstRow = (c * dstH + y) * width;
      const begin = offsets[y];
      const end = offsets[y + 1];
      const row0 = srcPlane + first[y] * width;
      const w0 = weights[begin];
      if (end - begin === 2) {
        // The bilinear case in one pass.
        const row1 = row0 + width;
        const w1 = weights[begin + 1];
        for (let x = 0; x < width; x++) out[dstRow + x] = src[row0 + x] * w0 + src[row1 + x] * w1;
        continue;
      }
      for (let x = 0; x < width; x++) out[dstRow + x] = src[row0 + x] * w0;
      for (let k = begin + 1; k < end; k++) {
        const srcRow = row0 + (k - begin) * width;
        const weight = weights[k];
        for (let x = 0; x < width; x++) out[dstRow + x] += src[srcRow + x] * weight;
      }
    }
  }
  return out;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Cannot resize to ${width}×${height}: the size must be at least 1×1 whole pixels.`);
  }
}

/** A new planar image of the given size (a copy even when the size is unchanged). */
export function resizePlanar(p: PlanarRgb, width: number, height: number): PlanarRgb {
  return { width, height, data: resizePlanes(p.data, 3, p.width, p.height, width, height) };
}

/** `planes` float planes of srcW × srcH, each resized to width × height (a copy even when the size is unchanged). */
export function resizePlanes(data: Float32Array, planes: number, srcW: number, srcH: number, width: number, height: number): Float32Array {
  checkSize(width, height);
  if (width === srcW && height === srcH) return data.slice();
  if (height === srcH) return resizeRows(data, planes * height, srcW, width, axisWeights(srcW, width));
  if (width === srcW) return resizeColumns(data, width, srcH, height, axisWeights(srcH, height), planes);
  const alongX = axisWeights(srcW, width);
  const alongY = axisWeights(srcH, height);
  // Multiply-adds per plane of each order; the axis that shrinks most should usually go first.
  const rowsFirstCost = srcH * alongX.weights.length + width * alongY.weights.length;
  const columnsFirstCost = srcW * alongY.weights.length + height * alongX.weights.length;
  return rowsFirstCost <= columnsFirstCost
    ? resizeColumns(resizeRows(data, planes * srcH, srcW, width, alongX), width, srcH, height, alongY, planes)
    : resizeRows(resizeColumns(data, srcW, srcH, height, alongY, planes), planes * height, srcW, width, alongX);
}

/**
 * The size whose short side is `shortSide`, keeping the aspect ratio (long side rounded, at least 1).
 * Images whose short side is already at most `shortSide` keep their size: this never upscales.
 */
export function sizeForShortSide(width: number, height: number, shortSide: number): { width: number; height: number } {
  checkSize(width, height);
  if (!Number.isInteger(shortSide) || shortSide < 1) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The short side must be a whole number of pixels of at least 1, got ${shortSide}.`);
  }
  const short = Math.min(width, height);
  if (short <= shortSide) return { width, height };
  const scale = shortSide / short;
  return width <= height
    ? { width: shortSide, height: Math.max(1, Math.round(height * scale)) }
    : { width: Math.max(1, Math.round(width * scale)), height: shortSide };
}
