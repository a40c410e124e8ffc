/**
 * The panel's controller and store driving Premiere's PanelHost (over the fakes) and the real
 * engine: picking a style, previewing the playhead frame, presets, Apply with progress, Cancel.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage, encodePng } from '../../../src/engine/images/imageCodec';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { createPremierePanelHost } from '../../../src/apps/premiere/premierePanelHost';
import { PanelController } from '../../../src/panel/panelController';
import type { ApplyProgress } from '../../../src/panel/panelHost';
import { PanelStore } from '../../../src/panel/state';
import { seconds, type FakeSequence } from '../../fakes/premierepro';
import { fakeUxpState } from '../../fakes/uxp';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { sha256Hex } from '../../../src/engine/sha256';
import { BUNDLED_STYLES_DIR, pluginFolderWith } from '../../support/pluginFolder';
import { filesUnder, freshWorkspace, lend, pickSyntheticStyle, type Workspace } from './harness';

let ws: Workspace;
let seq: FakeSequence;
let service: StylizeService;
let store: PanelStore;
let controller: PanelController;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());

beforeEach(async () => {
  ws = freshWorkspace();
  fakeUxpState.pluginFolder = path.resolve(__dirname, '../../fixtures'); // its models/ holds the fixture models
  seq = ws.project.addSequence({ fps: 24 });
  store = new PanelStore();
  controller = new PanelController(store, { host: createPremierePanelHost(), createStylizeService: async () => lend(service) });
  await controller.init();
  await pickSyntheticStyle(ws, controller);
  store.dispatch({ type: 'renderSizeChosen', shortSide: 36 });
});
afterEach(() => ws.cleanup());

test('init lists the installed modes and picking a style remembers it as recent', () => {
  const state = store.getState();
  expect(state.message).toBeUndefined();
  expect(state.modes.map((m) => m.id)).toEqual(['artistic', 'artistic-soft', 'photorealistic']);
  expect(state.mode).toBe('artistic');
  expect(state.style?.fileName).toBe('Hokusai wave.png');
  expect(state.style?.image).toEqual(decodeImage(state.style!.bytes)); // decoded once, here, for every preview and Apply
  expect(state.recentStyles.map((r) => r.fileName)).toEqual(['Hokusai wave.png']);
});

test('Preview stylizes the frame under the playhead and shows it beside the original', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 2, selected: true });
  seq.playerPosition = BigInt(seconds(1).ticks);
  await controller.preview();
  const { preview, message, providerLabel } = store.getState();
  expect(message).toBeUndefined();
  const original = preview.original!;
  expect([original.image.width, original.image.height, preview.stylized?.width, preview.stylized?.height]).toEqual([64, 36, 64, 36]);
  expect(Buffer.from(preview.stylized!.data).equals(Buffer.from(original.image.data))).toBe(false);
  // The original is shown from the file Premiere exported, not re-encoded: those bytes are that frame.
  expect(decodeImage(original.file)).toEqual(original.image);
  // The label of the service the panel was lent, as the provider table names it (CPU or GPU, then which).
  expect(providerLabel).toBe(service.providerLabel);
  expect(providerLabel).toMatch(/^(CPU|GPU) · /);
  expect(filesUnder(path.join(fakeUxpState.dataFolder, 'preview'))).toEqual([]);
});

test('Compare modes stylizes the playhead frame in every installed mode, side by side', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 2, selected: true });
  seq.playerPosition = BigInt(seconds(1).ticks);
  await controller.compareModes();
  const { preview, message } = store.getState();
  expect(message).toBeUndefined();
  expect(preview.comparison?.map((c) => [c.mode, c.image.width, c.image.height])).toEqual([
    ['artistic', 64, 36], ['artistic-soft', 64, 36], ['photorealistic', 64, 36],
  ]);
  const looks = new Set(preview.comparison!.map((c) => Buffer.from(c.image.data).toString('base64')));
  expect(looks.size).toBe(3);
  await controller.preview();
  expect(store.getState().preview.comparison).toBeUndefined(); // a plain preview replaces the comparison
});

test('the Advanced controls reach the engine and the presets; strength 0 previews the frame untouched', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 2, selected: true });
  seq.playerPosition = BigInt(seconds(1).ticks);
  store.dispatch({ type: 'strengthChanged', strength: 0 });
  await controller.preview();
  expect(store.getState().preview.stylized?.data).toEqual(store.getState().preview.original?.image.data);

  const seen: unknown[] = [];
  controller = new PanelController(store, {
    host: createPremierePanelHost(),
    createStylizeService: async () => ({
      ...lend(service),
      setStyle: (job, style, settings, signal) => { seen.push(settings); return service.setStyle(job, style, settings, signal); },
      stylize: (job, frame, settings, signal) => { seen.push(settings); return service.stylize(job, frame, settings, signal); },
    }),
  });
  store.dispatch({ type: 'strengthChanged', strength: 1 });
  store.dispatch({ type: 'lookChanged', change: { keepColors: true } });
  store.dispatch({ type: 'styleScaleChanged', styleScale: 2 });
  await controller.preview();
  expect(seen).toEqual([
    { mode: 'artistic', styleScale: 2 },
    expect.objectContaining({ strength: 1, keepColors: true }),
  ]);
  await controller.savePreset('Kept colours');
  const saved = store.getState().presets.presets.find((p) => p.name === 'Kept colours');
  expect(saved).toMatchObject({ keepColors: true, styleScale: 2 });
  store.dispatch({ type: 'lookChanged', change: { keepColors: false } });
  await controller.choosePreset(saved!.id);
  expect(store.getState()).toMatchObject({ keepColors: true, styleScale: 2 });
});

test('a second style mixes in: the engine gets both with their weights, and presets keep the mix', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 2, selected: true });
  seq.playerPosition = BigInt(seconds(1).ticks);
  const mixPath = path.join(ws.root, 'Ink.png');
  fs.writeFileSync(mixPath, encodePng(syntheticImage(40, 32, { seed: 2 })));
  fakeUxpState.nextPickedFile = mixPath;
  await controller.pickMixStyle();
  store.dispatch({ type: 'mixShareChanged', share: 0.3 });
  const styles: unknown[] = [];
  controller = new PanelController(store, {
    host: createPremierePanelHost(),
    createStylizeService: async () => ({
      ...lend(service),
      setStyle: (job, style, settings, signal) => {
        styles.push(Array.isArray(style) ? style.map((s: { weight: number; image: { width: number } }) => [s.image.width, s.weight]) : 'single');
        return service.setStyle(job, style, settings, signal);
      },
    }),
  });
  await controller.preview();
  expect(store.getState().message).toBeUndefined();
  expect(styles).toEqual([[[40, 0.7], [40, 0.3]]]);
  expect(store.getState().recentStyles.map((r) => r.fileName)).toEqual(['Hokusai wave.png']); // the mix style is not a look on its own

  await controller.savePreset('Wave and ink');
  const saved = store.getState().presets.presets.find((p) => p.name === 'Wave and ink')!;
  expect(saved.mix).toMatchObject({ share: 0.3, style: { fileName: 'Ink.png' } });
  store.dispatch({ type: 'mixCleared' });
  await controller.choosePreset(saved.id);
  expect(store.getState().mix).toMatchObject({ share: 0.3, style: { fileName: 'Ink.png' } });
  store.dispatch({ type: 'mixCleared' });
  await controller.preview();
  // Without a second style the engine gets the chosen style alone: a mix of one, weight 1.
  expect(styles.at(-1)).toEqual([[40, 1]]);
});

test('presets: save, set as project default, rename, delete', async () => {
  await controller.savePreset('Wave');
  let state = store.getState();
  expect(state.presets.presets.map((p) => p.name)).toEqual(['Wave']);
  const id = state.selectedPresetId!;
  await controller.setProjectDefault(id);
  expect(store.getState().presets.defaultPresetId).toBe(id);
  await controller.renamePreset(id, 'Great Wave');
  await controller.refreshPresets();
  state = store.getState();
  expect(state.presets.presets.map((p) => p.name)).toEqual(['Great Wave']);
  expect(state.presets.defaultPresetId).toBe(id);
  await controller.deletePreset(id);
  await controller.refreshPresets();
  expect(store.getState().presets).toEqual({ version: 3, presets: [] });
});

test('Apply reports frames and phases as it goes, then a summary', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 0.5, selected: true });
  const phases = new Set<string>();
  store.subscribe((s) => s.job.progress && phases.add(s.job.progress.phase));
  await controller.apply();
  const state = store.getState();
  expect(state.message).toEqual({ kind: 'info', text: 'Applied the style to 1 clip (12 frames): "Shot" → V2.' });
  expect([...phases]).toEqual(['stylize', 'import', 'place']);
  expect(state.job).toEqual({ status: 'idle' });
});

test('Cancel during Apply leaves the timeline as it was and says so', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 1, selected: true });
  const before = JSON.stringify(ws.project.snapshot());
  store.subscribe((s) => {
    const p: ApplyProgress | undefined = s.job.progress;
    if (p?.phase === 'stylize' && p.done === 2 && s.job.status === 'running') controller.cancel();
  });
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(/^Cancelled\./) });
  expect(JSON.stringify(ws.project.snapshot())).toBe(before);
});

test('the gallery row offers the bundled styles; one click chooses one exactly as picking its file does', async () => {
  expect(store.getState().gallery).toEqual([]); // the fixtures' plugin folder bundles no styles
  fakeUxpState.pluginFolder = pluginFolderWith(ws.root, path.resolve(__dirname, '../../fixtures/models'));
  store = new PanelStore();
  controller = new PanelController(store, { host: createPremierePanelHost(), createStylizeService: async () => lend(service) });
  await controller.init();
  const { gallery } = store.getState();
  const bundled = fs.readdirSync(BUNDLED_STYLES_DIR).filter((n) => n.endsWith('.png')).sort();
  expect(gallery.map((g) => g.fileName)).toEqual(bundled);
  for (const g of gallery) expect(Buffer.from(g.bytes).equals(fs.readFileSync(path.join(BUNDLED_STYLES_DIR, g.fileName)))).toBe(true);

  await controller.chooseGalleryStyle('ink-wash.png');
  const state = store.getState();
  expect(state.message).toBeUndefined();
  expect(state.style?.fileName).toBe('ink-wash.png');
  expect(state.style?.image).toEqual(decodeImage(fs.readFileSync(path.join(BUNDLED_STYLES_DIR, 'ink-wash.png'))));
  expect(state.recentStyles.map((r) => r.fileName)).toEqual(['ink-wash.png', 'Hokusai wave.png']);
  // A preset keeps a copy of the bundled image with the project, as it would of a picked file.
  await controller.savePreset('Ink');
  const preset = store.getState().presets.presets[0];
  const inkWash = new Uint8Array(fs.readFileSync(path.join(BUNDLED_STYLES_DIR, 'ink-wash.png')));
  expect(preset.style).toMatchObject({ fileName: 'ink-wash.png', sha256: sha256Hex(inkWash) });
  expect(Buffer.from(await createPremierePanelHost().loadPresetStyle(preset.style)).equals(Buffer.from(inkWash))).toBe(true);
});

test('the layout is kept: sections open on first use, collapsed after the first Apply, the editor\'s choices remembered', async () => {
  expect(store.getState().layout.open).toEqual({ style: true, look: true, overTime: false, region: false, preview: true, presets: false });
  await controller.toggleSection('presets');
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  await controller.apply();
  expect(store.getState().message?.kind).toBe('info');
  expect(store.getState().layout.open).toEqual({ style: true, look: true, overTime: false, region: false, preview: true, presets: true }); // this session stays as it is

  const next = new PanelStore();
  await new PanelController(next, { host: createPremierePanelHost(), createStylizeService: async () => lend(service) }).init();
  expect(next.getState().layout.open).toEqual({ style: false, look: false, overTime: false, region: false, preview: false, presets: true });
  expect(JSON.parse(fs.readFileSync(path.join(fakeUxpState.dataFolder, 'panel-prefs.json'), 'utf8'))).toEqual({ version: 1, applied: true, sections: { presets: true } });
});

test('errors reach the editor as messages, not exceptions', async () => {
  ws.project.activeSequence = null;
  await controller.apply();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(/No sequence is open/) });
});
