import { extractAlpha, fromPlanarRgb, rasterTargetOf, toPlanarRgb } from '../../../src/engine/images/planar';
import type { RasterImage } from '../../../src/engine/images/image';
import { sampleAt } from './planarFixtures';

describe('toPlanarRgb', () => {
  it('splits 8-bit RGB into [0,1] planes', () => {
    const img: RasterImage = { width: 2, height: 1, channels: 3, bitDepth: 8, data: Uint8Array.from([255, 0, 51, 0, 102, 255]) };
    const p = toPlanarRgb(img);
    expect(Array.from(p.data)).toEqual([1, 0, 0, 0.4, 0.2, 1].map(Math.fround));
  });

  it('replicates gray and drops alpha', () => {
    const img: RasterImage = { width: 2, height: 1, channels: 2, bitDepth: 8, data: Uint8Array.from([255, 7, 0, 9]) };
    const p = toPlanarRgb(img);
    expect(Array.from(p.data)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('scales 16-bit samples by 65535', () => {
    const img: RasterImage = { width: 1, height: 1, channels: 4, bitDepth: 16, data: Uint16Array.from([65535, 0, 13107, 1]) };
    expect(Array.from(toPlanarRgb(img).data)).toEqual([1, 0, Math.fround(0.2)]);
  });

  it('refuses data that does not match the description', () => {
    const img: RasterImage = { width: 2, height: 2, channels: 3, bitDepth: 8, data: new Uint8Array(11) };
    expect(() => toPlanarRgb(img)).toThrow(expect.objectContaining({ code: 'INVALID_IMAGE' }));
    const wrongDepth: RasterImage = { width: 1, height: 1, channels: 1, bitDepth: 16, data: new Uint8Array(1) };
    expect(() => toPlanarRgb(wrongDepth)).toThrow(expect.objectContaining({ code: 'INVALID_IMAGE' }));
  });
});

describe('fromPlanarRgb', () => {
  it('round-trips every 8-bit code value exactly', () => {
    const data = new Uint8Array(256 * 3);
    for (let v = 0; v < 256; v++) data.set([v, 255 - v, (v * 7) % 256], v * 3);
    const img: RasterImage = { width: 256, height: 1, channels: 3, bitDepth: 8, data };
    expect(fromPlanarRgb(toPlanarRgb(img), rasterTargetOf(img))).toEqual(img);
  });

  it('round-trips every 16-bit code value in RGBA keeping alpha and depth', () => {
    const data = new Uint16Array(65536);
    for (let i = 0; i < data.length; i++) data[i] = (i * 40503) % 65536; // a permutation of all codes
    const img: RasterImage = { width: 128, height: 128, channels: 4, bitDepth: 16, data };
    const back = fromPlanarRgb(toPlanarRgb(img), rasterTargetOf(img));
    expect(back.bitDepth).toBe(16);
    expect(back.channels).toBe(4);
    expect(back.data).toEqual(img.data);
  });

  it('turns gray+alpha into RGBA with the alpha unchanged', () => {
    const img: RasterImage = { width: 2, height: 1, channels: 2, bitDepth: 8, data: Uint8Array.from([10, 200, 20, 0]) };
    expect(Array.from(extractAlpha(img) ?? [])).toEqual([200, 0]);
    const back = fromPlanarRgb(toPlanarRgb(img), rasterTargetOf(img));
    expect(back.channels).toBe(4);
    expect(Array.from(back.data)).toEqual([10, 10, 10, 200, 20, 20, 20, 0]);
  });

  it('clamps out-of-range values, maps NaN to 0 and rounds to nearest', () => {
    const p = { width: 5, height: 1, data: Float32Array.from([-0.5, 1.5, NaN, 0.5 / 255, 0.49 / 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) };
    expect(Array.from(fromPlanarRgb(p, { bitDepth: 8 }).data.filter((_v, i) => i % 3 === 0))).toEqual([0, 255, 0, 1, 0]);
    expect(sampleAt(p, 0, 1, 0)).toBe(1.5); // input untouched
  });

  it('reports an alpha plane that does not fit the source', () => {
    const p = { width: 2, height: 1, data: new Float32Array(6) };
    expect(() => fromPlanarRgb(p, { bitDepth: 8, sourceChannels: 4 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fromPlanarRgb(p, { bitDepth: 8, alpha: new Uint8Array(2), sourceChannels: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => fromPlanarRgb(p, { bitDepth: 16, alpha: new Uint8Array(2) })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fromPlanarRgb(p, { bitDepth: 8, alpha: new Uint8Array(3) })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('has no alpha plane for opaque images', () => {
    const img: RasterImage = { width: 1, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(3) };
    expect(extractAlpha(img)).toBeUndefined();
  });
});
