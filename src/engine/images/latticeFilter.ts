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
 *   576 samples per phase); the lattice does not. The lattice is strong on flat areas and faint on
 *   texture, so the neighbourhood is kept small: over 7×7 blocks a sky took the weaker pattern of the
 *   buildings below it, and kept a grid to the eye (docs/steadiness.md).
 * - Each block's pattern is interpolated between block centres, so the correction follows a
 *   lattice whose strength varies across the frame, without steps at block borders.
 * It runs on the whole frame after the tiles are blended, so a tiled frame gets the same result.
 */
import type { PlanarRgb } from './image';
import { LatticeChannel, type PatternRows } from './latticeKernel';
import { bilinearTaps, channelOf, type Plane } from './planes';

const PERIOD = 8;
const PHASES = PERIOD * PERIOD;
/** Block side, in periods (64×64 samples). */
const BLOCK_PERIODS = 8;
/** Blocks each side whose samples count towards a block's pattern (3×3 blocks, 192×192 samples). */
const REACH = 1;

/**
 * Removes the 8-sample lattice from each channel of the frame, in its own memory (the stylizer's
 * output is not needed afterwards, and a fresh full-size array costs page faults on every frame);
 * frames smaller than two periods stay as they are.
 */
export function removeLatticeInPlace(image: PlanarRgb): void {
  if (image.width < 2 * PERIOD || image.height < 2 * PERIOD) return;
  for (let c = 0; c < 3; c++) removeChannelLattice(channelOf(image, c));
}

/** The sorted distinct values of a list, and where each value of the list sits among them. */
function distinct(values: Int32Array): { sorted: Int32Array; at: Int32Array } {
  const sorted = Int32Array.from(new Set(values)).sort();
  const index = new Map<number, number>();
  sorted.forEach((v, i) => index.set(v, i));
  return { sorted, at: Int32Array.from(values, (v) => index.get(v) as number) };
}

/** Per axis: for each block and phase, the first and last sample of that phase in the block (last < first: none). */
function phaseSpans(length: number, blocks: number, block: number): { first: Int32Array; last: Int32Array } {
  const first = new Int32Array(blocks * PERIOD);
  const last = new Int32Array(blocks * PERIOD);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(length, (b + 1) * block);
    for (let phase = 0; phase < PERIOD; phase++) {
      const f = b * block + phase;
      first[b * PERIOD + phase] = f;
      last[b * PERIOD + phase] = f >= end ? f - 1 : f + PERIOD * Math.floor((end - 1 - f) / PERIOD);
    }
  }
  return { first, last };
}

/**
 * Removes the lattice from one channel, in its own memory. The kernel sums each block's samples per
 * phase, in order along each row onto what the rows above left, and the summed-area corners of the
 * channel with its edge samples repeated half a period (4 samples) out on every side: for each rectangle
 * [0, columns[j]) × [0, rows[i]) of the padded channel, read only at the corners the box means need.
 */
function removeChannelLattice(p: Plane): void {
  const { width: w, height: h, data } = p;
  const block = PERIOD * BLOCK_PERIODS;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  // The detail is the sample minus its 8×8 box mean (window [x-4, x+3]). The windows of one phase's
  // samples in a block tile a square, so their box means add up to that square's sum / 64: read
  // from summed-area corners instead of a box filter over every sample.
  const xs = phaseSpans(w, bw, block);
  const ys = phaseSpans(h, bh, block);
  // In padded coordinates the square of phase (px, py) is [x0, x1 + PERIOD) × [y0, y1 + PERIOD).
  const columns = distinct(Int32Array.from([...xs.first, ...Array.from(xs.last, (l) => l + PERIOD)]));
  const rows = distinct(Int32Array.from([...ys.first, ...Array.from(ys.last, (l) => l + PERIOD)]));
  const channel = new LatticeChannel(data, { width: w, height: h, blocks: bw * bh, columns: columns.sorted, rows: rows.sorted, patternRows: bh * PERIOD });
  const sums = channel.phaseSums();
  const corners = channel.cornerSums();
  const nc = columns.sorted.length;
  const xSpans = xs.first.length;
  const ySpans = ys.first.length;
  const counts = new Float64Array(bw * bh * PHASES);
  for (let by = 0; by < bh; by++) {
    for (let py = 0; py < PERIOD; py++) {
      const span = by * PERIOD + py;
      const y0 = ys.first[span];
      const y1 = ys.last[span];
      const ny = y1 >= y0 ? (y1 - y0) / PERIOD + 1 : 0;
      const top = rows.at[span] * nc;
      const bottom = rows.at[ySpans + span] * nc;
      for (let bx = 0; bx < bw; bx++) {
        for (let px = 0; px < PERIOD; px++) {
          const xSpan = bx * PERIOD + px;
          const x0 = xs.first[xSpan];
          const x1 = xs.last[xSpan];
          const nx = x1 >= x0 ? (x1 - x0) / PERIOD + 1 : 0;
          const k = (by * bw + bx) * PHASES + py * PERIOD + px;
          counts[k] = nx * ny;
          if (nx * ny === 0) continue;
          const left = columns.at[xSpan];
          const right = columns.at[xSpans + xSpan];
          const square = corners[bottom + right] - corners[top + right] - corners[bottom + left] + corners[top + left];
          sums[k] -= square / PHASES;
        }
      }
    }
  }
  channel.subtract(patternRows(blockPatterns(sums, counts, bw, bh), w, h, bw, bh));
}

/**
 * Each sample's pattern is interpolated between the two nearest block centres along each axis:
 * across once per block row and phase (every row of a block row at one phase takes the same values),
 * then down per sample, by the kernel.
 */
function patternRows(patterns: Float32Array, w: number, h: number, bw: number, bh: number): PatternRows {
  const block = PERIOD * BLOCK_PERIODS;
  const across = bilinearTaps(bw, block, w);
  const down = bilinearTaps(bh, block, h);
  // Where each column reads its two blocks' patterns, relative to a block row's phase row.
  const left = Int32Array.from(across.first, (b, x) => b * PHASES + (x % PERIOD));
  const right = Int32Array.from(across.second, (b, x) => b * PHASES + (x % PERIOD));
  // Row by row, so the rows are written in order (an 8K frame has 4 MB of them per channel).
  const rows = new Float32Array(bh * PERIOD * w);
  for (let by = 0; by < bh; by++) {
    for (let py = 0; py < PERIOD; py++) {
      const base = by * bw * PHASES + py * PERIOD;
      const o = (by * PERIOD + py) * w;
      for (let x = 0; x < w; x++) {
        const l = patterns[base + left[x]];
        rows[o + x] = l + across.weight[x] * (patterns[base + right[x]] - l);
      }
    }
  }
  const top = Int32Array.from(down.first, (b, y) => b * PERIOD + (y % PERIOD));
  const bottom = Int32Array.from(down.second, (b, y) => b * PERIOD + (y % PERIOD));
  const weight = down.weight;
  return { patterns: rows, top, bottom, weight };
}

/**
 * Each block's per-phase values summed over the blocks within REACH of it (clipped at the frame's
 * edge), across and then down: a separable sum, instead of (2·REACH+1)² reads per block and phase.
 */
function neighbourhoodSums(values: Float64Array, bw: number, bh: number): Float64Array {
  const across = new Float64Array(values.length);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const to = (by * bw + bx) * PHASES;
      for (let nx = Math.max(0, bx - REACH); nx <= Math.min(bw - 1, bx + REACH); nx++) {
        const from = (by * bw + nx) * PHASES;
        for (let phase = 0; phase < PHASES; phase++) across[to + phase] += values[from + phase];
      }
    }
  }
  const both = new Float64Array(values.length);
  for (let by = 0; by < bh; by++) {
    for (let ny = Math.max(0, by - REACH); ny <= Math.min(bh - 1, by + REACH); ny++) {
      const to = by * bw * PHASES;
      const from = ny * bw * PHASES;
      for (let j = 0; j < bw * PHASES; j++) both[to + j] += across[from + j];
    }
  }
  return both;
}

/** Per block, the zero-mean pattern estimated from the block and its neighbours within REACH. */
function blockPatterns(sums: Float64Array, weights: Float64Array, bw: number, bh: number): Float32Array {
  const patterns = new Float32Array(bw * bh * PHASES);
  const neighbourSums = neighbourhoodSums(sums, bw, bh);
  const neighbourWeights = neighbourhoodSums(weights, bw, bh);
  const estimate = new Float64Array(PHASES);
  for (let block = 0; block < bw * bh; block++) {
    const base = block * PHASES;
    let average = 0;
    for (let phase = 0; phase < PHASES; phase++) {
      estimate[phase] = neighbourSums[base + phase] / neighbourWeights[base + phase];
      average += estimate[phase];
    }
    average /= PHASES;
    for (let phase = 0; phase < PHASES; phase++) patterns[base + phase] = estimate[phase] - average;
  }
  return patterns;
}
