/**
 * PNG reading and writing: the size from the header (with every chunk checked to lie inside the
 * file), decoding through pngChunks.ts's bomb filter into every layout the engine takes (1–16
 * bit; gray, gray+alpha, RGB, RGBA; palettes and colour keys expanded), and encoding.
 */
import { decode as decodePngBytes, encode as encodePngBytes, convertIndexedToRgb } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import type { Channels, RasterImage } from './image';
import { ascii, damagedImageError, PNG_SIGNATURE, sniffImageFormat, startsWith } from './imageFormat';
import { checkRaster } from './planar';
import { PngBombError, pngWithoutBombs, readUint32 } from './pngChunks';

/**
 * Width and height from the IHDR chunk (which must come first), after checking that every chunk
 * lies inside the file up to IEND, so a cut-short file is reported as such.
 */
export function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  const ihdr = PNG_SIGNATURE.length;
  if (bytes.length < ihdr + 8 + 13 + 4) throw damagedImageError('png', 'the file is cut short inside its header');
  if (readUint32(bytes, ihdr) !== 13 || !startsWith(bytes, ascii('IHDR'), ihdr + 4)) {
    throw damagedImageError('png', 'the header chunk is missing');
  }
  const iend = ascii('IEND');
  let at = ihdr;
  for (;;) {
    if (at + 12 > bytes.length) throw damagedImageError('png', 'the file is cut short');
    const next = at + 12 + readUint32(bytes, at);
    if (next > bytes.length) throw damagedImageError('png', 'the file is cut short');
    if (startsWith(bytes, iend, at + 4)) break;
    at = next;
  }
  return { width: readUint32(bytes, ihdr + 8), height: readUint32(bytes, ihdr + 12) };
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

/** The pixels of a PNG whose header size has been checked against the pixel limit. */
export function decodePng(bytes: Uint8Array): RasterImage {
  let png: DecodedPng;
  try {
    png = decodePngBytes(pngWithoutBombs(bytes), { checkCrc: true });
  } catch (e) {
    if (e instanceof PngBombError) throw damagedImageError('png', e.message, e);
    throw damagedImageError('png', 'its data is corrupt', e);
  }
  let raster: RasterImage;
  try {
    raster = pngToRaster(png);
  } catch (e) {
    throw damagedImageError('png', 'its pixel data does not match its header', e);
  }
  return raster;
}

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

/** A PNG keeping the image's channels (gray, gray+alpha, RGB, RGBA) and bit depth (8 or 16). */
export function encodePng(img: RasterImage): Uint8Array {
  checkRaster(img);
  return encodePngBytes({ width: img.width, height: img.height, data: img.data, channels: img.channels, depth: img.bitDepth });
}
