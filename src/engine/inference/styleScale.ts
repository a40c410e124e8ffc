/**
 * Style scale: how large the style image is when its statistics are taken, relative to the size
 * the frame is rendered at. The network paints strokes of about the size they have in the encoded
 * style image, in pixels; encoding the style in proportion to the render size keeps strokes the
 * same size relative to the frame at any resolution, and the scale makes them bigger or finer.
 */
import { CoherentStyleError } from '../errors';
import { MAX_STYLE_SHORT_SIDE } from './stylizeService';

export const MIN_STYLE_SCALE = 0.25;
export const MAX_STYLE_SCALE = 4;
/** At this render short side, scale 1 encodes the style at the engine's long-standing default. */
export const REFERENCE_RENDER_SHORT_SIDE = 720;
/** The style short side the default (scale 1 at 720p) gives. */
export const REFERENCE_STYLE_SHORT_SIDE = 512;
/** A scaled style is never encoded smaller than this: below it the encoder sees no texture. */
const MIN_SCALED_STYLE_SHORT_SIDE = 64;

export function checkStyleScale(scale: number): void {
  if (typeof scale !== 'number' || !(scale >= MIN_STYLE_SCALE && scale <= MAX_STYLE_SCALE)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The style scale must be between ${MIN_STYLE_SCALE} and ${MAX_STYLE_SCALE} (1 = the default stroke size), got ${scale}.`);
  }
}

/** The short side to encode the style at for a frame rendered at `renderShortSide`. */
export function styleShortSideFor(scale: number, renderShortSide: number): number {
  const side = Math.round((REFERENCE_STYLE_SHORT_SIDE * scale * renderShortSide) / REFERENCE_RENDER_SHORT_SIDE);
  return Math.min(MAX_STYLE_SHORT_SIDE, Math.max(MIN_SCALED_STYLE_SHORT_SIDE, side));
}
