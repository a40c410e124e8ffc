/**
 * Apply through the real engine and a fixture model against the Premiere simulator, at the oldest
 * and the newest supported Premiere: what lands on the timeline, in the bins and on disk, and that
 * cancel, errors and repeats leave everything consistent; and a look over time (strength 0 → 1
 * over a clip starts at the untouched frame, ends at the constant render and rises in between).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import type { ApplyRequest } from '../../../src/panel/panelHost';
import { applyToSelection, describeApplied } from '../../../src/apps/premiere/applyStyle';
import { lookOf, type Look } from '../../../src/engine/look/look';
import { BIN_NAME } from '../../../src/apps/premiere/importRender';
import { PREPARE_LABEL, UNDO_LABEL } from '../../../src/apps/premiere/placeRender';
import { RENDERS_FOLDER_NAME } from '../../../src/engine/render/jobFolderNames';
import { fakePremiere, sceneFrame, seconds, type FakeProjectItem, type FakeSequence } from '../../fakes/premierepro';
import { NEWEST_VERSION, OLDEST_VERSION } from '../../fakes/pproReference';
import { fakeUxpState } from '../../fakes/uxp';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder, freshWorkspace, lend, type Workspace } from './harness';
import { CancelController } from '../../../src/engine/cancellation';

// Unsteadied, as Apply rendered before steadiness: each frame as the stylizer makes it alone.
const SETTINGS = lookOf({ style: syntheticImage(48, 48, { seed: 3 }), mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' });
const ticks = (s: number) => BigInt(seconds(s).ticks);
/** A render folder's frames (it also holds its render.json). */
const pngsUnder = (dir: string) => filesUnder(dir).filter((f) => f.endsWith('.png'));

function meanAbsDiff(a: Uint8Array | Uint16Array, b: Uint8Array | Uint16Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

let service: StylizeService;
let ws: Workspace;
let seq: FakeSequence;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
afterEach(() => ws.cleanup());

describe.each([OLDEST_VERSION, NEWEST_VERSION])('in Premiere %s', (version) => {
beforeEach(() => {
  ws = freshWorkspace({ version });
  seq = ws.project.addSequence({ fps: 24, width: 1920, height: 1080, videoTracks: 3 });
});

const rendersRoot = () => path.join(path.dirname(ws.project.path), RENDERS_FOLDER_NAME);

test('a 2 s clip at 00:00:05 on V1 becomes one 48-frame render on V2 at 00:00:05, in one transaction', async () => {
  const [source] = seq.addClip({ name: 'Interview', track: 0, startSeconds: 5, durationSeconds: 2, selected: true });
  const v1Before = JSON.stringify(seq.videoTracks[0].items.map((i) => [i.name, i.start, i.end, i.inPoint].map(String)));

  const [result] = await applyToSelection(service, { look: SETTINGS });

  expect(seq.videoTracks[1].items).toHaveLength(1);
  const render = seq.videoTracks[1].items[0];
  expect(render.start).toBe(ticks(5));
  expect(render.end).toBe(ticks(7));
  const bin = ws.project.binNamed(BIN_NAME)!;
  expect(bin.children).toEqual([render.projectItem]);
  const item = render.projectItem as FakeProjectItem;
  expect(item.media?.stillCount).toBe(48);
  expect(item.overrideFps).toBe(24);
  expect(item.scaleToFrame).toBe(true);

  const apply = ws.project.transactions.filter((t) => t.label === UNDO_LABEL);
  expect(apply).toHaveLength(1);
  expect(apply[0]).toEqual({ label: UNDO_LABEL, actions: ['overwriteItem'], insideLockedAccess: true });
  expect(ws.project.transactions.filter((t) => t.label !== UNDO_LABEL)).toEqual([
    { label: `Create ${BIN_NAME} bin`, actions: ['createBin'], insideLockedAccess: true },
    { label: PREPARE_LABEL, actions: ['setOverrideFrameRate', 'setScaleToFrameSize'], insideLockedAccess: true },
  ]);

  expect(JSON.stringify(seq.videoTracks[0].items.map((i) => [i.name, i.start, i.end, i.inPoint].map(String)))).toBe(v1Before);
  expect(seq.videoTracks.every((t) => !t.muted)).toBe(true);

  const frames = pngsUnder(result.folder).sort();
  expect(frames).toHaveLength(48);
  expect(frames[0]).toBe('Interview_000001.png');
  expect(fs.existsSync(path.join(result.folder, '.source'))).toBe(false);
  for (const index of [0, 47]) {
    const rendered = decodeImage(fs.readFileSync(path.join(result.folder, frames[index])));
    expect([rendered.width, rendered.height]).toEqual([64, 36]);
    const original = sceneFrame(source.projectItem.media!.sceneSeed, index / 24, 64, 36);
    expect(meanAbsDiff(rendered.data, original.data)).toBeGreaterThan(5);
  }
});

test('frames are found whether or not Premiere doubles the .png extension', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.125, selected: true });
  fakePremiere.doublesExtension = false;
  const [single] = await applyToSelection(service, { look: SETTINGS });
  fakePremiere.doublesExtension = true;
  const [doubled] = await applyToSelection(service, { look: SETTINGS });
  expect(filesUnder(single.folder).sort()).toEqual(['Shot_000001.png', 'Shot_000002.png', 'Shot_000003.png', 'render.json']);
  expect(pngsUnder(doubled.folder)).toHaveLength(3);
});

test('a clip on the top track gets a new track above it; covering tracks are muted during export and restored', async () => {
  seq.addClip({ name: 'Title', track: 1, startSeconds: 0, durationSeconds: 1 });
  seq.addClip({ name: 'Top', track: 2, startSeconds: 0, durationSeconds: 0.25, selected: true });
  seq.addClip({ name: 'Below', track: 0, startSeconds: 0, durationSeconds: 1 });

  const [result] = await applyToSelection(service, { look: SETTINGS });

  expect(result.renderTrackIndex).toBe(3);
  expect(seq.videoTracks).toHaveLength(4);
  expect(seq.videoTracks[3].items.map((i) => [i.start, i.end])).toEqual([[0n, ticks(0.25)]]);
  expect(seq.videoTracks[1].muteCalls).toEqual([true, false]);
  expect(seq.videoTracks[0].muteCalls).toEqual([true, false]);
  expect(seq.videoTracks.every((t) => !t.muted)).toBe(true);
});

test('exported frames show the selected clip, not the title covering it', async () => {
  const [clip] = seq.addClip({ name: 'Clip', track: 0, startSeconds: 0, durationSeconds: 0.125, selected: true });
  seq.addClip({ name: 'Cover', track: 1, startSeconds: 0, durationSeconds: 1 });
  const exported: Uint8Array[] = [];
  fakePremiere.onExportFrame = () => {
    exported.push(Buffer.from(seq.renderFrame(0n, 64, 36)));
  };
  await applyToSelection(service, { look: SETTINGS });
  const shown = decodeImage(exported[0]);
  expect(meanAbsDiff(shown.data, sceneFrame(clip.projectItem.media!.sceneSeed, 0, 64, 36).data)).toBe(0);
});

test('three selected clips give three renders, each above its own clip', async () => {
  seq.addClip({ name: 'A', track: 0, startSeconds: 0, durationSeconds: 0.5, selected: true });
  seq.addClip({ name: 'B', track: 0, startSeconds: 3, durationSeconds: 0.5, selected: true });
  seq.addClip({ name: 'C', track: 1, startSeconds: 6, durationSeconds: 0.5, selected: true });
  const results = await applyToSelection(service, { look: SETTINGS });
  expect(results.map((r) => [r.clipName, r.sourceTrackIndex, r.renderTrackIndex])).toEqual([['A', 0, 1], ['B', 0, 1], ['C', 1, 2]]);
  expect(seq.videoTracks[1].items.filter((i) => i.projectItem.media?.stillCount).map((i) => i.start)).toEqual([0n, ticks(3)]);
  expect(seq.videoTracks[2].items.map((i) => i.start)).toEqual([ticks(6)]);
  expect(ws.project.binNamed(BIN_NAME)!.children).toHaveLength(3);
  expect(ws.project.transactions.filter((t) => t.label === UNDO_LABEL)).toHaveLength(3);
});

describe('cancel leaves the timeline and bins unchanged and removes the files', () => {
  async function expectCancelled(arm: (abort: () => void, wrapped: { service: StylizeService }) => void) {
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 1, selected: true });
    const before = JSON.stringify(ws.project.snapshot());
    const controller = new CancelController();
    const wrapped = { service };
    arm(() => controller.abort(), wrapped);
    await expect(applyToSelection(wrapped.service, { look: SETTINGS }, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(JSON.stringify(ws.project.snapshot())).toBe(before);
    expect(filesUnder(rendersRoot())).toEqual([]);
  }

  test('during export', () => expectCancelled((abort) => {
    fakePremiere.onExportFrame = (count) => { if (count === 5) abort(); };
  }));

  test('during stylize', () => expectCancelled((abort, wrapped) => {
    let frames = 0;
    wrapped.service = lend(service, () => { if (++frames === 4) abort(); });
  }));

  test('during import', () => expectCancelled((abort) => {
    ws.project.onImport = abort;
  }));
});

describe('what the editor is told, with nothing changed', () => {
  async function expectMessage(pattern: RegExp) {
    const before = JSON.stringify(fakePremiere.activeProject?.snapshot() ?? null);
    const error = await applyToSelection(service, { look: SETTINGS }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CoherentStyleError);
    expect((error as Error).message).toMatch(pattern);
    expect(JSON.stringify(fakePremiere.activeProject?.snapshot() ?? null)).toBe(before);
    expect(filesUnder(rendersRoot())).toEqual([]);
  }

  test('no project', () => {
    fakePremiere.activeProject = null;
    return expectMessage(/No project is open/);
  });
  test('no sequence', () => {
    ws.project.activeSequence = null;
    return expectMessage(/No sequence is open/);
  });
  test('empty selection', () => {
    seq.addClip({ name: 'Idle', track: 0, startSeconds: 0, durationSeconds: 1 });
    return expectMessage(/Nothing is selected/);
  });
  test('audio-only selection', () => {
    seq.addClip({ name: 'Music', track: 0, startSeconds: 0, durationSeconds: 1, kind: 'audio', selected: true });
    return expectMessage(/Only audio clips are selected/);
  });
  test('disk write failure', () => {
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
    fakeUxpState.fullDisks = [rendersRoot()];
    return expectMessage(/disk .* is full/);
  });
});

test('applying twice with the same settings places the earlier render again without stylizing', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.5, selected: true });
  const [first] = await applyToSelection(service, { look: SETTINGS });
  let stylized = 0;
  const [second] = await applyToSelection(lend(service, () => stylized++), { look: SETTINGS });
  expect(stylized).toBe(0);
  expect([first.reused, second.reused]).toEqual([false, true]);
  expect(second.folder).toBe(first.folder);
  expect(fs.readdirSync(rendersRoot())).toHaveLength(1); // the second job's folder is gone
  expect(pngsUnder(first.folder)).toHaveLength(12);
  expect([first.renderTrackIndex, second.renderTrackIndex]).toEqual([1, 2]);
  expect(describeApplied([second])).toMatch(/"Shot" → V3 \(earlier render reused: nothing changed\)/);
});

test.each<[string, Partial<Look>]>([
  ['strength', { strength: 0.5 }],
  ['keep colours', { keepColors: true }],
  ['style scale', { styleScale: 2 }],
  ['style image', { styles: [{ image: syntheticImage(48, 48, { seed: 4 }), weight: 1 }] }],
  ['steadiness', { temporal: 'normal' }],
  ['render size', { renderShortSide: 54 }],
])('a change of %s renders anew', async (_what, change) => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const [first] = await applyToSelection(service, { look: SETTINGS });
  const [second] = await applyToSelection(service, { look: { ...SETTINGS, ...change } });
  expect(second.reused).toBe(false);
  expect(second.folder).not.toBe(first.folder);
});

test.each([
  ['a frame was changed', (dir: string) => fs.writeFileSync(path.join(dir, pngsUnder(dir)[3]), 'not a png')],
  ['a frame is missing', (dir: string) => fs.rmSync(path.join(dir, pngsUnder(dir)[0]))],
  ['the record is damaged', (dir: string) => fs.writeFileSync(path.join(dir, 'render.json'), '{"version":1,"key":')],
  ['the render never finished (no record)', (dir: string) => fs.rmSync(path.join(dir, 'render.json'))],
])('an earlier render is not reused when %s', async (_what, damage) => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const [first] = await applyToSelection(service, { look: SETTINGS });
  damage(first.folder);
  const [second] = await applyToSelection(service, { look: SETTINGS });
  expect(second.reused).toBe(false);
  expect(second.folder).not.toBe(first.folder);
  expect(pngsUnder(second.folder)).toHaveLength(6);
});
});

describe('a look over time (the panel\'s Over time section)', () => {
  const FADE_IN: ApplyRequest = { look: SETTINGS, overTime: { start: { strength: 0 }, ease: 'linear' } };
  beforeEach(() => {
    ws = freshWorkspace();
    seq = ws.project.addSequence({ fps: 24, width: 1920, height: 1080, videoTracks: 3 });
  });

  /** A render folder's frames, decoded, in order. */
  const renderedFrames = (dir: string): RasterImage[] => pngsUnder(dir).sort().map((f) => decodeImage(fs.readFileSync(path.join(dir, f))));

  test('strength 0 → 1 over a clip: the first frame is the input, the last the constant render, rising in between', async () => {
    // A still at the render size: every frame exports as this picture, so only the strength moves.
    const still = syntheticImage(64, 36, { seed: 11 });
    seq.addClip({ name: 'Fade', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true, picture: still });
    const [faded] = await applyToSelection(service, FADE_IN);
    const frames = renderedFrames(faded.folder);
    expect(frames).toHaveLength(6);

    expect(frames[0].data).toEqual(still.data);
    const [constant] = await applyToSelection(service, { look: SETTINGS });
    expect(frames[5].data).toEqual(renderedFrames(constant.folder)[5].data);
    const distances = frames.map((frame) => meanAbsDiff(frame.data, still.data));
    for (let n = 1; n < distances.length; n++) expect(distances[n]).toBeGreaterThan(distances[n - 1]);
    expect(distances[5]).toBeGreaterThan(5);

    // Steadied, the transition starts from the untouched frame all the same and rises from there.
    const [steadied] = await applyToSelection(service, { ...FADE_IN, look: { ...SETTINGS, temporal: 'normal' } });
    const steadiedFrames = renderedFrames(steadied.folder);
    expect(steadiedFrames[0].data).toEqual(still.data);
    const steadiedDistances = steadiedFrames.map((frame) => meanAbsDiff(frame.data, still.data));
    for (let n = 1; n < steadiedDistances.length; n++) expect(steadiedDistances[n]).toBeGreaterThan(steadiedDistances[n - 1]);
  });

  test('each selected clip gets the transition over its own length', async () => {
    seq.addClip({ name: 'Short', track: 0, startSeconds: 0, durationSeconds: 0.125, selected: true });
    seq.addClip({ name: 'Long', track: 0, startSeconds: 1, durationSeconds: 0.5, selected: true });
    const renders = await applyToSelection(service, FADE_IN);
    const [short, long] = renders.map((r) => renderedFrames(r.folder));
    expect([short.length, long.length]).toEqual([3, 12]);
    const [constantShort, constantLong] = (await applyToSelection(service, { look: SETTINGS })).map((r) => renderedFrames(r.folder));
    // Both end at the full look on their own last frame, not at a frame counted from the other clip.
    expect(short[2].data).toEqual(constantShort[2].data);
    expect(long[11].data).toEqual(constantLong[11].data);
    expect(meanAbsDiff(long[2].data, constantLong[2].data)).toBeGreaterThan(1);
  });

  test('the same transition reuses its render; a changed one, or none, renders again', async () => {
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
    const [first] = await applyToSelection(service, FADE_IN);
    let stylized = 0;
    const counted = lend(service, () => stylized++);
    const [same] = await applyToSelection(counted, { look: SETTINGS, overTime: { start: { strength: 0 }, ease: 'linear' } });
    expect([first.reused, same.reused, stylized]).toEqual([false, true, 0]);

    const changes: ApplyRequest[] = [
      { look: SETTINGS, overTime: { start: { strength: 0.5 }, ease: 'linear' } },
      { look: SETTINGS, overTime: { start: { strength: 0 }, ease: 'ease-in-out' } },
      { look: SETTINGS },
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
    const mixed = { ...SETTINGS, styles: [{ image: SETTINGS.styles[0].image, weight: 0 }, { image: second, weight: 1 }] };
    const [moving] = await applyToSelection(service, { look: mixed, overTime: { start: { strength: 1, share: 0 }, ease: 'ease-in-out' } });
    const [start] = await applyToSelection(service, { look: SETTINGS });
    const [end] = await applyToSelection(service, { look: mixed });
    const [frames, startFrames, endFrames] = [moving, start, end].map((r) => renderedFrames(r.folder));
    expect(meanAbsDiff(frames[0].data, startFrames[0].data)).toBeLessThan(1);
    expect(frames[5].data).toEqual(endFrames[5].data);
    expect(meanAbsDiff(frames[0].data, endFrames[0].data)).toBeGreaterThan(1);
  });
});
