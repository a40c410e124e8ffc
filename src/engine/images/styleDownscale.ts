/**
 * A style image made no larger than the encoder will use it, before a carrier sends it: a 24-MP
 * photo is 72 MB of RGB, while a style is encoded at a short side of at most 2048. The resize is
 * the engine's own (area averaging), one channel at a time, so a 6000×4000 photo needs one
 * 96 MB float plane at a time instead of 288 MB for all three.
 */
import type { Channels, RasterImage } from './image';
import { checkRaster } from './planar';
import { resizePlanes, sizeForShortSide } from './resize';

/** The image itself when its short side is at most `shortSide`; else a smaller copy at its bit depth, colour or gray kept, alpha dropped (the encoder ignores it). */
export function downscaleStyle(image: RasterImage, shortSide: number): RasterImage {
  const size = sizeForShortSide(image.width, image.height, shortSide);
  if (size.width === image.width && size.height === image.height) return image;
  checkRaster(image);
  const colours = image.channels >= 3 ? 3 : 1;
  const pixels = size.width * size.height;
  const max = image.bitDepth === 16 ? 65535 : 255;
  const out = image.bitDepth === 16 ? new Uint16Array(pixels * colours) : new Uint8Array(pixels * colours);
  const plane = new Float32Array(image.width * image.height);
  for (let c = 0; c < colours; c++) {
    for (let i = 0, s = c; i < plane.length; i++, s += image.channels) plane[i] = image.data[s] / max;
    const resized = resizePlanes(plane, 1, image.width, image.height, size.width, size.height);
    for (let i = 0, d = c; i < pixels; i++, d += colours) {
      const v = resized[i];
      // Area averages stay within [0,1]; rounded to the nearest code value.
      out[d] = (v * max + 0.5) | 0;
    }
  }
  return { width: size.width, height: size.height, channels: colours as Channels, bitDepth: image.bitDepth, data: out };
}
