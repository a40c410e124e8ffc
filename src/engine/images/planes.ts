/**
 * Single-channel float planes and the few operations the stabilizer and the lattice filter need:
 * box sums, area downscale, bilinear upscale and bilinear sampling at given positions. Plain loops
 * over Float32Arrays (no per-sample calls or clamps in inner loops: they run on every pixel of every
 * frame), with no Math functions whose last bit differs between JavaScript engines, so the panel
 * (UXP), the WebView page and Node compute the same values.
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

/** For each position 0..length-1, the index `offset` away, clamped into the line. */
function shiftedIndices(length: number, offset: number): Int32Array {
  const indices = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const j = i + offset;
    indices[i] = j < 0 ? 0 : j >= length ? length - 1 : j;
  }
  return indices;
}

/**
 * Sums over the window [x-before, x+after] × [y-before, y+after], with the edge samples repeated
 * outside the plane (so a flat plane stays flat), by running sums: O(1) per sample whatever the
 * window. The vertical pass keeps one running sum per column and walks rows, so it reads memory in order.
 */
export function boxSum(src: Plane, before: number, after: number): Plane {
  const { width: w, height: h, data } = src;
  const rows = new Float32Array(w * h);
  const addX = shiftedIndices(w, after);
  const dropX = shiftedIndices(w, -before - 1);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    let sum = 0;
    for (let x = -before; x <= after; x++) sum += data[o + (x < 0 ? 0 : x >= w ? w - 1 : x)];
    rows[o] = sum;
    for (let x = 1; x < w; x++) {
      sum += data[o + addX[x]] - data[o + dropX[x]];
      rows[o + x] = sum;
    }
  }
  const out = new Float32Array(w * h);
  const column = new Float64Array(w);
  for (let y = -before; y <= after; y++) {
    const r = (y < 0 ? 0 : y >= h ? h - 1 : y) * w;
    for (let x = 0; x < w; x++) column[x] += rows[r + x];
  }
  for (let x = 0; x < w; x++) out[x] = column[x];
  const addY = shiftedIndices(h, after);
  const dropY = shiftedIndices(h, -before - 1);
  for (let y = 1; y < h; y++) {
    const add = addY[y] * w;
    const drop = dropY[y] * w;
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
  const { width: sw, height: sh, data } = src;
  const w = Math.ceil(sw / factor);
  const h = Math.ceil(sh / factor);
  const out = new Float32Array(w * h);
  const row = new Float64Array(w);
  for (let cy = 0; cy < h; cy++) {
    row.fill(0);
    const y1 = Math.min(sh, (cy + 1) * factor);
    for (let y = cy * factor; y < y1; y++) {
      const o = y * sw;
      for (let cx = 0, x = 0; cx < w; cx++) {
        const end = Math.min(sw, x + factor);
        let sum = 0;
        for (; x < end; x++) sum += data[o + x];
        row[cx] += sum;
      }
    }
    const rows = y1 - cy * factor;
    for (let cx = 0; cx < w; cx++) out[cy * w + cx] = row[cx] / (rows * (Math.min(sw, (cx + 1) * factor) - cx * factor));
  }
  return plane(w, h, out);
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
  const { width: w, height: h, data } = src;
  const n = at.width * at.height;
  const out = new Float32Array(n);
  const maxX = w - 1;
  const maxY = h - 1;
  for (let i = 0; i < n; i++) {
    const px = at.x[i];
    const py = at.y[i];
    const cx = px < 0 ? 0 : px > maxX ? maxX : px;
    const cy = py < 0 ? 0 : py > maxY ? maxY : py;
    const x0 = cx | 0;
    const y0 = cy | 0;
    const x1 = x0 < maxX ? x0 + 1 : x0;
    const r0 = y0 * w;
    const r1 = (y0 < maxY ? y0 + 1 : y0) * w;
    const fx = cx - x0;
    const top = data[r0 + x0] + fx * (data[r0 + x1] - data[r0 + x0]);
    const bottom = data[r1 + x0] + fx * (data[r1 + x1] - data[r1 + x0]);
    out[i] = top + (cy - y0) * (bottom - top);
  }
  return plane(at.width, at.height, out);
}

/** For each output index: the two source indices between which it lies, and the weight of the second (edges repeated). */
export interface BilinearTaps {
  first: Int32Array;
  second: Int32Array;
  weight: Float32Array;
}

function bilinearTaps(source: number, scale: number, length: number): BilinearTaps {
  const first = new Int32Array(length);
  const second = new Int32Array(length);
  const weight = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const at = (i + 0.5) / scale - 0.5;
    const clamped = at < 0 ? 0 : at > source - 1 ? source - 1 : at;
    first[i] = clamped | 0;
    second[i] = first[i] + 1 < source ? first[i] + 1 : first[i];
    weight[i] = clamped - first[i];
  }
  return { first, second, weight };
}

/**
 * The first half of a bilinear upscale of a plane `scale` times coarser to width×height: its rows
 * interpolated across to `width`. Row y of the upscaled plane is rows[down.first[y]] blended
 * towards rows[down.second[y]] by down.weight[y]; passes that need an upscaled plane only once per
 * sample do that blend in their own loop instead of keeping a full-size plane.
 */
export interface AcrossRows {
  rows: Float32Array;
  down: BilinearTaps;
}

export function acrossRows(src: Plane, scale: number, width: number, height: number): AcrossRows {
  const across = bilinearTaps(src.width, scale, width);
  const rows = new Float32Array(src.height * width);
  for (let y = 0; y < src.height; y++) {
    const o = y * src.width;
    const r = y * width;
    for (let x = 0; x < width; x++) {
      const a = src.data[o + across.first[x]];
      rows[r + x] = a + across.weight[x] * (src.data[o + across.second[x]] - a);
    }
  }
  return { rows, down: bilinearTaps(src.height, scale, height) };
}

/** A plane `scale` times coarser brought to width×height by bilinear interpolation between sample centres (edges repeated). */
export function upscale(src: Plane, scale: number, width: number, height: number): Plane {
  const { rows, down } = acrossRows(src, scale, width, height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const r0 = down.first[y] * width;
    const r1 = down.second[y] * width;
    const fy = down.weight[y];
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = rows[r0 + x] + fy * (rows[r1 + x] - rows[r0 + x]);
  }
  return plane(width, height, out);
}
