/**
 * Single-channel float planes and the few operations the stabilizer and the lattice filter need:
 * box sums, area downscale and bilinear sampling at given positions. Plain loops over
 * Float32Arrays, with no Math functions whose last bit differs between JavaScript engines, so the
 * panel (UXP), the WebView page and Node compute the same values.
 */
import type { PlanarRgb } from './image';

export interface Plane {
  width: number;
  height: number;
  data: Float32Array<ArrayBufferLike>;
}

export const plane = (width: number, height: number, data: Float32Array<ArrayBufferLike> = new Float32Array(width * height)): Plane => ({ width, height, data });

/** Rec.709 luma of planar RGB (the same weights as keep-colours). */
export function lumaOf(image: PlanarRgb): Plane {
  const n = image.width * image.height;
  const { data } = image;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.2126 * data[i] + 0.7152 * data[n + i] + 0.0722 * data[2 * n + i];
  return plane(image.width, image.height, out);
}

/** One channel of planar RGB, viewed without a copy. */
export function channelOf(image: PlanarRgb, channel: number): Plane {
  const n = image.width * image.height;
  return plane(image.width, image.height, image.data.subarray(channel * n, (channel + 1) * n));
}

/**
 * Sums over the window [x-before, x+after] × [y-before, y+after], with the edge samples repeated
 * outside the plane (so a flat plane stays flat), by running sums: O(1) per sample whatever the
 * window. The vertical pass keeps one running sum per column and walks rows, so it reads memory in order.
 */
export function boxSum(src: Plane, before: number, after: number): Plane {
  const { width: w, height: h, data } = src;
  const rows = new Float32Array(w * h);
  const clampX = (x: number) => (x < 0 ? 0 : x >= w ? w - 1 : x);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    let sum = 0;
    for (let x = -before; x <= after; x++) sum += data[o + clampX(x)];
    rows[o] = sum;
    for (let x = 1; x < w; x++) {
      sum += data[o + clampX(x + after)] - data[o + clampX(x - before - 1)];
      rows[o + x] = sum;
    }
  }
  const out = new Float32Array(w * h);
  const column = new Float64Array(w);
  const rowAt = (y: number) => (y < 0 ? 0 : y >= h ? h - 1 : y) * w;
  for (let y = -before; y <= after; y++) {
    const r = rowAt(y);
    for (let x = 0; x < w; x++) column[x] += rows[r + x];
  }
  for (let x = 0; x < w; x++) out[x] = column[x];
  for (let y = 1; y < h; y++) {
    const add = rowAt(y + after);
    const drop = rowAt(y - before - 1);
    const o = y * w;
    for (let x = 0; x < w; x++) {
      column[x] += rows[add + x] - rows[drop + x];
      out[o + x] = column[x];
    }
  }
  return plane(w, h, out);
}

/** Area average over factor×factor blocks (the last partial block averages what it has). */
export function downscale(src: Plane, factor: number): Plane {
  if (factor === 1) return src;
  const w = Math.ceil(src.width / factor);
  const h = Math.ceil(src.height / factor);
  const out = new Float32Array(w * h);
  const count = new Float32Array(w * h);
  for (let y = 0; y < src.height; y++) {
    const row = ((y / factor) | 0) * w;
    for (let x = 0; x < src.width; x++) {
      const i = row + ((x / factor) | 0);
      out[i] += src.data[y * src.width + x];
      count[i] += 1;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] /= count[i];
  return plane(w, h, out);
}

/** Bilinear sample at (x, y), clamped to the plane (edge samples repeated). */
export function sample(p: Plane, x: number, y: number): number {
  const { width: w, height: h, data } = p;
  const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = cx | 0;
  const y0 = cy | 0;
  const x1 = x0 + 1 < w ? x0 + 1 : x0;
  const y1 = y0 + 1 < h ? y0 + 1 : y0;
  const fx = cx - x0;
  const fy = cy - y0;
  const top = data[y0 * w + x0] + fx * (data[y0 * w + x1] - data[y0 * w + x0]);
  const bottom = data[y1 * w + x0] + fx * (data[y1 * w + x1] - data[y1 * w + x0]);
  return top + fy * (bottom - top);
}

/** Where each sample of a width×height plane is read from (absolute positions). */
export interface SamplePositions {
  width: number;
  height: number;
  x: Float32Array;
  y: Float32Array;
}

/** src sampled at the given positions (bilinear, edges repeated). */
export function remap(src: Plane, at: SamplePositions): Plane {
  const out = new Float32Array(at.width * at.height);
  for (let i = 0; i < out.length; i++) out[i] = sample(src, at.x[i], at.y[i]);
  return plane(at.width, at.height, out);
}
