/**
 * Frames too large to stylize in one pass are cut into overlapping tiles, stylized one by one and
 * blended back with feathered weights so no seam shows. Tiles keep their full size at the frame's
 * right and bottom edges by shifting inward (the overlap grows there) instead of shrinking.
 */
import { CoherentStyleError } from '../errors';
import type { PlanarRgb } from '../images/image';
import type { CropRect } from '../images/padding';

/** A tile's rectangle in frame pixels; cropPlanar(frame, tile) gives its content. */
export type Tile = CropRect;

export interface TilePlanOptions {
  /** Most pixels one tile may have once padded up to `multiple` (the model's memory budget). */
  maxTilePixels: number;
  /** Least number of pixels neighbouring tiles share, blended across by TileBlender. */
  overlap: number;
  /** The model's size multiple: tile sides are multiples of it unless a tile spans the whole frame along that axis. */
  multiple: number;
}

const roundUp = (n: number, multiple: number): number => Math.ceil(n / multiple) * multiple;
const roundDown = (n: number, multiple: number): number => Math.floor(n / multiple) * multiple;

function checkWhole(name: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `${name} must be a whole number of at least ${least}, got ${value}.`);
  }
}

/** Start positions of tiles of length `tile` along an axis of length `length`, spread evenly, first at 0 and last at the end. */
function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (tile >= length) return [0];
  const count = Math.ceil((length - overlap) / (tile - overlap));
  const span = length - tile;
  // Rounded even spacing: every step is at most ceil(span / (count - 1)) ≤ tile - overlap.
  return Array.from({ length: count }, (_v, i) => Math.round((i * span) / (count - 1)));
}

/**
 * Tiles (row-major) covering a width×height frame. A frame that fits in maxTilePixels gives exactly
 * one tile: the whole frame. Otherwise tiles are as square as the frame allows, sides are multiples
 * of `multiple`, and neighbours share at least `overlap` pixels.
 */
export function planTiles(width: number, height: number, options: TilePlanOptions): Tile[] {
  const { maxTilePixels, overlap, multiple } = options;
  checkWhole('Frame width', width, 1);
  checkWhole('Frame height', height, 1);
  checkWhole('The size multiple', multiple, 1);
  checkWhole('The tile overlap', overlap, 0);
  if (!(maxTilePixels >= 1)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The tile size limit must be at least 1 pixel, got ${maxTilePixels}.`);
  }
  const paddedWidth = roundUp(width, multiple);
  const paddedHeight = roundUp(height, multiple);
  if (paddedWidth * paddedHeight <= maxTilePixels) return [{ x: 0, y: 0, width, height }];

  const square = roundDown(Math.sqrt(maxTilePixels), multiple);
  let tileWidth: number;
  let tileHeight: number;
  if (paddedWidth <= square) {
    tileWidth = width;
    tileHeight = roundDown(maxTilePixels / paddedWidth, multiple);
  } else if (paddedHeight <= square) {
    tileHeight = height;
    tileWidth = roundDown(maxTilePixels / paddedHeight, multiple);
  } else {
    tileWidth = tileHeight = square;
  }
  // Along an axis that is split, tiles must be longer than the overlap or they would not advance.
  const tooShort = (tile: number, frame: number): boolean => tile < 1 || (tile < frame && tile <= overlap);
  if (tooShort(tileWidth, width) || tooShort(tileHeight, height)) {
    throw new CoherentStyleError(
      'INVALID_ARGUMENT',
      `Tiles of at most ${maxTilePixels} pixels cannot be larger than the ${overlap}-pixel overlap at size multiple ${multiple}. Allow larger tiles or a smaller overlap.`,
    );
  }
  const tiles: Tile[] = [];
  for (const y of tileStarts(height, tileHeight, overlap)) {
    for (const x of tileStarts(width, tileWidth, overlap)) tiles.push({ x, y, width: tileWidth, height: tileHeight });
  }
  return tiles;
}

/**
 * Per-position weights along one tile side: a linear ramp over `overlap` pixels on each side that
 * meets another tile, 1 elsewhere; never 0, so every covered pixel has weight.
 */
function featherWeights(start: number, length: number, frameLength: number, overlap: number): Float32Array {
  const weights = new Float32Array(length);
  const rampStart = start > 0;
  const rampEnd = start + length < frameLength;
  for (let u = 0; u < length; u++) {
    let w = 1;
    if (rampStart && u < overlap) w = Math.min(w, (u + 1) / (overlap + 1));
    if (rampEnd && length - u <= overlap) w = Math.min(w, (length - u) / (overlap + 1));
    weights[u] = w;
  }
  return weights;
}

/**
 * Accumulates stylized tiles into one frame. Memory: 3 float planes plus one weight plane of the
 * frame's size. After result() the blender is spent.
 */
export class TileBlender {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array;
  private finished = false;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly overlap: number,
  ) {
    checkWhole('Frame width', width, 1);
    checkWhole('Frame height', height, 1);
    checkWhole('The tile overlap', overlap, 0);
    this.sum = new Float32Array(3 * width * height);
    this.weight = new Float32Array(width * height);
  }

  /** Adds a tile's stylized content (tile.width×tile.height) at the tile's place. */
  add(tile: Tile, content: PlanarRgb): void {
    if (this.finished) throw new CoherentStyleError('INVALID_ARGUMENT', 'This tile blender has already produced its result.');
    const { x, y, width, height } = tile;
    const inside = x >= 0 && y >= 0 && x + width <= this.width && y + height <= this.height;
    if (!inside || content.width !== width || content.height !== height) {
      throw new CoherentStyleError(
        'INVALID_ARGUMENT',
        `A ${content.width}×${content.height} tile result does not fit tile ${width}×${height} at (${x}, ${y}) of the ${this.width}×${this.height} frame.`,
      );
    }
    const across = featherWeights(x, width, this.width, this.overlap);
    const down = featherWeights(y, height, this.height, this.overlap);
    const framePlane = this.width * this.height;
    const tilePlane = width * height;
    const src = content.data;
    for (let row = 0; row < height; row++) {
      const rowWeight = down[row];
      const dst = (y + row) * this.width + x;
      const from = row * width;
      for (let col = 0; col < width; col++) {
        const w = rowWeight * across[col];
        const d = dst + col;
        const s = from + col;
        this.weight[d] += w;
        this.sum[d] += w * src[s];
        this.sum[framePlane + d] += w * src[tilePlane + s];
        this.sum[2 * framePlane + d] += w * src[2 * tilePlane + s];
      }
    }
  }

  /** The blended frame (normalised in place: no extra frame-sized allocation). */
  result(): PlanarRgb {
    if (this.finished) throw new CoherentStyleError('INVALID_ARGUMENT', 'This tile blender has already produced its result.');
    this.finished = true;
    const plane = this.width * this.height;
    for (let i = 0; i < plane; i++) {
      const w = this.weight[i];
      if (w === 0) {
        throw new CoherentStyleError(
          'INVALID_ARGUMENT',
          `The tiles do not cover pixel (${i % this.width}, ${Math.floor(i / this.width)}) of the frame.`,
        );
      }
      this.sum[i] /= w;
      this.sum[plane + i] /= w;
      this.sum[2 * plane + i] /= w;
    }
    return { width: this.width, height: this.height, data: this.sum };
  }
}

/**
 * Tiles of a frame already padded to `multiple`, with every start snapped to a multiple of it.
 * Planned with `multiple` extra overlap, so after snapping (each start moves at most multiple/2)
 * neighbours still share at least `overlap` pixels.
 */
export function planAlignedTiles(width: number, height: number, maxTilePixels: number, overlap: number, multiple: number): Tile[] {
  const planned = planTiles(width, height, { maxTilePixels, overlap: overlap + multiple, multiple });
  const snap = (start: number) => Math.round(start / multiple) * multiple;
  const unique = new Map<string, Tile>();
  for (const tile of planned) {
    const aligned = { ...tile, x: snap(tile.x), y: snap(tile.y) };
    unique.set(`${aligned.x},${aligned.y}`, aligned);
  }
  return [...unique.values()];
}

/** The largest size with the frame's aspect ratio whose sides are multiples of `multiple` and whose area fits `maxPixels` (a tiled frame's statistics pass). */
export function statisticsPassSize(width: number, height: number, maxPixels: number, multiple: number): { width: number; height: number } {
  const scale = Math.min(1, Math.sqrt(maxPixels / (width * height)));
  const fit = (side: number) => Math.max(multiple, Math.floor((side * scale) / multiple) * multiple);
  return { width: fit(width), height: fit(height) };
}
