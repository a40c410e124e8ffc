/**
 * The guided filter (He, Sun and Tang, 2010): smooths a plane like a window mean, except across the
 * edges of a guide image. In each window the plane is fitted as a·guide + b: where the guide is flat
 * (variance well under `epsilon`) the fit is the window's mean, and where the window holds an edge of
 * the guide the fit follows it, so values on either side of the edge do not mix. Each sample then
 * takes the mean of the fits of the windows that cover it (on a flat guide: the mean of the window
 * means). Built from window sums, O(window) per sample, in a WebAssembly SIMD kernel
 * (boxKernel.wat) in single precision, whose memory holds the guide's statistics from plane to plane.
 */
import { BOX_KERNEL } from './boxKernelBinary';
import type { Plane } from './planes';
import { ownKernel, type KernelCall } from './wasmKernel';

type GuidedFunctions = {
  guide(guide: number, mean: number, variance: number, rows: number, padded: number, width: number, height: number, radius: number): void;
  smooth(
    values: number, guide: number, mean: number, variance: number, product: number, slope: number, offset: number,
    rows: number, padded: number, width: number, height: number, radius: number, epsilon: number,
  ): void;
};

/** The kernel's planes, in this order, each with room for a last vector that runs past its end. */
const [GUIDE, MEAN, VARIANCE, VALUES, PRODUCT, SLOPE, OFFSET, ROWS, PLANES] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** Filters planes of one size with the window statistics of a guide, kept for every plane filtered with it. */
export class GuidedFilter {
  private readonly n: number;
  private readonly call: KernelCall<GuidedFunctions>;
  private readonly stride: number;
  private guided = false;

  /** Working planes for width×height samples, kept from guide to guide. */
  constructor(private readonly width: number, private readonly height: number, private readonly radius: number, private readonly epsilon: number) {
    if (!(epsilon > 0)) throw new RangeError(`The guided filter's epsilon must be above 0 (a flat guide would divide 0 by 0), got ${epsilon}.`);
    this.n = width * height;
    this.stride = this.n + 4;
    this.call = ownKernel<GuidedFunctions>(BOX_KERNEL, PLANES * this.stride + width + 2 * radius + 4);
  }

  /** Sets the guide (of the filter's size) for the planes smoothed next. */
  guideBy(guide: Plane): void {
    if (guide.width !== this.width || guide.height !== this.height) {
      throw new RangeError(`The guide is ${guide.width}×${guide.height}; the filter was made for ${this.width}×${this.height}.`);
    }
    this.call.floats.set(guide.data, this.at(GUIDE));
    this.call.kernel.guide(4 * this.at(GUIDE), 4 * this.at(MEAN), 4 * this.at(VARIANCE), 4 * this.at(ROWS), 4 * this.at(PLANES), this.width, this.height, this.radius);
    this.guided = true;
  }

  /** Filters `values` (the guide's size) in place. */
  smooth(values: Float32Array<ArrayBufferLike>): void {
    const { n, guided, call: { kernel, floats } } = this;
    if (!guided || values.length !== n) throw new RangeError(guided ? `${values.length} values for a ${this.width}×${this.height} filter.` : 'Set a guide (guideBy) before smoothing.');
    floats.set(values, this.at(VALUES));
    kernel.smooth(
      4 * this.at(VALUES), 4 * this.at(GUIDE), 4 * this.at(MEAN), 4 * this.at(VARIANCE), 4 * this.at(PRODUCT), 4 * this.at(SLOPE), 4 * this.at(OFFSET),
      4 * this.at(ROWS), 4 * this.at(PLANES), this.width, this.height, this.radius, this.epsilon,
    );
    values.set(floats.subarray(this.at(VALUES), this.at(VALUES) + n));
  }

  /** Where plane `index` starts in the kernel's memory (4-byte values; PLANES: the padded row after them). */
  private at(index: number): number {
    return index * this.stride;
  }
}
