/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * Style mixes and style scale on the real default model (models/), which is small enough for CPU
 * and, unlike the random fixture models, actually paints the style's texture.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PlanarRgb, RasterImage } from '../../../src/engine/images/image';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { toPlanarRgb } from '../../../src/engine/images/planar';
import { resizePlanar } from '../../../src/engine/images/resize';
import type { InProcessStylizeService } from '../../../src/engine/inference/stylizer';
import { fixtureStylizer } from '../../support/fixtureModels';
import { dominantWavelength } from '../../support/strokeSize';
import { syntheticImage } from '../../support/syntheticImages';

const REPO = path.resolve(__dirname, '../../..');
const REAL_MODELS_DIR = path.join(REPO, 'models');

/** Vertical black and white stripes `period` pixels apart. */
function stripes(width: number, height: number, period: number): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.fill((x % period) < period / 2 ? 20 : 235, 3 * (y * width + x), 3 * (y * width + x) + 3);
  }
  return { width, height, channels: 3, bitDepth: 8, data };
}

/** A calm frame (soft gradient) so the texture in the result is the style's. */
function calmFrame(width: number, height: number): PlanarRgb {
  const n = width * height;
  const data = new Float32Array(3 * n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      data[i] = 0.45 + 0.1 * (x / width);
      data[n + i] = 0.5;
      data[2 * n + i] = 0.55 - 0.1 * (y / height);
    }
  }
  return { width, height, data };
}

/** The dominant horizontal period of the luma texture (the lag of the first autocorrelation peak), in pixels. */
function horizontalPeriod(p: PlanarRgb): number {
  const { width, height, data } = p;
  const n = width * height;
  const luma = new Float32Array(n);
  for (let i = 0; i < n; i++) luma[i] = 0.2126 * data[i] + 0.7152 * data[n + i] + 0.0722 * data[2 * n + i];
  const correlation = (lag: number) => {
    let sum = 0;
    for (let y = 0; y < height; y++) {
      let rowMean = 0;
      for (let x = 0; x < width; x++) rowMean += luma[y * width + x];
      rowMean /= width;
      for (let x = 0; x + lag < width; x++) sum += (luma[y * width + x] - rowMean) * (luma[y * width + x + lag] - rowMean);
    }
    return sum / (width - lag);
  };
  const values = Array.from({ length: Math.floor(width / 2) }, (_, lag) => correlation(lag));
  for (let lag = 2; lag < values.length - 1; lag++) {
    if (values[lag] > values[lag - 1] && values[lag] >= values[lag + 1] && values[lag] > 0) return lag;
  }
  return Number.NaN;
}

/** One frame of samples/sample-clip.mp4 (640×360), decoded by ffmpeg. */
function sampleClipFrame(seconds: number): RasterImage {
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', path.join(REPO, 'samples/sample-clip.mp4'),
    '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 16 * 2 ** 20 });
  if (decoded.status !== 0) throw new Error(`ffmpeg failed: ${decoded.stderr}`);
  return { width: 640, height: 360, channels: 3, bitDepth: 8, data: new Uint8Array(decoded.stdout) };
}

describe('style scale', () => {
  let service: InProcessStylizeService;
  beforeAll(async () => {
    service = await fixtureStylizer({}, REAL_MODELS_DIR);
  });
  afterAll(() => service.dispose());

  it('paints a stripe style with a period that grows with the scale', async () => {
    const frame = calmFrame(384, 288);
    const periods: number[] = [];
    for (const styleScale of [0.5, 1, 2]) {
      await service.setStyle(`s${styleScale}`, stripes(384, 384, 24), { mode: 'artistic', styleScale });
      periods.push(horizontalPeriod(await service.stylizePlanar(`s${styleScale}`, frame, { strength: 1, renderShortSide: 288 })));
    }
    console.log(`stripe period in the output by style scale 0.5, 1, 2: ${periods.join(', ')} px`);
    expect(periods[1]).toBeGreaterThan(periods[0]);
    expect(periods[2]).toBeGreaterThan(periods[1]);
  });

  it('makes strokes at least 1.6 times as big at scale 2 as at 1 on the sample clip (dominant wavelength of the texture)', async () => {
    const frame = toPlanarRgb(sampleClipFrame(1.5));
    const brushStrokes = decodeImage(await readFile(path.join(REPO, 'samples/styles/brush-strokes.png')));
    for (const mode of ['artistic', 'artistic-soft']) {
      const strokes: number[] = [];
      let atScale1: PlanarRgb | undefined;
      for (const styleScale of [1, 2]) {
        await service.setStyle(`${mode}-${styleScale}`, brushStrokes, { mode, styleScale });
        const stylized = await service.stylizePlanar(`${mode}-${styleScale}`, frame, { strength: 1, renderShortSide: frame.height });
        atScale1 ??= stylized;
        strokes.push(dominantWavelength(stylized, frame));
      }
      // The measure is a spectral peak: scale 1's output only blurred (halved and doubled again) keeps it.
      const blurred = dominantWavelength(resizePlanar(resizePlanar(atScale1!, frame.width / 2, frame.height / 2), frame.width, frame.height), frame);
      console.log(`${mode}: dominant stroke wavelength ${strokes[0].toFixed(1)} px at scale 1, ${strokes[1].toFixed(1)} px at scale 2 (ratio ${(strokes[1] / strokes[0]).toFixed(2)}); scale 1 blurred: ${blurred.toFixed(1)} px`);
      expect(strokes[1] / strokes[0]).toBeGreaterThanOrEqual(1.6);
      expect(blurred / strokes[0]).toBeLessThan(1.3);
    }
  });

  it('keeps strokes the same size relative to the frame when the render size doubles', async () => {
    await service.setStyle('scaled', stripes(384, 384, 24), { mode: 'artistic', styleScale: 2 });
    const small = horizontalPeriod(await service.stylizePlanar('scaled', calmFrame(384, 288), { strength: 1, renderShortSide: 288 }));
    const large = horizontalPeriod(await service.stylizePlanar('scaled', calmFrame(768, 576), { strength: 1, renderShortSide: 576 }));
    console.log(`stripe period at scale 2: ${small} px at 288p, ${large} px at 576p`);
    expect(large / small).toBeGreaterThan(1.6);
    expect(large / small).toBeLessThan(2.5);
  });
});

/** Per-channel mean and standard deviation of an image's colours: a small stand-in for its style statistics. */
function colourStatistics(p: PlanarRgb): number[] {
  const n = p.width * p.height;
  const out: number[] = [];
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const v = p.data[c * n + i];
      sum += v;
      squares += v * v;
    }
    const mean = sum / n;
    out.push(mean, Math.sqrt(Math.max(0, squares / n - mean * mean)));
  }
  return out;
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]));

describe('style mixes', () => {
  let service: InProcessStylizeService;
  let inkWash: RasterImage;
  let mosaic: RasterImage;
  beforeAll(async () => {
    service = await fixtureStylizer({}, REAL_MODELS_DIR);
    inkWash = decodeImage(await readFile(path.join(REPO, 'samples/styles/ink-wash.png')));
    mosaic = decodeImage(await readFile(path.join(REPO, 'samples/styles/mosaic.png')));
  });
  afterAll(() => service.dispose());

  it('gives exactly the single style for weights 1,0 and a style between the two for 50/50', async () => {
    const frame = toPlanarRgb(syntheticImage(128, 96, { seed: 6 }));
    const render = async (job: string) => service.stylizePlanar(job, frame, { strength: 1, renderShortSide: 96 });
    await service.setStyle('ink', inkWash, { mode: 'artistic' });
    await service.setStyle('mosaic', mosaic, { mode: 'artistic' });
    await service.setStyle('ink-only', [{ image: inkWash, weight: 1 }, { image: mosaic, weight: 0 }], { mode: 'artistic' });
    await service.setStyle('half', [{ image: inkWash, weight: 0.5 }, { image: mosaic, weight: 0.5 }], { mode: 'artistic' });
    const ink = await render('ink');
    const tiles = await render('mosaic');
    expect((await render('ink-only')).data).toEqual(ink.data);
    const [inkStats, mosaicStats, halfStats] = [ink, tiles, await render('half')].map(colourStatistics);
    const apart = distance(inkStats, mosaicStats);
    console.log(`colour-statistics distance: ink↔mosaic ${apart.toFixed(3)}, half↔ink ${distance(halfStats, inkStats).toFixed(3)}, half↔mosaic ${distance(halfStats, mosaicStats).toFixed(3)}`);
    expect(distance(halfStats, inkStats)).toBeLessThan(apart);
    expect(distance(halfStats, mosaicStats)).toBeLessThan(apart);
  });

  it('refuses a mix of more than four styles or with no weight', async () => {
    const five = Array.from({ length: 5 }, () => ({ image: inkWash, weight: 1 }));
    await expect(service.setStyle('five', five, { mode: 'artistic' })).rejects.toThrow(/one to 4 style images/);
    await expect(service.setStyle('zero', [{ image: inkWash, weight: 0 }, { image: mosaic, weight: 0 }], { mode: 'artistic' }))
      .rejects.toThrow(/At least one style weight/);
    await expect(service.setStyle('big', inkWash, { mode: 'artistic', styleScale: 5 })).rejects.toThrow(/style scale must be between 0.25 and 4/);
  });
});
