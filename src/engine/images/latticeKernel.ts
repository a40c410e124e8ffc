/**
 * The lattice filter's passes over a channel's samples as a WebAssembly SIMD kernel
 * (latticeKernel.wat; see wasmKernel.ts): the channel is copied into the kernel's memory once, summed
 * there twice, has its pattern subtracted there, and is copied back.
 */
import { LATTICE_KERNEL } from './latticeKernelBinary';
import { kernelLayout, lazyKernel, type KernelCall } from './wasmKernel';

type LatticeFunctions = {
  phaseSums(channel: number, sums: number, width: number, height: number): void;
  cornerSums(
    channel: number, width: number, height: number, columns: number, columnCount: number, rows: number, rowCount: number,
    table: number, down: number, padded: number,
  ): void;
  subtractPattern(channel: number, patterns: number, top: number, bottom: number, weight: number, width: number, height: number): void;
};

const latticeKernel = lazyKernel<LatticeFunctions>(LATTICE_KERNEL);

/** What the last pass takes: for each row y of the channel, pattern rows top[y] and bottom[y] (each `width` values) and the weight of the second. */
export interface PatternRows {
  patterns: Float32Array;
  top: Int32Array;
  bottom: Int32Array;
  weight: Float32Array;
}

/** The shape of one channel's work: its size, its blocks, the summed-area corners it reads, and how many pattern rows it has. */
export interface LatticeShape {
  width: number;
  height: number;
  /** 64×64 blocks, 64 phase sums each. */
  blocks: number;
  /** Ascending padded columns and rows of the corners. */
  columns: Int32Array;
  rows: Int32Array;
  patternRows: number;
}

/** One channel in the kernel's memory, from its copy in to its copy back; the kernel's other calls must wait until it is done. */
export class LatticeChannel {
  private readonly call: KernelCall<LatticeFunctions>;
  private readonly at: Record<'channel' | 'patterns' | 'taps' | 'sums' | 'table' | 'down' | 'columns' | 'rows' | 'padded', number>;

  constructor(private readonly channel: Float32Array<ArrayBufferLike>, private readonly shape: LatticeShape) {
    const { width, height, blocks, columns, rows, patternRows } = shape;
    // f64 regions count twice; the channel's last vector may run 3 past its end.
    const { at, samples } = kernelLayout({
      channel: width * height + 4, patterns: patternRows * width + 4, taps: 3 * height, sums: 2 * blocks * 64,
      table: 2 * rows.length * columns.length, down: 2 * columns.length, columns: columns.length, rows: rows.length, padded: width + 12,
    });
    this.at = at;
    this.call = latticeKernel(samples);
    this.call.floats.set(channel, at.channel);
  }

  /** Per block and phase (64 a block), the sum of the channel's samples of that phase (latticeFilter.ts). */
  phaseSums(): Float64Array {
    const { width, height, blocks } = this.shape;
    const sums = this.f64(this.at.sums, 64 * blocks);
    sums.fill(0);
    this.call.kernel.phaseSums(4 * this.at.channel, sums.byteOffset, width, height);
    return sums;
  }

  /** The channel's edge-padded sums over [0, columns[j]) × [0, rows[i]) at table[i · columns + j] (latticeFilter.ts). */
  cornerSums(): Float64Array {
    const { width, height, columns, rows } = this.shape;
    const { ints, kernel } = this.call;
    ints.set(columns, this.at.columns);
    ints.set(rows, this.at.rows);
    const table = this.f64(this.at.table, rows.length * columns.length);
    kernel.cornerSums(
      4 * this.at.channel, width, height, 4 * this.at.columns, columns.length, 4 * this.at.rows, rows.length, table.byteOffset, 4 * this.at.down, 4 * this.at.padded,
    );
    return table;
  }

  /**
   * Each sample less its pattern, the row's two pattern rows interpolated by its weight (in single
   * precision), written back into the channel.
   */
  subtract({ patterns, top, bottom, weight }: PatternRows): void {
    const { width, height } = this.shape;
    const { floats, ints, kernel } = this.call;
    const [topAt, bottomAt, weightAt] = [this.at.taps, this.at.taps + height, this.at.taps + 2 * height];
    floats.set(patterns, this.at.patterns);
    ints.set(top, topAt);
    ints.set(bottom, bottomAt);
    floats.set(weight, weightAt);
    kernel.subtractPattern(4 * this.at.channel, 4 * this.at.patterns, 4 * topAt, 4 * bottomAt, 4 * weightAt, width, height);
    this.channel.set(floats.subarray(this.at.channel, this.at.channel + width * height));
  }

  private f64(at: number, length: number): Float64Array {
    return new Float64Array(this.call.floats.buffer, 4 * at, length);
  }
}
