/**
 * A contact strip: images side by side at one height, each under a label bar, for comparing the
 * same frame in every mode at a glance.
 */
import type { PlanarRgb } from './image';
import { forEachLabelPixel, GLYPH_HEIGHT, labelWidth } from './bitmapFont';
import { resizePlanar } from './resize';

export interface LabelledImage {
  label: string;
  image: PlanarRgb;
}

const GAP = 4;
const BACKGROUND = 0.12;
const TEXT = 0.95;

/** The tiles scaled to `tileHeight` (aspect kept), left to right, each with its label above it. */
export function contactStrip(tiles: readonly LabelledImage[], tileHeight: number): PlanarRgb {
  const scaled = tiles.map(({ label, image }) => {
    const width = Math.max(1, Math.round((image.width * tileHeight) / image.height));
    return { label, image: image.height === tileHeight && image.width === width ? image : resizePlanar(image, width, tileHeight) };
  });
  // Font pixels are drawn as squares of `dot` pixels, so labels stay legible on big frames.
  const dot = Math.max(1, Math.round(tileHeight / 180));
  const bar = (GLYPH_HEIGHT + 4) * dot;
  const width = scaled.reduce((sum, t) => sum + t.image.width, 0) + GAP * (scaled.length + 1);
  const height = bar + tileHeight + GAP;
  const n = width * height;
  const data = new Float32Array(3 * n).fill(BACKGROUND);
  let left = GAP;
  for (const { label, image } of scaled) {
    const m = image.width * image.height;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < image.height; y++) {
        const from = c * m + y * image.width;
        data.set(image.data.subarray(from, from + image.width), c * n + (bar + y) * width + left);
      }
    }
    // A long label on a narrow tile is drawn smaller, and cut at the tile's edge only when even 1-pixel dots do not fit.
    const labelDot = Math.max(1, Math.min(dot, Math.floor(image.width / Math.max(1, labelWidth(label)))));
    const textLeft = left + Math.max(0, Math.floor((image.width - labelWidth(label) * labelDot) / 2));
    const textTop = Math.floor((bar - GLYPH_HEIGHT * labelDot) / 2);
    forEachLabelPixel(label, (x, y) => {
      for (let dy = 0; dy < labelDot; dy++) {
        for (let dx = 0; dx < labelDot; dx++) {
          const px = textLeft + x * labelDot + dx;
          if (px >= left + image.width) continue;
          const i = (textTop + y * labelDot + dy) * width + px;
          data[i] = TEXT;
          data[n + i] = TEXT;
          data[2 * n + i] = TEXT;
        }
      }
    });
    left += image.width + GAP;
  }
  return { width, height, data };
}
