/**
 * Presets in After Effects, kept in the project's XMP packet (every foreign field kept) and in a
 * file beside the project; and the panel's controller on After Effects' PanelHost, which lists no
 * farm capability.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodePng } from '../../../src/engine/images/imageCodec';
import { addPreset, emptyPresetFile } from '../../../src/engine/look/presets';
import { createAfterEffectsPanelHost } from '../../../src/apps/aftereffects/afterEffectsPanelHost';
import { keepStyleImage, loadPresets, loadStyleImage, savePresets } from '../../../src/apps/aftereffects/presetStore';
import { PanelController } from '../../../src/panel/panelController';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import type { FarmRenderer } from '../../../src/panel/panelHost';
import { PanelStore } from '../../../src/panel/state';
import { fakeAfterEffects, undo } from '../../fakes/afterEffects';
import { fakeUxpState } from '../../fakes/uxp';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { lend } from '../premiere/harness';
import { activeComp, freshAeWorkspace, type AeWorkspace } from './harness';

let ws: AeWorkspace;
beforeEach(() => {
  ws = freshAeWorkspace();
});
afterEach(() => ws.cleanup());

const styleBytes = encodePng(syntheticImage(40, 40, { seed: 5 }));
const FOREIGN = '<xmp:Label>Client &amp; review</xmp:Label>';

async function nightPreset() {
  const style = await keepStyleImage(styleBytes, 'Starry <Night> & Co.png');
  return addPreset(emptyPresetFile(), {
    name: 'Night <blue> & gold', style, mode: 'artistic', strength: 0.7, renderShortSide: 36,
  }).file;
}

test('presets are saved into the project\'s XMP and read back, every foreign field and our escaping intact', async () => {
  ws.project.xmpText = ws.project.xmpText.replace('</xmp:CreatorTool>', `</xmp:CreatorTool>\n   ${FOREIGN}`);
  const foreignBefore = ws.project.xmpText;
  const file = await nightPreset();

  await savePresets(file);

  const packet = ws.project.xmpText;
  expect(packet).toContain(FOREIGN);
  expect(packet).toContain('<xmp:CreatorTool>Adobe After Effects 27.0 (Windows)</xmp:CreatorTool>');
  expect(packet.startsWith(foreignBefore.slice(0, foreignBefore.indexOf('</rdf:RDF>')).trimEnd())).toBe(true);
  expect(fakeAfterEffects.undoStack.map((s) => s.label)).toEqual(['Save Coherent Style presets']);
  expect(await loadPresets()).toEqual({ file });

  // Saved again (after another tool changed its own field): one description of ours, the other field as it is now.
  ws.project.xmpText = ws.project.xmpText.replace('Client &amp; review', 'Approved');
  await savePresets(file);
  expect(ws.project.xmpText.match(/coherentStyle:presets>/g)).toHaveLength(2);
  expect(ws.project.xmpText).toContain('<xmp:Label>Approved</xmp:Label>');
  expect((await loadPresets()).file.presets[0].name).toBe('Night <blue> & gold');
  expect(Buffer.from(await loadStyleImage(file.presets[0].style)).equals(Buffer.from(styleBytes))).toBe(true);

  // Undoing the save takes our presets out of the XMP again; the file beside the project still has them.
  undo();
  undo();
  expect(ws.project.xmpText).not.toContain('coherentStyle');
  expect(await loadPresets()).toEqual({ file });
  expect(fs.existsSync(path.join(path.dirname(ws.project.file), 'My Motion Coherent Style presets.json'))).toBe(true);
});

test('damaged presets are set aside with a message, and an unsaved project gets a clear one', async () => {
  await savePresets(await nightPreset());
  ws.project.xmpText = ws.project.xmpText.replace(/(<coherentStyle:presets>)[\s\S]*?(<\/coherentStyle:presets>)/, '$1{ not json$2');
  const loaded = await loadPresets();
  expect(loaded.file.presets).toEqual([]);
  expect(loaded.problem).toMatch(/^The presets stored in the project's XMP metadata could not be read .*the damaged copy was kept as .*My Motion Coherent Style presets\.damaged-\d+\.json\.$/);

  ws.cleanup();
  ws = freshAeWorkspace({ saved: false });
  expect(await loadPresets()).toEqual({ file: emptyPresetFile() });
  await expect(savePresets(emptyPresetFile())).rejects.toThrow(/^Save the project first \(File › Save\): presets/);
  await expect(keepStyleImage(styleBytes, 'a.png')).rejects.toThrow(/^Save the project first/);
});

describe('the panel', () => {
  let service: StylizeService;
  beforeAll(async () => {
    service = await fixtureStylizer();
  });
  afterAll(() => service.dispose());

  test('on After Effects: no farm is offered even when a farm answers, and Apply styles the selected layer', async () => {
    const comp = activeComp(ws, { fps: 24 });
    comp.select(comp.addLayer({ name: 'Shot', startTime: 0, inPoint: 0, outPoint: 0.25 }));
    const store = new PanelStore();
    let farmAsked = 0;
    const controller = new PanelController(store, {
      host: createAfterEffectsPanelHost(),
      createStylizeService: async () => lend(service),
      connectFarm: async () => { farmAsked++; return {} as FarmRenderer; },
    });
    await controller.init();
    expect(farmAsked).toBe(0);
    expect(store.getState().farmAvailable).toBe(false);

    const stylePath = path.join(ws.root, 'style.png');
    fs.writeFileSync(stylePath, styleBytes);
    fakeUxpState.nextPickedFile = stylePath;
    await controller.pickStyle();
    await controller.apply();
    expect(store.getState().message).toEqual({ kind: 'info', text: 'Applied the style to 1 layer (6 frames): "Shot" → layer 1.' });
    expect(comp.layerList).toHaveLength(2);
  });
});
