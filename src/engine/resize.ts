/**
 * Resizing of planar frames, separable per axis: area averaging when an axis shrinks (exact box
 * overlap weights, like OpenCV INTER_AREA, so no aliasing) and bilinear with half-pixel centres when
 * it grows (like OpenCV INTER_LINEAR). Weights are computed once per axis, then applied as two
 * passes of plain loops over Float32Arrays.
 */
import { CoherentStyleError } from './errors';
import type { PlanarRgb } from './image';

/** For each output index: its source taps are indices[offsets[i] .. offsets[i+1]) with weights. */
interface AxisWeights {
  offsets: Int32Array;
  indices: Int32Array;
  weights: Float32Array;
}

function areaWeights(src: number, dst: number): AxisWeights {
  const scale = src / dst;
  const offsets = new Int32Array(dst + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < dst; i++) {
    const start = i * scale;
    const end = Math.min(src, (i + 1) * scale);
    for (let j = Math.floor(start); j < end; j++) {
      const overlap = Math.min(end, j + 1) - Math.max(start, j);
      if (overlap > 1e-9) {
        indices.push(j);
        weights.push(overlap / scale);
      }
    }
    offsets[i + 1] = indices.length;
  }
  return { offsets, indices: Int32Array.from(indices), weights: Float32Array.from(weights) };
}

function bilinearWeights(src: number, dst: number): AxisWeights {
  const scale = src / dst;
  const offsets = new Int32Array(dst + 1);
  const indices = new Int32Array(2 * dst);
  const weights = new Float32Array(2 * dst);
  for (let i = 0; i < dst; i++) {
    const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), src - 1);
    const left = Math.floor(position);
    const right = Math.min(left + 1, src - 1);
    const fraction = position - left;
    indices[2 * i] = left;
    indices[2 * i + 1] = right;
    weights[2 * i] = 1 - fraction;
    weights[2 * i + 1] = fraction;
    offsets[i + 1] = 2 * (i + 1);
  }
  return { offsets, indices, weights };
}

function axisWeights(src: number, dst: number): AxisWeights {
  return dst < src ? areaWeights(src, dst) : bilinearWeights(src, dst);
}

/** Resizes each row of every plane (rows × srcW → rows × dstW). */
function resizeRows(src: Float32Array, rows: number, srcW: number, dstW: number, w: AxisWeights): Float32Array {
  const out = new Float32Array(rows * dstW);
  const { offsets, indices, weights } = w;
  for (let r = 0; r < rows; r++) {
    const srcRow = r * srcW;
    const dstRow = r * dstW;
    for (let x = 0; x < dstW; x++) {
      let sum = 0;
      for (let k = offsets[x], end = offsets[x + 1]; k < end; k++) sum += src[srcRow + indices[k]] * weights[k];
      out[dstRow + x] = sum;
    }
  }
  return out;
}

/** Resizes the columns of each of the 3 planes (srcH × width → dstH × width), whole rows at a time. */
function resizeColumns(src: Float32Array, width: number, srcH: number, dstH: number, w: AxisWeights): Float32Array {
  const out = new Float32Array(3 * dstH * width);
  const { offsets, indices, weights } = w;
  for (let c = 0; c < 3; c++) {
    const srcPlane = c * srcH * width;
    for (let y = 0; y < dstH; y++) {
      const dstRow = (c * dstH + y) * width;
      for (let k = offsets[y], end = offsets[y + 1]; k < end; k++) {
        const srcRow = srcPlane + indices[k] * width;
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
  checkSize(width, height);
  if (width === p.width && height === p.height) return { width, height, data: p.data.slice() };
  if (height === p.height) return { width, height, data: resizeRows(p.data, 3 * height, p.width, width, axisWeights(p.width, width)) };
  if (width === p.width) return { width, height, data: resizeColumns(p.data, width, p.height, height, axisWeights(p.height, height)) };
  const alongX = axisWeights(p.width, width);
  const alongY = axisWeights(p.height, height);
  // Multiply-adds per plane of each order; the axis that shrinks most should usually go first.
  const rowsFirstCost = p.height * alongX.indices.length + width * alongY.indices.length;
  const columnsFirstCost = p.width * alongY.indices.length + height * alongX.indices.length;
  const data =
    rowsFirstCost <= columnsFirstCost
      ? resizeColumns(resizeRows(p.data, 3 * p.height, p.width, width, alongX), width, p.height, height, alongY)
      : resizeRows(resizeColumns(p.data, p.width, p.height, height, alongY), 3 * height, p.width, width, alongX);
  return { width, height, data };
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
