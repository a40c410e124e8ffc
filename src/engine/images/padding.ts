/**
 * Models need H and W to be multiples of their sizeMultiple. Frames are padded on the RIGHT and
 * BOTTOM only (so the original sits at x=0, y=0) by reflection without repeating the edge pixel
 * (numpy 'reflect', torch ReflectionPad2d), and the result is cropped back afterwards.
 */
import { CoherentStyleError } from '../errors';
import type { PlanarRgb } from './image';

export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PaddedPlanar {
  padded: PlanarRgb;
  /** Where the original lies in `padded`; cropPlanar(padded, crop) has the input's exact size. */
  crop: CropRect;
}

/**
 * Source index for position i of a line of n pixels extended by mirror reflection
 * (… 2 1 | 0 1 2 … n-1 | n-2 n-3 …), repeated periodically so pads longer than the line work too.
 */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const r = ((i % period) + period) % period;
  return r < n ? r : period - r;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `${name} must be a positive whole number, got ${value}.`);
  }
}

/**
 * Pads right and bottom by reflection up to the next multiple of `multiple` in each dimension.
 * Works for any size (1×1, 1×N, pads wider than the image). When no padding is needed the
 * input itself is returned as `padded` (callers must not modify it).
 */
export function reflectPadToMultiple(p: PlanarRgb, multiple: number): PaddedPlanar {
  checkPositiveInteger('The size multiple', multiple);
  const { width, height } = p;
  const crop: CropRect = { x: 0, y: 0, width, height };
  const outW = Math.ceil(width / multiple) * multiple;
  const outH = Math.ceil(height / multiple) * multiple;
  if (outW === width && outH === height) return { padded: p, crop };

  const colSource = new Int32Array(outW);
  for (let x = 0; x < outW; x++) colSource[x] = reflectIndex(x, width);
  const inPlane = width * height;
  const outPlane = outW * outH;
  const out = new Float32Array(3 * outPlane);
  const src = p.data;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < outH; y++) {
      const srcRow = c * inPlane + reflectIndex(y, height) * width;
      const dstRow = c * outPlane + y * outW;
      out.set(src.subarray(srcRow, srcRow + width), dstRow);
      for (let x = width; x < outW; x++) out[dstRow + x] = src[srcRow + colSource[x]];
    }
  }
  return { padded: { width: outW, height: outH, data: out }, crop };
}

/** A copy of the rectangle `rect` of `p`; the rectangle must lie inside the image. */
export function cropPlanar(p: PlanarRgb, rect: CropRect): PlanarRgb {
  const { x, y, width, height } = rect;
  const inside =
    [x, y, width, height].every(Number.isInteger) &&
    x >= 0 &&
    y >= 0 &&
    width >= 1 &&
    height >= 1 &&
    x + width <= p.width &&
    y + height <= p.height;
  if (!inside) {
    throw new CoherentStyleError(
      'INVALID_ARGUMENT',
      `Crop ${width}×${height} at (${x}, ${y}) does not fit inside the ${p.width}×${p.height} image.`,
    );
  }
  const inPlane = p.width * p.height;
  const outPlane = width * height;
  const out = new Float32Array(3 * outPlane);
  for (let c = 0; c < 3; c++) {
    for (let row = 0; row < height; row++) {
      const start = c * inPlane + (y + row) * p.width + x;
      out.set(p.data.subarray(start, start + width), c * outPlane + row * width);
    }
  }
  return { width, height, data: out };
}
