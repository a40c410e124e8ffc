/**
 * Brings a render into the comp as one undo step: the numbered stills become a footage item in
 * the "Coherent Style" folder, conformed to the comp's frame rate, and a layer of it goes right
 * above the source layer, starting where the source is first visible, with the same in and out
 * points. All of it happens inside app.beginUndoGroup/endUndoGroup within one task (a group across
 * an await is undefined), so Edit › Undo removes everything Apply added.
 *
 * The footage is made without ImportOptions, whose constructor the reference does not document:
 * project.importPlaceholder then FootageItem.replaceWithSequence, both documented. Afterwards the
 * placement is read back; when it is wrong, our own layer, footage and (new) folder are removed
 * again and the editor is told where the frames are kept.
 */
import { CoherentStyleError } from '../../engine/errors';
import { isFolder, type AeAvLayer, type AeFolderItem, type AeFootageItem, type AeProject } from './aeApi';
import { layerAgain, timeOfFrame, type CompContext, type SelectedLayer } from './composition';

export const UNDO_LABEL = 'Apply Coherent Style';
export const REMOVE_LABEL = 'Remove Coherent Style render';
export const FOLDER_NAME = 'Coherent Style';

/** importPlaceholder's documented frame-rate range. */
const PLACEHOLDER_FPS = { min: 1, max: 99 };

export interface PlacedRender {
  layerId: number;
  /** The render layer's index after placement (1 is the top). */
  layerIndex: number;
}

interface Added {
  folder?: AeFolderItem;
  folderCreated: boolean;
  footage?: AeFootageItem;
  layer?: AeAvLayer;
}

function findFolder(project: AeProject): AeFolderItem | undefined {
  const root = project.rootFolder;
  for (let index = 1; index <= root.numItems; index++) {
    const item = root.item(index);
    if (item.name === FOLDER_NAME && isFolder(item)) return item;
  }
  return undefined;
}

/** Places the render whose first frame is `firstFrameFile` above `source`; resolves only when it is where it belongs. */
export function placeRender(ctx: CompContext, source: SelectedLayer, firstFrameFile: string, keptIn: string): PlacedRender {
  const { app, project, comp } = ctx;
  const added: Added = { folderCreated: false };
  app.beginUndoGroup(UNDO_LABEL);
  try {
    const existing = findFolder(project);
    added.folder = existing ?? project.items.addFolder(FOLDER_NAME);
    added.folderCreated = !existing;
    const fps = Math.min(Math.max(comp.frameRate, PLACEHOLDER_FPS.min), PLACEHOLDER_FPS.max);
    added.footage = project.importPlaceholder(`${source.name} (Coherent Style)`, comp.width, comp.height, fps, source.frameCount / comp.frameRate);
    if (!added.footage.replaceWithSequence(firstFrameFile, false)) {
      throw new CoherentStyleError('HOST', `After Effects could not read the rendered frames from ${keptIn}.`);
    }
    added.footage.mainSource.conformFrameRate = comp.frameRate;
    added.footage.parentFolder = added.folder;
    added.layer = comp.layers.add(added.footage);
    added.layer.moveBefore(layerAgain(project, source));
    const start = timeOfFrame(comp, source.firstFrame);
    added.layer.startTime = start;
    added.layer.inPoint = start;
    added.layer.outPoint = timeOfFrame(comp, source.firstFrame + source.frameCount);
  } catch (e) {
    removeAdded(added);
    const why = e instanceof Error ? e.message : String(e);
    throw new CoherentStyleError('HOST', `After Effects refused to place the render of "${source.name}" (${why}). Nothing was added; its frames are kept in ${keptIn}.`, { cause: e });
  } finally {
    app.endUndoGroup();
  }
  const problem = placementProblem(ctx, source, added.layer, added.footage);
  if (problem) {
    app.beginUndoGroup(REMOVE_LABEL);
    try {
      removeAdded(added);
    } finally {
      app.endUndoGroup();
    }
    throw new CoherentStyleError('HOST', `After Effects placed the render of "${source.name}" wrongly (${problem}); it was taken out again and its frames are kept in ${keptIn}.`);
  }
  return { layerId: added.layer.id, layerIndex: added.layer.index };
}

/** What is wrong with the placement as the project reports it now, if anything. */
function placementProblem(ctx: CompContext, source: SelectedLayer, layer: AeAvLayer, footage: AeFootageItem): string | undefined {
  const { project, comp } = ctx;
  const placed = project.layerByID(layer.id);
  const below = project.layerByID(source.id);
  if (!placed || !below) return 'the layer is gone';
  const tolerance = comp.frameDuration / 4;
  const near = (a: number, b: number) => Math.abs(a - b) <= tolerance;
  const start = timeOfFrame(comp, source.firstFrame);
  const end = timeOfFrame(comp, source.firstFrame + source.frameCount);
  const seconds = (t: number) => `${t.toFixed(3)} s`;
  if (placed.index !== below.index - 1) return `layer ${placed.index} instead of ${below.index - 1}, right above the source`;
  if (Math.abs(footage.frameRate - comp.frameRate) > 1e-3) return `the frames play at ${footage.frameRate} fps instead of the comp's ${comp.frameRate}`;
  if (!near(placed.startTime, start) || !near(placed.inPoint, start) || !near(placed.outPoint, end)) {
    return `${seconds(placed.inPoint)}–${seconds(placed.outPoint)} starting at ${seconds(placed.startTime)} instead of ${seconds(start)}–${seconds(end)}`;
  }
  return undefined;
}

/** Takes out what this placement added, newest first (inside the caller's undo group). */
function removeAdded(added: Added): void {
  added.layer?.remove();
  added.footage?.remove();
  if (added.folderCreated && added.folder && added.folder.numItems === 0) added.folder.remove();
}
