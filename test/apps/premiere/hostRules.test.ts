/**
 * The Premiere API hazards the simulator reproduces (issue 9, section 1), each against the adapter:
 * the oldest Premiere the manifest accepts, frames used before they are complete, imports that
 * land late and spelled the host's way, placements that do not land, and tracks that refuse to mute.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CoherentStyleError } from '../../../src/engine/errors';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { applyToSelection } from '../../../src/apps/premiere/applyStyle';
import { lookOf } from '../../../src/engine/look/look';
import { exportFrame } from '../../../src/apps/premiere/frameExport';
import { BIN_NAME } from '../../../src/apps/premiere/importRender';
import { RESTORE_LABEL } from '../../../src/apps/premiere/placeRender';
import { frameTimesBetween, sequenceFrameRate } from '../../../src/apps/premiere/timeline';
import { fakePremiere, FakeProjectItem, seconds, ticksPerFrame, type FakeSequence } from '../../fakes/premierepro';
import { NEWEST_VERSION, OLDEST_VERSION, PPRO_SINCE, versionAtLeast } from '../../fakes/pproReference';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder, freshWorkspace, lend, type Workspace } from './harness';

// Unsteadied, as Apply rendered before steadiness: each frame as the stylizer makes it alone.
const SETTINGS = lookOf({ style: syntheticImage(48, 48, { seed: 3 }), mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' });
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../manifest.json'), 'utf8')) as { host: { minVersion: string } };

let service: StylizeService;
let ws: Workspace;
let seq: FakeSequence;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
afterEach(() => ws?.cleanup());

function open(version = NEWEST_VERSION, pathStyle: 'posix' | 'windows' = 'posix') {
  ws = freshWorkspace({ version, pathStyle });
  seq = ws.project.addSequence({ fps: 24, width: 1920, height: 1080, videoTracks: 3 });
}

test('the simulator\'s oldest Premiere is the manifest\'s minVersion', () => {
  expect(manifest.host.minVersion.replace(/\.0$/, '')).toBe(OLDEST_VERSION);
  // The reference dates SequenceSettings.getVideoFrameRate later than that: the plugin must not need it.
  expect(versionAtLeast(OLDEST_VERSION, PPRO_SINCE['SequenceSettings.getVideoFrameRate'][0])).toBe(false);
});

// NTSC frame durations are exact: 254016000000 × 1001 / (base rate × 1000) ticks.
const FRAME_TICKS: [number, bigint][] = [[24, 10584000000n], [23.976, 10594584000n], [29.97, 8475667200n], [59.94, 4237833600n], [60, 4233600000n]];

test.each(FRAME_TICKS)('at 25.6 the frame rate comes from Sequence.getTimebase() (%p fps, exact ticks)', async (fps, frameTicks) => {
  ws = freshWorkspace({ version: OLDEST_VERSION });
  const sequence = ws.project.addSequence({ fps });
  const rate = await sequenceFrameRate(sequence);
  expect(rate.ticksPerFrame).toBe(frameTicks);
  expect(rate.fps).toBeCloseTo(fps, 3);
  expect(frameTimesBetween(seconds(0), seconds(1), rate.ticksPerFrame)).toHaveLength(Math.ceil(fps));
});

test.each(FRAME_TICKS.filter(([fps]) => !Number.isInteger(fps)))('at %p fps the render is read back at its exact NTSC length', async (fps, frameTicks) => {
  ws = freshWorkspace({ version: OLDEST_VERSION });
  seq = ws.project.addSequence({ fps, width: 1920, height: 1080, videoTracks: 3 });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 0.2, selected: true });
  const frames = BigInt(Math.ceil(0.2 * fps));
  const [result] = await applyToSelection(service, { look: SETTINGS });
  expect(result.renderTrackIndex).toBe(1);
  const start = BigInt(seconds(1).ticks);
  expect(seq.videoTracks[1].items.map((i) => [i.start, i.end])).toEqual([[start, start + frames * frameTicks]]);
});

test.each(['24', '0', '29.97', '', '253'])('a malformed time base ("%s") is refused before any frame time is built', async (answer) => {
  ws = freshWorkspace({ version: OLDEST_VERSION });
  seq = ws.project.addSequence({ fps: 24 });
  seq.timebaseAnswer = answer;
  await expect(sequenceFrameRate(seq)).rejects.toThrow(/unusable frame duration .*at most 1000 fps/);
  expect(() => frameTimesBetween(seconds(0), seconds(1), 24n)).toThrow(CoherentStyleError);
});

test('an exported frame is handed on only once Premiere has finished writing it', async () => {
  open();
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 1 });
  fakePremiere.exportTailMs = 150;
  const folder = path.join(ws.root, 'frames');
  fs.mkdirSync(folder);
  const file = await exportFrame(seq, seconds(0.5), folder, 'frame', { width: 64, height: 36 });
  expect(file).toBe(path.join(folder, 'frame.png'));
  expect(decodeImage(fs.readFileSync(file))).toMatchObject({ width: 64, height: 36 });
  expect(fs.readdirSync(folder)).toEqual(['frame.png']);
});

test('the imported render is found when it joins the bin late and the host spells its path its own way', async () => {
  open(NEWEST_VERSION, 'windows');
  fakePremiere.importDelayMs = 400;
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 0.25, selected: true });
  const [result] = await applyToSelection(service, { look: SETTINGS });
  expect(result.renderTrackIndex).toBe(1);
  expect(seq.videoTracks[1].items.map((i) => [i.start, i.end])).toEqual([[BigInt(seconds(1).ticks), BigInt(seconds(1).ticks) + 6n * ticksPerFrame(24)]]);
});

test('a render that does not land where intended is taken out of the project again, its frames kept', async () => {
  open(OLDEST_VERSION);
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  // V2 is locked once every frame is stylized (after the export, so it could be hidden): an edit onto
  // it places nothing.
  const target = seq.videoTracks[1];
  const lockingService = lend(service, undefined, () => { target.locked = true; });
  const error = await applyToSelection(lockingService, { look: SETTINGS }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CoherentStyleError);
  expect((error as Error).message).toMatch(/did not place the render on track V2\. The render was taken out of the project again; its frames are kept in /);
  expect(ws.project.binNamed(BIN_NAME)?.children ?? []).toEqual([]);
  expect(seq.videoTracks.flatMap((t) => t.items).map((i) => i.name)).toEqual(['Shot']);
  const folder = /kept in (.*)\.$/.exec((error as Error).message)![1];
  expect(filesUnder(folder).filter((f) => f.endsWith('.png'))).toHaveLength(6);
});

test('a track that refuses to be hidden stops the export with its name, and every mute state is restored', async () => {
  open();
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  seq.addClip({ name: 'Title', track: 2, startSeconds: 0, durationSeconds: 1 });
  seq.videoTracks[1].muted = true;
  seq.videoTracks[2].locked = true;
  const before = JSON.stringify(ws.project.snapshot());
  const error = await applyToSelection(service, { look: SETTINGS }).then(() => undefined, (e: unknown) => e);
  expect((error as Error).message).toMatch(/refused to hide track V3 .*Unlock V3/);
  expect(fakePremiere.exportCalls).toBe(0);
  expect(seq.videoTracks.map((t) => t.muted)).toEqual([false, true, false]);
  expect(JSON.stringify(ws.project.snapshot())).toBe(before);
});

test('a track that refuses to be shown again afterwards is named, over the job\'s own outcome', async () => {
  open();
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  seq.addClip({ name: 'Title', track: 1, startSeconds: 0, durationSeconds: 1 });
  fakePremiere.onExportFrame = () => { seq.videoTracks[1].locked = true; };
  await expect(applyToSelection(service, { look: SETTINGS })).rejects.toThrow(/refused to restore the visibility of V2\. Toggle the eye icon of V2/);
  expect(seq.videoTracks.map((t) => t.muted)).toEqual([false, true, false]);
});

describe('the placement is read back on every track, video and audio', () => {
  type Snapshot = { bins: unknown; sequences: { video: { items: unknown[] }[]; audio: unknown[][] }[] };
  const layout = (snapshot: Snapshot, videoTracks: number) => ({
    bins: snapshot.bins,
    video: snapshot.sequences[0].video.slice(0, videoTracks).map((t) => t.items),
    audio: snapshot.sequences[0].audio,
  });

  test('an insert that ripples other tracks is found, those clips are moved back and the render is taken out', async () => {
    open(OLDEST_VERSION);
    seq.addClip({ name: 'Shot', track: 2, startSeconds: 0, durationSeconds: 0.25, selected: true });
    seq.addClip({ name: 'Later', track: 0, startSeconds: 1, durationSeconds: 1, kind: 'av' });
    seq.addClip({ name: 'Music', track: 1, startSeconds: 2, durationSeconds: 1, kind: 'audio' });
    fakePremiere.insertIgnoresLimitShift = true;
    const before = ws.project.snapshot() as Snapshot;
    const error = await applyToSelection(service, { look: SETTINGS }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CoherentStyleError);
    expect((error as Error).message).toMatch(/moved other clips while placing the render \(.*V1 "Later".*A1 "Later".*A2 "Music".*\); they were moved back\. The render was taken out of the project again/);
    expect(layout(ws.project.snapshot() as Snapshot, 3)).toEqual(layout(before, 3));
    expect(seq.videoTracks[3].items).toEqual([]);
    expect(ws.project.transactions.map((t) => t.label)).toContain(RESTORE_LABEL);
  });

  test('a sequence without audio tracks: a refused edit says what to do, and the timeline is as it was', async () => {
    ws = freshWorkspace({ version: OLDEST_VERSION });
    seq = ws.project.addSequence({ fps: 24, videoTracks: 2, audioTracks: 0 });
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
    const before = ws.project.snapshot() as Snapshot;
    // The simulator refuses an audio index the sequence does not have (the reference is silent).
    await expect(applyToSelection(service, { look: SETTINGS })).rejects.toThrow(
      /has no audio track .*Add an audio track \(Sequence › Add Tracks\) and apply again\. The render was taken out of the project again/);
    expect(layout(ws.project.snapshot() as Snapshot, 2)).toEqual(layout(before, 2));
  });

  test('with audio clips on the timeline, a placement that moves nothing else passes the read-back', async () => {
    open(OLDEST_VERSION);
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true, kind: 'av' });
    seq.addClip({ name: 'Music', track: 1, startSeconds: 0.1, durationSeconds: 1, kind: 'audio' });
    const [result] = await applyToSelection(service, { look: SETTINGS });
    expect(result.renderTrackIndex).toBe(1);
    expect(seq.audioTracks.map((t) => t.items.map((i) => [i.name, i.start]))).toEqual([[['Shot', 0n]], [['Music', BigInt(seconds(0.1).ticks)]], []]);
  });
});

test('the render bin is told apart by FolderItem.cast (no ProjectItem.TYPE_BIN at 25.6): a clip of that name is left alone', async () => {
  open(OLDEST_VERSION);
  const namesake = new FakeProjectItem(BIN_NAME, 1, { path: path.join(ws.root, 'x.mov'), sceneSeed: 1, durationSeconds: 1 });
  ws.project.root.add(namesake);
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  await applyToSelection(service, { look: SETTINGS });
  const bins = ws.project.root.children.filter((c) => c.name === BIN_NAME);
  expect(bins).toHaveLength(2);
  expect(bins[0]).toBe(namesake);
  expect(ws.project.binNamed(BIN_NAME)!.children).toHaveLength(1);
});
