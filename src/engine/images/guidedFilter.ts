/**
 * The guided filter (He, Sun and Tang, 2010): smooths a plane like a window mean, except across the
 * edges of a guide image. In each window the plane is fitted as a·guide + b: where the guide is flat
 * (variance well under `epsilon`) the fit is the window's mean, and where the window holds an edge of
 * the guide the fit follows it, so values on either side of the edge do not mix. Each sample then
 * takes the mean of the fits of the windows that cover it (on a flat guide: the mean of the window
 * means). Built from window sums, O(window) per sample, by the plane kernel (planeKernel.wat) in
 * single precision, on planes in the kernel's memory.
 */
import type { KernelPlanes } from './planeKernel';

/** The planes of its memory a filter works in, from its first: the guide's mean and variance, a product, slope, offset, and the window sums' rows. */
const [MEAN, VARIANCE, PRODUCT, SLOPE, OFFSET, ROWS] = [0, 1, 2, 3, 4, 5];

/** Filters planes of `memory` with the window statistics of a guide, kept for every plane filtered with it. */
export class GuidedFilter {
  /** How many planes of its memory a filter works in. */
  static readonly WORKING_PLANES = 6;
  private guide: Float32Array | undefined;

  /** Works in `memory`'s planes first…first + WORKING_PLANES − 1, over (2·radius + 1)² windows. */
  constructor(private readonly memory: KernelPlanes, private readonly first: number, private readonly radius: number, private readonly epsilon: number) {
    if (!(epsilon > 0)) throw new RangeError(`The guided filter's epsilon must be above 0 (a flat guide would divide 0 by 0), got ${epsilon}.`);
    if (first + GuidedFilter.WORKING_PLANES > memory.count) throw new RangeError(`The guided filter needs planes ${first}–${first + GuidedFilter.WORKING_PLANES - 1}; the memory has ${memory.count}.`);
  }

  /** Sets the guide, a plane of the filter's memory (kept there, unchanged, while it guides), for the planes smoothed next. */
  guideBy(guide: Float32Array): void {
    const { memory, radius } = this;
    this.refuseUnlessHeld(guide, 'guide');
    this.guide = guide;
    memory.kernel.guide(guide.byteOffset, this.at(MEAN), this.at(VARIANCE), this.at(ROWS), memory.padded, memory.width, memory.height, radius);
  }

  /** Filters `values`, a plane of the filter's memory, in place. */
  smooth(values: Float32Array): void {
    const { memory, guide } = this;
    if (!guide) throw new RangeError('Set a guide (guideBy) before smoothing.');
    this.refuseUnlessHeld(values, 'values');
    memory.kernel.smooth(
      values.byteOffset, guide.byteOffset, this.at(MEAN), this.at(VARIANCE), this.at(PRODUCT), this.at(SLOPE), this.at(OFFSET),
      this.at(ROWS), memory.padded, memory.width, memory.height, this.radius, this.epsilon,
    );
  }

  private at(plane: number): number {
    return this.memory.at(this.first + plane);
  }

  private refuseUnlessHeld(plane: Float32Array, what: string): void {
    if (!this.memory.holds(plane)) {
      throw new RangeError(`The ${what} must be a ${this.memory.width}×${this.memory.height} plane of the filter's memory (the kernel reads it there).`);
    }
  }
}
