/**
 * Apply with "Render on: farm", end to end but for Premiere itself (the simulator): the panel's
 * controller and Premiere's PanelHost, a real companion server on 127.0.0.1 forwarding to a real
 * farm (redis-server on a free loopback port, the real FarmForwarder and an in-process FarmWorker
 * with the fixture models). The render must be imported and placed exactly as a local Apply's,
 * frame for frame (a Region matte too); Cancel must cancel the farm job and leave the project as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { decodeImage, encodePng } from '../../../src/engine/images/imageCodec';
import type { InProcessStylizeService } from '../../../src/engine/inference/stylizer';
import { inProcessBackend } from '../../../src/protocol/inProcessBackend';
import { CompanionServer } from '../../../src/companion/companionServer';
import { FarmForwarder } from '../../../src/farm/farmForwarder';
import { FarmQueues } from '../../../src/farm/farmQueues';
import { FarmWorker } from '../../../src/farm/farmWorker';
import { readJobStatus } from '../../../src/farm/jobControl';
import { parseRedisUrl } from '../../../src/farm/redisUrl';
import { locateFfmpeg } from '../../../src/node-io/ffmpeg';
import { openCompanionFarm } from '../../../src/uxp/companionCarrier';
import { BIN_NAME } from '../../../src/apps/premiere/importRender';
import { createPremierePanelHost } from '../../../src/apps/premiere/premierePanelHost';
import { PanelController } from '../../../src/panel/panelController';
import { listMatteSources } from '../../../src/panel/regionHandlers';
import type { ApplyProgress } from '../../../src/panel/panelHost';
import { PanelStore } from '../../../src/panel/state';
import { ticksPerFrame, type FakeProjectItem, type FakeSequence } from '../../fakes/premierepro';
import { fakeUxpState } from '../../fakes/uxp';
import { FIXTURE_MODELS_DIR, fixtureRegistry, fixtureStylizer } from '../../support/fixtureModels';
import { halfDifference, halfMatte, type Half } from '../../support/halfMatte';
import { RedisServer } from '../../support/redisServer';
import { SAFETY_NET_MS, waitFor } from '../../support/waitFor';
import { syntheticImage } from '../../support/syntheticImages';
import { removeDir, tempDir } from '../cli/cliHarness';
import { filesUnder, freshWorkspace, lend, pickSyntheticStyle, reachCompanionFrom, type Workspace } from './harness';

let dir: string;
let redis: RedisServer;
let worker: FarmWorker;
let forwarder: FarmForwarder;
let queues: FarmQueues;
let companionStylizer: InProcessStylizeService;
let workerStylizer: InProcessStylizeService;
let localStylizer: InProcessStylizeService;
let workerLog: string[];

let ws: Workspace;
let seq: FakeSequence;
let store: PanelStore;
let controller: PanelController;
let companion: CompanionServer | undefined;
let reach: ReturnType<typeof reachCompanionFrom>;

async function startCompanion(withFarm: boolean): Promise<void> {
  const backend = inProcessBackend(companionStylizer, await fixtureRegistry(), { runtime: 'onnxruntime-node' });
  companion = await CompanionServer.start(withFarm ? { ...backend, farm: forwarder } : backend, { infoFile: reach.infoFile });
}

async function openPanel(): Promise<void> {
  store = new PanelStore();
  controller = new PanelController(store, {
    host: createPremierePanelHost(), createStylizeService: async () => lend(localStylizer), connectFarm: openCompanionFarm,
  });
  await controller.init();
  await pickSyntheticStyle(ws, controller);
  store.dispatch({ type: 'renderSizeChosen', shortSide: 36 });
}

/** Mixes a second style in, picked as the editor picks it, at `share`. */
async function mixInk(share: number): Promise<void> {
  const mixPath = path.join(ws.root, 'Ink.png');
  fs.writeFileSync(mixPath, encodePng(syntheticImage(32, 40, { seed: 4 })));
  fakeUxpState.nextPickedFile = mixPath;
  await controller.pickMixStyle();
  store.dispatch({ type: 'mixShareChanged', share });
}

/** Applies the panel's settings to the selected 6-frame clip on the farm (its render on V2), then on this computer (V3). */
async function applyOnFarmThenHere(clip: string): Promise<void> {
  for (const [renderOn, track] of [['farm', 'V2'], ['local', 'V3']] as const) {
    store.dispatch({ type: 'renderOnChosen', renderOn });
    await controller.apply();
    expect(store.getState().message).toEqual({ kind: 'info', text: `Applied the style to 1 clip (6 frames): "${clip}" → ${track}.` });
  }
}

/** The folder of the render on video track `track` (0-based). */
const renderFolderOn = (track: number) => path.dirname((seq.videoTracks[track].items[0].projectItem as FakeProjectItem).media!.path);

/** The farm's render folder holds the local render's frames, byte for byte (the local one also keeps its reuse record); resolves to their names. */
function expectSameFrames(farmFolder: string, localFolder: string): string[] {
  const farmFrames = filesUnder(farmFolder).sort();
  expect(farmFrames).toEqual(filesUnder(localFolder).filter((f) => f !== 'render.json').sort());
  for (const name of farmFrames) {
    expect(fs.readFileSync(path.join(farmFolder, name)).equals(fs.readFileSync(path.join(localFolder, name)))).toBe(true);
  }
  return farmFrames;
}

beforeAll(async () => {
  dir = await tempDir('cs-farm-apply-');
  await fs.promises.mkdir(path.join(dir, 'redis'));
  redis = await RedisServer.start(path.join(dir, 'redis'));
  const registry = await fixtureRegistry();
  [companionStylizer, workerStylizer, localStylizer] = await Promise.all([fixtureStylizer(), fixtureStylizer(), fixtureStylizer()]);
  workerLog = [];
  worker = await FarmWorker.start({
    redis: parseRedisUrl(redis.url), concurrency: 1, registry, service: workerStylizer, findFfmpeg: locateFfmpeg, stallMs: 5000,
    log: (line) => workerLog.push(line),
  });
  queues = await FarmQueues.open(parseRedisUrl(redis.url));
  forwarder = await FarmForwarder.open(parseRedisUrl(redis.url), { modelsDir: FIXTURE_MODELS_DIR, findFfmpeg: locateFfmpeg, log: () => undefined });
}, SAFETY_NET_MS);

afterAll(async () => {
  await worker?.stop(false);
  await forwarder?.close();
  await queues?.close();
  await redis?.stop();
  await Promise.all([companionStylizer, workerStylizer, localStylizer].map((s) => s?.dispose()));
  await removeDir(dir);
});

beforeEach(() => {
  ws = freshWorkspace();
  fakeUxpState.pluginFolder = path.resolve(__dirname, '../../fixtures'); // its models/ holds the fixture models
  seq = ws.project.addSequence({ fps: 24, width: 1920, height: 1080, videoTracks: 3 });
  reach = reachCompanionFrom(dir);
});

afterEach(async () => {
  await controller?.dispose();
  await companion?.stop(1000);
  companion = undefined;
  reach.restore();
  ws.cleanup();
});

test('Render on farm: the farm renders the clip and it is imported and placed exactly as a local Apply', async () => {
  await startCompanion(true);
  await openPanel();
  expect(store.getState()).toMatchObject({ farmAvailable: true, renderOn: 'local' });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 0.5, selected: true });
  const seen: ApplyProgress[] = [];
  store.subscribe((s) => s.job.progress && seen.push(s.job.progress));

  store.dispatch({ type: 'renderOnChosen', renderOn: 'farm' });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'info', text: 'Applied the style to 1 clip (12 frames): "Shot" → V2.' });
  expect([...new Set(seen.map((p) => p.phase))]).toEqual(['export', 'stylize', 'import', 'place']);
  const farmReports = seen.filter((p) => p.farm);
  expect(farmReports.length).toBeGreaterThan(0);
  expect(farmReports.every((p) => p.total === 12 && p.farm!.chunks.total === 1)).toBe(true);
  expect(workerLog.join('\n')).toMatch(/started/);

  // The same clip again, on this computer: its render goes to V3.
  store.dispatch({ type: 'renderOnChosen', renderOn: 'local' });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'info', text: 'Applied the style to 1 clip (12 frames): "Shot" → V3.' });

  const [onFarm] = seq.videoTracks[1].items;
  const [local] = seq.videoTracks[2].items;
  expect([onFarm.start, onFarm.end]).toEqual([local.start, local.end]);
  const farmItem = onFarm.projectItem as FakeProjectItem;
  const localItem = local.projectItem as FakeProjectItem;
  expect([farmItem.media?.stillCount, farmItem.overrideFps, farmItem.scaleToFrame]).toEqual([12, 24, true]);
  expect(ws.project.binNamed(BIN_NAME)!.children).toEqual([farmItem, localItem]);
  const farmFolder = path.dirname(farmItem.media!.path);
  const localFolder = path.dirname(localItem.media!.path);
  const farmFrames = filesUnder(farmFolder).sort();
  // Nothing but the numbered stills: the exported sources are gone, and no farm temp file is left.
  // (The local render also keeps its reuse record.)
  expect(farmFrames).toEqual(filesUnder(localFolder).filter((f) => f !== 'render.json').sort());
  expect(farmFrames[0]).toBe('Shot_000001.png');
  for (const name of farmFrames) {
    expect(fs.readFileSync(path.join(farmFolder, name)).equals(fs.readFileSync(path.join(localFolder, name)))).toBe(true);
  }
}, SAFETY_NET_MS);

test('a style mix renders on the farm exactly as on this computer', async () => {
  await startCompanion(true);
  await openPanel();
  await mixInk(0.3);
  expect(store.getState().mix?.share).toBe(0.3);
  seq.addClip({ name: 'Mixed', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  await applyOnFarmThenHere('Mixed');
  expectSameFrames(renderFolderOn(1), renderFolderOn(2));
}, SAFETY_NET_MS);

test('a look over time (strength and mix) renders on the farm exactly as on this computer', async () => {
  await startCompanion(true);
  await openPanel();
  await mixInk(0.7);
  store.dispatch({ type: 'transitionChanged', change: { on: true, startStrength: 0.2, startShare: 0, ease: 'linear' } });
  seq.addClip({ name: 'Turning', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  await applyOnFarmThenHere('Turning');
  // Then the same clip with the look constant: the transition made the frames differ.
  store.dispatch({ type: 'transitionChanged', change: { on: false } });
  await controller.apply();

  const [farmFolder, localFolder, constantFolder] = [1, 2, 3].map(renderFolderOn);
  const farmFrames = expectSameFrames(farmFolder, localFolder);
  expect(farmFrames).toHaveLength(6);
  expect(fs.readFileSync(path.join(localFolder, farmFrames[0])).equals(fs.readFileSync(path.join(constantFolder, farmFrames[0])))).toBe(false);
}, SAFETY_NET_MS);

describe('a Region matte renders on the farm exactly as on this computer', () => {
  /** The frames whose matte is white on the left; the rest's is white on the right, so a matte frame off by one shows. */
  const LEFT_WHITE_FRAMES = 3;
  const whiteHalf = (n: number): Half => (n < LEFT_WHITE_FRAMES ? 'left' : 'right');
  const otherHalf = (n: number): Half => (n < LEFT_WHITE_FRAMES ? 'right' : 'left');

  /** The clip on V1 (selected) and its matte over the same span on V2; Region set to it. */
  async function clipWithMatte(name: string): Promise<void> {
    seq.addClip({ name, track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
    seq.addClip({ name: `${name} matte`, track: 1, startSeconds: 0, durationSeconds: 0.125, picture: halfMatte(64, 36, 'left') });
    seq.addClip({ name: `${name} matte, later`, track: 1, startSeconds: 0.125, durationSeconds: 0.125, picture: halfMatte(64, 36, 'right') });
    store.dispatch({ type: 'regionChanged', change: { where: 'matte' } });
    await listMatteSources(store, createPremierePanelHost());
    store.dispatch({ type: 'regionChanged', change: { source: '1' } });
  }

  /** Applies on the farm, then on this computer; resolves to the two render folders, in that order. */
  async function applyBothWays(): Promise<[string, string]> {
    for (const renderOn of ['farm', 'local'] as const) {
      store.dispatch({ type: 'renderOnChosen', renderOn });
      await controller.apply();
      expect(store.getState().message).toMatchObject({ kind: 'info', text: expect.stringMatching(/^Applied the style to 1 clip \(6 frames\)/) });
    }
    const [farmItem, localItem] = ws.project.binNamed(BIN_NAME)!.children as FakeProjectItem[];
    return [path.dirname(farmItem.media!.path), path.dirname(localItem.media!.path)];
  }

  /** What Premiere exports for the clip alone (V1) at its frame `n`: what the render keeps outside the matte. */
  function exportedSource(n: number): RasterImage {
    const others = seq.videoTracks.slice(1);
    others.forEach((t) => { t.muted = true; });
    try {
      return decodeImage(seq.renderFrame(BigInt(n) * ticksPerFrame(24), 64, 36));
    } finally {
      others.forEach((t) => { t.muted = false; });
    }
  }

  test('the original outside: every frame byte for byte the local one, the outside pixel for pixel the source', async () => {
    await startCompanion(true);
    await openPanel();
    await clipWithMatte('Dancer');
    const [farmFolder, localFolder] = await applyBothWays();
    const frames = expectSameFrames(farmFolder, localFolder);
    expect(frames).toHaveLength(6);
    frames.forEach((name, n) => {
      const frame = decodeImage(fs.readFileSync(path.join(farmFolder, name)));
      expect(halfDifference(frame, exportedSource(n), otherHalf(n))).toBe(0);
      expect(halfDifference(frame, exportedSource(n), whiteHalf(n))).toBeGreaterThan(5);
    });
    // The matte's frames are gone with the sources.
    expect(fs.readdirSync(farmFolder).filter((f) => f.startsWith('.'))).toEqual([]);
  }, SAFETY_NET_MS);

  test('inverted, with the second style outside (sent to the farm as the look\'s style is)', async () => {
    await startCompanion(true);
    await openPanel();
    await mixInk(0.5);
    await clipWithMatte('Duet');
    store.dispatch({ type: 'regionChanged', change: { invert: true, outside: 'mixStyle' } });
    const [farmFolder, localFolder] = await applyBothWays();
    const frames = expectSameFrames(farmFolder, localFolder);
    // Both sides are stylized: neither keeps the source.
    const first = decodeImage(fs.readFileSync(path.join(farmFolder, frames[0])));
    expect(halfDifference(first, exportedSource(0), 'left')).toBeGreaterThan(5);
    expect(halfDifference(first, exportedSource(0), 'right')).toBeGreaterThan(5);
  }, SAFETY_NET_MS);
});

test('Cancel while the farm renders cancels the farm job and leaves the project and its folder as they were', async () => {
  await startCompanion(true);
  await openPanel();
  seq.addClip({ name: 'Long', track: 0, startSeconds: 0, durationSeconds: 4, selected: true });
  const before = JSON.stringify(ws.project.snapshot());
  store.dispatch({ type: 'renderOnChosen', renderOn: 'farm' });
  let farmJob: string | undefined;
  store.subscribe((s) => {
    farmJob ??= s.job.progress?.farm?.farmJob;
    if (farmJob && s.job.status === 'running') controller.cancel();
  });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(/^Cancelled\./) });
  expect(JSON.stringify(ws.project.snapshot())).toBe(before);
  const renders = path.join(path.dirname(ws.project.path), 'Coherent Style Renders');
  await waitFor('the job folder removed', () => filesUnder(renders).length === 0);
  // The panel stops waiting as soon as it sends the cancel; the companion flags the farm job after.
  await waitFor('the farm job cancelled', async () => (await readJobStatus(queues, farmJob!))?.state === 'cancelled');
  // Nothing came back into the project's folder while the farm was cancelling (no chunk runs after).
  expect(filesUnder(renders)).toEqual([]);
}, SAFETY_NET_MS);

test('a job folder the farm cannot see fails with a message that says the project must be on shared storage; nothing is left', async () => {
  await startCompanion(true);
  await openPanel();
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const before = JSON.stringify(ws.project.snapshot());
  const renders = path.join(path.dirname(ws.project.path), 'Coherent Style Renders');
  store.dispatch({ type: 'renderOnChosen', renderOn: 'farm' });
  // The exported frames vanish from the farm's view once exported, as on a project folder that is
  // local to the editor's machine: the companion cannot find them where the panel put them.
  store.subscribe((s) => {
    const p = s.job.progress;
    if (p?.phase !== 'export' || p.done !== p.total) return;
    for (const job of fs.readdirSync(renders)) fs.rmSync(path.join(renders, job, '.source'), { recursive: true, force: true });
  });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(/does not exist\. The farm renders the clip in .*Coherent Style Renders.*, beside the project: save the project on storage every farm machine sees at the same path/) });
  expect(JSON.stringify(ws.project.snapshot())).toBe(before);
  expect(filesUnder(renders)).toEqual([]);
  expect(store.getState()).toMatchObject({ farmAvailable: true, renderOn: 'farm' });
}, SAFETY_NET_MS);

test('a companion gone since the panel opened: Apply on the farm says so, and Render on falls back to this computer', async () => {
  await startCompanion(true);
  await openPanel();
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const before = JSON.stringify(ws.project.snapshot());
  store.dispatch({ type: 'renderOnChosen', renderOn: 'farm' });
  await companion!.stop(1000);
  companion = undefined;
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(/^The companion ended the session: .* The farm cannot be reached any more, so Render on is back to this computer; a farm job already started keeps running/) });
  expect(store.getState()).toMatchObject({ farmAvailable: false, renderOn: 'local' });
  expect(JSON.stringify(ws.project.snapshot())).toBe(before);
  expect(filesUnder(path.join(path.dirname(ws.project.path), 'Coherent Style Renders'))).toEqual([]);
}, SAFETY_NET_MS);

test('a companion without --farm offers no farm; the panel keeps rendering on this computer', async () => {
  await startCompanion(false);
  await openPanel();
  expect(store.getState()).toMatchObject({ farmAvailable: false, renderOn: 'local' });
  store.dispatch({ type: 'renderOnChosen', renderOn: 'farm' });
  expect(store.getState().renderOn).toBe('local');
}, SAFETY_NET_MS);
