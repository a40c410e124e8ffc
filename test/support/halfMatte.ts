/** A matte white on one half and black on the other, and comparisons of one half of two frames (matte tests of both UXP hosts). */
import type { RasterImage } from '../../src/engine/images/image';

export type Half = 'left' | 'right';

/** RGB, white on `white`'s half, black on the other. */
export function halfMatte(width: number, height: number, white: Half): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inWhite = white === 'left' ? x < width / 2 : x >= width / 2;
      data.fill(inWhite ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, channels: 3, bitDepth: 8, data };
}

function halfSamples(image: RasterImage, half: Half): number[] {
  const samples: number[] = [];
  const from = half === 'left' ? 0 : Math.ceil(image.width / 2);
  const to = half === 'left' ? Math.floor(image.width / 2) : image.width;
  for (let y = 0; y < image.height; y++) {
    for (let x = from; x < to; x++) {
      for (let c = 0; c < 3; c++) samples.push(image.data[(y * image.width + x) * image.channels + c]);
    }
  }
  return samples;
}

/** Mean absolute difference of the colour samples of one half (0: pixel-identical there). */
export function halfDifference(a: RasterImage, b: RasterImage, half: Half): number {
  const sa = halfSamples(a, half);
  const sb = halfSamples(b, half);
  if (sa.length !== sb.length) throw new Error(`frames of different sizes: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  return sa.reduce((sum, v, i) => sum + Math.abs(v - sb[i]), 0) / sa.length;
}
