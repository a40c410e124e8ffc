/**
 * Stroke size of a stylized picture, measured: the texture is what the content does not explain
 * (the stylized luma minus its least-squares affine fit to the content's luma), and its stroke size
 * is the dominant wavelength of that texture's radial power spectrum: the peak of the gradient
 * energy k²·P(k), smoothed over neighbouring bins. A peak, unlike a mean, does not move when a
 * picture is only blurred, so resampling alone cannot pass for bigger strokes.
 */
import type { PlanarRgb } from '../../src/engine/images/image';

const lumaOf = (p: PlanarRgb): Float64Array => {
  const n = p.width * p.height;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.2126 * p.data[i] + 0.7152 * p.data[n + i] + 0.0722 * p.data[2 * n + i];
  return out;
};

/** The stylized luma minus a·content + b, fitted by least squares. */
function texture(stylized: PlanarRgb, content: PlanarRgb): Float64Array {
  const y = lumaOf(stylized);
  const x = lumaOf(content);
  const n = x.length;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const a = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const b = (sy - a * sx) / n;
  return y.map((v, i) => v - (a * x[i] + b));
}

/** In-place radix-2 FFT of one line of `length` samples starting at `offset`, `stride` apart. */
function fftLine(re: Float64Array, im: Float64Array, offset: number, stride: number, length: number): void {
  const at = (i: number) => offset + i * stride;
  for (let i = 1, j = 0; i < length; i++) {
    let bit = length >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[at(i)], re[at(j)]] = [re[at(j)], re[at(i)]];
      [im[at(i)], im[at(j)]] = [im[at(j)], im[at(i)]];
    }
  }
  for (let size = 2; size <= length; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    for (let start = 0; start < length; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const p = at(start + k);
        const q = at(start + k + size / 2);
        const tr = re[q] * wr - im[q] * wi;
        const ti = re[q] * wi + im[q] * wr;
        re[q] = re[p] - tr;
        im[q] = im[p] - ti;
        re[p] += tr;
        im[p] += ti;
      }
    }
  }
}

const BINS = 100;
const largestPowerOfTwo = (n: number) => 2 ** Math.floor(Math.log2(n));

/** The dominant wavelength, in pixels, of the stylized picture's texture (between `shortest` and `longest`). */
export function dominantWavelength(stylized: PlanarRgb, content: PlanarRgb, shortest = 3, longest = 64): number {
  const { width, height } = stylized;
  const full = texture(stylized, content);
  const w = largestPowerOfTwo(width);
  const h = largestPowerOfTwo(height);
  const x0 = (width - w) >> 1;
  const y0 = (height - h) >> 1;
  const re = new Float64Array(w * h);
  const im = new Float64Array(w * h);
  let mean = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mean += full[(y0 + y) * width + x0 + x];
  mean /= w * h;
  const hann = (i: number, n: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) re[y * w + x] = (full[(y0 + y) * width + x0 + x] - mean) * hann(x, w) * hann(y, h);
  }
  for (let y = 0; y < h; y++) fftLine(re, im, y * w, 1, w);
  for (let x = 0; x < w; x++) fftLine(re, im, x, w, h);
  const power = new Float64Array(BINS);
  const count = new Float64Array(BINS);
  for (let y = 0; y < h; y++) {
    const fy = (y < h / 2 ? y : y - h) / h;
    for (let x = 0; x < w; x++) {
      const fx = (x < w / 2 ? x : x - w) / w;
      const bin = Math.floor(Math.hypot(fx, fy) / (0.5 / BINS));
      if (bin < BINS) {
        power[bin] += re[y * w + x] ** 2 + im[y * w + x] ** 2;
        count[bin]++;
      }
    }
  }
  const centre = (bin: number) => (bin + 0.5) * (0.5 / BINS);
  const energy = Array.from(power, (p, bin) => (count[bin] ? (p / count[bin]) * centre(bin) ** 2 : 0));
  let best = -1;
  let bestEnergy = -Infinity;
  for (let bin = 0; bin < BINS; bin++) {
    if (1 / centre(bin) > longest || 1 / centre(bin) < shortest) continue;
    let sum = 0;
    for (let j = Math.max(0, bin - 2); j <= Math.min(BINS - 1, bin + 2); j++) sum += energy[j];
    if (sum > bestEnergy) {
      bestEnergy = sum;
      best = bin;
    }
  }
  return 1 / centre(best);
}
