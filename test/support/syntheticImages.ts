/**
 * Deterministic test pictures with structure a style network reacts to (gradients, stripes,
 * a disc with hard edges), at any size, channel count and bit depth.
 */
import type { BitDepth, Channels, RasterImage } from '../../src/engine/images/image';

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** `seed` shifts the colours and pattern phases so two seeds give clearly different images. */
export function syntheticImage(width: number, height: number, options: { channels?: Channels; bitDepth?: BitDepth; seed?: number } = {}): RasterImage {
  const { channels = 3, bitDepth = 8, seed = 0 } = options;
  const max = bitDepth === 16 ? 65535 : 255;
  const data = bitDepth === 16 ? new Uint16Array(width * height * channels) : new Uint8Array(width * height * channels);
  const cx = width * (0.3 + 0.1 * (seed % 3));
  const cy = height * 0.55;
  const radius2 = (Math.min(width, height) * 0.3) ** 2;
  const frequency = 0.35 + 0.05 * seed;
  const greenStripes = seed % 2 ? 0.3 : 1;
  const discRed = 0.9 - 0.2 * ((seed * 0.37) % 1);
  const discGreen = 0.2 + (0.1 * seed) % 0.5;
  const blueShift = 0.1 * ((seed * 0.61) % 1);
  const hasAlpha = channels === 2 || channels === 4;
  for (let y = 0; y < height; y++) {
    const v = y / Math.max(1, height - 1);
    for (let x = 0; x < width; x++) {
      const u = x / Math.max(1, width - 1);
      const stripes = 0.5 + 0.5 * Math.sin((x + 2 * y) * frequency + seed);
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < radius2;
      const r = clamp01(inDisc ? discRed : 0.6 * u + 0.3 * stripes);
      const g = clamp01(inDisc ? discGreen : 0.5 * v + 0.4 * (1 - stripes) * greenStripes);
      const b = clamp01(inDisc ? 0.3 : 0.8 * (1 - u) * (1 - v) + blueShift);
      let d = (y * width + x) * channels;
      if (channels >= 3) {
        data[d++] = Math.round(r * max);
        data[d++] = Math.round(g * max);
        data[d++] = Math.round(b * max);
      } else {
        data[d++] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * max);
      }
      if (hasAlpha) data[d] = Math.round((0.25 + 0.75 * u) * max); // a horizontal fade, so alpha handling is visible
    }
  }
  return { width, height, channels, bitDepth, data };
}
