/**
 * Image types shared by every part of the engine.
 * RasterImage is what codecs read and write (interleaved, row-major, 8 or 16 bit);
 * PlanarRgb is what models consume (three float planes R, G, B in [0,1]).
 */
export type Channels = 1 | 2 | 3 | 4; // gray, gray+alpha, RGB, RGBA
export type BitDepth = 8 | 16;

export interface RasterImage {
  width: number;
  height: number;
  channels: Channels;
  bitDepth: BitDepth;
  /** Interleaved samples; Uint8Array for 8-bit, Uint16Array for 16-bit. */
  data: Uint8Array | Uint16Array;
}

export interface PlanarRgb {
  width: number;
  height: number;
  /** 3·width·height floats: the R plane, then G, then B. */
  data: Float32Array;
}

/** The largest frame the engine accepts (8K UHD plus margin); bigger inputs are refused, not tiled. */
export const DEFAULT_MAX_PIXELS = 7680 * 4320 * 1.25;

/**
 * The largest file an image of at most `maxPixels` may be: 16-bit RGBA stored uncompressed (8 bytes
 * a pixel) plus 1% and 1 MiB for row filters, chunks and metadata. Files are read only up to this.
 */
export function maxImageFileBytes(maxPixels = DEFAULT_MAX_PIXELS): number {
  return Math.ceil(maxPixels * 8 * 1.01) + 2 ** 20;
}
