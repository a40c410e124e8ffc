/**
 * A style mix: one to MAX_MIXED_STYLES style images, each with a weight. In the engine a mix has
 * one shape, WeightedStyle[] (a single image is shorthand for a mix of one); the forms other
 * places keep (a preset's or the panel's second style with a share, the wire's one message per
 * part, a farm job's digests) are translations at their boundary. Weights are relative: a mix is
 * normalised so that they sum to 1.
 */
import { z } from 'zod';
import { CoherentStyleError } from '../errors';
import type { RasterImage } from '../images/image';
import { downscaleStyle } from '../images/styleDownscale';

export const MAX_MIXED_STYLES = 4;

/**
 * The largest weight of one style in a mix. Weights are relative (only their ratios matter), so
 * the bound takes nothing away; it keeps their sum finite, so they never normalise to 0.
 */
export const MAX_STYLE_WEIGHT = 1e6;

/** One style of a mix and its weight. */
export interface WeightedStyle {
  image: RasterImage;
  weight: number;
}

/** One style image, or two to four mixed in style-statistics space. */
export type StyleSource = RasterImage | readonly WeightedStyle[];

/** One weight of a mix, as every schema that carries one checks it. */
export const styleWeightSchema = z.number().min(0).max(MAX_STYLE_WEIGHT);

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

/** A list of one to MAX_MIXED_STYLES weighted items whose weights make a mix (a farm job's styles, for one). */
export function mixSchema<T extends z.ZodType<{ weight: number }>>(item: T) {
  return z.array(item).min(1).max(MAX_MIXED_STYLES).superRefine((items, context) => {
    const problem = styleWeightsProblem(items.map((i) => i.weight));
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}

function isSingleImage(source: StyleSource): source is RasterImage {
  return !Array.isArray(source);
}

/** Weights (checked with styleWeightsProblem) scaled to sum to 1: each style's share of the mix. */
export function shares(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

/** One style or a checked mix of two to four, with weights that sum to 1: the engine's one shape of a mix. */
export function normaliseStyleSource(source: StyleSource): WeightedStyle[] {
  if (isSingleImage(source)) return [{ image: source, weight: 1 }];
  const styles = source as readonly WeightedStyle[];
  if (styles.length < 1 || styles.length > MAX_MIXED_STYLES) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `A style mix takes one to ${MAX_MIXED_STYLES} style images, got ${styles.length}.`);
  }
  const weights = styles.map((s) => s.weight);
  const problem = styleWeightsProblem(weights);
  if (problem) throw new CoherentStyleError('INVALID_ARGUMENT', `${problem[0].toUpperCase()}${problem.slice(1)}.`);
  return shares(weights).map((weight, i) => ({ image: styles[i].image, weight }));
}

/** A frame's shares of a mix: its own weights (a keyframed mix, checked and normalised) when given, else the job's. */
export function mixWeightsOf(styles: ReadonlyArray<{ weight: number }>, frameWeights: readonly number[] | undefined): readonly number[] {
  if (!frameWeights) return styles.map((s) => s.weight);
  if (frameWeights.length !== styles.length) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `A frame's style weights must be one per style of the job (${styles.length}), got ${frameWeights.length}.`);
  }
  const problem = styleWeightsProblem(frameWeights);
  if (problem) throw new CoherentStyleError('INVALID_ARGUMENT', `A frame's ${problem}.`);
  return shares(frameWeights);
}

/**
 * Translation from the two-style form the panel and presets keep (a second style whose `share`
 * is its weight, the first having 1 − share) into the engine's mix.
 */
export function mixOfShare<T>(first: T, second: { style: T; share: number } | undefined): Array<{ style: T; weight: number }> {
  return second ? [{ style: first, weight: 1 - second.share }, { style: second.style, weight: second.share }] : [{ style: first, weight: 1 }];
}

/** One style or a mix, each no larger than the encoder will take it (what a carrier sends). */
export function downscaleStyles(style: StyleSource, shortSide: number): WeightedStyle[] {
  const parts = isSingleImage(style) ? [{ image: style, weight: 1 }] : style;
  return parts.map(({ image, weight }) => ({ image: downscaleStyle(image, shortSide), weight }));
}
