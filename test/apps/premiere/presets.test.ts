/**
 * Presets stored with the project: save, reload after a reopen on "another machine", recovery
 * from a damaged store, and the command that applies the project's default preset.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodePng } from '../../../src/engine/images/imageCodec';
import { addPreset, emptyPresetFile, setDefaultPreset } from '../../../src/engine/look/presets';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { describeApplied } from '../../../src/apps/premiere/applyStyle';
import { applyDefaultPreset } from '../../../src/apps/premiere/defaultPresetCommand';
import { UNDO_LABEL } from '../../../src/apps/premiere/placeRender';
import { keepStyleImage, loadPresets, loadStyleImage, PRESETS_PROPERTY, savePresets } from '../../../src/apps/premiere/presetStore';
import { reopenProject } from '../../fakes/premierepro';
import { fakeUxpState } from '../../fakes/uxp';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { freshWorkspace, type Workspace } from './harness';

let ws: Workspace;
let service: StylizeService;
const styleBytes = encodePng(syntheticImage(40, 40, { seed: 5 }));

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
beforeEach(() => {
  ws = freshWorkspace();
});
afterEach(() => ws.cleanup());

async function savedPresetFile() {
  const style = await keepStyleImage(ws.project, styleBytes, 'Starry Night.png');
  const { file, preset } = addPreset(emptyPresetFile(), { name: 'Night', style, mode: 'artistic', strength: 0.7, renderShortSide: 36 });
  await savePresets(ws.project, setDefaultPreset(file, preset.id));
  return preset;
}

test('presets saved with the project come back after moving the project folder to another machine', async () => {
  const preset = await savedPresetFile();
  expect(ws.project.properties.get(PRESETS_PROPERTY)?.persistent).toBe(true);

  const movedFolder = path.join(ws.root, 'Elsewhere');
  fs.cpSync(path.dirname(ws.project.path), movedFolder, { recursive: true });
  fs.rmSync(path.dirname(ws.project.path), { recursive: true });
  fs.rmSync(fakeUxpState.dataFolder, { recursive: true });
  fs.mkdirSync(fakeUxpState.dataFolder);
  const reopened = reopenProject(ws.project, path.join(movedFolder, 'My Film.prproj'));

  const { file, problem } = await loadPresets(reopened);
  expect(problem).toBeUndefined();
  expect(file.presets).toEqual([preset]);
  expect(file.defaultPresetId).toBe(preset.id);
  expect(Buffer.from(await loadStyleImage(reopened, preset.style)).equals(Buffer.from(styleBytes))).toBe(true);
});

test('the fallback file keyed by the project GUID is used when the project holds no presets', async () => {
  const preset = await savedPresetFile();
  ws.project.properties.clear();
  expect((await loadPresets(ws.project)).file.presets).toEqual([preset]);
});

test('a damaged store is reported, set aside and replaced by an empty set', async () => {
  ws.project.properties.set(PRESETS_PROPERTY, { value: '{"version":1,"presets":[{"id":"x"', persistent: true });
  const { file, problem } = await loadPresets(ws.project);
  expect(file.presets).toEqual([]);
  expect(problem).toMatch(/could not be read .* damaged copy was kept/);
  const kept = fs.readdirSync(path.join(fakeUxpState.dataFolder, 'presets')).filter((n) => n.includes('.damaged-'));
  expect(kept).toHaveLength(1);
});

test('the command applies the project default preset to the selection', async () => {
  await savedPresetFile();
  const seq = ws.project.addSequence({ fps: 24 });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 2, durationSeconds: 0.5, selected: true });
  const { presetName, renders } = await applyDefaultPreset(service);
  expect(describeApplied(renders, presetName)).toBe('Applied "Night" to 1 clip (12 frames): "Shot" → V2.');
  expect(seq.videoTracks[1].items).toHaveLength(1);
  expect(ws.project.transactions.filter((t) => t.label === UNDO_LABEL)).toHaveLength(1);
});

test('the command applies a default preset with its editor controls and style mix', async () => {
  const style = await keepStyleImage(ws.project, styleBytes, 'Starry Night.png');
  const ink = await keepStyleImage(ws.project, encodePng(syntheticImage(40, 40, { seed: 7 })), 'Ink.png');
  const { file, preset } = addPreset(emptyPresetFile(), {
    name: 'Mixed', style, mode: 'artistic', strength: 0.7, renderShortSide: 36, keepColors: true, styleScale: 2, mix: { style: ink, share: 0.25 },
  });
  await savePresets(ws.project, setDefaultPreset(file, preset.id));
  const seen: unknown[] = [];
  const watching: StylizeService = {
    get provider() { return service.provider; },
    get providerLabel() { return service.providerLabel; },
    setStyle: (job, source, settings, signal) => {
      seen.push({ weights: Array.isArray(source) ? source.map((s: { weight: number }) => s.weight) : [1], ...settings });
      return service.setStyle(job, source, settings, signal);
    },
    stylize: (job, frame, settings, signal) => {
      if (seen.length === 1) seen.push(settings);
      return service.stylize(job, frame, settings, signal);
    },
    endJob: (job) => service.endJob(job),
    dispose: async () => undefined,
  };
  ws.project.addSequence({ fps: 24 }).addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  await applyDefaultPreset(watching);
  expect(seen).toEqual([
    { weights: [0.75, 0.25], mode: 'artistic', styleScale: 2 },
    expect.objectContaining({ strength: 0.7, keepColors: true }),
  ]);
});

test('the command without a default preset says how to set one', async () => {
  ws.project.addSequence().addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.5, selected: true });
  await expect(applyDefaultPreset(service)).rejects.toThrow(/no default Coherent Style preset/);
});
