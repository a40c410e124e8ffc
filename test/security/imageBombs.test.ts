/**
 * Attack cases against the image decoders (the same code reads style images inside Premiere):
 * decompression bombs in PNG image data and ancillary chunks, and progressive JPEG scan bombs.
 * Each bomb is kept to tens of megabytes inflated so the suite stays cheap; the decoder must
 * refuse or skip it without inflating it, and a clean image of the same layout must still decode.
 */
import { decodeImage } from '../../src/engine/images/imageCodec';
import { maxInflatedPngBytes } from '../../src/engine/images/pngChunks';
import { iccpBomb, iccpGarbage, itxtBomb, progressiveScanBomb, rgbPng, rgbScanlines, ztxtBomb } from '../support/hostileImages';

const BOMB_BYTES = 16 * 2 ** 20;

function refusal(decode: () => unknown): { code?: string; message: string } {
  try {
    decode();
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('the hostile image was accepted');
}

describe('PNG decompression bombs', () => {
  it('decodes a clean 64×64 PNG (the control case)', () => {
    const image = decodeImage(rgbPng(64, 64, rgbScanlines(64, 64)));
    expect([image.width, image.height, image.channels]).toEqual([64, 64, 3]);
  });

  it('refuses image data that inflates beyond height × (row bytes + 1)', () => {
    const bomb = rgbPng(64, 64, new Uint8Array(BOMB_BYTES));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = refusal(() => decodeImage(bomb));
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.message).toMatch(/inflates to more than the 12352 bytes its header allows/);
  });

  it('refuses image data one byte longer than the header allows', () => {
    const scanlines = new Uint8Array(rgbScanlines(64, 64).length + 1);
    expect(refusal(() => decodeImage(rgbPng(64, 64, scanlines))).code).toBe('INVALID_IMAGE');
  });

  it('never inflates an iCCP profile (a corrupt one does not fail the image)', () => {
    const image = decodeImage(rgbPng(64, 64, rgbScanlines(64, 64), [iccpGarbage()]));
    expect(image.width).toBe(64);
  });

  it.each([
    ['iCCP', iccpBomb],
    ['zTXt', ztxtBomb],
    ['iTXt', itxtBomb],
  ])('decodes the pixels and skips a %s chunk that inflates to 16 MB', (_name, bomb) => {
    const image = decodeImage(rgbPng(64, 64, rgbScanlines(64, 64), [bomb(BOMB_BYTES)]));
    expect([image.width, image.height]).toEqual([64, 64]);
  });

  it('bounds interlaced images by the sum of their Adam7 passes', () => {
    // 3×3 RGB: passes 2 and 3 are empty; 1 and 4 hold 1×1, 5 holds 2×1, 6 holds 1×2, 7 holds 3×1 (rows of 1 + 3w bytes).
    expect(maxInflatedPngBytes(3, 3, 24, true)).toBe(4 + 4 + 7 + 2 * 4 + 10);
    expect(maxInflatedPngBytes(64, 64, 24, false)).toBe(64 * (64 * 3 + 1));
  });
});

describe('JPEG scan bombs', () => {
  it('refuses a progressive JPEG of thousands of cheap scans before decoding it', () => {
    const bomb = progressiveScanBomb(512, 512, 2000);
    const started = performance.now();
    const error = refusal(() => decodeImage(bomb));
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.message).toMatch(/2000 scans/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still decodes a progressive JPEG with a normal number of scans', () => {
    const image = decodeImage(progressiveScanBomb(64, 64, 10));
    expect([image.width, image.height]).toEqual([64, 64]);
  });

  it('refuses a header declaring more pixels than the limit, before any pixel memory', () => {
    const error = refusal(() => decodeImage(progressiveScanBomb(65535, 65535, 1)));
    expect(error.code).toBe('IMAGE_TOO_LARGE');
  });
});
