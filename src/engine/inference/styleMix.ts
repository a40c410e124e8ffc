/**
 * Mixing styles in style-statistics space. The style encoder's outputs (for SCT models the
 * compressed feature covariance `style_cov` and the feature mean `style_mean`) are the stylizer's
 * only view of the style, so a weighted mean of them is a style the unchanged stylizer graph can
 * paint: a convex combination of covariances is still a covariance (symmetric, positive
 * semi-definite), and means mix linearly. A weight of 1 with the others 0 gives exactly that
 * style's statistics.
 */
import { CoherentStyleError } from '../errors';
import type { RasterImage } from '../images/image';
import type { StyleSource, WeightedStyle } from './stylizeService';

/** A style_encoder's outputs by name: the extra inputs of the mode's stylizer. */
export type StyleStatistics = ReadonlyMap<string, { data: Float32Array; dims: readonly number[] }>;

export const MAX_MIXED_STYLES = 4;

/**
 * The largest weight of one style in a mix. Weights are relative (only their ratios matter), so
 * the bound takes nothing away; it keeps their sum finite, so they never normalise to 0.
 */
export const MAX_STYLE_WEIGHT = 1e6;

/**
 * Why these weights cannot make a mix (a phrase for a message), or undefined when they can: each a
 * number from 0 to MAX_STYLE_WEIGHT, at least one above 0. Every place that takes weights (the
 * CLI, farm jobs, the companion's messages, the stylizer) checks them with this.
 */
export function styleWeightsProblem(weights: readonly unknown[]): string | undefined {
  if (weights.some((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > MAX_STYLE_WEIGHT)) {
    return `style weights must be numbers from 0 to ${MAX_STYLE_WEIGHT}, got ${weights.map(String).join(', ')}`;
  }
  const total = (weights as number[]).reduce((sum, w) => sum + w, 0);
  if (!(total > 0) || !Number.isFinite(total)) return 'at least one style weight must be above 0';
  return undefined;
}

function isSingleImage(source: StyleSource): source is RasterImage {
  return !Array.isArray(source);
}

/** One style or a checked mix of two to four, with weights that sum to 1. */
export function normaliseStyleSource(source: StyleSource): WeightedStyle[] {
  if (isSingleImage(source)) return [{ image: source, weight: 1 }];
  const styles = source as readonly WeightedStyle[];
  if (styles.length < 1 || styles.length > MAX_MIXED_STYLES) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `A style mix takes one to ${MAX_MIXED_STYLES} style images, got ${styles.length}.`);
  }
  const problem = styleWeightsProblem(styles.map((s) => s.weight));
  if (problem) throw new CoherentStyleError('INVALID_ARGUMENT', `${problem[0].toUpperCase()}${problem.slice(1)}.`);
  const total = styles.reduce((sum, s) => sum + s.weight, 0);
  return styles.map((s) => ({ image: s.image, weight: s.weight / total }));
}

/** A frame's shares of a mix: its own weights (a keyframed mix, checked and normalised) when given, else the job's. */
export function mixWeightsOf(styles: ReadonlyArray<{ weight: number }>, frameWeights: readonly number[] | undefined): readonly number[] {
  if (!frameWeights) return styles.map((s) => s.weight);
  if (frameWeights.length !== styles.length) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `A frame's style weights must be one per style of the job (${styles.length}), got ${frameWeights.length}.`);
  }
  const problem = styleWeightsProblem(frameWeights);
  if (problem) throw new CoherentStyleError('INVALID_ARGUMENT', `A frame's ${problem}.`);
  const total = frameWeights.reduce((sum, w) => sum + w, 0);
  return frameWeights.map((w) => w / total);
}

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
