/**
 * Conversions between codec rasters (interleaved 8/16-bit) and the float planes models consume.
 * They run once per frame at up to 8K, so they are plain loops over typed arrays with no
 * per-pixel allocation.
 */
import { CoherentStyleError } from '../errors';
import type { BitDepth, Channels, PlanarRgb, RasterImage } from './image';

/** An alpha channel on its own: width·height samples at the image's bit depth. */
export type AlphaPlane = Uint8Array | Uint16Array;

/** What fromPlanarRgb needs to write a result that matches its source frame. */
export interface RasterTarget {
  bitDepth: BitDepth;
  /** The source's alpha plane (extractAlpha), re-applied unchanged; omit for an opaque result. */
  alpha?: AlphaPlane;
  /** The source's channel count; when given, a missing or unexpected alpha plane is reported instead of silently dropped. */
  sourceChannels?: Channels;
}

const maxSample = (bitDepth: BitDepth): number => (bitDepth === 16 ? 65535 : 255);

function hasAlpha(channels: Channels): boolean {
  return channels === 2 || channels === 4;
}

/** Throws INVALID_IMAGE when the samples do not match the image's size, channels and bit depth. */
export function checkRaster(img: RasterImage): void {
  const expected = img.width * img.height * img.channels;
  const is16 = img.data instanceof Uint16Array;
  const sized = Number.isInteger(img.width) && Number.isInteger(img.height) && img.width >= 1 && img.height >= 1;
  if (!sized || img.data.length !== expected || is16 !== (img.bitDepth === 16)) {
    throw new CoherentStyleError(
      'INVALID_IMAGE',
      `The image data does not match its ${img.width}×${img.height}, ${img.channels}-channel, ${img.bitDepth}-bit description.`,
    );
  }
}

/** RGB planes in [0,1]: gray is replicated into R, G and B; alpha is dropped (see extractAlpha). */
export function toPlanarRgb(img: RasterImage): PlanarRgb {
  checkRaster(img);
  const pixels = img.width * img.height;
  const out = new Float32Array(3 * pixels);
  const src = img.data;
  const step = img.channels;
  const scale = 1 / maxSample(img.bitDepth);
  const g0 = pixels;
  const b0 = 2 * pixels;
  if (step <= 2) {
    for (let i = 0, s = 0; i < pixels; i++, s += step) {
      const v = src[s] * scale;
      out[i] = v;
      out[g0 + i] = v;
      out[b0 + i] = v;
    }
  } else {
    for (let i = 0, s = 0; i < pixels; i++, s += step) {
      out[i] = src[s] * scale;
      out[g0 + i] = src[s + 1] * scale;
      out[b0 + i] = src[s + 2] * scale;
    }
  }
  return { width: img.width, height: img.height, data: out };
}

/** The alpha plane of a gray+alpha or RGBA image at its own bit depth; undefined when the image is opaque. */
export function extractAlpha(img: RasterImage): AlphaPlane | undefined {
  if (!hasAlpha(img.channels)) return undefined;
  checkRaster(img);
  const pixels = img.width * img.height;
  const alpha = img.bitDepth === 16 ? new Uint16Array(pixels) : new Uint8Array(pixels);
  const src = img.data;
  const step = img.channels;
  for (let i = 0, s = step - 1; i < pixels; i++, s += step) alpha[i] = src[s];
  return alpha;
}

/** The target that makes fromPlanarRgb reproduce the source's bit depth and alpha. */
export function rasterTargetOf(img: RasterImage): RasterTarget {
  return { bitDepth: img.bitDepth, alpha: extractAlpha(img), sourceChannels: img.channels };
}

/**
 * RGB (or RGBA when target.alpha is given) at target.bitDepth; samples are clamped to [0,1]
 * and rounded to the nearest code value (NaN becomes 0).
 */
export function fromPlanarRgb(planar: PlanarRgb, target: RasterTarget): RasterImage {
  const { width, height } = planar;
  const pixels = width * height;
  if (planar.data.length !== 3 * pixels) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Planar data does not match its ${width}×${height} size.`);
  }
  const { alpha, bitDepth, sourceChannels } = target;
  if (sourceChannels !== undefined && hasAlpha(sourceChannels) !== (alpha !== undefined)) {
    throw new CoherentStyleError(
      'INVALID_ARGUMENT',
      alpha === undefined
        ? 'The source image has an alpha channel but none was passed to re-apply.'
        : 'An alpha plane was passed for a source image that has no alpha channel.',
    );
  }
  if (alpha !== undefined && (alpha.length !== pixels || alpha instanceof Uint16Array !== (bitDepth === 16))) {
    throw new CoherentStyleError(
      'INVALID_ARGUMENT',
      `The alpha plane does not match the ${width}×${height}, ${bitDepth}-bit result.`,
    );
  }
  const channels: Channels = alpha ? 4 : 3;
  const max = maxSample(bitDepth);
  const out = bitDepth === 16 ? new Uint16Array(pixels * channels) : new Uint8Array(pixels * channels);
  const src = planar.data;
  const g0 = pixels;
  const b0 = 2 * pixels;
  for (let i = 0, d = 0; i < pixels; i++, d += channels) {
    // `x > 0 ? … : 0` also maps NaN to 0; adding 0.5 then truncating rounds non-negative values.
    let r = src[i];
    let g = src[g0 + i];
    let b = src[b0 + i];
    r = r > 1 ? 1 : r > 0 ? r : 0;
    g = g > 1 ? 1 : g > 0 ? g : 0;
    b = b > 1 ? 1 : b > 0 ? b : 0;
    out[d] = (r * max + 0.5) | 0;
    out[d + 1] = (g * max + 0.5) | 0;
    out[d + 2] = (b * max + 0.5) | 0;
  }
  if (alpha) {
    for (let i = 0, d = 3; i < pixels; i++, d += 4) out[d] = alpha[i];
  }
  return { width, height, channels, bitDepth, data: out };
}
