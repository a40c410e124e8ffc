/**
 * Style scale: stroke size relative to the frame. The network paints strokes of a size of its own,
 * in its pixels, which the size of the encoded style image hardly changes (scale 2 against 1 by
 * that alone: 3.6 grey levels apart, strokes no larger). So the content is stylized at 1/scale of
 * the render size and brought back to it: strokes come out `scale` times as big (or as fine). What
 * the shrink took from the content's own detail is put back as luma, so edges stay sharp while
 * the strokes grow. The style is encoded in proportion to that content size, which keeps strokes
 * the same size relative to the frame from 720p to 4K.
 */
import { CoherentStyleError } from '../errors';
import type { PlanarRgb } from '../images/image';
import { lumaOf } from '../images/planes';
import { resizePlanar } from '../images/resize';
import { MAX_STYLE_SCALE, MIN_STYLE_SCALE } from '../look/look';
import { MAX_STYLE_SHORT_SIDE } from './stylizeService';

/** At this render short side, scale 1 encodes the style at the engine's long-standing default. */
export const REFERENCE_RENDER_SHORT_SIDE = 720;
/** The style short side the default (scale 1 at 720p) gives. */
export const REFERENCE_STYLE_SHORT_SIDE = 512;
/** A scaled style is never encoded smaller than this: below it the encoder sees no texture. */
const MIN_SCALED_STYLE_SHORT_SIDE = 64;
/** Content is never shrunk below this short side: smaller, the network sees no shapes to paint. */
const MIN_CONTENT_SHORT_SIDE = 32;
/**
 * Finer scales enlarge the content at most this much (4× the pixels to stylize), and never past a
 * 4K frame's short side; beyond, only the style image shrinks (a weaker effect).
 */
const MAX_CONTENT_ENLARGEMENT = 2;
const MAX_ENLARGED_SHORT_SIDE = 2160;

export function checkStyleScale(scale: number): void {
  if (typeof scale !== 'number' || !(scale >= MIN_STYLE_SCALE && scale <= MAX_STYLE_SCALE)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The style scale must be between ${MIN_STYLE_SCALE} and ${MAX_STYLE_SCALE} (1 = the default stroke size), got ${scale}.`);
  }
}

/** The short side to encode the style at for content stylized at `renderShortSide` (contentSizeFor()'s). */
export function styleShortSideFor(scale: number, renderShortSide: number): number {
  const side = Math.round((REFERENCE_STYLE_SHORT_SIDE * scale * renderShortSide) / REFERENCE_RENDER_SHORT_SIDE);
  return Math.min(MAX_STYLE_SHORT_SIDE, Math.max(MIN_SCALED_STYLE_SHORT_SIDE, side));
}

/** The short side the network stylizes a frame rendered at `renderShortSide` with this scale. */
export function contentShortSideFor(scale: number, renderShortSide: number): number {
  const side = Math.round(renderShortSide / Math.max(scale, 1 / MAX_CONTENT_ENLARGEMENT));
  if (side >= renderShortSide) return Math.max(renderShortSide, Math.min(side, MAX_ENLARGED_SHORT_SIDE));
  return Math.max(Math.min(MIN_CONTENT_SHORT_SIDE, renderShortSide), side);
}

/** The size the network stylizes a frame rendered at `render` with this scale. */
export function contentSizeFor(scale: number, render: { width: number; height: number }): { width: number; height: number } {
  const short = Math.min(render.width, render.height);
  const side = contentShortSideFor(scale, short);
  if (side === short) return { width: render.width, height: render.height };
  const fit = (length: number) => Math.max(1, Math.round((length * side) / short));
  return { width: fit(render.width), height: fit(render.height) };
}

/**
 * The content stylized at another size (`content`, the render-size frame `atRender` resized) and
 * brought back to the render size; a shrunk one gets back, as luma, the detail the shrink took.
 */
export function backToRenderSize(stylized: PlanarRgb, atRender: PlanarRgb, content: PlanarRgb): PlanarRgb {
  const { width, height } = atRender;
  if (stylized.width === width && stylized.height === height) return stylized;
  const out = resizePlanar(stylized, width, height);
  if (content.width >= width) return out;
  const sharp = lumaOf(atRender).data;
  const blurred = lumaOf(resizePlanar(content, width, height)).data;
  const n = width * height;
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) out.data[c * n + i] += sharp[i] - blurred[i];
  }
  return out;
}
