/**
 * Apply with a matte track (the panel's Region) against the Premiere simulator and the real
 * engine: the matte is the track exported alone, outside it every render frame keeps the exported
 * source frame pixel for pixel, inverting swaps the sides, the matte is in the render's identity,
 * and a matte that cannot work is refused before anything is exported or changed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { lookOf } from '../../../src/engine/look/look';
import { applyToSelection } from '../../../src/apps/premiere/applyStyle';
import { createPremierePanelHost } from '../../../src/apps/premiere/premierePanelHost';
import type { ApplyRequest, FarmRenderer } from '../../../src/panel/panelHost';
import { RENDERS_FOLDER_NAME } from '../../../src/engine/render/jobFolderNames';
import { fakePremiere, seconds, ticksPerFrame, type FakeSequence } from '../../fakes/premierepro';
import { fixtureStylizer } from '../../support/fixtureModels';
import { halfDifference, halfMatte } from '../../support/halfMatte';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder, freshWorkspace, type Workspace } from './harness';

// 1920×1080 rendered at a short side of 36: 64×36 frames, the matte's halves 32 columns each.
const LOOK = lookOf({ style: syntheticImage(48, 48, { seed: 3 }), mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' });
const WIDTH = 64;
const HEIGHT = 36;
const MATTE_TRACK = 2;
const FPS = 24;

let service: StylizeService;
let ws: Workspace;
let seq: FakeSequence;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
afterEach(() => ws.cleanup());
beforeEach(() => {
  ws = freshWorkspace();
  seq = ws.project.addSequence({ fps: FPS, width: 1920, height: 1080, videoTracks: 3 });
});

const rendersRoot = () => path.join(path.dirname(ws.project.path), RENDERS_FOLDER_NAME);
const matteRequest = (invert = false, source = String(MATTE_TRACK)): ApplyRequest => ({ look: LOOK, matte: { source, invert } });

/** The clip on V1 (selected) and the matte, white on the left, on V3 over the same span. */
function clipWithMatte(matteSeconds = 0.5): void {
  seq.addClip({ name: 'Dancer', track: 0, startSeconds: 1, durationSeconds: 0.5, selected: true });
  seq.addClip({ name: 'Dancer matte', track: MATTE_TRACK, startSeconds: 1, durationSeconds: matteSeconds, picture: halfMatte(WIDTH, HEIGHT, 'left') });
}

/** What Premiere exports for the clip alone (V1) at its frame `n`: the source the render must keep outside the matte. */
function exportedSource(n: number): RasterImage {
  const others = seq.videoTracks.slice(1);
  others.forEach((t) => { t.muted = true; });
  try {
    return decodeImage(seq.renderFrame(BigInt(seconds(1).ticks) + BigInt(n) * ticksPerFrame(FPS), WIDTH, HEIGHT));
  } finally {
    others.forEach((t) => { t.muted = false; });
  }
}

function renderedFrames(folder: string): RasterImage[] {
  return filesUnder(folder).filter((f) => f.endsWith('.png')).sort().map((f) => decodeImage(fs.readFileSync(path.join(folder, f))));
}

test.each([false, true])('inside the matte the look, outside it every frame is the exported source, pixel for pixel (frames with alpha: %s)', async (exportsAlpha) => {
  // The reference does not say whether an exported PNG has alpha; with it, the matte clip is opaque everywhere and counts by brightness.
  fakePremiere.exportsAlpha = exportsAlpha;
  clipWithMatte();
  const [result] = await applyToSelection(service, matteRequest());

  const frames = renderedFrames(result.folder);
  expect(frames).toHaveLength(12);
  frames.forEach((frame, n) => {
    const source = exportedSource(n);
    expect(halfDifference(frame, source, 'right')).toBe(0);
    expect(halfDifference(frame, source, 'left')).toBeGreaterThan(5);
  });
  // The matte's frames are gone with the sources; every track is visible again.
  expect(filesUnder(result.folder).filter((f) => f.startsWith('.'))).toEqual([]);
  expect(seq.videoTracks.every((t) => !t.muted)).toBe(true);
});

test('inverted, the sides swap: the left keeps the source, the right is stylized', async () => {
  clipWithMatte();
  const [result] = await applyToSelection(service, matteRequest(true));

  renderedFrames(result.folder).forEach((frame, n) => {
    const source = exportedSource(n);
    expect(halfDifference(frame, source, 'left')).toBe(0);
    expect(halfDifference(frame, source, 'right')).toBeGreaterThan(5);
  });
});

test('the matte and its inversion are part of the render identity; the same matte again reuses the render', async () => {
  clipWithMatte();
  const [first] = await applyToSelection(service, matteRequest());
  const [again] = await applyToSelection(service, matteRequest());
  const [inverted] = await applyToSelection(service, matteRequest(true));
  const [whole] = await applyToSelection(service, { look: LOOK });

  expect(first.reused).toBe(false);
  expect(again).toMatchObject({ reused: true, folder: first.folder });
  expect(inverted.reused).toBe(false);
  expect(whole.reused).toBe(false);
});

test('the panel host lists the video tracks, top first, with what is on them', async () => {
  clipWithMatte();
  expect(await createPremierePanelHost().matteSources()).toEqual([
    { id: '2', label: 'V3 · Dancer matte' }, { id: '1', label: 'V2 (empty)' }, { id: '0', label: 'V1 · Dancer' },
  ]);
});

describe('a matte that cannot work is refused before anything is exported or changed', () => {
  async function expectRefused(request: ApplyRequest, message: RegExp, renderer: Parameters<typeof applyToSelection>[0] = service): Promise<void> {
    const tracksBefore = JSON.stringify(seq.videoTracks.map((t) => [t.muted, t.items.length]));
    await expect(applyToSelection(renderer, request)).rejects.toThrow(message);
    expect(fakePremiere.exportCalls).toBe(0);
    expect(filesUnder(rendersRoot())).toEqual([]);
    expect(ws.project.transactions).toEqual([]);
    expect(JSON.stringify(seq.videoTracks.map((t) => [t.muted, t.items.length]))).toBe(tracksBefore);
  }

  test('the clip\'s own track', async () => {
    clipWithMatte();
    await expectRefused(matteRequest(false, '0'), /The matte track V1 is the track of the clip "Dancer" itself/);
  });

  test('a track the sequence does not have', async () => {
    clipWithMatte();
    await expectRefused(matteRequest(false, '5'), /The matte track V6 is not in the sequence/);
  });

  test('a track with no clip at some frame of the clip', async () => {
    clipWithMatte(0.25);
    await expectRefused(matteRequest(), /The matte track V3 has no clip at 1\.250 s, inside the clip "Dancer"/);
  });

  test('on the render farm as here (the farm takes a matte: farmApply.test.ts)', async () => {
    clipWithMatte(0.25);
    const farm: FarmRenderer = { renderOnFarm: jest.fn(), dispose: async () => undefined };
    await expectRefused(matteRequest(), /The matte track V3 has no clip at 1\.250 s, inside the clip "Dancer"/, { farm });
    expect(farm.renderOnFarm).not.toHaveBeenCalled();
  });
});
