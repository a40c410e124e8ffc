/**
 * The plane operations' WebAssembly SIMD kernel (planeKernel.wat; see wasmKernel.ts), and planes of
 * one size laid out in a memory of its own, for work that keeps its planes there from call to call
 * (the guided filter, the motion estimate).
 */
import { PLANE_KERNEL } from './planeKernelBinary';
import { lazyKernel, ownKernel } from './wasmKernel';

export type PlaneFunctions = {
  boxSum(src: number, out: number, rows: number, padded: number, width: number, height: number, before: number, after: number, divisor: number): void;
  guide(guide: number, mean: number, variance: number, rows: number, padded: number, width: number, height: number, radius: number): void;
  smooth(
    values: number, guide: number, mean: number, variance: number, product: number, slope: number, offset: number,
    rows: number, padded: number, width: number, height: number, radius: number, epsilon: number,
  ): void;
  remap(src: number, u: number, v: number, out: number, width: number, height: number): void;
  gradients(src: number, gx: number, gy: number, width: number, height: number): void;
  lucasKanade(
    from: number, warped: number, fromGx: number, fromGy: number, warpedGx: number, warpedGy: number, tensor: number, planeBytes: number,
    u: number, v: number, rows: number, padded: number, width: number, height: number, radius: number, floor: number, maxStep: number,
  ): void;
};

/** Samples of room after every plane: a row's last vector may run three samples past the plane's end. */
const ROOM = 4;

/** The 4-byte values a width×height plane takes in a kernel memory: its samples and the room after them. */
export const planeSlot = (width: number, height: number): number => width * height + ROOM;

/** The kernel with a memory shared by every call that copies its planes in and out (planes.ts). */
export const sharedPlaneKernel = lazyKernel<PlaneFunctions>(PLANE_KERNEL);

/**
 * `count` width×height planes in a kernel memory of their own, each followed by room for a last
 * vector, then a row for window sums of radius up to `maxRadius` (its edges repeated).
 */
export class KernelPlanes {
  readonly kernel: PlaneFunctions;
  private readonly floats: Float32Array;
  private readonly stride: number;

  constructor(readonly width: number, readonly height: number, readonly count: number, maxRadius: number) {
    this.stride = Math.ceil(planeSlot(width, height) / 4) * 4;
    const call = ownKernel<PlaneFunctions>(PLANE_KERNEL, count * this.stride + planeSlot(width + 2 * maxRadius, 1));
    this.kernel = call.kernel;
    this.floats = call.floats;
  }

  /** Plane `index` (0 ≤ index < count). */
  plane(index: number): Float32Array {
    const at = index * this.stride;
    return this.floats.subarray(at, at + this.width * this.height);
  }

  /** The byte offset of plane `index`, as the kernel takes it. */
  at(index: number): number {
    return 4 * index * this.stride;
  }

  /** The byte offset of the padded row the window sums work in. */
  get padded(): number {
    return this.at(this.count);
  }

  /** Bytes from one plane to the next. */
  get planeBytes(): number {
    return 4 * this.stride;
  }

  /** Whether `plane` is one of these planes (the kernel reads planes only in its memory). */
  holds(plane: Float32Array<ArrayBufferLike>): boolean {
    return plane.buffer === this.floats.buffer && plane.length === this.width * this.height && (plane.byteOffset / 4) % this.stride === 0;
  }
}
