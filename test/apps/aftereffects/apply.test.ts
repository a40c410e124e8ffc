/**
 * Apply in After Effects through the real engine and a fixture model against the strict After
 * Effects simulator: the acceptance scenarios of the After Effects host, each checking the comp
 * afterwards (layers, timing, folders, undo history, solo switches) and the files on disk.
 * Strength 0 leaves frames untouched, which shows that every placed frame lands on the comp time
 * it was taken from.
 */
import { CancelController } from '../../../src/engine/cancellation';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import { sha256Hex } from '../../../src/engine/sha256';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { applyToSelection, describeApplied } from '../../../src/apps/aftereffects/applyStyle';
import { RESTORE_SOLO_LABEL, SOLO_LABEL } from '../../../src/apps/aftereffects/frameExport';
import { FOLDER_NAME, UNDO_LABEL } from '../../../src/apps/aftereffects/placeLayer';
import { RENDERS_FOLDER_NAME } from '../../../src/engine/render/jobFolderNames';
import { lookOf } from '../../../src/engine/look/look';
import { fakeAfterEffects, undo, type FakeAeLayer, type FakeCompItem, type FakeFootageItem } from '../../fakes/afterEffects';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder } from '../premiere/harness';
import { activeComp, freshAeWorkspace, type AeWorkspace } from './harness';

// Unsteadied, as Apply rendered before steadiness: each frame as the stylizer makes it alone.
const STYLED = lookOf({ style: syntheticImage(48, 48, { seed: 3 }), mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' });
const UNTOUCHED = { ...STYLED, strength: 0 };

let service: StylizeService;
let ws: AeWorkspace;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
beforeEach(() => {
  ws = freshAeWorkspace();
});
afterEach(() => ws.cleanup());

const rendersRoot = () => path.join(path.dirname(ws.project.file), RENDERS_FOLDER_NAME);
const pngsUnder = (dir: string) => filesUnder(dir).filter((f) => f.endsWith('.png')).sort();
const undoLabels = () => fakeAfterEffects.undoStack.map((s) => s.label);

function meanAbsDiff(a: Uint8Array | Uint16Array, b: Uint8Array | Uint16Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** The render layer right above `source`, checked against the source's visible span. */
function expectPlacedAbove(comp: FakeCompItem, source: FakeAeLayer, span: { from: number; to: number }): FakeAeLayer {
  const render = comp.layerList[source.index - 2];
  expect(render).toBeDefined();
  expect(render.source).toBeInstanceOf(Object);
  const footage = render.source as FakeFootageItem;
  expect(footage.parent?.name).toBe(FOLDER_NAME);
  expect(footage.frameRate).toBeCloseTo(comp.frameRate, 6);
  const tolerance = 1e-6;
  expect(Math.abs(render.startTime - span.from)).toBeLessThan(tolerance);
  expect(Math.abs(render.inPoint - span.from)).toBeLessThan(tolerance);
  expect(Math.abs(render.outPoint - span.to)).toBeLessThan(tolerance);
  return render;
}

/** At strength 0 the render shows, at every comp frame of the span, exactly what the comp showed without it. */
function expectFramesAligned(comp: FakeCompItem, render: FakeAeLayer, frames: number[]): void {
  for (const k of frames) {
    const t = k * comp.frameDuration;
    const withRender = comp.frameAt(t);
    render.enabledFlag = false;
    const without = comp.frameAt(t);
    render.enabledFlag = true;
    expect([k, meanAbsDiff(withRender.data, without.data)]).toEqual([k, 0]);
  }
}

test('one layer: its 6 frames become one layer right above it with the same timing, in one undo step', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const background = comp.addLayer({ name: 'Background', startTime: 0 });
  const shot = comp.addLayer({ name: 'Shot', startTime: 1, inPoint: 1, outPoint: 1.25 });
  comp.layerList.splice(comp.layerList.indexOf(shot), 1);
  comp.layerList.unshift(shot); // Shot above Background
  background.soloFlag = true; // the editor's own solo state must survive the export
  comp.select(shot);

  const [result] = await applyToSelection(service, { look: STYLED });

  expect(comp.layerList.map((l) => l.name)).toEqual([expect.stringMatching(/^Shot_000001\.png$/), 'Shot', 'Background']);
  const render = expectPlacedAbove(comp, shot, { from: 1, to: 1.25 });
  expect(result).toEqual({ layerName: 'Shot', renderLayerIndex: 1, folder: expect.stringContaining(RENDERS_FOLDER_NAME), frameCount: 6, reused: false });
  expect(describeApplied([result])).toBe('Applied the style to 1 layer (6 frames): "Shot" → layer 1.');
  expect(pngsUnder(result.folder)).toHaveLength(6);
  expect(fs.existsSync(path.join(result.folder, '.source'))).toBe(false);
  // Each comp frame of the span shows the stylized file of that frame (the comp itself shows the soloed Background).
  const files = pngsUnder(result.folder);
  for (let n = 0; n < 6; n++) {
    const onDisk = decodeImage(new Uint8Array(fs.readFileSync(path.join(result.folder, files[n]))));
    expect(meanAbsDiff(render.pictureAt((24 + n) / 24, comp.width, comp.height)!.data, onDisk.data)).toBe(0);
  }
  expect(meanAbsDiff(comp.frameAt(1.1).data, background.pictureAt(1.1, comp.width, comp.height)!.data)).toBe(0);
  expect(render.index).toBe(1);
  expect([shot.soloFlag, background.soloFlag]).toEqual([false, true]);
  expect(undoLabels()).toEqual([SOLO_LABEL, RESTORE_SOLO_LABEL, UNDO_LABEL]);
  expect(fakeAfterEffects.groupsLeftOpenAcrossTasks).toBe(0);
});

test('two layers in one Apply: each render lands right above its own layer', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const a = comp.addLayer({ name: 'A', startTime: 0, inPoint: 0, outPoint: 0.25 });
  const b = comp.addLayer({ name: 'B', startTime: 0.5, inPoint: 0.5, outPoint: 0.75 });
  comp.select(b, a); // selected bottom first: applied top to bottom all the same

  const results = await applyToSelection(service, { look: STYLED });

  expect(results.map((r) => r.layerName)).toEqual(['A', 'B']);
  expect(comp.layerList.map((l) => l.name)).toEqual(['A_000001.png', 'A', 'B_000001.png', 'B']);
  expectPlacedAbove(comp, a, { from: 0, to: 0.25 });
  expectPlacedAbove(comp, b, { from: 0.5, to: 0.75 });
  expect(ws.project.folderNamed(FOLDER_NAME)?.children).toHaveLength(2);
  expect(undoLabels().filter((l) => l === UNDO_LABEL)).toHaveLength(2);
  expect(fakeAfterEffects.groupsLeftOpenAcrossTasks).toBe(0);
});

test('a look over time reaches its render: strength 0 → 1 starts at the untouched frame and ends at the full look', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const shot = comp.addLayer({ name: 'Shot', startTime: 0, inPoint: 0, outPoint: 0.25 });
  comp.select(shot);

  const [moving] = await applyToSelection(service, { look: STYLED, overTime: { start: { strength: 0 }, ease: 'ease-in-out' } });
  expectFramesAligned(comp, expectPlacedAbove(comp, shot, { from: 0, to: 0.25 }), [0]);
  const [constant] = await applyToSelection(service, { look: STYLED });

  const [movingFiles, constantFiles] = [moving, constant].map((r) => pngsUnder(r.folder).map((f) => fs.readFileSync(path.join(r.folder, f))));
  expect(movingFiles).toHaveLength(6);
  expect(movingFiles[5].equals(constantFiles[5])).toBe(true);
  expect(movingFiles[2].equals(constantFiles[2])).toBe(false);
});

test('a 23.976 fps comp: frames snap to the comp\'s frame grid and play back on the frames they came from', async () => {
  const fps = 24000 / 1001;
  const comp = activeComp(ws, { fps, duration: 30 });
  const shot = comp.addLayer({ name: 'Drone', startTime: 10, inPoint: 10, outPoint: 10.5 });
  comp.select(shot);

  const [result] = await applyToSelection(service, { look: UNTOUCHED });

  const first = Math.ceil(10 * fps - 1e-6);
  const end = Math.ceil(10.5 * fps - 1e-6);
  expect(result.frameCount).toBe(end - first);
  const render = expectPlacedAbove(comp, shot, { from: first / fps, to: end / fps });
  expect((render.source as FakeFootageItem).duration).toBeCloseTo((end - first) / fps, 9);
  expectFramesAligned(comp, render, Array.from({ length: end - first }, (_, n) => first + n));
});

test('a layer that starts mid-comp, trimmed at both ends and stretched: the render covers just what it shows', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const shot = comp.addLayer({ name: 'Trimmed', startTime: 2, inPoint: 2.5, outPoint: 2.75 });
  shot.stretch = 200;
  comp.select(shot);

  const [result] = await applyToSelection(service, { look: UNTOUCHED });

  expect(result.frameCount).toBe(6);
  expect([shot.startTime, shot.inPoint, shot.outPoint]).toEqual([2, 2.5, 2.75]);
  const render = expectPlacedAbove(comp, shot, { from: 2.5, to: 2.75 });
  expectFramesAligned(comp, render, [60, 61, 62, 63, 64, 65]);
});

test('cancel half-way: the project is as it was, solo switches included, and the frames already stylized are kept', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const shot = comp.addLayer({ name: 'Shot', startTime: 0, inPoint: 0, outPoint: 0.5 });
  comp.select(shot);
  const before = ws.project.snapshot();
  const abort = new CancelController();
  fakeAfterEffects.onSaveFrame = (count) => { if (count === 6) abort.abort(); };

  await expect(applyToSelection(service, { look: STYLED }, { signal: abort.signal })).rejects.toBeInstanceOf(CancelledError);

  expect(ws.project.snapshot()).toEqual(before);
  expect(ws.project.folderNamed(FOLDER_NAME)).toBeUndefined();
  const [jobDir] = fs.readdirSync(rendersRoot());
  const kept = pngsUnder(path.join(rendersRoot(), jobDir));
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThan(12);
  for (const file of kept) decodeImage(new Uint8Array(fs.readFileSync(path.join(rendersRoot(), jobDir, file)))); // whole PNGs
  expect(fs.existsSync(path.join(rendersRoot(), jobDir, '.source'))).toBe(false);
  expect(undoLabels()).not.toContain(UNDO_LABEL);
  expect(fakeAfterEffects.groupsLeftOpenAcrossTasks).toBe(0);
});

test('undo: one step takes out the layer, the footage and the folder Apply added', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const shot = comp.addLayer({ name: 'Shot', startTime: 0, inPoint: 0, outPoint: 0.25 });
  comp.select(shot);
  const before = ws.project.snapshot();

  await applyToSelection(service, { look: STYLED });
  expect(ws.project.snapshot()).not.toEqual(before);

  expect(undo()).toBe(UNDO_LABEL);
  expect(ws.project.snapshot()).toEqual(before);
});

test('missing footage: refused with what to do, nothing changed and nothing written', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const shot = comp.addLayer({ name: 'Lost', startTime: 0, inPoint: 0, outPoint: 0.25 });
  fs.rmSync((shot.source as FakeFootageItem).file!);
  comp.select(shot);
  const before = ws.project.snapshot();

  await expect(applyToSelection(service, { look: STYLED })).rejects.toThrow(/The footage of "Lost" \("Lost\.mov"\) is missing: relink it .*Nothing was changed\./);
  expect(ws.project.snapshot()).toEqual(before);
  expect(fs.existsSync(rendersRoot())).toBe(false);
  expect(fakeAfterEffects.renderCalls).toBe(0);
});

test('an unsaved project: refused before anything is rendered', async () => {
  ws.cleanup();
  ws = freshAeWorkspace({ saved: false });
  const comp = activeComp(ws, { fps: 24 });
  comp.select(comp.addLayer({ name: 'Shot', startTime: 0, inPoint: 0, outPoint: 0.25 }));
  const before = ws.project.snapshot();

  const failure = applyToSelection(service, { look: STYLED });
  await expect(failure).rejects.toBeInstanceOf(CoherentStyleError);
  await expect(failure).rejects.toThrow(/^Save the project first \(File › Save\)/);
  expect(ws.project.snapshot()).toEqual(before);
  expect(fakeAfterEffects.renderCalls).toBe(0);
});

test('a second Apply: a new folder and a new layer; the first render\'s files are untouched', async () => {
  const comp = activeComp(ws, { fps: 24 });
  const shot = comp.addLayer({ name: 'Shot', startTime: 0, inPoint: 0, outPoint: 0.25 });
  comp.select(shot);
  const [first] = await applyToSelection(service, { look: STYLED });
  const firstFiles = Object.fromEntries(filesUnder(first.folder).map((f) => [f, sha256Hex(fs.readFileSync(path.join(first.folder, f)))]));

  const [second] = await applyToSelection(service, { look: { ...STYLED, strength: 0.5 } });

  expect(second.folder).not.toBe(first.folder);
  expect(second.reused).toBe(false);
  expect(Object.fromEntries(filesUnder(first.folder).map((f) => [f, sha256Hex(fs.readFileSync(path.join(first.folder, f)))]))).toEqual(firstFiles);
  expect(comp.layerList.map((l) => l.name)).toEqual(['Shot_000001.png', 'Shot_000001.png', 'Shot']);
  expect(ws.project.folderNamed(FOLDER_NAME)?.children).toHaveLength(2);
  expect(fs.readdirSync(rendersRoot())).toHaveLength(2);
});

test('what cannot be styled is refused by name: no active comp, nothing selected, camera, 3D, adjustment and hidden layers', async () => {
  const comp = ws.project.addComp({ fps: 24 });
  const other = ws.project.addComp({ name: 'Comp 2' });
  ws.project.selectItems(comp, other);
  await expect(applyToSelection(service, { look: STYLED })).rejects.toThrow(/^No composition is active/);
  ws.project.selectItems(comp);
  await expect(applyToSelection(service, { look: STYLED })).rejects.toThrow(/^Select the layers to style in the Timeline of "Comp 1"\./);

  const camera = comp.addLayer({ name: 'Camera 1', kind: 'camera', source: null });
  const deep = comp.addLayer({ name: 'Deep', startTime: 0 });
  deep.threeDLayer = true;
  const grade = comp.addLayer({ name: 'Grade', startTime: 0 });
  grade.adjustmentLayer = true;
  const hidden = comp.addLayer({ name: 'Hidden', startTime: 0 });
  hidden.enabledFlag = false;
  comp.select(camera, deep, grade, hidden);
  const before = ws.project.snapshot();
  await expect(applyToSelection(service, { look: STYLED })).rejects.toThrow(new RegExp([
    '"Camera 1" is a camera or light layer', '"Deep" is a 3D layer', '"Grade" is an adjustment layer', '"Hidden" is hidden',
  ].join('.*')));
  expect(ws.project.snapshot()).toEqual(before);
  expect(fakeAfterEffects.renderCalls).toBe(0);
});
