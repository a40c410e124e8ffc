/**
 * Brings a render into the project: a numbered-still import of its first frame into the
 * "Coherent Style" bin, and the reliable way back to the new project item (a bin diff matched
 * on the media path, because importFiles only answers true or false).
 */
import * as path from 'path';
import { CoherentStyleError } from '../../engine/errors';
import { premiere, type PFolderItem, type PProject, type PProjectItem } from './pproApi';
import { lockedTransaction } from './transactions';

export const BIN_NAME = 'Coherent Style';

export interface RenderBin {
  item: PProjectItem;
  folder: PFolderItem;
  /** True when this job created the bin (so a cancelled job removes it again). */
  created: boolean;
}

async function findBin(root: PFolderItem): Promise<PProjectItem | undefined> {
  const binType = premiere().ProjectItem.TYPE_BIN;
  return (await root.getItems()).find((item) => item.type === binType && item.name === BIN_NAME);
}

export async function findOrCreateBin(project: PProject): Promise<RenderBin> {
  const api = premiere();
  const root = await project.getRootItem();
  let item = await findBin(root);
  let created = false;
  if (!item) {
    const ok = lockedTransaction(project, `Create ${BIN_NAME} bin`, (compound) => compound.addAction(root.createBinAction(BIN_NAME, false)));
    item = ok ? await findBin(root) : undefined;
    if (!item) throw new CoherentStyleError('HOST', `Could not create the "${BIN_NAME}" bin in the project.`);
    created = true;
  }
  return { item, folder: api.FolderItem.cast(item), created };
}

const samePath = (a: string, b: string) => path.normalize(a).replace(/\\/g, '/').toLowerCase() === path.normalize(b).replace(/\\/g, '/').toLowerCase();

/** Imports the numbered stills starting at firstFramePath into the bin and returns the new item. */
export async function importNumberedStills(project: PProject, bin: RenderBin, firstFramePath: string): Promise<PProjectItem> {
  const api = premiere();
  const before = new Set((await bin.folder.getItems()).map((item) => item.getId()));
  const ok = await project.importFiles([firstFramePath], true, bin.item, true);
  if (!ok) throw new CoherentStyleError('HOST', `Premiere Pro could not import the rendered frames from ${path.dirname(firstFramePath)}.`);
  const added = (await bin.folder.getItems()).filter((item) => !before.has(item.getId()));
  for (const item of added) {
    if (samePath(await api.ClipProjectItem.cast(item).getMediaFilePath(), firstFramePath)) return item;
  }
  throw new CoherentStyleError('HOST', `The rendered frames were imported but the new clip could not be found in the "${BIN_NAME}" bin.`);
}

/** Takes an imported render (and a bin this job created) out of the project again. */
export async function removeImport(project: PProject, bin: RenderBin, item: PProjectItem | undefined): Promise<void> {
  const root = await project.getRootItem();
  lockedTransaction(project, `Cancel ${BIN_NAME}`, (compound) => {
    if (item) compound.addAction(bin.folder.createRemoveItemAction(item));
    if (bin.created) compound.addAction(root.createRemoveItemAction(bin.item));
  });
}
