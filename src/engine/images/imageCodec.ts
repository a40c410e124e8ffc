/**
 * PNG and JPEG reading and writing for frames and style images, on Uint8Array only so every host
 * (UXP, browser, Node) can use it. Input is untrusted: the format is sniffed from the bytes, not the
 * file name, and the header dimensions are checked against the pixel limit BEFORE any pixel memory
 * is allocated, so a hostile header cannot exhaust memory; compressed PNG chunks are bounded by
 * that header too (pngChunks.ts), and a JPEG's scan count is capped.
 */
import { decode as decodePngBytes, encode as encodePngBytes, convertIndexedToRgb } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import { decode as decodeJpegBytes, encode as encodeJpegBytes } from 'jpeg-js';
import { CoherentStyleError } from '../errors';
import { DEFAULT_MAX_PIXELS } from './image';
import type { Channels, RasterImage } from './image';
import { checkRaster } from './planar';
import { PngBombError, pngWithoutBombs } from './pngChunks';

export type ImageFormat = 'png' | 'jpeg';

export interface DecodeOptions {
  /** Largest width·height accepted; default DEFAULT_MAX_PIXELS. */
  maxPixels?: number;
}

interface HeaderSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SUPPORTED = 'Use a PNG or JPEG image (export the frame or re-save the style image in one of those formats).';

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

const ascii = (text: string): number[] => Array.from(text, (ch) => ch.charCodeAt(0));

/** Names of formats editors often have by mistake, so the refusal can say what the file is. */
const RECOGNISED_OTHERS: { name: string; matches: (b: Uint8Array) => boolean }[] = [
  { name: 'a GIF image', matches: (b) => startsWith(b, ascii('GIF8')) },
  { name: 'a WebP image', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { name: 'a TIFF image', matches: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { name: 'a BMP image', matches: (b) => startsWith(b, ascii('BM')) },
  { name: 'a HEIC/AVIF image', matches: (b) => startsWith(b, ascii('ftyp'), 4) },
  { name: 'a PSD document', matches: (b) => startsWith(b, ascii('8BPS')) },
];

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  return sample.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f));
}

/** The format the bytes are in, or undefined when they are neither PNG nor JPEG. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  return undefined;
}

function unsupported(bytes: Uint8Array): CoherentStyleError {
  const other = RECOGNISED_OTHERS.find((f) => f.matches(bytes));
  const what = other ? `is ${other.name}` : looksLikeText(bytes) ? 'contains text, not image data' : 'is not a PNG or JPEG image';
  return new CoherentStyleError('UNSUPPORTED_FORMAT', `This file ${what}, whatever its name says. ${SUPPORTED}`);
}

function invalid(format: ImageFormat, problem: string, cause?: unknown): CoherentStyleError {
  const name = format === 'png' ? 'PNG' : 'JPEG';
  return new CoherentStyleError(
    'INVALID_IMAGE',
    `This ${name} file is damaged or incomplete (${problem}). Re-export or re-save the image and try again.`,
    { cause },
  );
}

function readUint16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/**
 * Width and height from the IHDR chunk (which must come first), after checking that every chunk
 * lies inside the file up to IEND, so a cut-short file is reported as such.
 */
function readPngSize(bytes: Uint8Array): HeaderSize {
  const ihdr = PNG_SIGNATURE.length;
  if (bytes.length < ihdr + 8 + 13 + 4) throw invalid('png', 'the file is cut short inside its header');
  if (readUint32(bytes, ihdr) !== 13 || !startsWith(bytes, ascii('IHDR'), ihdr + 4)) {
    throw invalid('png', 'the header chunk is missing');
  }
  const iend = ascii('IEND');
  let at = ihdr;
  for (;;) {
    if (at + 12 > bytes.length) throw invalid('png', 'the file is cut short');
    const next = at + 12 + readUint32(bytes, at);
    if (next > bytes.length) throw invalid('png', 'the file is cut short');
    if (startsWith(bytes, iend, at + 4)) break;
    at = next;
  }
  return { width: readUint32(bytes, ihdr + 8), height: readUint32(bytes, ihdr + 12) };
}

/** JPEG frame types jpeg-js decodes: baseline, extended and progressive Huffman DCT. */
const DECODABLE_JPEG_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Width and height from the start-of-frame segment, walking the marker segments that precede it. */
function readJpegSize(bytes: Uint8Array): HeaderSize {
  let at = 2; // after SOI
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw invalid('jpeg', 'its header structure is broken');
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) throw invalid('jpeg', 'the image size is missing from its header');
    const length = readUint16(bytes, at + 2);
    if (length < 2) throw invalid('jpeg', 'its header structure is broken');
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
  throw invalid('jpeg', 'the file ends inside its header');
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

function checkJpegScans(bytes: Uint8Array): void {
  const scans = countJpegScans(bytes);
  if (scans > MAX_JPEG_SCANS) {
    throw new CoherentStyleError('INVALID_IMAGE',
      `This JPEG has ${scans} scans (real progressive JPEGs have about ten; more than ${MAX_JPEG_SCANS} are refused because each one re-reads the whole image). Re-save it as a standard JPEG or as PNG.`);
  }
}

function checkSize(format: ImageFormat, size: HeaderSize, maxPixels: number): void {
  if (size.width === 0 || size.height === 0) {
    throw invalid(format, `it says the image is ${size.width}×${size.height} pixels`);
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

/** Samples of a 1/2/4-bit gray PNG (packed, rows byte-aligned) spread to 0..255. */
function unpackLowDepthGray(png: DecodedPng): Uint8Array {
  const { width, height, depth, data } = png;
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  const scale = 255 / mask;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      out[y * width + x] = Math.round(((byte >> (8 - depth - (bit & 7))) & mask) * scale);
    }
  }
  return out;
}

/** Adds an alpha channel from a tRNS colour key (gray or RGB): pixels equal to the key become transparent. */
function applyColourKey(samples: Uint8Array | Uint16Array, channels: 1 | 3, key: readonly number[], max: number): Uint8Array | Uint16Array {
  const pixels = samples.length / channels;
  const out = samples instanceof Uint16Array ? new Uint16Array(pixels * (channels + 1)) : new Uint8Array(pixels * (channels + 1));
  for (let i = 0, s = 0, d = 0; i < pixels; i++, s += channels, d += channels + 1) {
    let matches = true;
    for (let c = 0; c < channels; c++) {
      out[d + c] = samples[s + c];
      if (samples[s + c] !== key[c]) matches = false;
    }
    out[d + channels] = matches ? 0 : max;
  }
  return out;
}

function pngToRaster(png: DecodedPng): RasterImage {
  const { width, height } = png;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return { width, height, channels: png.palette[0].length as Channels, bitDepth: 8, data: rgb };
  }
  let channels = png.channels as Channels;
  const bitDepth = png.depth === 16 ? 16 : 8;
  let data: Uint8Array | Uint16Array;
  if (png.depth < 8) data = unpackLowDepthGray(png);
  else if (png.data instanceof Uint16Array) data = png.data;
  else data = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length);
  if (png.transparency && (channels === 1 || channels === 3)) {
    const keyScale = png.depth < 8 ? 255 / ((1 << png.depth) - 1) : 1;
    const key = Array.from(png.transparency, (v) => Math.round(v * keyScale));
    data = applyColourKey(data, channels, key, bitDepth === 16 ? 65535 : 255);
    channels = (channels + 1) as Channels;
  }
  return { width, height, channels, bitDepth, data };
}

function decodePng(bytes: Uint8Array): RasterImage {
  let png: DecodedPng;
  try {
    png = decodePngBytes(pngWithoutBombs(bytes), { checkCrc: true });
  } catch (e) {
    if (e instanceof PngBombError) throw invalid('png', e.message, e);
    throw invalid('png', 'its data is corrupt', e);
  }
  let raster: RasterImage;
  try {
    raster = pngToRaster(png);
  } catch (e) {
    throw invalid('png', 'its pixel data does not match its header', e);
  }
  return raster;
}

/** jpeg-js counts roughly 4 bytes per pixel per component plus the output; this keeps the pixel limit the binding one. */
const jpegMemoryLimitMB = (maxPixels: number): number => Math.ceil((maxPixels * 16) / 2 ** 20) + 64;

function decodeJpeg(bytes: Uint8Array, maxPixels: number): RasterImage {
  try {
    const decoded = decodeJpegBytes(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: jpegMemoryLimitMB(maxPixels),
    });
    return { width: decoded.width, height: decoded.height, channels: 3, bitDepth: 8, data: decoded.data };
  } catch (e) {
    throw invalid('jpeg', 'the file is cut short or its data is corrupt', e);
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
  if (!format) throw unsupported(bytes);
  const size = format === 'png' ? readPngSize(bytes) : readJpegSize(bytes);
  checkSize(format, size, maxPixels);
  if (format === 'jpeg') checkJpegScans(bytes);
  const raster = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, maxPixels);
  if (raster.width !== size.width || raster.height !== size.height) {
    throw invalid(format, 'its size does not match its header');
  }
  try {
    checkRaster(raster);
  } catch (e) {
    throw invalid(format, 'its pixel data does not match its header', e);
  }
  return raster;
}

/** A PNG keeping the image's channels (gray, gray+alpha, RGB, RGBA) and bit depth (8 or 16). */
/**
 * Whether `bytes` are a whole PNG: the signature, a header, and every chunk's length inside the
 * file through IEND. A cheap completeness check for a file another program is still writing
 * (nothing is inflated).
 */
export function isCompletePng(bytes: Uint8Array): boolean {
  if (sniffImageFormat(bytes) !== 'png') return false;
  try {
    readPngSize(bytes);
    return true;
  } catch {
    return false;
  }
}

export function encodePng(img: RasterImage): Uint8Array {
  checkRaster(img);
  return encodePngBytes({ width: img.width, height: img.height, data: img.data, channels: img.channels, depth: img.bitDepth });
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
