/**
 * The active composition and the layers Apply works on. project.activeItem is null when no item
 * or several are selected in the Project panel, and typeName is localized, so a comp is told by
 * its members. Layers are kept by Layer.id and looked up again with project.layerByID, since
 * indexes shift as layers are added. Times are float seconds: a layer's frames are the comp
 * frames (multiples of frameDuration) inside its visible span, its in and out points clipped to
 * the comp. Time-remapped and stretched layers need nothing special: frames come from the comp's
 * own render at comp times, so they show what the comp shows.
 */
import { CoherentStyleError } from '../../engine/errors';
import { afterEffects, isAvLayer, isComp, type AeApplication, type AeCompItem, type AeLayer, type AeProject } from './aeApi';

export interface CompContext {
  app: AeApplication;
  project: AeProject;
  comp: AeCompItem;
  /** The saved project file (renders and presets live beside it). */
  projectFile: string;
}

/** A layer to style: the comp frames [firstFrame, firstFrame + frameCount) it shows. */
export interface SelectedLayer {
  id: number;
  name: string;
  firstFrame: number;
  frameCount: number;
}

/** A float time is taken as the frame it falls on, up to this share of a frame (the host's rounding). */
const FRAME_TOLERANCE = 1e-6;

export function activeComposition(): CompContext {
  const app = afterEffects();
  const project = app.project;
  if (!project.file) {
    throw new CoherentStyleError('HOST', 'Save the project first (File › Save): renders and presets are stored in folders beside the project file.');
  }
  const item = project.activeItem;
  if (!item) {
    throw new CoherentStyleError('HOST', 'No composition is active: open the composition and click in its Timeline, or select just one composition in the Project panel '
      + '(After Effects reports none while several items are selected).');
  }
  if (!isComp(item)) throw new CoherentStyleError('HOST', `"${item.name}" is not a composition: select the composition whose layers you want to style.`);
  return { app, project, comp: item, projectFile: project.file };
}

/** The comp frame index `seconds` falls on. */
export function frameAt(comp: AeCompItem, seconds: number): number {
  return Math.floor(seconds / comp.frameDuration + FRAME_TOLERANCE);
}

/** The time of comp frame `index`, snapped to the frame grid. */
export function timeOfFrame(comp: AeCompItem, index: number): number {
  return index * comp.frameDuration;
}

/** The comp frames a layer shows: its in–out span within the comp. */
export function visibleFrames(comp: AeCompItem, layer: AeLayer): { firstFrame: number; frameCount: number } {
  const from = Math.max(layer.inPoint, 0);
  const to = Math.min(layer.outPoint, comp.duration);
  const firstFrame = Math.ceil(from / comp.frameDuration - FRAME_TOLERANCE);
  const end = Math.ceil(to / comp.frameDuration - FRAME_TOLERANCE);
  return { firstFrame, frameCount: Math.max(0, end - firstFrame) };
}

/** Why a layer cannot be styled, in words the editor can act on; undefined when it can. */
function refusal(comp: AeCompItem, layer: AeLayer): string | undefined {
  const name = `"${layer.name}"`;
  if (!isAvLayer(layer)) return `${name} is a camera or light layer: only footage and composition layers can be styled.`;
  if (!layer.source) return `${name} has no footage or composition as its source (text and shape layers are not supported yet).`;
  if (layer.source.footageMissing) return `The footage of ${name} ("${layer.source.name}") is missing: relink it (File › Dependencies › Find Missing Footage), then apply again.`;
  if (!layer.hasVideo || !layer.source.hasVideo) return `${name} has no video.`;
  if (layer.nullLayer) return `${name} is a null object: it has no picture to style.`;
  if (layer.adjustmentLayer) return `${name} is an adjustment layer: style the layers below it instead.`;
  if (layer.guideLayer) return `${name} is a guide layer: it does not render.`;
  if (layer.threeDLayer) return `${name} is a 3D layer: its picture depends on the camera. Turn its 3D switch off or pre-compose it, then apply again.`;
  if (!layer.enabled) return `${name} is hidden: turn its video switch (the eye) on and apply again.`;
  if (visibleFrames(comp, layer).frameCount === 0) return `${name} is not visible for a whole frame inside the composition.`;
  return undefined;
}

/** The selected layers, top to bottom; refuses the whole selection when one layer cannot be styled. */
export function selectedLayers(comp: AeCompItem): SelectedLayer[] {
  const layers = [...comp.selectedLayers].sort((a, b) => a.index - b.index);
  if (layers.length === 0) throw new CoherentStyleError('HOST', `Select the layers to style in the Timeline of "${comp.name}".`);
  const problems = layers.map((layer) => refusal(comp, layer)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new CoherentStyleError('HOST', `${problems.join(' ')} Nothing was changed.`);
  return layers.map((layer) => ({ id: layer.id, name: layer.name, ...visibleFrames(comp, layer) }));
}

/** The layer again, by its id; it may have been deleted while frames rendered. */
export function layerAgain(project: AeProject, layer: Pick<SelectedLayer, 'id' | 'name'>): AeLayer {
  const found = project.layerByID(layer.id);
  if (!found) throw new CoherentStyleError('HOST', `The layer "${layer.name}" was deleted while its frames rendered; nothing was placed.`);
  return found;
}
