/** The PanelHost of After Effects: the panel's window onto the active comp, its layers and the project's files. */
import * as path from 'path';
import { isCoherentStyleError } from '../../engine/errors';
import type { PanelHost, PreviewFrame } from '../../panel/panelHost';
import { bundledStyles } from '../../uxp/bundledStyles';
import { copyPlainText } from '../../uxp/clipboard';
import { loadPanelPrefs, savePanelPrefs } from '../../uxp/panelPrefsFile';
import { loadRecentStyle, recentStyles, rememberStyle } from '../../uxp/recentStyles';
import { uxp } from '../../uxp/uxpApi';
import { ensureFolder } from '../../uxp/uxpFiles';
import { takePreviewFrame } from '../../uxp/previewFile';
import { listInstalledModes } from '../../uxp/uxpModelStore';
import { pickStyleImage } from '../../uxp/stylePicker';
import { applyToSelection, describeApplied } from './applyStyle';
import { diagnoseAfterEffects } from './diagnostics';
import { activeComposition, frameAt, selectedLayers, timeOfFrame, type CompContext } from './composition';
import { saveCompFrame, withLayerAlone } from './frameExport';
import { keepStyleImage, loadPresets, loadStyleImage, savePresets } from './presetStore';

let previewCounter = 0;

/** The selected layer shown at comp frame `frame`, if any (the preview shows it alone). */
function selectedLayerAt({ comp }: CompContext, frame: number): number | undefined {
  try {
    return selectedLayers(comp).find((l) => l.firstFrame <= frame && frame < l.firstFrame + l.frameCount)?.id;
  } catch (e) {
    if (isCoherentStyleError(e) && e.code === 'HOST') return undefined; // nothing usable selected: preview the whole comp
    throw e;
  }
}

export function createAfterEffectsPanelHost(): PanelHost {
  return {
    async capabilities() {
      return [];
    },

    listModes: listInstalledModes,

    /** The comp frame at the current time, at the comp's size (the stylizer scales it to the render size). */
    async exportPreviewFrame(_renderShortSide, signal): Promise<PreviewFrame> {
      const ctx = activeComposition();
      const frame = frameAt(ctx.comp, ctx.comp.time);
      const folder = path.join((await uxp().storage.localFileSystem.getDataFolder()).nativePath, 'preview');
      await ensureFolder(folder);
      const layerId = selectedLayerAt(ctx, frame);
      const saveOnce = () => saveCompFrame(ctx.comp, timeOfFrame(ctx.comp, frame), folder, `preview-${Date.now()}-${++previewCounter}`, signal);
      const file = layerId === undefined ? await saveOnce() : await withLayerAlone(ctx.app, ctx.project, ctx.comp, layerId, saveOnce);
      return takePreviewFrame(file);
    },

    async apply(renderer, settings, options) {
      return describeApplied(await applyToSelection(renderer, settings, options));
    },

    loadPresets,
    savePresets,
    async keepStyleImage(style) {
      return keepStyleImage(style.bytes, style.fileName);
    },
    loadPresetStyle: loadStyleImage,

    pickStyleImage,
    recentStyles,
    loadRecentStyle,
    rememberStyle,
    bundledStyles,
    loadPanelPrefs,
    savePanelPrefs,
    diagnose: diagnoseAfterEffects,
    copyText: copyPlainText,
  };
}
