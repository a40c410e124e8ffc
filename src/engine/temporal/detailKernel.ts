/**
 * The stabilizer's second pass (steadyBlend.ts) as a WebAssembly SIMD kernel (detailKernel.wat; see
 * images/wasmKernel.ts), and the full-size planes the stabilizer keeps from frame to frame, which
 * live in the kernel's own memory: the kernel reads and writes them where they are, so only the
 * shown frame and a few small rows are copied per frame (copying every plane in and out cost what
 * SIMD saved; docs/steadiness.md). The blend's JavaScript reads and writes the same planes as views.
 */
import type { BilinearTaps } from '../images/planes';
import { ownKernel, type KernelCall } from '../images/wasmKernel';
import { DETAIL_KERNEL } from './detailKernelBinary';

type DetailFunctions = {
  restoreDetail(
    rgb: number, out: number, luma: number, gainRows: number, meanRows: number, first: number, second: number, weight: number,
    across: number, down: number, width: number, height: number,
  ): void;
  curvature(luma: number, across: number, down: number, width: number, height: number): void;
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

/** What the pass reads besides the planes: the gain and mean rows interpolated across, with the taps that interpolate them down. */
export interface DetailRows {
  gainRows: Float32Array;
  meanRows: Float32Array;
  down: BilinearTaps;
}

/** The stabilizer's full-size planes for width×height frames, in the memory of the kernel that restores their detail. */
export class DetailPlanes {
  /** The carried blend (3 planes), alternating: one is the previous frame's while the other is written. */
  readonly carried: [Float32Array, Float32Array];
  /** The blend's luma. */
  readonly luma: Float32Array;
  /** The luma's curvature, alternating as the blend does. */
  readonly curvatures: [Curvature, Curvature];
  private readonly call: KernelCall<DetailFunctions>;
  private readonly shown: Float32Array;
  private readonly rowsAt: number;

  /** `rowCount`: how many interpolated gain rows (and as many mean rows) a frame has. */
  constructor(readonly width: number, readonly height: number, private readonly rowCount: number) {
    const n = width * height;
    // Carried 2 × 3 planes, luma 1, curvatures 2 × 2, shown 3: 14 planes, then the rows and taps.
    this.rowsAt = 14 * n;
    this.call = ownKernel<DetailFunctions>(DETAIL_KERNEL, this.rowsAt + 2 * rowCount * width + 3 * height);
    const plane = (at: number, planes: number) => this.call.floats.subarray(at * n, (at + planes) * n);
    this.carried = [plane(0, 3), plane(3, 3)];
    this.luma = plane(6, 1);
    this.curvatures = [{ across: plane(7, 1), down: plane(8, 1) }, { across: plane(9, 1), down: plane(10, 1) }];
    this.shown = plane(11, 3);
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

  /**
   * One of `carried` with its luma detail (`luma` less the mean) scaled by the gain − 1 and added to
   * each channel, into `out`; and the luma's curvature (edges repeated) into one of `curvatures`. In
   * single precision.
   */
  restore(carried: Float32Array, curvature: Curvature, rows: DetailRows, out: Float32Array): void {
    const { width, height, rowsAt, call: { kernel, floats, ints } } = this;
    if (!this.carried.includes(carried) || !this.curvatures.includes(curvature) || rows.gainRows.length !== this.rowCount * width) {
      throw new RangeError('restore() takes this DetailPlanes\' own carried and curvature planes and rows of its size.');
    }
    const meanAt = rowsAt + rows.gainRows.length;
    const firstAt = meanAt + rows.meanRows.length;
    const secondAt = firstAt + height;
    const weightAt = secondAt + height;
    floats.set(rows.gainRows, rowsAt);
    floats.set(rows.meanRows, meanAt);
    ints.set(rows.down.first, firstAt);
    ints.set(rows.down.second, secondAt);
    floats.set(rows.down.weight, weightAt);
    kernel.restoreDetail(
      carried.byteOffset, this.shown.byteOffset, this.luma.byteOffset, 4 * rowsAt, 4 * meanAt, 4 * firstAt, 4 * secondAt, 4 * weightAt,
      curvature.across.byteOffset, curvature.down.byteOffset, width, height,
    );
    out.set(this.shown);
  }
}
