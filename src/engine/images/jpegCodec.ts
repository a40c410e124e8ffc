/**
 * JPEG reading and writing through jpeg-js: the size from the start-of-frame segment (refusing
 * encodings jpeg-js cannot decode), a cap on progressive scans (each re-reads the whole image),
 * decoding to 8-bit RGB within the pixel limit, and baseline encoding.
 */
import { decode as decodeJpegBytes, encode as encodeJpegBytes } from 'jpeg-js';
import { CoherentStyleError } from '../errors';
import type { RasterImage } from './image';
import { damagedImageError } from './imageFormat';
import { checkRaster } from './planar';

function readUint16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

/** JPEG frame types jpeg-js decodes: baseline, extended and progressive Huffman DCT. */
const DECODABLE_JPEG_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Width and height from the start-of-frame segment, walking the marker segments that precede it. */
export function readJpegSize(bytes: Uint8Array): { width: number; height: number } {
  let at = 2; // after SOI
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw damagedImageError('jpeg', 'its header structure is broken');
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) throw damagedImageError('jpeg', 'the image size is missing from its header');
    const length = readUint16(bytes, at + 2);
    if (length < 2) throw damagedImageError('jpeg', 'its header structure is broken');
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) break;
      if (!DECODABLE_JPEG_FRAMES.has(marker) || bytes[at + 4] !== 8 || bytes[at + 9] > 4) {
        throw new CoherentStyleError(
          'UNSUPPORTED_FORMAT',
          `This JPEG uses a lossless, arithmetic-coded, hierarchical, 12-bit or more-than-4-channel encoding that cannot be read. Re-save it as a standard JPEG or as PNG.`,
        );
      }
      return { width: readUint16(bytes, at + 7), height: readUint16(bytes, at + 5) };
    }
    at += 2 + length;
  }
  throw damagedImageError('jpeg', 'the file ends inside its header');
}

/**
 * Scans a progressive JPEG may have. Each scan makes the decoder walk every block of the image,
 * so thousands of few-byte scans cost minutes; encoders write about ten (libjpeg's default).
 */
const MAX_JPEG_SCANS = 100;

/** Start-of-scan markers, found by walking the segments and stepping over entropy-coded data. */
function countJpegScans(bytes: Uint8Array): number {
  let scans = 0;
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) {
      at += 1; // entropy-coded data
      continue;
    }
    const marker = bytes[at + 1];
    if (marker === 0xd9) break;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // Stuffed bytes, restart markers and TEM have no length.
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xda) scans++;
    if (at + 4 > bytes.length) break;
    at += 2 + readUint16(bytes, at + 2);
  }
  return scans;
}

export function checkJpegScans(bytes: Uint8Array): void {
  const scans = countJpegScans(bytes);
  if (scans > MAX_JPEG_SCANS) {
    throw new CoherentStyleError('INVALID_IMAGE',
      `This JPEG has ${scans} scans (real progressive JPEGs have about ten; more than ${MAX_JPEG_SCANS} are refused because each one re-reads the whole image). Re-save it as a standard JPEG or as PNG.`);
  }
}

/** jpeg-js counts roughly 4 bytes per pixel per component plus the output; this keeps the pixel limit the binding one. */
const jpegMemoryLimitMB = (maxPixels: number): number => Math.ceil((maxPixels * 16) / 2 ** 20) + 64;

/** The pixels (8-bit RGB) of a JPEG whose header size has been checked against `maxPixels`. */
export function decodeJpeg(bytes: Uint8Array, maxPixels: number): RasterImage {
  try {
    const decoded = decodeJpegBytes(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: jpegMemoryLimitMB(maxPixels),
    });
    return { width: decoded.width, height: decoded.height, channels: 3, bitDepth: 8, data: decoded.data };
  } catch (e) {
    throw damagedImageError('jpeg', 'the file is cut short or its data is corrupt', e);
  }
}

/** 8-bit RGBA samples as jpeg-js expects them: gray replicated, 16-bit rounded down to 8 bits. */
function toRgba8(img: RasterImage): Uint8Array {
  const pixels = img.width * img.height;
  const out = new Uint8Array(pixels * 4);
  const src = img.data;
  const step = img.channels;
  const gray = step <= 2;
  const to8 = img.bitDepth === 16 ? (v: number): number => ((v * 255 + 32767) / 65535) | 0 : (v: number): number => v;
  for (let i = 0, s = 0, d = 0; i < pixels; i++, s += step, d += 4) {
    const r = to8(src[s]);
    out[d] = r;
    out[d + 1] = gray ? r : to8(src[s + 1]);
    out[d + 2] = gray ? r : to8(src[s + 2]);
    out[d + 3] = 255;
  }
  return out;
}

/**
 * A baseline JPEG at quality 1–100. JPEG has no alpha and only 8 bits: alpha is dropped and
 * 16-bit samples are rounded to 8 bits; use encodePng to keep them.
 */
export function encodeJpeg(img: RasterImage, quality = 90): Uint8Array {
  checkRaster(img);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `JPEG quality must be a whole number from 1 to 100, got ${quality}.`);
  }
  const encoded = encodeJpegBytes({ width: img.width, height: img.height, data: toRgba8(img) }, quality).data;
  // jpeg-js returns a Node Buffer where one exists; hand out a plain Uint8Array view of the same bytes.
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}
