/**
 * The stabilizer's two full-size passes (steadyBlend.ts) as a WebAssembly SIMD kernel
 * (steadyKernel.wat; see images/wasmKernel.ts), and the full-size planes the stabilizer keeps from
 * frame to frame, which live in the kernel's own memory: the kernel reads and writes them where they
 * are, so per frame only the new stylized frame is copied in and the shown frame out (copying every
 * plane in and out cost what SIMD saved; docs/steadiness.md). The luma of that frame and of the
 * carried blend are downscaled to the motion estimate's size where they are, too.
 */
import { acrossRows, plane, type BilinearTaps, type Plane } from '../images/planes';
import { kernelLayout, ownKernel, type KernelCall } from '../images/wasmKernel';
import { STEADY_KERNEL } from './steadyKernelBinary';

type SteadyFunctions = {
  blend(
    previous: number, out: number, luma: number, current: number, base: number, across: number, down: number, motion: number, motionBytes: number,
    first: number, second: number, weight: number, cells: number, scratch: number, width: number, height: number, factor: number, carry: number,
  ): void;
  restoreDetail(
    rgb: number, out: number, luma: number, gainRows: number, meanRows: number, first: number, second: number, weight: number,
    across: number, down: number, width: number, height: number,
  ): void;
  curvature(luma: number, across: number, down: number, width: number, height: number): void;
  downscale(src: number, planeBytes: number, channels: number, out: number, sums: number, width: number, height: number, factor: number): void;
};

/**
 * A luma plane's second differences across and down (edges repeated). Along one axis, a Catmull-Rom
 * read differs from a linear one by −t(1−t)/2 times the second difference read linearly (t: the
 * position's fraction), so the sharpened read takes two planes read bilinearly instead of 4×4
 * samples. It leaves out the two-dimensional kernel's cross term (at most 1/64 of a fourth
 * difference): the measured figures do not move (docs/steadiness.md).
 */
export interface Curvature {
  across: Float32Array;
  down: Float32Array;
}

/** Motion at the reduced size (`factor` times coarser than the frame): where each sample was in the previous frame, and how far (0..1) that is trusted. */
export interface MotionPlanes {
  u: Plane;
  v: Plane;
  trust: Plane;
}

/** Luma sums per cell of the blend: for cell i, at 8i and 8i+1 (added) the blend's sum, then its sum of squares, then the new frame's two. */
export type CellSums = Float64Array;

/** Float offsets of the planes in the kernel's memory, in this order: a bilinear read that runs past a plane lands in the next (steadyKernel.wat). */
const CARRIED = [0, 3];
const LUMA = 6;
const CURVATURES = [7, 9];
const CURRENT = 11;
const BASE = 14;
const PLANES = 17;
/** Rows of four-sample vectors the blend works a frame row in (steadyKernel.wat). */
const SCRATCH_ROWS = 6;

/** The stabilizer's full-size planes for width×height frames, in the memory of the kernel that works on them. */
export class SteadyPlanes {
  /** The carried blend (3 planes), alternating: one is the previous frame's while the other is written. */
  readonly carried: [Float32Array, Float32Array];
  /** The blend's luma (after a restart: the restart frame's), which the next frame's trail limit reads. */
  readonly luma: Float32Array;
  /** The luma's curvature, alternating as the blend does. */
  readonly curvatures: [Curvature, Curvature];
  private readonly call: KernelCall<SteadyFunctions>;
  private readonly current: Float32Array;
  private readonly base: Float32Array;
  /** u, v and trust rows interpolated across, then the detail gain's and mean's. */
  private readonly rows: Float32Array[];
  private readonly taps: Int32Array;
  private readonly cells: Float64Array;
  /** Where the blend works a row at a time. */
  private readonly scratchAt: number;
  /** Where downscales write their plane, and sum a row of cells. */
  private readonly smallAt: number;
  private readonly sumsAt: number;
  private readonly small: { width: number; height: number };

  /**
   * `factor`: how many times coarser than the frame motion is estimated; `detailRows`: the height of
   * the detail gain and mean planes; `cellCount`: how many cells the blend sums luma in.
   */
  constructor(readonly width: number, readonly height: number, readonly factor: number, detailRows: number, cellCount: number) {
    const n = width * height;
    this.small = { width: Math.ceil(width / factor), height: Math.ceil(height / factor) };
    // The planes first, so a bilinear read past the last lands in the rows after them; cells and sums are f64 pairs.
    const { at, samples } = kernelLayout({
      planes: PLANES * n, rows: (3 * this.small.height + 2 * detailRows) * width, taps: 3 * height, cells: 16 * cellCount,
      scratch: SCRATCH_ROWS * 4 * Math.ceil(width / 4), small: this.small.width * this.small.height, sums: 2 * (width + 4),
    });
    [this.scratchAt, this.smallAt, this.sumsAt] = [at.scratch, at.small, at.sums];
    this.call = ownKernel<SteadyFunctions>(STEADY_KERNEL, samples);
    const { floats, ints } = this.call;
    const plane = (first: number, planes: number) => floats.subarray(first * n, (first + planes) * n);
    this.carried = [plane(CARRIED[0], 3), plane(CARRIED[1], 3)];
    this.luma = plane(LUMA, 1);
    this.curvatures = CURVATURES.map((at) => ({ across: plane(at, 1), down: plane(at + 1, 1) })) as [Curvature, Curvature];
    this.current = plane(CURRENT, 3);
    this.base = plane(BASE, 3);
    let rowAt = at.rows;
    const motionRows = this.small.height;
    this.rows = [motionRows, motionRows, motionRows, detailRows, detailRows].map((count) => floats.subarray(rowAt, (rowAt += count * width)));
    this.taps = ints.subarray(at.taps, at.taps + 3 * height);
    this.cells = new Float64Array(floats.buffer, 4 * at.cells, 8 * cellCount);
  }

  /**
   * The curvature of a width×height luma plane, for a frame whose detail is not restored (the first
   * after a start or a cut): into curvatures[0], which the next frame's blend then reads while it
   * writes curvatures[1].
   */
  curvatureOf(luma: Float32Array<ArrayBufferLike>): Curvature {
    const { width, height, call: { kernel } } = this;
    const [curvature] = this.curvatures;
    this.luma.set(luma);
    kernel.curvature(this.luma.byteOffset, curvature.across.byteOffset, curvature.down.byteOffset, width, height);
    return curvature;
  }

  /** Takes the new stylized frame (3 planes) in for the next blend; returns its luma downscaled by `factor`. */
  takeCurrent(current: Float32Array<ArrayBufferLike>): Plane {
    this.current.set(current);
    return this.downscaled(this.current, 3);
  }

  /**
   * Another frame's luma (3 planes) downscaled by `factor`, averaged where the blend's base goes: the
   * next blend() that is given a base copies it there anew.
   */
  lumaDownscaled(frame: Float32Array<ArrayBufferLike>): Plane {
    this.base.set(frame);
    return this.downscaled(this.base, 3);
  }

  /** The carried luma (`luma`) downscaled by `factor`. */
  carriedLumaDownscaled(): Plane {
    return this.downscaled(this.luma, 1);
  }

  /**
   * Pass 1, in single precision: the frame taken in (takeCurrent) + carry·trust·(`previous` read at
   * the motion and sharpened by `previousCurvature`, less `base`) into the other carried planes, its
   * luma into `luma`, and both lumas' sums per 4×4 cell. `base`: that frame stylized at the previous
   * look, when the look changed (else the frame itself).
   */
  blend(previous: Float32Array, previousCurvature: Curvature, base: Float32Array<ArrayBufferLike> | undefined, motion: MotionPlanes, carry: number): { carried: Float32Array; cells: CellSums } {
    const { width, height, call: { kernel } } = this;
    const carried = this.carried[previous === this.carried[0] ? 1 : 0];
    if (!this.carried.includes(previous) || !this.curvatures.includes(previousCurvature)) {
      throw new RangeError('blend() takes this SteadyPlanes\' own carried and curvature planes.');
    }
    if (base) this.base.set(base);
    const [uRows, vRows, trustRows] = this.rows;
    const down = this.across(motion.u, this.factor, uRows);
    this.across(motion.v, this.factor, vRows);
    this.across(motion.trust, this.factor, trustRows);
    const tapsAt = this.setTaps(down);
    this.cells.fill(0);
    kernel.blend(
      previous.byteOffset, carried.byteOffset, this.luma.byteOffset, this.current.byteOffset, (base ? this.base : this.current).byteOffset,
      previousCurvature.across.byteOffset, previousCurvature.down.byteOffset, uRows.byteOffset, uRows.byteLength,
      tapsAt, tapsAt + 4 * height, tapsAt + 8 * height, this.cells.byteOffset, 4 * this.scratchAt, width, height, this.factor, carry,
    );
    return { carried, cells: this.cells };
  }

  /**
   * Pass 2, in single precision: `carried` with its luma detail (`luma` less the mean) scaled by the
   * gain − 1 and added to each channel, into `out`; and the luma's curvature (edges repeated) into
   * `curvature`. `gain` and `mean`: per cell, `scale` times coarser than the frame.
   */
  restore(carried: Float32Array, curvature: Curvature, gain: Plane, mean: Plane, scale: number, out: Float32Array): void {
    const { width, height, call: { kernel } } = this;
    if (!this.carried.includes(carried) || !this.curvatures.includes(curvature)) {
      throw new RangeError('restore() takes this SteadyPlanes\' own carried and curvature planes.');
    }
    const [, , , gainRows, meanRows] = this.rows;
    const down = this.across(gain, scale, gainRows);
    this.across(mean, scale, meanRows);
    const tapsAt = this.setTaps(down);
    kernel.restoreDetail(
      carried.byteOffset, this.current.byteOffset, this.luma.byteOffset, gainRows.byteOffset, meanRows.byteOffset, tapsAt, tapsAt + 4 * height, tapsAt + 8 * height,
      curvature.across.byteOffset, curvature.down.byteOffset, width, height,
    );
    out.set(this.current);
  }

  /** `channels` planes from `src` (1: as they are; 3: their luma), area-averaged over factor×factor cells, in a new plane. */
  private downscaled(src: Float32Array, channels: 1 | 3): Plane {
    const { width, height, factor, small, call: { kernel, floats } } = this;
    kernel.downscale(src.byteOffset, 4 * width * height, channels, 4 * this.smallAt, 4 * this.sumsAt, width, height, factor);
    return plane(small.width, small.height, floats.slice(this.smallAt, this.smallAt + small.width * small.height));
  }

  /** `src` (`scale` times coarser than the frame) interpolated across into `rows`, which must be its size. */
  private across(src: Plane, scale: number, rows: Float32Array): BilinearTaps {
    const interpolated = acrossRows(src, scale, this.width, this.height, rows);
    if (interpolated.rows !== rows) throw new RangeError(`A ${src.width}×${src.height} plane does not fit the rows made for this frame size.`);
    return interpolated.down;
  }

  /** The taps into the kernel's memory: the byte offset of first, then second and weight each `height` values on. */
  private setTaps({ first, second, weight }: BilinearTaps): number {
    const { taps, height } = this;
    taps.set(first, 0);
    taps.set(second, height);
    new Float32Array(taps.buffer, taps.byteOffset + 8 * height, height).set(weight);
    return taps.byteOffset;
  }
}
