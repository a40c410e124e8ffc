/**
 * What "strength" means. The network blends in feature space (its `alpha` input), which gives the
 * best-looking partial looks, but at alpha 0 it still returns its own reconstruction of the frame,
 * not the frame (tones and fine texture change). So the stylized frame is also blended in pixel
 * space towards the untouched input by a ramp that reaches 1 at RAMP_END: strength 0 is the input
 * exactly, the way out of 0 is a smooth fade, and above RAMP_END the network's own alpha rules.
 */
import type { PlanarRgb } from '../images/image';

/** Strength at which the pixel-space ramp has fully handed over to the network's alpha. */
export const STRENGTH_RAMP_END = 0.25;

/** Weight of the stylized frame against the input in pixel space, for a strength in [0,1]. */
export function pixelRampWeight(strength: number): number {
  return strength >= STRENGTH_RAMP_END ? 1 : strength / STRENGTH_RAMP_END;
}

/** input + weight·(stylized − input), per sample; both images have the same size. */
export function blendTowardsInput(input: PlanarRgb, stylized: PlanarRgb, weight: number): PlanarRgb {
  if (weight >= 1) return stylized;
  const a = input.data;
  const b = stylized.data;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + weight * (b[i] - a[i]);
  return { width: input.width, height: input.height, data: out };
}
