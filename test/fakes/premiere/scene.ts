/** The synthetic picture a simulated clip's media shows (the After Effects simulator's movies too). */

/** A moving scene: a seed-coloured gradient with a bright square sweeping across once per 2 s. */
export function sceneFrame(seed: number, t: number, width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  const side = Math.max(2, Math.round(height / 3));
  const x0 = Math.round(((t / 2) % 1) * (width - side));
  const y0 = Math.round(height / 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const inSquare = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
      data[o] = inSquare ? 250 : (seed * 53 + x * 3) % 200;
      data[o + 1] = inSquare ? 240 : (seed * 97 + y * 5) % 200;
      data[o + 2] = inSquare ? 40 : (seed * 29 + (x + y) * 2) % 200;
    }
  }
  return { width, height, channels: 3 as const, bitDepth: 8 as const, data };
}
