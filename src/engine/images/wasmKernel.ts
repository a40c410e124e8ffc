/**
 * The engine's WebAssembly SIMD kernels (`*.wat` beside their callers, compiled into `*Binary.ts`
 * modules by scripts/build-wasm.js): loops over a frame's samples, four at a time, several times as
 * fast as the same loops in JavaScript (docs/steadiness.md). Every carrier that runs the stylizer
 * has WebAssembly (Node; the WebView page); the UXP panel, whose reference documents none, never
 * runs the stylizer in-process (src/uxp/carrierConnection.ts). So a module is compiled on first
 * use, never on import, and this is the one file the lint lets use WebAssembly.
 *
 * A kernel's memory is never grown: growing a WebAssembly memory detaches its old buffer, and from
 * then on V8 checks every typed-array access in the process for detachment (measured: the
 * stabilizer's JavaScript passes 25% slower). A larger frame gets a new memory and instance instead.
 */

const PAGE_BYTES = 65536;

/** A kernel's functions (byte offsets into its memory, sizes, weights) and its memory as floats and integers. */
export interface KernelCall<Functions> {
  kernel: Functions;
  floats: Float32Array;
  ints: Int32Array;
}

/**
 * Where regions of a kernel's memory start (in 4-byte values), laid out in the order given, each on
 * a 16-byte boundary (vectors and f64 values), and how many 4-byte values they take in all.
 * `sizes`: each region's length in 4-byte values (an f64 counts twice).
 */
export function kernelLayout<Region extends string>(sizes: Record<Region, number>): { at: Record<Region, number>; samples: number } {
  let end = 0;
  const at = {} as Record<Region, number>;
  for (const region of Object.keys(sizes) as Region[]) {
    at[region] = Math.ceil(end / 4) * 4;
    end = at[region] + sizes[region];
  }
  return { at, samples: end };
}

/** Compiled modules by their bytes: each compiles once. */
const compiled = new WeakMap<Uint8Array, WebAssembly.Module>();

/**
 * A kernel with a memory of its own for `samples` 4-byte values, never grown: for a caller that keeps
 * planes in it from call to call (the stabilizer's state). Its module compiles the first time; each is
 * small enough (a test keeps each under 4 KB) for Chromium to compile synchronously on a page's main thread.
 */
export function ownKernel<Functions>(bytes: Uint8Array<ArrayBuffer>, samples: number): KernelCall<Functions> {
  let module = compiled.get(bytes);
  if (!module) {
    module = new WebAssembly.Module(bytes);
    compiled.set(bytes, module);
  }
  const memory = new WebAssembly.Memory({ initial: Math.ceil((4 * samples) / PAGE_BYTES) });
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Functions;
  return { kernel, floats: new Float32Array(memory.buffer), ints: new Int32Array(memory.buffer) };
}

/**
 * A kernel whose memory serves every caller (calls are synchronous and do not interleave): calling the
 * result with a number of 4-byte values gives the kernel with a memory that holds at least that many.
 * The memory stays as large as the largest frame seen until the process (or page) ends: some 37 MB
 * after a 4K frame for the lattice filter, the price of never growing one.
 */
export function lazyKernel<Functions>(bytes: Uint8Array<ArrayBuffer>): (samples: number) => KernelCall<Functions> {
  let current: KernelCall<Functions> | undefined;
  return (samples) => {
    if (!current || current.floats.length < samples) current = ownKernel<Functions>(bytes, samples);
    return current;
  };
}
