/**
 * Apply with the look changing along the clip (the panel's OVER TIME section), through the real
 * engine and a fixture model against the Premiere simulator: strength 0 → 1 over a clip starts at
 * the untouched frame and ends at the constant full-strength render, rising in between; each clip
 * gets its own transition, and a render is reused only for the same transition.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import type { RasterImage } from '../../../src/engine/images/image';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { lookOf } from '../../../src/engine/look/look';
import { applyToSelection } from '../../../src/apps/premiere/applyStyle';
import type { ApplyRequest } from '../../../src/panel/panelHost';
import { sceneFrame, type FakeSequence } from '../../fakes/premierepro';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder, freshWorkspace, lend, type Workspace } from './harness';

const SETTINGS = { mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' } as const;
const STYLE = syntheticImage(48, 48, { seed: 3 });
const LOOK = lookOf({ ...SETTINGS, style: STYLE });
const FADE_IN: ApplyRequest = { look: LOOK, overTime: { start: { strength: 0 }, ease: 'linear' } };
const FPS = 24;

let service: StylizeService;
let ws: Workspace;
let seq: FakeSequence;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
beforeEach(() => {
  ws = freshWorkspace();
  seq = ws.project.addSequence({ fps: FPS, width: 1920, height: 1080, videoTracks: 3 });
});
afterEach(() => ws.cleanup());

/** A render folder's frames, decoded, in order. */
function renderedFrames(dir: string): RasterImage[] {
  return filesUnder(dir).filter((f) => f.endsWith('.png')).sort().map((f) => decodeImage(fs.readFileSync(path.join(dir, f))));
}

function meanAbsDiff(a: RasterImage, b: RasterImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

test('strength 0 → 1 over a clip: the first frame is the input, the last the constant render, rising in between', async () => {
  const [clip] = seq.addClip({ name: 'Fade', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const [faded] = await applyToSelection(service, FADE_IN);
  const frames = renderedFrames(faded.folder);
  expect(frames).toHaveLength(6);
  // What the simulator exported for each frame of the clip, at the render size.
  const inputs = frames.map((_, n) => sceneFrame(clip.projectItem.media!.sceneSeed, n / FPS, 64, 36));

  expect(frames[0].data).toEqual(inputs[0].data);
  const [constant] = await applyToSelection(service, { look: LOOK });
  expect(frames[5].data).toEqual(renderedFrames(constant.folder)[5].data);
  const distances = frames.map((frame, n) => meanAbsDiff(frame, inputs[n]));
  for (let n = 1; n < distances.length; n++) expect(distances[n]).toBeGreaterThan(distances[n - 1]);
  expect(distances[5]).toBeGreaterThan(5);
});

test('each selected clip gets the transition over its own length', async () => {
  seq.addClip({ name: 'Short', track: 0, startSeconds: 0, durationSeconds: 0.125, selected: true });
  seq.addClip({ name: 'Long', track: 0, startSeconds: 1, durationSeconds: 0.5, selected: true });
  const renders = await applyToSelection(service, FADE_IN);
  const [short, long] = renders.map((r) => renderedFrames(r.folder));
  expect([short.length, long.length]).toEqual([3, 12]);
  const [constantShort, constantLong] = (await applyToSelection(service, { look: LOOK })).map((r) => renderedFrames(r.folder));
  // Both end at the full look on their own last frame, not at a frame counted from the other clip.
  expect(short[2].data).toEqual(constantShort[2].data);
  expect(long[11].data).toEqual(constantLong[11].data);
  expect(meanAbsDiff(long[2], constantLong[2])).toBeGreaterThan(1);
});

test('the same transition reuses its render; a changed one, or none, renders again', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const [first] = await applyToSelection(service, FADE_IN);
  let stylized = 0;
  const counted = lend(service, () => stylized++);
  const [same] = await applyToSelection(counted, { look: LOOK, overTime: { start: { strength: 0 }, ease: 'linear' } });
  expect([first.reused, same.reused, stylized]).toEqual([false, true, 0]);

  const changes: ApplyRequest[] = [
    { look: LOOK, overTime: { start: { strength: 0.5 }, ease: 'linear' } },
    { look: LOOK, overTime: { start: { strength: 0 }, ease: 'ease-in-out' } },
    { look: LOOK },
  ];
  for (const change of changes) {
    const [again] = await applyToSelection(counted, change);
    expect(again.reused).toBe(false);
    expect(again.folder).not.toBe(first.folder);
  }
  expect(stylized).toBe(18);
});

test('a two-style mix moves from its start share to the look\'s', async () => {
  seq.addClip({ name: 'Mix', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const second = syntheticImage(48, 48, { seed: 9 });
  const mixed = lookOf({ ...SETTINGS, style: [{ image: STYLE, weight: 0 }, { image: second, weight: 1 }] });
  const [moving] = await applyToSelection(service, { look: mixed, overTime: { start: { strength: 1, share: 0 }, ease: 'ease-in-out' } });
  const [start] = await applyToSelection(service, { look: LOOK });
  const [end] = await applyToSelection(service, { look: mixed });
  const [frames, startFrames, endFrames] = [moving, start, end].map((r) => renderedFrames(r.folder));
  expect(meanAbsDiff(frames[0], startFrames[0])).toBeLessThan(1);
  expect(frames[5].data).toEqual(endFrames[5].data);
  expect(meanAbsDiff(frames[0], endFrames[0])).toBeGreaterThan(1);
});
