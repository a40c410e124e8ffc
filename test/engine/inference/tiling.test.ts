import { planTiles, TileBlender } from '../../../src/engine/inference/tiling';
import type { Tile, TilePlanOptions } from '../../../src/engine/inference/tiling';
import { cropPlanar } from '../../../src/engine/images/padding';
import { planarFrom, planeRows } from '../images/planarFixtures';

function coverage(width: number, height: number, tiles: Tile[]): Uint16Array {
  const counts = new Uint16Array(width * height);
  for (const t of tiles) for (let y = t.y; y < t.y + t.height; y++) for (let x = t.x; x < t.x + t.width; x++) counts[y * width + x]++;
  return counts;
}

/** The distinct starts along one axis and the tile length there. */
function axisStarts(tiles: Tile[], axis: 'x' | 'y'): number[] {
  return [...new Set(tiles.map((t) => t[axis]))].sort((a, b) => a - b);
}

describe('planTiles', () => {
  it('gives exactly one whole-frame tile when the frame fits', () => {
    expect(planTiles(1920, 1080, { maxTilePixels: 1920 * 1088, overlap: 32, multiple: 16 })).toEqual([{ x: 0, y: 0, width: 1920, height: 1080 }]);
    expect(planTiles(1, 1, { maxTilePixels: 64 * 64, overlap: 8, multiple: 8 })).toEqual([{ x: 0, y: 0, width: 1, height: 1 }]);
    expect(planTiles(1, 1, { maxTilePixels: 1, overlap: 0, multiple: 1 })).toEqual([{ x: 0, y: 0, width: 1, height: 1 }]);
  });

  it.each([
    [3840, 2160, { maxTilePixels: 1024 * 1024, overlap: 64, multiple: 16 }],
    [1001, 777, { maxTilePixels: 256 * 256, overlap: 24, multiple: 8 }],
    [4097, 33, { maxTilePixels: 512 * 64, overlap: 16, multiple: 16 }],
    [33, 4097, { maxTilePixels: 512 * 64, overlap: 16, multiple: 16 }],
    [3, 500, { maxTilePixels: 400, overlap: 4, multiple: 4 }],
    [129, 129, { maxTilePixels: 128 * 128, overlap: 0, multiple: 32 }],
  ] as [number, number, TilePlanOptions][])('covers a %i×%i frame with full-size, overlapping tiles', (width, height, options) => {
    const tiles = planTiles(width, height, options);
    expect(tiles.length).toBeGreaterThan(1);
    expect(coverage(width, height, tiles).every((n) => n >= 1)).toBe(true);
    const { maxTilePixels, overlap, multiple } = options;
    for (const t of tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width).toBeLessThanOrEqual(width);
      expect(t.y + t.height).toBeLessThanOrEqual(height);
      // Same size everywhere (edge tiles shifted, not shrunk); a multiple unless spanning the whole axis.
      expect([t.width, t.height]).toEqual([tiles[0].width, tiles[0].height]);
      if (t.width !== width) expect(t.width % multiple).toBe(0);
      if (t.height !== height) expect(t.height % multiple).toBe(0);
      expect(Math.ceil(t.width / multiple) * multiple * Math.ceil(t.height / multiple) * multiple).toBeLessThanOrEqual(maxTilePixels);
    }
    for (const axis of ['x', 'y'] as const) {
      const starts = axisStarts(tiles, axis);
      const length = axis === 'x' ? tiles[0].width : tiles[0].height;
      expect(starts[0]).toBe(0);
      expect(starts[starts.length - 1] + length).toBe(axis === 'x' ? width : height);
      for (let i = 1; i < starts.length; i++) expect(starts[i - 1] + length - starts[i]).toBeGreaterThanOrEqual(overlap);
    }
  });

  it('refuses a tile budget that cannot exceed the overlap', () => {
    expect(() => planTiles(1000, 1000, { maxTilePixels: 16 * 16, overlap: 16, multiple: 16 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => planTiles(100, 100, { maxTilePixels: 15, overlap: 0, multiple: 4 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => planTiles(0, 100, { maxTilePixels: 100, overlap: 0, multiple: 4 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('TileBlender', () => {
  function blendCrops(width: number, height: number, options: TilePlanOptions) {
    const frame = planarFrom(width, height, (c, x, y) => Math.sin(x * 0.37 + c) * Math.cos(y * 0.21) * 0.5 + 0.5);
    const tiles = planTiles(width, height, options);
    const blender = new TileBlender(width, height, options.overlap);
    for (const t of tiles) blender.add(t, cropPlanar(frame, t));
    return { frame, tiles, result: blender.result() };
  }

  it.each([
    [301, 203, { maxTilePixels: 64 * 64, overlap: 16, multiple: 16 }],
    [97, 5, { maxTilePixels: 32 * 8, overlap: 6, multiple: 8 }],
    [64, 64, { maxTilePixels: 32 * 32, overlap: 0, multiple: 32 }],
    [1, 1, { maxTilePixels: 64, overlap: 8, multiple: 8 }],
  ] as [number, number, TilePlanOptions][])('reproduces the content of a %i×%i frame from tiles of identical content', (width, height, options) => {
    const { frame, result } = blendCrops(width, height, options);
    expect(result.width).toBe(width);
    expect(result.height).toBe(height);
    let worst = 0;
    for (let i = 0; i < frame.data.length; i++) worst = Math.max(worst, Math.abs(frame.data[i] - result.data[i]));
    expect(worst).toBeLessThan(1e-6);
  });

  it('cross-fades differing tiles linearly across the overlap, with no jump at the seam', () => {
    const overlap = 7;
    const tiles = planTiles(40, 8, { maxTilePixels: 24 * 8, overlap, multiple: 8 });
    expect(tiles.map((t) => t.x)).toEqual([0, 16]); // 24-wide tiles sharing 8 pixels (≥ 7)
    const blender = new TileBlender(40, 8, overlap);
    blender.add(tiles[0], planarFrom(24, 8, () => 0));
    blender.add(tiles[1], planarFrom(24, 8, () => 1));
    const row = planeRows(blender.result(), 1)[4];
    expect(row.slice(0, 16)).toEqual(new Array(16).fill(0)); // only the first tile, before the overlap
    expect(row.slice(24)).toEqual(new Array(16).fill(1)); // only the second tile
    for (let x = 1; x < 40; x++) {
      expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]);
      expect(row[x] - row[x - 1]).toBeLessThanOrEqual(1 / (overlap + 1) + 1e-6);
    }
  });

  it('refuses tile results of the wrong size, outside the frame, or an incomplete cover', () => {
    const blender = new TileBlender(10, 10, 2);
    expect(() => blender.add({ x: 0, y: 0, width: 4, height: 4 }, planarFrom(5, 4, () => 0))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => blender.add({ x: 8, y: 0, width: 4, height: 4 }, planarFrom(4, 4, () => 0))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    blender.add({ x: 0, y: 0, width: 4, height: 4 }, planarFrom(4, 4, () => 0));
    expect(() => blender.result()).toThrow(/do not cover pixel \(4, 0\)/);
  });
});
