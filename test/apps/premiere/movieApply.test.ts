/**
 * Apply with a movie Output, end to end but for Premiere itself (the simulator): the panel's
 * controller and Premiere's PanelHost, a real companion server on 127.0.0.1 whose ffmpeg encodes
 * the stylized frames (JobFolderEncoder). The movie is imported as a movie (the simulator takes
 * only what Premiere imports, probing it with ffprobe) and placed as the numbered stills are; it
 * is keyed by its format, so a render is never reused for another output. Without a companion,
 * Apply refuses before anything is exported.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InProcessStylizeService } from '../../../src/engine/inference/stylizer';
import { RENDERS_FOLDER_NAME } from '../../../src/engine/render/jobFolderNames';
import { CompanionServer } from '../../../src/companion/companionServer';
import { JobFolderEncoder } from '../../../src/companion/jobFolderEncoder';
import { inProcessBackend } from '../../../src/protocol/inProcessBackend';
import { locateFfmpeg } from '../../../src/node-io/ffmpeg';
import { BIN_NAME } from '../../../src/apps/premiere/importRender';
import { createPremierePanelHost } from '../../../src/apps/premiere/premierePanelHost';
import { checkMovieOutput } from '../../../src/panel/movieOutputCheck';
import { PanelController } from '../../../src/panel/panelController';
import { describeProgress } from '../../../src/panel/progressText';
import { PanelStore } from '../../../src/panel/state';
import { fakePremiere, type FakeProjectItem, type FakeSequence } from '../../fakes/premierepro';
import { fixtureRegistry, fixtureStylizer } from '../../support/fixtureModels';
import { SAFETY_NET_MS } from '../../support/waitFor';
import { removeDir, tempDir } from '../cli/cliHarness';
import { filesUnder, freshWorkspace, lend, pickSyntheticStyle, reachCompanionFrom, type Workspace } from './harness';

let home: string;
let companionStylizer: InProcessStylizeService;
let localStylizer: InProcessStylizeService;
let ws: Workspace;
let seq: FakeSequence;
let store: PanelStore;
let controller: PanelController;
let companion: CompanionServer | undefined;
let reach: ReturnType<typeof reachCompanionFrom>;

async function startCompanion(): Promise<void> {
  const backend = inProcessBackend(companionStylizer, await fixtureRegistry(), { runtime: 'onnxruntime-node' });
  companion = await CompanionServer.start({ ...backend, encoder: new JobFolderEncoder(locateFfmpeg()) }, { infoFile: reach.infoFile });
}

/** The panel as mountPanel opens it: the controller, and the host asked which movies it can write. */
async function openPanel(): Promise<void> {
  store = new PanelStore();
  const host = createPremierePanelHost();
  controller = new PanelController(store, { host, createStylizeService: async () => lend(localStylizer) });
  await controller.init();
  await checkMovieOutput(store, host);
  await pickSyntheticStyle(ws, controller);
  // DNxHR takes frames of at least 256×120: the 16:9 sequence renders at 256×144.
  store.dispatch({ type: 'renderSizeChosen', shortSide: 144 });
}

function probe(file: string): { codec_name: string; profile: string; pix_fmt: string; width: number; height: number; nb_frames: string; r_frame_rate: string } {
  const run = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries',
    'stream=codec_name,profile,pix_fmt,width,height,nb_frames,r_frame_rate', '-of', 'json', file], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { streams: Array<ReturnType<typeof probe>> }).streams[0];
}

const renders = () => path.join(path.dirname(ws.project.path), RENDERS_FOLDER_NAME);
const placedOn = (track: number) => seq.videoTracks[track].items[0];

beforeAll(async () => {
  home = await tempDir('cs-movie-apply-');
  [companionStylizer, localStylizer] = await Promise.all([fixtureStylizer(), fixtureStylizer()]);
}, SAFETY_NET_MS);

afterAll(async () => {
  await Promise.all([companionStylizer, localStylizer].map((s) => s?.dispose()));
  await removeDir(home);
});

beforeEach(() => {
  ws = freshWorkspace();
  seq = ws.project.addSequence({ fps: 24, width: 1920, height: 1080, videoTracks: 3 });
  reach = reachCompanionFrom(home);
});

afterEach(async () => {
  await controller?.dispose();
  await companion?.stop(1000);
  companion = undefined;
  reach.restore();
  ws.cleanup();
});

test('ProRes 4444 and DNxHR HQX: the companion encodes the frames, Premiere imports the movie and it is placed as the stills are', async () => {
  await startCompanion();
  await openPanel();
  expect(store.getState().output).toEqual({ format: 'png', movieFormats: ['h264', 'prores-422-hq', 'prores-4444', 'dnxhr-hqx'] });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 0.25, selected: true });

  const phases: string[] = [];
  store.subscribe((s) => s.job.progress && phases.at(-1) !== describeProgress(s.job.progress) && phases.push(describeProgress(s.job.progress)));
  store.dispatch({ type: 'outputChosen', format: 'prores-4444' });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'info', text: 'Applied the style to 1 clip (6 frames): "Shot" → V2.' });
  expect(phases.slice(-3)).toEqual(['Encoding the movie (companion)', 'Importing the render', 'Placing the render on the timeline']);
  store.dispatch({ type: 'outputChosen', format: 'dnxhr-hqx' });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'info', text: 'Applied the style to 1 clip (6 frames): "Shot" → V3.' });

  const prores = placedOn(1).projectItem as FakeProjectItem;
  const dnxhr = placedOn(2).projectItem as FakeProjectItem;
  expect(ws.project.binNamed(BIN_NAME)!.children).toEqual([prores, dnxhr]);
  expect([prores.name, prores.media?.codec, prores.media?.stillCount]).toEqual(['Shot.mov', 'prores', undefined]);
  expect([dnxhr.name, dnxhr.media?.codec]).toEqual(['Shot.mov', 'dnxhd']);
  // The simulator's frames are opaque, so ProRes 4444 is too (frames with alpha keep it: test/companion/encodeFrames.test.ts).
  expect(probe(prores.media!.path)).toEqual({
    codec_name: 'prores', profile: '4444', pix_fmt: expect.stringMatching(/^yuv444p1[02]le$/), width: 256, height: 144, nb_frames: '6', r_frame_rate: '24/1',
  });
  expect(probe(dnxhr.media!.path)).toMatchObject({ codec_name: 'dnxhd', profile: 'DNXHR HQX', pix_fmt: 'yuv422p10le', nb_frames: '6', r_frame_rate: '24/1' });
  for (const track of [1, 2]) expect([placedOn(track).start, placedOn(track).end]).toEqual([seq.videoTracks[0].items[0].start, seq.videoTracks[0].items[0].end]);
  // Beside each movie: its PNG frames (the lossless render, checked by reuse) and the reuse record.
  expect(filesUnder(path.dirname(prores.media!.path)).sort()).toEqual(['Shot.mov', 'Shot_000001.png', 'Shot_000002.png', 'Shot_000003.png',
    'Shot_000004.png', 'Shot_000005.png', 'Shot_000006.png', 'render.json']);
}, SAFETY_NET_MS);

test('a render is reused only for the same output: PNG, then ProRes, then ProRes again', async () => {
  await startCompanion();
  await openPanel();
  seq.addClip({ name: 'Again', track: 0, startSeconds: 0, durationSeconds: 0.125, selected: true });
  await controller.apply();
  store.dispatch({ type: 'outputChosen', format: 'prores-422-hq' });
  await controller.apply();
  await controller.apply();
  expect(store.getState().message?.text).toBe('Applied the style to 1 clip (3 frames): "Again" → V4 (earlier render reused: nothing changed).');
  const [png, movie, reused] = [1, 2, 3].map((track) => (placedOn(track).projectItem as FakeProjectItem).media!);
  expect(png.stillCount).toBe(3);
  expect(path.basename(movie.path)).toBe('Again.mov');
  // The second ProRes Apply places the first one's movie; the PNG render was not taken for it.
  expect(reused.path).toBe(movie.path);
  expect(path.dirname(movie.path)).not.toBe(path.dirname(png.path));
  expect(fs.readdirSync(renders())).toHaveLength(2);
}, SAFETY_NET_MS);

test('without a companion, a movie Apply refuses before anything is exported, and says what to do', async () => {
  await openPanel();
  expect(store.getState().output).toEqual({ format: 'png', movieFormats: [] });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const before = JSON.stringify(ws.project.snapshot());
  store.dispatch({ type: 'outputChosen', format: 'prores-4444' });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(
    /^ProRes 4444 needs the Coherent Style companion: run `coherent-style serve` on this computer \(it encodes with ffmpeg\), or choose Output: Image sequence \(PNG\)\. \(The companion is not running/) });
  expect(fakePremiere.exportCalls).toBe(0);
  expect(fs.existsSync(renders())).toBe(false);
  expect(JSON.stringify(ws.project.snapshot())).toBe(before);

  // PNG needs no companion, and is unchanged: numbered stills.
  store.dispatch({ type: 'outputChosen', format: 'png' });
  await controller.apply();
  expect((placedOn(1).projectItem as FakeProjectItem).media?.stillCount).toBe(6);
}, SAFETY_NET_MS);
