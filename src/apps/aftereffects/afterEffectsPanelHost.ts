/** The PanelHost of After Effects: the panel's window onto the active comp, its layers and the project's files. */
import { isCoherentStyleError } from '../../engine/errors';
import type { PanelHost, PreviewFrame } from '../../panel/panelHost';
import { nextPreviewTarget, takePreviewFrame } from '../../uxp/previewFile';
import { uxpPanelServices } from '../../uxp/uxpPanelServices';
import { applyToSelection, describeApplied } from './applyStyle';
import { diagnoseAfterEffects } from './diagnostics';
import { activeComposition, frameAt, selectedLayers, timeOfFrame, type CompContext } from './composition';
import { saveCompFrame, withLayerAlone } from './frameExport';
import { listMatteLayers } from './matteLayer';
import { keepStyleImage, loadPresets, loadStyleImage, savePresets } from './presetStore';

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
    ...uxpPanelServices,
    async capabilities() {
      return [];
    },

    /** The comp frame at the current time, at the comp's size (the stylizer scales it to the render size). */
    async exportPreviewFrame(_renderShortSide, signal): Promise<PreviewFrame> {
      const ctx = activeComposition();
      const frame = frameAt(ctx.comp, ctx.comp.time);
      const { folder, baseName } = await nextPreviewTarget();
      const layerId = selectedLayerAt(ctx, frame);
      const saveOnce = () => saveCompFrame(ctx.comp, timeOfFrame(ctx.comp, frame), folder, baseName, signal);
      const file = layerId === undefined ? await saveOnce() : await withLayerAlone(ctx.app, ctx.project, ctx.comp, layerId, saveOnce);
      return takePreviewFrame(file);
    },

    async matteSources() {
      return listMatteLayers(activeComposition().comp);
    },

    async apply(renderer, request, options) {
      return describeApplied(await applyToSelection(renderer, request, options));
    },

    loadPresets,
    savePresets,
    async keepStyleImage(style) {
      return keepStyleImage(style.bytes, style.fileName);
    },
    loadPresetStyle: loadStyleImage,
    diagnose: diagnoseAfterEffects,
  };
}
