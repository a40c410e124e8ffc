/**
 * Defuses PNG decompression bombs before the PNG decoder sees the file. A PNG's header bounds
 * its pixel memory, but its compressed chunks can inflate to any size: a 4 MB file whose image
 * data inflates to gigabytes, or an ICC profile or text chunk that does. So the decoder gets a
 * copy holding only the chunks pixels need (IHDR, PLTE, tRNS, IDAT, IEND; colour profiles, text
 * and animation chunks are dropped unread), after the image data has been inflated here, in
 * small steps, and found to stay within height × (row bytes + 1), the most a valid image needs.
 */
import { Unzlib } from 'fflate';

/** What a refusal says; the codec wraps it in its own INVALID_IMAGE error. */
export class PngBombError extends Error {}

const KEPT_CHUNKS = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
const CHANNELS_BY_COLOUR_TYPE: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Compressed bytes fed per step: deflate expands at most ~1032×, so one step yields at most ~4 MB. */
const INFLATE_STEP = 4096;

/** Adam7 passes: start x, start y, step x, step y. */
const ADAM7: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

interface Chunk {
  type: string;
  /** Offset of the chunk's length field; the chunk spans 12 + length bytes from there. */
  at: number;
  length: number;
}

/** A big-endian unsigned 32-bit number, as PNG lengths and sizes are written. */
export const readUint32 = (b: Uint8Array, at: number): number => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const chunkType = (b: Uint8Array, at: number): string => String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);

/** The chunks from IHDR to IEND; the caller has checked that each lies inside the file. */
function chunksOf(bytes: Uint8Array): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = readUint32(bytes, at);
    const type = chunkType(bytes, at);
    chunks.push({ type, at, length });
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return chunks;
}

/** Bytes of filtered scanlines a width×height image of this layout inflates to at most. */
export function maxInflatedPngBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const scanlines = (w: number, h: number): number => (w > 0 && h > 0 ? h * (Math.ceil((w * bitsPerPixel) / 8) + 1) : 0);
  if (!interlaced) return scanlines(width, height);
  return ADAM7.reduce((sum, [x0, y0, dx, dy]) => sum + scanlines(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)), 0);
}

/** Inflates the zlib stream in steps and throws as soon as it passes `limit` bytes. */
function checkInflatedSize(idat: readonly Uint8Array[], limit: number): void {
  let total = 0;
  let ended = false;
  const inflater = new Unzlib((data, final) => {
    total += data.length;
    if (total > limit) throw new PngBombError(`its image data inflates to more than the ${limit} bytes its header allows`);
    if (final) ended = true;
  });
  for (const data of idat) {
    for (let at = 0; at < data.length && !ended; at += INFLATE_STEP) inflater.push(data.subarray(at, at + INFLATE_STEP));
  }
}

/**
 * A copy of the PNG with only the chunks the decoder needs, once its image data is known to
 * inflate within the header's bound. Throws PngBombError otherwise.
 */
export function pngWithoutBombs(bytes: Uint8Array): Uint8Array {
  const chunks = chunksOf(bytes);
  const ihdr = 8 + 8;
  const width = readUint32(bytes, ihdr);
  const height = readUint32(bytes, ihdr + 4);
  const depth = bytes[ihdr + 8];
  const channels = CHANNELS_BY_COLOUR_TYPE[bytes[ihdr + 9]];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(depth)) throw new PngBombError(`its colour type ${bytes[ihdr + 9]} at ${depth} bits is not valid`);
  const limit = maxInflatedPngBytes(width, height, channels * depth, bytes[ihdr + 12] === 1);
  const kept = chunks.filter((c) => KEPT_CHUNKS.has(c.type));
  checkInflatedSize(kept.filter((c) => c.type === 'IDAT').map((c) => bytes.subarray(c.at + 8, c.at + 8 + c.length)), limit);
  const out = new Uint8Array(8 + kept.reduce((sum, c) => sum + 12 + c.length, 0));
  out.set(bytes.subarray(0, 8));
  let to = 8;
  for (const c of kept) {
    out.set(bytes.subarray(c.at, c.at + 12 + c.length), to);
    to += 12 + c.length;
  }
  return out;
}
