/**
 * The guided filter (He, Sun and Tang, 2010): smooths a plane like a window mean, except across the
 * edges of a guide image. In each window the plane is fitted as a·guide + b: where the guide is flat
 * (variance well under `epsilon`) the fit is the window's mean, and where the window holds an edge of
 * the guide the fit follows it, so values on either side of the edge do not mix. Each sample then
 * takes the mean of the fits of the windows that cover it (on a flat guide: the mean of the window
 * means). Built from box sums: O(1) per sample whatever the radius.
 */
import { boxMeanInto, boxSumScratch, plane, type BoxSumScratch, type Plane } from './planes';

/** Filters planes of one size with the window statistics of a guide, kept for every plane filtered with it. */
export class GuidedFilter {
  private readonly n: number;
  private readonly guideMean: Float32Array;
  private readonly guideVariance: Float32Array;
  private readonly product: Float32Array;
  private readonly slope: Float32Array;
  private readonly offset: Float32Array;
  private guide: Plane | undefined;

  /**
   * Working planes for width×height samples, kept from guide to guide. `scratch`: the box sums'
   * (of that size), which may be shared with other work that does not need it kept between calls.
   */
  constructor(
    private readonly width: number, private readonly height: number, private readonly radius: number, private readonly epsilon: number,
    private readonly scratch: BoxSumScratch = boxSumScratch(width, height),
  ) {
    if (!(epsilon > 0)) throw new RangeError(`The guided filter's epsilon must be above 0 (a flat guide would divide 0 by 0), got ${epsilon}.`);
    this.n = width * height;
    const planes = Array.from({ length: 5 }, () => new Float32Array(this.n));
    [this.guideMean, this.guideVariance, this.product, this.slope, this.offset] = planes;
  }

  /** Sets the guide (of the filter's size) for the planes smoothed next. */
  guideBy(guide: Plane): void {
    if (guide.width !== this.width || guide.height !== this.height) {
      throw new RangeError(`The guide is ${guide.width}×${guide.height}; the filter was made for ${this.width}×${this.height}.`);
    }
    this.guide = guide;
    const { data } = guide;
    this.meanInto(data, this.guideMean);
    for (let i = 0; i < this.n; i++) this.product[i] = data[i] * data[i];
    this.meanInto(this.product, this.guideVariance);
    for (let i = 0; i < this.n; i++) this.guideVariance[i] -= this.guideMean[i] * this.guideMean[i];
  }

  /** Filters `values` (the guide's size) in place. */
  smooth(values: Float32Array<ArrayBufferLike>): void {
    const { n, guide, guideMean, guideVariance, product, slope, offset } = this;
    if (!guide || values.length !== n) throw new RangeError(guide ? `${values.length} values for a ${this.width}×${this.height} filter.` : 'Set a guide (guideBy) before smoothing.');
    const g = guide.data;
    for (let i = 0; i < n; i++) product[i] = g[i] * values[i];
    this.meanInto(product, product);
    this.meanInto(values, offset);
    for (let i = 0; i < n; i++) {
      slope[i] = (product[i] - guideMean[i] * offset[i]) / (guideVariance[i] + this.epsilon);
      offset[i] -= slope[i] * guideMean[i];
    }
    this.meanInto(slope, slope);
    this.meanInto(offset, offset);
    for (let i = 0; i < n; i++) values[i] = slope[i] * g[i] + offset[i];
  }

  /** The window mean of `src` into `out` (which may be `src`). */
  private meanInto(src: Float32Array<ArrayBufferLike>, out: Float32Array): void {
    boxMeanInto(plane(this.width, this.height, src), this.radius, out, this.scratch);
  }
}
