import { MAX_STYLE_SCALE, MIN_STYLE_SCALE } from '../engine/look/look';
/**
 * The Stroke size slider's track. Stroke size is a factor on the style's scale (¼× to 4×, 1× the
 * default), so equal moves of the thumb must multiply it by equal amounts: on a linear track from
 * 25% to 400%, the default 100% sat at (100 − 25) / (400 − 25) = 20% of the track, and the finer
 * half had a fifth of the room of the coarser. The slider's value is the index of a half-octave
 * stop, with 1× in the middle; its label shows the percentage, since UXP's slider only shows its value.
 */

/** √2 apart, rounded to figures an editor reads at a glance; from MIN_STYLE_SCALE to MAX_STYLE_SCALE. */
export const STROKE_SIZE_STOPS: readonly number[] = [MIN_STYLE_SCALE, 0.35, 0.5, 0.7, 1, 1.4, 2, 2.8, MAX_STYLE_SCALE];

/** The stop nearest to `scale` on the logarithmic track (a preset may hold any scale in range). */
export function stopForScale(scale: number): number {
  let best = 0;
  STROKE_SIZE_STOPS.forEach((stop, i) => {
    if (Math.abs(Math.log(stop / scale)) < Math.abs(Math.log(STROKE_SIZE_STOPS[best] / scale))) best = i;
  });
  return best;
}

export function scaleForStop(stop: number): number {
  return STROKE_SIZE_STOPS[Math.min(STROKE_SIZE_STOPS.length - 1, Math.max(0, Math.round(stop)))];
}

/** "Stroke size: 140%" */
export function describeStrokeSize(scale: number): string {
  return `Stroke size: ${Math.round(scale * 100)}%`;
}
