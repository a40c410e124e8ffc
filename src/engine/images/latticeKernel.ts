/**
 * The lattice filter's last pass as a WebAssembly SIMD kernel (latticeKernel.wat; see wasmKernel.ts).
 */
import { LATTICE_KERNEL } from './latticeKernelBinary';
import { lazyKernel } from './wasmKernel';

const latticeKernel = lazyKernel<{
  subtractPattern(channel: number, patterns: number, top: number, bottom: number, weight: number, width: number, height: number): void;
}>(LATTICE_KERNEL);

/** What the last pass takes: for each row y of the channel, pattern rows top[y] and bottom[y] (each `width` values) and the weight of the second. */
export interface PatternRows {
  patterns: Float32Array;
  top: Int32Array;
  bottom: Int32Array;
  weight: Float32Array;
}

/**
 * Each sample of a width-sample channel, in place, less its pattern: the row's two pattern rows
 * interpolated by its weight (in single precision).
 */
export function subtractPatternRows(channel: Float32Array, width: number, { patterns, top, bottom, weight }: PatternRows): void {
  const height = top.length;
  const patternsAt = channel.length;
  const topAt = patternsAt + patterns.length;
  const bottomAt = topAt + height;
  const weightAt = bottomAt + height;
  const { kernel, floats, ints } = latticeKernel(weightAt + height);
  floats.set(channel);
  floats.set(patterns, patternsAt);
  ints.set(top, topAt);
  ints.set(bottom, bottomAt);
  floats.set(weight, weightAt);
  kernel.subtractPattern(0, 4 * patternsAt, 4 * topAt, 4 * bottomAt, 4 * weightAt, width, height);
  channel.set(floats.subarray(0, channel.length));
}
