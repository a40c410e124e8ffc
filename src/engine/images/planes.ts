/**
 * Single-channel float planes and the few operations the stabilizer and the lattice filter need:
 * window sums and bilinear sampling along offsets (by the plane kernel, planeKernel.wat), area
 * downscale and bilinear interpolation across rows. Plain loops over Float32Arrays (no per-sample
 * calls or clamps in inner loops: they run on every pixel of every frame), with no Math functions
 * whose last bit differs between JavaScript engines, so the WebView page and Node compute the same values.
 */
import type { PlanarRgb } from './image';
import { planeSlot, sharedPlaneKernel } from './planeKernel';
import { kernelLayout } from './wasmKernel';

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
 * outside the plane (so a flat plane stays flat), divided by `divisor`, into `out` (the plane's size;
 * it may be src's memory). A WebAssembly SIMD kernel in single precision: each sum adds its terms in
 * order, across then down, so its cost grows with the window (the planes summed here are small, their
 * windows at most 17 samples).
 */
function windowSumInto(src: Plane, before: number, after: number, divisor: number, out: Float32Array<ArrayBufferLike>): void {
  const { width: w, height: h } = src;
  const { at, samples } = kernelLayout({ plane: planeSlot(w, h), rows: planeSlot(w, h), padded: planeSlot(w + before + after, 1) });
  const { kernel, floats } = sharedPlaneKernel(samples);
  floats.set(src.data, at.plane);
  kernel.boxSum(4 * at.plane, 4 * at.plane, 4 * at.rows, 4 * at.padded, w, h, before, after, divisor);
  out.set(floats.subarray(at.plane, at.plane + w * h));
}

/** Sums over the window [x-before, x+after] × [y-before, y+after] (edges repeated), in a new plane. */
export function boxSum(src: Plane, before: number, after: number): Plane {
  const out = plane(src.width, src.height);
  boxSumInto(src, before, after, out.data);
  return out;
}

/** boxSum written into `out` (the plane's size, which may be src's memory). */
export function boxSumInto(src: Plane, before: number, after: number, out: Float32Array<ArrayBufferLike>): void {
  windowSumInto(src, before, after, 1, out);
}

/** |a − b| averaged over the (2·radius+1)² window around each sample (edges repeated), in a new plane of a's size. */
export function meanAbsDifference(a: Plane, b: Float32Array<ArrayBufferLike>, radius: number): Plane {
  const diff = new Float32Array(a.data.length);
  for (let i = 0; i < diff.length; i++) {
    const d = a.data[i] - b[i];
    diff[i] = d < 0 ? -d : d;
  }
  const mean = plane(a.width, a.height);
  boxMeanInto(plane(a.width, a.height, diff), radius, mean.data);
  return mean;
}

/** The mean over the (2·radius+1)² window around each sample (edges repeated), into `out` (which may be src's memory). */
export function boxMeanInto(src: Plane, radius: number, out: Float32Array<ArrayBufferLike>): void {
  windowSumInto(src, radius, radius, (2 * radius + 1) ** 2, out);
}

/** Area average over factor×factor blocks (the last partial block averages what it has), each block's sum in f64, row by row. */
export function downscale(src: Plane, factor: number): Plane {
  if (factor === 1) return src;
  const { width: sw, height: sh, data } = src;
  const out = plane(Math.ceil(sw / factor), Math.ceil(sh / factor));
  const row = new Float64Array(out.width);
  for (let cy = 0; cy < out.height; cy++) {
    row.fill(0);
    const last = Math.min(sh, (cy + 1) * factor);
    for (let y = cy * factor; y < last; y++) {
      for (let cx = 0, x = 0, i = y * sw; cx < out.width; cx++) {
        const end = x + factor < sw ? x + factor : sw;
        let sum = 0;
        for (; x < end; x++, i++) sum += data[i];
        row[cx] += sum;
      }
    }
    const rows = last - cy * factor;
    for (let cx = 0; cx < out.width; cx++) out.data[cy * out.width + cx] = row[cx] / (rows * (Math.min(sw, (cx + 1) * factor) - cx * factor));
  }
  return out;
}

/**
 * src sampled bilinearly (edges repeated) at (x + u, y + v) for each sample (x, y) of an offset
 * field of src's size, written into `out`: the plane kernel in single precision (positions rounded
 * to single precision first, as every plane here holds them).
 */
export function remapByOffsets(src: Plane, u: Float32Array<ArrayBufferLike>, v: Float32Array<ArrayBufferLike>, out: Float32Array<ArrayBufferLike>): void {
  const { width: w, height: h } = src;
  const n = w * h;
  // In this order, so a read past src's last row lands in u.
  const { at, samples } = kernelLayout({ src: planeSlot(w, h), u: planeSlot(w, h), v: planeSlot(w, h), out: planeSlot(w, h) });
  const { kernel, floats } = sharedPlaneKernel(samples);
  floats.set(src.data, at.src);
  floats.set(u.subarray(0, n), at.u);
  floats.set(v.subarray(0, n), at.v);
  kernel.remap(4 * at.src, 4 * at.u, 4 * at.v, 4 * at.out, w, h);
  out.set(floats.subarray(at.out, at.out + n));
}

/** For each output index: the two source indices between which it lies, and the weight of the second (edges repeated). */
export interface BilinearTaps {
  first: Int32Array;
  second: Int32Array;
  weight: Float32Array;
}

/** Taps that interpolate `length` positions from `source` samples spaced `scale` positions apart (centres aligned, edges repeated). */
export function bilinearTaps(source: number, scale: number, length: number): BilinearTaps {
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

/** `rows`: where the rows go, when it has src.height · width samples (a pass per frame reuses its memory). */
export function acrossRows(src: Plane, scale: number, width: number, height: number, rows?: Float32Array): AcrossRows {
  const across = bilinearTaps(src.width, scale, width);
  if (rows?.length !== src.height * width) rows = new Float32Array(src.height * width);
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
