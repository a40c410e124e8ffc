/**
 * Removes the faint lattice that the networks' stride-8 layers print on flat areas: a pattern that
 * repeats every 8 samples across and down, fixed to the frame's origin (frames are padded on the
 * right and bottom only). A notch filter in the frequency domain removed it but cost half the
 * network's time; this estimates the pattern directly, for each of the 8×8 phases, from the
 * frame's own detail and subtracts it, in a few passes over the samples.
 *
 * - Detail is the frame minus its 8×8 box mean; the box mean of any 8-periodic pattern is flat, so
 *   the whole lattice is in the detail, together with the picture's own texture, while gradients
 *   and the picture's level are not (a pattern estimated from the frame itself would pick up the
 *   level of partial cells at the frame's edge and print a lattice of its own).
 * - The pattern is the detail's mean per phase, minus its mean over all phases, over blocks of 64×64
 *   samples and their neighbours. Texture does not repeat every 8 samples, so it averages out (over
 *   3000 samples per phase); the lattice does not.
 * - Each block's pattern is interpolated between block centres, so the correction follows a
 *   lattice whose strength varies across the frame, without steps at block borders.
 * It runs on the whole frame after the tiles are blended, so a tiled frame gets the same result.
 */
import type { PlanarRgb } from './image';
import { boxSum, channelOf, type Plane } from './planes';

const PERIOD = 8;
const PHASES = PERIOD * PERIOD;
/** Block side, in periods (64×64 samples). */
const BLOCK_PERIODS = 8;
/** Blocks each side whose samples count towards a block's pattern (7×7 blocks, 448×448 samples). */
const REACH = 3;

/** The frame with the 8-sample lattice removed from each channel; frames smaller than two periods are returned as they are. */
export function removeLattice(image: PlanarRgb): PlanarRgb {
  if (image.width < 2 * PERIOD || image.height < 2 * PERIOD) return image;
  const out = new Float32Array(image.data.length);
  const n = image.width * image.height;
  for (let c = 0; c < 3; c++) out.set(withoutLattice(channelOf(image, c)), c * n);
  return { width: image.width, height: image.height, data: out };
}

function withoutLattice(p: Plane): Float32Array {
  const { width: w, height: h, data } = p;
  const mean = boxSum(p, PERIOD / 2, PERIOD / 2 - 1).data;

  const block = PERIOD * BLOCK_PERIODS;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const sums = new Float64Array(bw * bh * PHASES);
  const weights = new Float64Array(bw * bh * PHASES);
  for (let y = 0; y < h; y++) {
    const brow = ((y / block) | 0) * bw;
    const prow = (y % PERIOD) * PERIOD;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const k = (brow + ((x / block) | 0)) * PHASES + prow + (x % PERIOD);
      sums[k] += data[i] - mean[i] / PHASES;
      weights[k] += 1;
    }
  }
  const patterns = blockPatterns(sums, weights, bw, bh);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    // Block centres: interpolate between the two nearest along each axis.
    const by = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = by | 0;
    const y1 = Math.min(bh - 1, y0 + 1);
    const fy = by - y0;
    const prow = (y % PERIOD) * PERIOD;
    for (let x = 0; x < w; x++) {
      const bx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = bx | 0;
      const x1 = Math.min(bw - 1, x0 + 1);
      const fx = bx - x0;
      const phase = prow + (x % PERIOD);
      const top = patterns[(y0 * bw + x0) * PHASES + phase] * (1 - fx) + patterns[(y0 * bw + x1) * PHASES + phase] * fx;
      const bottom = patterns[(y1 * bw + x0) * PHASES + phase] * (1 - fx) + patterns[(y1 * bw + x1) * PHASES + phase] * fx;
      out[y * w + x] = data[y * w + x] - (top * (1 - fy) + bottom * fy);
    }
  }
  return out;
}

/** Per block, the zero-mean pattern estimated from the block and its neighbours within REACH. */
function blockPatterns(sums: Float64Array, weights: Float64Array, bw: number, bh: number): Float32Array {
  const patterns = new Float32Array(bw * bh * PHASES);
  const estimate = new Float64Array(PHASES);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let average = 0;
      for (let phase = 0; phase < PHASES; phase++) {
        let s = 0;
        let wsum = 0;
        for (let ny = Math.max(0, by - REACH); ny <= Math.min(bh - 1, by + REACH); ny++) {
          for (let nx = Math.max(0, bx - REACH); nx <= Math.min(bw - 1, bx + REACH); nx++) {
            const k = (ny * bw + nx) * PHASES + phase;
            s += sums[k];
            wsum += weights[k];
          }
        }
        estimate[phase] = s / wsum;
        average += estimate[phase];
      }
      average /= PHASES;
      const base = (by * bw + bx) * PHASES;
      for (let phase = 0; phase < PHASES; phase++) patterns[base + phase] = estimate[phase] - average;
    }
  }
  return patterns;
}
