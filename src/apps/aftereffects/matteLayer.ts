/**
 * A layer as a matte (the panel's Region, "Inside a matte"): the active comp's layers offered, and
 * the checks that a layer can be the matte of the layers being styled before anything is saved or
 * changed. Its frames are the comp with the layer soloed (frameExport.ts) at the styled layer's
 * frame times, so it must render at every one of them: a gap would save black and drop the look.
 * A hidden matte layer (its video switch off, as a layer kept only as a matte often is) is shown
 * while its frames are saved, and hidden again.
 */
import { CoherentStyleError } from '../../engine/errors';
import type { MatteSource } from '../../panel/panelHost';
import { isAvLayer, type AeCompItem, type AeLayer } from './aeApi';
import { visibleFrames, type CompContext, type SelectedLayer } from './composition';
import { withLayerAlone } from './frameExport';

export const SHOW_MATTE_LABEL = 'Coherent Style: show the matte layer to export it';
export const HIDE_MATTE_LABEL = 'Coherent Style: hide the matte layer again';

function layersOf(comp: AeCompItem): AeLayer[] {
  return Array.from({ length: comp.numLayers }, (_, i) => comp.layers.byIndex(i + 1));
}

/** Null, adjustment and guide layers render nothing soloed: as a matte they would drop the look without a word. */
const hasPicture = (layer: AeLayer) => isAvLayer(layer) && layer.hasVideo && !!layer.source && !layer.nullLayer && !layer.adjustmentLayer && !layer.guideLayer;

/** The comp's layers with a picture, top first: "2. Subject mask". */
export function listMatteLayers(comp: AeCompItem): MatteSource[] {
  return layersOf(comp).filter(hasPicture).map((layer) => ({ id: String(layer.id), label: `${layer.index}. ${layer.name}` }));
}

/** Why `matte` cannot be the matte of `layer`, or undefined when it can. */
function refusal(comp: AeCompItem, matte: AeLayer, layer: SelectedLayer): string | undefined {
  const name = `"${matte.name}"`;
  if (matte.id === layer.id) return `The matte layer ${name} is the layer being styled itself: choose another layer under Region.`;
  if (!hasPicture(matte)) return `The matte layer ${name} has no picture of its own (a camera, light, null, adjustment or guide layer, or a layer without footage).`;
  const shown = visibleFrames(comp, matte);
  if (shown.firstFrame > layer.firstFrame || shown.firstFrame + shown.frameCount < layer.firstFrame + layer.frameCount) {
    return `The matte layer ${name} does not cover all of "${layer.name}" in time: extend it (its in and out points) over the whole layer.`;
  }
  return undefined;
}

/** The id of the matte layer `source` names, once it is known to be a matte for each of `layers`. */
export function matteLayerFor(comp: AeCompItem, source: string, layers: readonly SelectedLayer[]): number {
  const matte = layersOf(comp).find((l) => String(l.id) === source);
  if (!matte) {
    throw new CoherentStyleError('HOST', `The matte layer is not in "${comp.name}" any more (deleted, or another composition is active): `
      + 'choose the matte again under Region (Refresh lists the layers). Nothing was changed.');
  }
  const problems = layers.map((layer) => refusal(comp, matte, layer)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new CoherentStyleError('HOST', `${[...new Set(problems)].join(' ')} Nothing was changed.`);
  return matte.id;
}

/** Runs `work` with the matte layer the only one soloed, and shown if it was hidden; puts both back (also on failure). */
export async function withMatteAlone<T>(ctx: CompContext, matteId: number, work: () => Promise<T>): Promise<T> {
  const hidden = ctx.project.layerByID(matteId)?.enabled === false;
  if (hidden) setShown(ctx, matteId, true, SHOW_MATTE_LABEL);
  try {
    return await withLayerAlone(ctx.app, ctx.project, ctx.comp, matteId, work);
  } finally {
    if (hidden) setShown(ctx, matteId, false, HIDE_MATTE_LABEL);
  }
}

/** One undo step that sets the layer's video switch (the editor may have deleted the layer meanwhile). */
function setShown({ app, project }: CompContext, layerId: number, shown: boolean, label: string): void {
  app.beginUndoGroup(label);
  try {
    const layer = project.layerByID(layerId);
    if (layer && layer.enabled !== shown) layer.enabled = shown;
  } finally {
    app.endUndoGroup();
  }
}
