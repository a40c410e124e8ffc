/**
 * Apply with a matte layer (the panel's Region) against the After Effects simulator and the real
 * engine: the matte is the comp with that layer soloed, outside it every render frame keeps the
 * layer's own frame pixel for pixel, inverting swaps the sides, and a matte layer that cannot work
 * is refused before any frame is saved or any switch changed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { lookOf } from '../../../src/engine/look/look';
import { applyToSelection } from '../../../src/apps/aftereffects/applyStyle';
import { RESTORE_SOLO_LABEL, SOLO_LABEL } from '../../../src/apps/aftereffects/frameExport';
import { HIDE_MATTE_LABEL, SHOW_MATTE_LABEL } from '../../../src/apps/aftereffects/matteLayer';
import { UNDO_LABEL } from '../../../src/apps/aftereffects/placeLayer';
import { createAfterEffectsPanelHost } from '../../../src/apps/aftereffects/afterEffectsPanelHost';
import type { ApplyRequest } from '../../../src/panel/panelHost';
import { RENDERS_FOLDER_NAME } from '../../../src/engine/render/jobFolderNames';
import { fakeAfterEffects, type FakeAeLayer, type FakeCompItem } from '../../fakes/afterEffects';
import { fixtureStylizer } from '../../support/fixtureModels';
import { halfDifference, halfMatte } from '../../support/halfMatte';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder } from '../premiere/harness';
import { activeComp, freshAeWorkspace, type AeWorkspace } from './harness';

const LOOK = lookOf({ style: syntheticImage(48, 48, { seed: 3 }), mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' });

let service: StylizeService;
let ws: AeWorkspace;
let comp: FakeCompItem;
let matte: FakeAeLayer;
let shot: FakeAeLayer;

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
beforeEach(() => {
  ws = freshAeWorkspace();
  comp = activeComp(ws, { fps: 24 });
  // Top to bottom: the matte (white on the left), then the shot (6 frames).
  matte = comp.addLayer({ name: 'Dancer matte', source: ws.project.addMovie('Matte.mov', { picture: halfMatte(comp.width, comp.height, 'left') }), startTime: 0 });
  shot = comp.addLayer({ name: 'Dancer', startTime: 0, inPoint: 0, outPoint: 0.25 });
  comp.select(shot);
});
afterEach(() => ws.cleanup());

const request = (invert: boolean, source = String(matte.id)): ApplyRequest => ({ look: LOOK, matte: { source, invert } });

function renderedFrames(folder: string): RasterImage[] {
  return filesUnder(folder).filter((f) => f.endsWith('.png')).sort().map((f) => decodeImage(fs.readFileSync(path.join(folder, f))));
}

test('the look inside the matte layer, the layer\'s own frame outside it; inverted, the sides swap', async () => {
  const [plain] = await applyToSelection(service, request(false));
  comp.select(shot);
  const [inverted] = await applyToSelection(service, request(true));

  for (const [result, kept, stylized] of [[plain, 'right', 'left'], [inverted, 'left', 'right']] as const) {
    const frames = renderedFrames(result.folder);
    expect(frames).toHaveLength(6);
    frames.forEach((frame, n) => {
      const source = shot.pictureAt(n / 24, comp.width, comp.height)!;
      expect(halfDifference(frame, source, kept)).toBe(0);
      expect(halfDifference(frame, source, stylized)).toBeGreaterThan(5);
    });
    expect(filesUnder(result.folder).filter((f) => f.startsWith('.'))).toEqual([]);
  }
  expect(inverted.reused).toBe(false);
  expect([matte.soloFlag, shot.soloFlag]).toEqual([false, false]);
});

test('the panel host lists the comp\'s layers with a picture; a matte that cannot work is refused with nothing saved or changed', async () => {
  expect(await createAfterEffectsPanelHost().matteSources()).toEqual([
    { id: String(matte.id), label: '1. Dancer matte' }, { id: String(shot.id), label: '2. Dancer' },
  ]);
  const refused = async (req: ApplyRequest, message: RegExp) => {
    await expect(applyToSelection(service, req)).rejects.toThrow(message);
    expect(fakeAfterEffects.renderCalls).toBe(0);
    expect(fakeAfterEffects.undoStack).toEqual([]);
    expect(filesUnder(path.join(path.dirname(ws.project.file), RENDERS_FOLDER_NAME))).toEqual([]);
  };
  await refused(request(false, String(shot.id)), /The matte layer "Dancer" is the layer being styled itself/);
  await refused(request(false, '999999'), /The matte layer is not in "Comp 1" any more/);
  matte.outTime = 0.125;
  await refused(request(false), /The matte layer "Dancer matte" does not cover all of "Dancer" in time/);
});

test('a null or adjustment layer renders nothing soloed: it is neither offered nor taken as a matte', async () => {
  const grade = comp.addLayer({ name: 'Grade', source: ws.project.addMovie('Grade.mov', { picture: halfMatte(comp.width, comp.height, 'left') }), startTime: 0 });
  grade.adjustmentLayer = true;
  const ids = (await createAfterEffectsPanelHost().matteSources()).map((source) => source.id);
  expect(ids).toContain(String(matte.id));
  expect(ids).not.toContain(String(grade.id));
  await expect(applyToSelection(service, request(false, String(grade.id)))).rejects.toThrow(/The matte layer "Grade" has no picture of its own/);
  expect(fakeAfterEffects.renderCalls).toBe(0);
  matte.nullLayer = true;
  await expect(applyToSelection(service, request(false))).rejects.toThrow(/The matte layer "Dancer matte" has no picture of its own/);
  expect(fakeAfterEffects.renderCalls).toBe(0);
});

test('a hidden matte layer, as After Effects leaves a track matte, is shown while its frames are saved, then hidden again', async () => {
  matte.enabledFlag = false;
  const [result] = await applyToSelection(service, request(false));

  renderedFrames(result.folder).forEach((frame, n) => {
    const source = shot.pictureAt(n / 24, comp.width, comp.height)!;
    expect(halfDifference(frame, source, 'right')).toBe(0);
    expect(halfDifference(frame, source, 'left')).toBeGreaterThan(5);
  });
  expect(matte.enabledFlag).toBe(false);
  expect(fakeAfterEffects.undoStack.map((s) => s.label)).toEqual([
    SHOW_MATTE_LABEL, SOLO_LABEL, RESTORE_SOLO_LABEL, HIDE_MATTE_LABEL, SOLO_LABEL, RESTORE_SOLO_LABEL, UNDO_LABEL,
  ]);
});
