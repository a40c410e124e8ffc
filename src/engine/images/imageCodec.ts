/**
 * PNG and JPEG reading and writing for frames and style images, on Uint8Array only so every host
 * (UXP, browser, Node) can use it. Input is untrusted: the format is sniffed from the bytes, not the
 * file name (imageFormat.ts), and the header dimensions are checked against the pixel limit BEFORE
 * any pixel memory is allocated, so a hostile header cannot exhaust memory; compressed PNG chunks
 * are bounded by that header too (pngChunks.ts), and a JPEG's scan count is capped (jpegCodec.ts).
 */
import { CoherentStyleError } from '../errors';
import { DEFAULT_MAX_PIXELS } from './image';
import type { RasterImage } from './image';
import { damagedImageError, sniffImageFormat, unsupportedFormatError, type ImageFormat } from './imageFormat';
import { checkJpegScans, decodeJpeg, readJpegSize } from './jpegCodec';
import { checkRaster } from './planar';
import { decodePng, readPngSize } from './pngCodec';

export { sniffImageFormat } from './imageFormat';
export { encodePng, isCompletePng } from './pngCodec';
export { encodeJpeg } from './jpegCodec';

export interface DecodeOptions {
  /** Largest width·height accepted; default DEFAULT_MAX_PIXELS. */
  maxPixels?: number;
}

function checkSize(format: ImageFormat, size: { width: number; height: number }, maxPixels: number): void {
  if (size.width === 0 || size.height === 0) {
    throw damagedImageError(format, `it says the image is ${size.width}×${size.height} pixels`);
  }
  const pixels = size.width * size.height;
  if (pixels > maxPixels) {
    const megapixels = (n: number): string => (n / 1e6).toFixed(1);
    throw new CoherentStyleError(
      'IMAGE_TOO_LARGE',
      `The image is ${size.width}×${size.height} (${megapixels(pixels)} megapixels), more than the ${megapixels(maxPixels)}-megapixel limit. Scale it down and try again.`,
    );
  }
}

/**
 * Decodes a PNG (1–16 bit; gray, gray+alpha, RGB, RGBA; palette expanded to RGB/RGBA) or a JPEG
 * (as 8-bit RGB). Throws CoherentStyleError: UNSUPPORTED_FORMAT for other formats, IMAGE_TOO_LARGE
 * above maxPixels (checked from the header before decoding), INVALID_IMAGE for empty, 0×0,
 * truncated or corrupt files.
 */
export function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): RasterImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(maxPixels >= 1)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The pixel limit must be at least 1, got ${maxPixels}.`);
  }
  if (bytes.length === 0) {
    throw new CoherentStyleError('INVALID_IMAGE', `The file is empty (0 bytes). Re-export the image and try again.`);
  }
  const format = sniffImageFormat(bytes);
  if (!format) throw unsupportedFormatError(bytes);
  const size = format === 'png' ? readPngSize(bytes) : readJpegSize(bytes);
  checkSize(format, size, maxPixels);
  if (format === 'jpeg') checkJpegScans(bytes);
  const raster = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, maxPixels);
  if (raster.width !== size.width || raster.height !== size.height) {
    throw damagedImageError(format, 'its size does not match its header');
  }
  try {
    checkRaster(raster);
  } catch (e) {
    throw damagedImageError(format, 'its pixel data does not match its header', e);
  }
  return raster;
}
