import { encode as fastPngEncode } from 'fast-png';
import { encode as jpegJsEncode } from 'jpeg-js';
import { decodeImage, encodeJpeg, encodePng, isCompletePng, sniffImageFormat } from '../../../src/engine/images/imageCodec';
import type { RasterImage } from '../../../src/engine/images/image';
import { pngChunk } from '../../support/hostileImages';
import { syntheticImage } from '../../support/syntheticImages';
import { crc32 } from 'node:zlib';

function raster(width: number, height: number, channels: RasterImage['channels'], bitDepth: 8 | 16): RasterImage {
  const data = bitDepth === 16 ? new Uint16Array(width * height * channels) : new Uint8Array(width * height * channels);
  const max = bitDepth === 16 ? 65535 : 255;
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % (max + 1);
  return { width, height, channels, bitDepth, data };
}

/** A smooth RGB gradient (JPEG reproduces it closely). */
function gradient(width: number, height: number): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([(x * 255) / (width - 1), (y * 255) / (height - 1), 128], (y * width + x) * 3);
  return { width, height, channels: 3, bitDepth: 8, data };
}

/** A copy of a PNG whose IHDR says width×height, with a correct CRC so only the size is hostile. */
function withPngSize(png: Uint8Array, width: number, height: number): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

/** A copy of a PNG with a chunk inserted just before its first IDAT (where tRNS belongs). */
function withChunkBeforeIdat(png: Uint8Array, type: string, payload: number[]): Uint8Array {
  const chunk = pngChunk(type, Uint8Array.from(payload));
  let at = 8;
  while (String.fromCharCode(...png.subarray(at + 4, at + 8)) !== 'IDAT') at += 12 + new DataView(png.buffer).getUint32(at);
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, at));
  out.set(chunk, at);
  out.set(png.subarray(at), at + chunk.length);
  return out;
}

/** Offset of the first SOFn segment of a JPEG. */
function sofOffset(jpeg: Uint8Array): number {
  for (let i = 2; i < jpeg.length - 1; i++) if (jpeg[i] === 0xff && jpeg[i + 1] === 0xc0) return i;
  throw new Error('no SOF0');
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('PNG decoding', () => {
  it.each([
    [1, 8],
    [2, 8],
    [3, 8],
    [4, 8],
    [1, 16],
    [2, 16],
    [3, 16],
    [4, 16],
  ] as const)('round-trips %i-channel %i-bit images exactly', (channels, bitDepth) => {
    const img = raster(13, 7, channels, bitDepth);
    const back = decodeImage(encodePng(img));
    expect(back).toEqual(img);
    expect(back.data.constructor).toBe(bitDepth === 16 ? Uint16Array : Uint8Array);
  });

  it('keeps alpha and 16-bit depth of an RGBA PNG exactly', () => {
    const img = raster(31, 17, 4, 16);
    const back = decodeImage(encodePng(img));
    expect(back.channels).toBe(4);
    expect(back.bitDepth).toBe(16);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });

  it('reads a gray PNG as one channel', () => {
    const bytes = fastPngEncode({ width: 3, height: 2, data: Uint8Array.from([0, 50, 100, 150, 200, 255]), channels: 1, depth: 8 });
    expect(decodeImage(bytes)).toEqual({ width: 3, height: 2, channels: 1, bitDepth: 8, data: Uint8Array.from([0, 50, 100, 150, 200, 255]) });
  });

  it('spreads a 1-bit gray PNG to 0/255', () => {
    // Two rows of 3 pixels, packed MSB first with each row byte-aligned: 101, 010.
    const bytes = fastPngEncode({ width: 3, height: 2, data: Uint8Array.from([0b10100000, 0b01000000]), channels: 1, depth: 1 });
    expect(Array.from(decodeImage(bytes).data)).toEqual([255, 0, 255, 0, 255, 0]);
  });

  it('expands a palette PNG to RGB, and to RGBA when the palette has alpha', () => {
    const indices = Uint8Array.from([0, 1, 2, 1]);
    const rgb = fastPngEncode({ width: 2, height: 2, data: indices, channels: 1, depth: 8, palette: [[255, 0, 0], [0, 255, 0], [0, 0, 255]] });
    expect(decodeImage(rgb)).toEqual({
      width: 2,
      height: 2,
      channels: 3,
      bitDepth: 8,
      data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 0]),
    });
    // fast-png 6.4 writes palette alpha shifted by one entry, so the tRNS chunk is added by hand.
    const back = decodeImage(withChunkBeforeIdat(rgb, 'tRNS', [255, 128, 0]));
    expect(back.channels).toBe(4);
    expect(Array.from(back.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 0, 255, 0, 128]);
  });

  it('turns a tRNS colour key into an alpha channel', () => {
    const png = fastPngEncode({ width: 3, height: 1, data: Uint8Array.from([1, 2, 3, 9, 9, 9, 1, 2, 3]), channels: 3, depth: 8 });
    const keyed = withChunkBeforeIdat(png, 'tRNS', [0, 1, 0, 2, 0, 3]);
    const back = decodeImage(keyed);
    expect(back.channels).toBe(4);
    expect(Array.from(back.data)).toEqual([1, 2, 3, 0, 9, 9, 9, 255, 1, 2, 3, 0]);
  });

  it('reads an Adam7-interlaced PNG', () => {
    const img = raster(19, 11, 3, 8);
    const bytes = fastPngEncode({ width: 19, height: 11, data: img.data, channels: 3, depth: 8 }, { interlace: 'Adam7' });
    expect(decodeImage(bytes)).toEqual(img);
  });
});

describe('JPEG', () => {
  it('round-trips a gradient closely at high quality', () => {
    const img = gradient(37, 21);
    const bytes = encodeJpeg(img, 95);
    expect(sniffImageFormat(bytes)).toBe('jpeg');
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    const back = decodeImage(bytes);
    expect({ w: back.width, h: back.height, c: back.channels, d: back.bitDepth }).toEqual({ w: 37, h: 21, c: 3, d: 8 });
    let error = 0;
    for (let i = 0; i < img.data.length; i++) error += Math.abs(img.data[i] - back.data[i]);
    expect(error / img.data.length).toBeLessThan(3);
  });

  it('encodes 16-bit gray+alpha by replicating gray and dropping alpha', () => {
    const img: RasterImage = { width: 8, height: 8, channels: 2, bitDepth: 16, data: new Uint16Array(128).fill(65535).map((v, i) => (i % 2 ? 0 : v)) };
    const back = decodeImage(encodeJpeg(img, 100));
    expect(back.channels).toBe(3);
    expect(Math.min(...back.data)).toBeGreaterThanOrEqual(250);
  });

  it('encodes a 1×1 image', () => {
    const back = decodeImage(encodeJpeg({ width: 1, height: 1, channels: 3, bitDepth: 8, data: Uint8Array.from([200, 100, 50]) }, 90));
    expect([back.width, back.height]).toEqual([1, 1]);
  });

  it('refuses a quality outside 1–100', () => {
    for (const q of [0, 101, 50.5]) expect(() => encodeJpeg(gradient(4, 4), q)).toThrow(code('INVALID_ARGUMENT'));
  });
});

describe('bad images', () => {
  const goodPng = encodePng(raster(40, 30, 3, 8));
  const goodJpeg = encodeJpeg(gradient(40, 30), 90);

  it('refuses a zero-size file', () => {
    expect(() => decodeImage(new Uint8Array(0))).toThrow(code('INVALID_IMAGE'));
    expect(() => decodeImage(new Uint8Array(0))).toThrow(/empty/);
  });

  it('refuses a text file named .png as an unsupported format, saying it is text', () => {
    const text = new TextEncoder().encode('This is not really an image.\nJust notes saved as style.png\n');
    expect(() => decodeImage(text)).toThrow(code('UNSUPPORTED_FORMAT'));
    expect(() => decodeImage(text)).toThrow(/contains text.*PNG or JPEG/);
  });

  it('names other image formats it does not read', () => {
    expect(() => decodeImage(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'))).toThrow(/GIF/);
    const webp = new Uint8Array(16);
    webp.set(new TextEncoder().encode('RIFF'), 0);
    webp.set(new TextEncoder().encode('WEBP'), 8);
    expect(() => decodeImage(webp)).toThrow(code('UNSUPPORTED_FORMAT'));
    expect(() => decodeImage(webp)).toThrow(/WebP/);
  });

  it.each([0.95, 0.5, 0.1])('refuses a PNG truncated to %p of its length', (fraction) => {
    const cut = goodPng.subarray(0, Math.floor(goodPng.length * fraction));
    expect(() => decodeImage(cut)).toThrow(code('INVALID_IMAGE'));
    expect(() => decodeImage(cut)).toThrow(/PNG file is damaged or incomplete \(.*cut short\)/);
  });

  it('refuses a PNG missing only its IEND chunk', () => {
    expect(() => decodeImage(goodPng.subarray(0, goodPng.length - 12))).toThrow(code('INVALID_IMAGE'));
  });

  it.each([0.95, 0.5, 0.1])('refuses a JPEG truncated to %p of its length', (fraction) => {
    const cut = goodJpeg.subarray(0, Math.floor(goodJpeg.length * fraction));
    expect(() => decodeImage(cut)).toThrow(code('INVALID_IMAGE'));
    expect(() => decodeImage(cut)).toThrow(/JPEG file is damaged or incomplete/);
  });

  it('refuses a PNG with corrupted pixel data', () => {
    const corrupt = goodPng.slice();
    for (let i = 60; i < 80; i++) corrupt[i] ^= 0x5a;
    expect(() => decodeImage(corrupt)).toThrow(code('INVALID_IMAGE'));
  });

  it('refuses a PNG with a corrupted header chunk (CRC mismatch)', () => {
    const corrupt = goodPng.slice();
    corrupt[26] ^= 0x01; // interlace byte of IHDR; the CRC no longer matches
    expect(() => decodeImage(corrupt)).toThrow(code('INVALID_IMAGE'));
  });

  it('refuses a JPEG whose tables are corrupted', () => {
    const corrupt = goodJpeg.slice();
    const dht = corrupt.findIndex((b, i) => b === 0xff && corrupt[i + 1] === 0xc4);
    for (let i = dht + 5; i < dht + 21; i++) corrupt[i] = 0xff;
    expect(() => decodeImage(corrupt)).toThrow(code('INVALID_IMAGE'));
  });

  it('refuses a JPEG whose header structure is broken', () => {
    const corrupt = goodJpeg.slice();
    corrupt.fill(0x12, 4, 40);
    expect(() => decodeImage(corrupt)).toThrow(code('INVALID_IMAGE'));
  });

  it('refuses a 0×0 PNG header', () => {
    for (const [w, h] of [
      [0, 0],
      [0, 30],
      [40, 0],
    ]) {
      expect(() => decodeImage(withPngSize(goodPng, w, h))).toThrow(code('INVALID_IMAGE'));
      expect(() => decodeImage(withPngSize(goodPng, w, h))).toThrow(new RegExp(`${w}×${h}`));
    }
  });

  it('refuses a 0-height JPEG header', () => {
    const bad = goodJpeg.slice();
    const sof = sofOffset(bad);
    bad[sof + 5] = 0;
    bad[sof + 6] = 0;
    expect(() => decodeImage(bad)).toThrow(code('INVALID_IMAGE'));
  });

  it('refuses huge PNG header dimensions before allocating pixels', () => {
    const hostile = withPngSize(goodPng, 100000, 100000);
    const started = Date.now();
    expect(() => decodeImage(hostile)).toThrow(code('IMAGE_TOO_LARGE'));
    expect(() => decodeImage(hostile)).toThrow(/100000×100000 \(10000\.0 megapixels\).*Scale it down/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses huge JPEG header dimensions before decoding', () => {
    const hostile = goodJpeg.slice();
    const sof = sofOffset(hostile);
    hostile.set([0xff, 0xff, 0xff, 0xff], sof + 5); // height, width = 65535
    expect(() => decodeImage(hostile)).toThrow(code('IMAGE_TOO_LARGE'));
  });

  it('applies a caller-chosen pixel limit', () => {
    expect(() => decodeImage(goodPng, { maxPixels: 40 * 30 - 1 })).toThrow(code('IMAGE_TOO_LARGE'));
    expect(() => decodeImage(goodJpeg, { maxPixels: 1000 })).toThrow(code('IMAGE_TOO_LARGE'));
    expect(decodeImage(goodPng, { maxPixels: 40 * 30 }).width).toBe(40);
  });

  it('refuses a JPEG encoding it cannot read (arithmetic coding)', () => {
    const arithmetic = jpegJsEncode({ width: 8, height: 8, data: new Uint8Array(256) }, 90).data.slice();
    arithmetic[sofOffset(arithmetic) + 1] = 0xc9;
    expect(() => decodeImage(arithmetic)).toThrow(code('UNSUPPORTED_FORMAT'));
  });

  it('refuses to encode a raster whose data does not match its size', () => {
    const bad: RasterImage = { width: 4, height: 4, channels: 3, bitDepth: 8, data: new Uint8Array(10) };
    expect(() => encodePng(bad)).toThrow(code('INVALID_IMAGE'));
    expect(() => encodeJpeg(bad, 90)).toThrow(code('INVALID_IMAGE'));
  });
});

describe('isCompletePng', () => {
  it('is true only for a PNG whose chunks are all there through IEND', () => {
    const png = encodePng(syntheticImage(40, 30, { seed: 4 }));
    expect(isCompletePng(png)).toBe(true);
    for (const cut of [0, 8, 20, 33, Math.floor(png.length / 2), png.length - 12, png.length - 1]) {
      expect(isCompletePng(png.subarray(0, cut))).toBe(false);
    }
    expect(isCompletePng(encodeJpeg(syntheticImage(16, 16, { seed: 1 })))).toBe(false);
  });
});
