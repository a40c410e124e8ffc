/**
 * Mixing styles in style-statistics space. The style encoder's outputs (for SCT models the
 * compressed feature covariance `style_cov` and the feature mean `style_mean`) are the stylizer's
 * only view of the style, so a weighted mean of them is a style the unchanged stylizer graph can
 * paint: a convex combination of covariances is still a covariance (symmetric, positive
 * semi-definite), and means mix linearly. A weight of 1 with the others 0 gives exactly that
 * style's statistics.
 */
import { CoherentStyleError } from '../errors';

/** A style_encoder's outputs by name: the extra inputs of the mode's stylizer. */
export type StyleStatistics = ReadonlyMap<string, { data: Float32Array; dims: readonly number[] }>;

/** The weighted mean of each named statistic (every part comes from the same mode's encoder). */
export function mixStyleStatistics(parts: ReadonlyArray<{ statistics: StyleStatistics; weight: number }>): StyleStatistics {
  if (parts.length === 1) return parts[0].statistics;
  const mixed = new Map<string, { data: Float32Array; dims: readonly number[] }>();
  for (const [name, first] of parts[0].statistics) {
    const data = new Float32Array(first.data.length);
    for (const { statistics, weight } of parts) {
      const part = statistics.get(name);
      if (!part || part.data.length !== data.length) {
        throw new CoherentStyleError('INVALID_ARGUMENT', `The styles of a mix disagree on the statistic "${name}"; they must be encoded by the same mode.`);
      }
      // Zero-weight parts are skipped, so weights 1,0 give the single style bit for bit.
      if (weight === 0) continue;
      for (let i = 0; i < data.length; i++) data[i] += weight * part.data[i];
    }
    mixed.set(name, { data, dims: first.dims });
  }
  return mixed;
}
