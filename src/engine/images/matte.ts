/**
 * A look limited by a matte: per pixel, the matte's coverage (0..1) of the look over what lies
 * outside it (the untouched frame, or a second look). Coverage is the matte's alpha when it has
 * one, else its brightness, so a white-on-black matte and a cut-out both work; grey is a soft edge.
 * An alpha opaque everywhere tells nothing (a frame a host saved with alpha over an opaque
 * picture), so such a matte counts by brightness too.
 * The blend is per pixel and convex: where coverage is 0 the outside's samples come through
 * exactly, and no pixel overshoots either side, so no halo rings an edge.
 */
import { CoherentStyleError } from '../errors';
import type { RasterImage } from './image';
import { resizePlanar } from './resize';

const maxSample = (image: RasterImage): number => (image.bitDepth === 16 ? 65535 : 255);

/** Whether the matte has an alpha channel that is not opaque everywhere. */
function hasTellingAlpha({ channels, data }: RasterImage, max: number): boolean {
  if (channels !== 2 && channels !== 4) return false;
  for (let s = channels - 1; s < data.length; s += channels) if (data[s] !== max) return true;
  return false;
}

/** The matte's coverage per pixel at `width`×`height` (resized when the matte has another size of the same shape). */
export function matteCoverage(matte: RasterImage, width: number, height: number, invert = false): Float32Array {
  const { channels, data } = matte;
  const pixels = matte.width * matte.height;
  const max = maxSample(matte);
  const byAlpha = hasTellingAlpha(matte, max);
  const coverage = new Float32Array(pixels);
  for (let i = 0, s = 0; i < pixels; i++, s += channels) {
    const value = byAlpha ? data[s + channels - 1]
      : channels >= 3 ? 0.2126 * data[s] + 0.7152 * data[s + 1] + 0.0722 * data[s + 2] : data[s];
    coverage[i] = invert ? 1 - value / max : value / max;
  }
  if (matte.width === width && matte.height === height) return coverage;
  if (Math.abs(matte.width / matte.height - width / height) > 0.01) {
    throw new CoherentStyleError('INVALID_IMAGE',
      `The matte is ${matte.width}×${matte.height} but the frames are ${width}×${height}; give a matte of the frames' size (or at least their shape).`);
  }
  // The resizer works on three planes; the coverage goes through as all three.
  const planes = new Float32Array(3 * pixels);
  for (let c = 0; c < 3; c++) planes.set(coverage, c * pixels);
  return resizePlanar({ width: matte.width, height: matte.height, data: planes }, width, height).data.slice(0, width * height);
}

/**
 * `outside` + coverage·(`look` − `outside`) for every colour sample; the result has the look's
 * layout (its alpha, the frame's own, is kept). `outside` may be the frame itself, gray or RGB.
 */
export function throughMatte(look: RasterImage, outside: RasterImage, coverage: Float32Array): RasterImage {
  const pixels = look.width * look.height;
  if (outside.width !== look.width || outside.height !== look.height || outside.bitDepth !== look.bitDepth || coverage.length !== pixels) {
    throw new CoherentStyleError('INVALID_ARGUMENT', 'A look, what lies outside it and the matte must share one size and bit depth.');
  }
  const out = look.data.slice();
  const step = look.channels;
  const colours = step >= 3 ? 3 : 1;
  const outsideStep = outside.channels;
  const outsideColour = outsideStep >= 3 ? (i: number, c: number) => outside.data[i * outsideStep + c] : (i: number) => outside.data[i * outsideStep];
  for (let i = 0; i < pixels; i++) {
    const m = coverage[i];
    if (m >= 1) continue;
    for (let c = 0; c < colours; c++) {
      const base = outsideColour(i, c);
      out[i * step + c] = m <= 0 ? base : Math.round(base + m * (look.data[i * step + c] - base));
    }
  }
  return { ...look, data: out };
}
