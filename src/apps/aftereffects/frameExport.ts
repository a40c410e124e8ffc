/**
 * Frames out of After Effects, one comp frame at a time with CompItem.saveFrameToPng, the layer
 * being styled soloed.
 *
 * Why not the render queue: the reference guarantees less there. RenderQueue.render blocks until
 * every queued item has rendered (the editor's own included) and renderAsync answers only a
 * boolean, with no documented way to learn when it is done; the PNG-sequence output module
 * template has no documented name. saveFrameToPng renders exactly one frame of one comp at a
 * time we choose, to a path we choose, touches nothing else, and lets a cancel stop between
 * frames. Its DeferredCall documents only `duration` (no way to wait for it) and runs once the
 * current task has ended, from the comp as it is then: so solo states are restored only after
 * the last frame is complete on disk, and each file is used only once it is complete
 * (completeFrame.ts), as in Premiere. It renders at the comp's size (resolutionFactor only
 * divides by whole numbers): the stylizer scales to the render size and back itself.
 */
import type { CancelSignal } from '../../engine/cancellation';
import * as path from 'path';
import { CoherentStyleError } from '../../engine/errors';
import { appearedFile, completed, COMPLETE_TIMEOUT_MS } from '../../uxp/completeFrame';
import type { AeApplication, AeCompItem, AeProject } from './aeApi';

export const SOLO_LABEL = 'Coherent Style: solo the layer to export';
export const RESTORE_SOLO_LABEL = 'Coherent Style: restore solo switches';

/** Saves the comp frame at `seconds` to `<folder>/<stem>.png` and resolves once the file is complete. */
export async function saveCompFrame(comp: AeCompItem, seconds: number, folder: string, stem: string, signal?: CancelSignal): Promise<string> {
  const target = path.join(folder, `${stem}.png`);
  comp.saveFrameToPng(seconds, target);
  const deadline = Date.now() + COMPLETE_TIMEOUT_MS;
  const at = `${seconds.toFixed(3)} s`;
  if (!(await appearedFile([target], deadline, signal))) {
    throw new CoherentStyleError('HOST', `After Effects did not save the frame at ${at} of "${comp.name}" to ${folder} within ${COMPLETE_TIMEOUT_MS / 1000} s. `
      + 'Check that the folder is writable and has free space, and that rendering is not turned off (Caps Lock).');
  }
  if (!(await completed(target, deadline, signal))) {
    throw new CoherentStyleError('HOST', `After Effects did not finish writing ${path.basename(target)} in ${folder} within ${COMPLETE_TIMEOUT_MS / 1000} s (the file is incomplete). Check the disk and apply again.`);
  }
  return target;
}

/**
 * Runs `work` with layer `layerId` the only soloed layer of the comp, then puts every layer's solo
 * switch back (also on cancel or failure). Each switch change is an undo step in After Effects, so
 * each batch is one undo group, made within one task.
 */
export async function withLayerAlone<T>(app: AeApplication, project: AeProject, comp: AeCompItem, layerId: number, work: () => Promise<T>): Promise<T> {
  const soloBefore = new Map<number, boolean>();
  for (let index = 1; index <= comp.numLayers; index++) {
    const layer = comp.layers.byIndex(index);
    soloBefore.set(layer.id, layer.solo);
  }
  setSolo(app, project, SOLO_LABEL, (id) => id === layerId, soloBefore);
  try {
    return await work();
  } finally {
    setSolo(app, project, RESTORE_SOLO_LABEL, (id) => soloBefore.get(id) ?? false, soloBefore);
  }
}

function setSolo(app: AeApplication, project: AeProject, label: string, soloed: (id: number) => boolean, layers: Map<number, boolean>): void {
  app.beginUndoGroup(label);
  try {
    for (const id of layers.keys()) {
      const layer = project.layerByID(id); // the editor may have deleted it meanwhile
      if (layer && layer.solo !== soloed(id)) layer.solo = soloed(id);
    }
  } finally {
    app.endUndoGroup();
  }
}
