/** Small builders shared by the engine image tests. */
import type { PlanarRgb } from '../../../src/engine/images/image';

/** A planar image whose sample at (channel c, x, y) is f(c, x, y). */
export function planarFrom(width: number, height: number, f: (c: number, x: number, y: number) => number): PlanarRgb {
  const data = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(c * height + y) * width + x] = f(c, x, y);
  return { width, height, data };
}

export function sampleAt(p: PlanarRgb, c: number, x: number, y: number): number {
  return p.data[(c * p.height + y) * p.width + x];
}

/** One channel as rows of numbers, for readable exact comparisons. */
export function planeRows(p: PlanarRgb, c: number): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < p.height; y++) {
    const start = (c * p.height + y) * p.width;
    rows.push(Array.from(p.data.subarray(start, start + p.width)));
  }
  return rows;
}
