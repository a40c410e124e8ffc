/**
 * Brings a render into the project: a numbered-still import of its first frame (or an import
 * of its movie) into the "Coherent Style" bin, and the reliable way back to the new project item. importFiles only
 * answers true or false and the item may join the bin after it resolves, so the bin is diffed
 * (before/after, polled for a bounded time) and the new item matched on its media path as the
 * host spells it (case and separators may differ), or taken when it is the only new one.
 */
import * as path from 'path';
import { CoherentStyleError } from '../../engine/errors';
import { premiere, type PFolderItem, type PProject, type PProjectItem } from './pproApi';
import { lockedTransaction } from './transactions';

export const BIN_NAME = 'Coherent Style';

/** How long an imported item may take to show up in its bin. */
const IMPORT_APPEAR_TIMEOUT_MS = 10000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RenderBin {
  item: PProjectItem;
  folder: PFolderItem;
  /** True when this job created the bin (so a cancelled job removes it again). */
  created: boolean;
}

/**
 * A bin is told from other items by FolderItem.cast, which the reference documents since 25.6:
 * ProjectItem.TYPE_BIN is only in the 26.3 typings (projectitem.md lists no such static), and
 * `type`'s numbers are undocumented. A cast of the wrong item answers null or throws.
 */
function asBin(item: PProjectItem): PFolderItem | null {
  try {
    return premiere().FolderItem.cast(item) ?? null;
  } catch {
    return null;
  }
}

async function findBin(root: PFolderItem): Promise<{ item: PProjectItem; folder: PFolderItem } | undefined> {
  for (const item of await root.getItems()) {
    const folder = item.name === BIN_NAME ? asBin(item) : null;
    if (folder) return { item, folder };
  }
  return undefined;
}

export async function findOrCreateBin(project: PProject): Promise<RenderBin> {
  const root = await project.getRootItem();
  let bin = await findBin(root);
  let created = false;
  if (!bin) {
    const ok = lockedTransaction(project, `Create ${BIN_NAME} bin`, (compound) => compound.addAction(root.createBinAction(BIN_NAME, false)));
    bin = ok ? await findBin(root) : undefined;
    if (!bin) throw new CoherentStyleError('HOST', `Could not create the "${BIN_NAME}" bin in the project.`);
    created = true;
  }
  const { item, folder } = bin;
  return { item, folder, created };
}

const samePath = (a: string, b: string) => path.normalize(a).replace(/\\/g, '/').toLowerCase() === path.normalize(b).replace(/\\/g, '/').toLowerCase();

/**
 * Imports a render into the bin and returns the new item: the numbered stills starting at `file`,
 * or (asMovie) the movie `file`.
 */
export async function importRender(project: PProject, bin: RenderBin, file: string, asMovie = false): Promise<PProjectItem> {
  const api = premiere();
  const before = new Set((await bin.folder.getItems()).map((item) => item.getId()));
  const ok = await project.importFiles([file], true, bin.item, !asMovie);
  if (!ok) throw new CoherentStyleError('HOST', asMovie ? `Premiere Pro could not import the rendered movie ${file}.` : `Premiere Pro could not import the rendered frames from ${path.dirname(file)}.`);
  const deadline = Date.now() + IMPORT_APPEAR_TIMEOUT_MS;
  for (;;) {
    const added = (await bin.folder.getItems()).filter((item) => !before.has(item.getId()));
    const clips: PProjectItem[] = [];
    for (const item of added) {
      const clip = api.ClipProjectItem.cast(item);
      if (!clip) continue;
      if (samePath(await clip.getMediaFilePath(), file)) return item;
      clips.push(item);
    }
    if (clips.length === 1) return clips[0];
    if (Date.now() > deadline) break;
    await sleep(POLL_MS);
  }
  throw new CoherentStyleError('HOST', `Premiere Pro reported importing the rendered frames, but the new clip did not appear in the "${BIN_NAME}" bin `
    + `within ${IMPORT_APPEAR_TIMEOUT_MS / 1000} s. Nothing was changed; apply again.`);
}

/** Takes an imported render (and a bin this job created) out of the project again. */
export async function removeImport(project: PProject, bin: RenderBin, item: PProjectItem | undefined): Promise<void> {
  const root = await project.getRootItem();
  lockedTransaction(project, `Cancel ${BIN_NAME}`, (compound) => {
    if (item) compound.addAction(bin.folder.createRemoveItemAction(item));
    if (bin.created) compound.addAction(root.createRemoveItemAction(bin.item));
  });
}
