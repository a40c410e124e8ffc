/**
 * What the in-process stylizer refuses before any model runs, each with what to do instead:
 * strengths and sizes out of range, and images too small for the models' padding or too large for
 * the engine.
 */
import { CoherentStyleError } from '../errors';
import { DEFAULT_MAX_PIXELS, type RasterImage } from '../images/image';
import type { ModelEntry } from './modelContract';
import { MAX_STYLE_SHORT_SIDE, MIN_STYLE_SHORT_SIDE } from './stylizeService';

export function checkStrength(strength: number): void {
  if (typeof strength !== 'number' || !(strength >= 0 && strength <= 1)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Style strength must be between 0 and 1, got ${strength}.`);
  }
}

export function checkShortSide(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `${name} must be a whole number of pixels of at least 1, got ${value}.`);
  }
}

/**
 * The models' own reflect padding needs feature maps of at least two pixels: a frame padded to
 * two size multiples, a style image to three (its encoder goes one level deeper). Smaller inputs
 * fail deep inside onnxruntime, so they are refused here with what to do instead.
 */
const minFrameSide = (entry: ModelEntry): number => entry.sizeMultiple + 1;
const minStyleSide = (entry: ModelEntry): number => 2 * entry.sizeMultiple + 1;

export function checkStyleSettings(entry: ModelEntry, styles: readonly RasterImage[], styleShortSide: number | undefined): void {
  checkShortSide('The style size', styleShortSide);
  if (styleShortSide !== undefined && (styleShortSide < MIN_STYLE_SHORT_SIDE || styleShortSide > MAX_STYLE_SHORT_SIDE)) {
    throw new CoherentStyleError('INVALID_ARGUMENT',
      `The style size must be from ${MIN_STYLE_SHORT_SIDE} to ${MAX_STYLE_SHORT_SIDE} pixels (the models gain nothing from larger styles), got ${styleShortSide}.`);
  }
  const min = minStyleSide(entry);
  for (const style of styles) {
    if (Math.min(style.width, style.height) < min) {
      throw new CoherentStyleError('INVALID_IMAGE',
        `The style image is ${style.width}×${style.height}; the ${entry.label} models need at least ${min} pixels on each side. Choose a larger style image (a few hundred pixels is best).`);
    }
  }
}

export function checkRenderSize(entry: ModelEntry, frame: { width: number; height: number }, render: { width: number; height: number }): void {
  const min = minFrameSide(entry);
  if (Math.min(frame.width, frame.height) < min) {
    throw new CoherentStyleError('INVALID_IMAGE',
      `The frame is ${frame.width}×${frame.height}; the ${entry.label} models need at least ${min} pixels on each side. Use larger frames.`);
  }
  if (Math.min(render.width, render.height) < min) {
    throw new CoherentStyleError('INVALID_ARGUMENT',
      `The render size makes the frame ${render.width}×${render.height}; the ${entry.label} models need at least ${min} pixels on each side. Choose a larger render size.`);
  }
}

export function checkFrameSize(image: { width: number; height: number }, what: string): void {
  if (image.width * image.height > DEFAULT_MAX_PIXELS) {
    throw new CoherentStyleError('IMAGE_TOO_LARGE',
      `The ${what} is ${image.width}×${image.height}, larger than the ${Math.round(DEFAULT_MAX_PIXELS / 1e6)}-megapixel limit (8K UHD with margin). Scale it down first.`);
  }
}
