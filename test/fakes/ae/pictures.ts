/** The simple pictures the simulator composes frames from. */
import type { RasterImage } from '../../../src/engine/images/image';

export function solid(width: number, height: number, rgb: [number, number, number]): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, channels: 3, bitDepth: 8, data };
}

/** Nearest-neighbour scaling: enough to compare pictures in tests. */
export function scaled(image: RasterImage, width: number, height: number): RasterImage {
  if (image.width === width && image.height === height && image.channels === 3) return image;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x * image.width) / width);
      const sy = Math.floor((y * image.height) / height);
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Number(image.data[(sy * image.width + sx) * image.channels + c]);
    }
  }
  return { width, height, channels: 3, bitDepth: 8, data };
}
