/**
 * Hand-built hostile images for the decoder attack tests: PNGs whose compressed chunks inflate
 * far beyond their header, and a progressive JPEG made of thousands of cheap scans.
 */
import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk with a correct CRC. */
export function pngChunk(type: string, payload: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + payload.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, payload.length);
  chunk.set(Array.from(type, (ch) => ch.charCodeAt(0)), 4);
  chunk.set(payload, 8);
  view.setUint32(8 + payload.length, crc32(chunk.subarray(4, 8 + payload.length)));
  return chunk;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

/** An 8-bit RGB PNG of the given size: `before` chunks go between IHDR and IDAT; `scanlines` is the inflated image data. */
export function rgbPng(width: number, height: number, scanlines: Uint8Array, before: readonly Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    pngChunk('IHDR', ihdr), ...before, pngChunk('IDAT', deflateSync(scanlines, { level: 9 })), pngChunk('IEND', new Uint8Array()),
  ]);
}

/** Exactly the scanlines a width×height RGB image needs (filter byte 0 per row, mid-gray). */
export function rgbScanlines(width: number, height: number): Uint8Array {
  const rows = new Uint8Array(height * (width * 3 + 1)).fill(128);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0;
  return rows;
}

/** An iCCP chunk whose profile inflates to `inflatedBytes` zeros. */
export function iccpBomb(inflatedBytes: number): Uint8Array {
  return pngChunk('iCCP', concat([latin1('bomb\0\0'), deflateSync(new Uint8Array(inflatedBytes), { level: 9 })]));
}

/** An iCCP chunk whose "compressed" profile is not deflate data at all. */
export function iccpGarbage(): Uint8Array {
  return pngChunk('iCCP', concat([latin1('junk\0\0'), Uint8Array.from({ length: 64 }, (_v, i) => (i * 37 + 11) & 0xff)]));
}

/** A zTXt chunk (compressed text) inflating to `inflatedBytes`. */
export function ztxtBomb(inflatedBytes: number): Uint8Array {
  return pngChunk('zTXt', concat([latin1('Comment\0\0'), deflateSync(new Uint8Array(inflatedBytes).fill(0x41), { level: 9 })]));
}

/** A compressed iTXt chunk inflating to `inflatedBytes`. */
export function itxtBomb(inflatedBytes: number): Uint8Array {
  return pngChunk('iTXt', concat([latin1('Comment\0\x01\0\0\0'), deflateSync(new Uint8Array(inflatedBytes).fill(0x41), { level: 9 })]));
}

/** A big-endian JPEG marker segment: FF marker, length, payload. */
function segment(marker: number, payload: readonly number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A progressive gray JPEG of width×height made of `scans` AC scans, each skipping every block
 * with end-of-band runs: a few bytes per scan, yet a decoder walks every block of the image once
 * per scan.
 */
export function progressiveScanBomb(width: number, height: number, scans: number): Uint8Array {
  const bytes: number[] = [0xff, 0xd8];
  bytes.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  bytes.push(...segment(0xc2, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]));
  // AC table 0: one 1-bit code, for EOB14 (an end-of-band run of 2^14 + 14 extra bits).
  bytes.push(...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0xe0]));
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const runsPerScan = Math.ceil(blocks / 32767);
  const bits: number[] = [];
  for (let r = 0; r < runsPerScan; r++) bits.push(0, ...new Array<number>(14).fill(1));
  while (bits.length % 8 !== 0) bits.push(1);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const byte = bits.slice(i, i + 8).reduce((b, bit) => (b << 1) | bit, 0);
    data.push(byte);
    if (byte === 0xff) data.push(0x00);
  }
  const scan = [...segment(0xda, [1, 1, 0x00, 1, 63, 0x00]), ...data];
  for (let s = 0; s < scans; s++) bytes.push(...scan);
  bytes.push(0xff, 0xd9);
  return Uint8Array.from(bytes);
}
