/**
 * Before anything renders, the output must be writable: a file output's folder exists and can be
 * written (and an existing file is replaced only when allowed), a folder output exists or is made.
 * Temp files a killed run left there are swept.
 */
import { access, constants, mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import { sweepStaleTempFiles } from './atomicFile';

/** Fails early (before any rendering) when a single-file output cannot be written. */
export async function prepareFileOutput(out: string, overwrite: boolean): Promise<void> {
  const exists = await stat(out).then((s) => s, () => undefined);
  if (exists?.isDirectory()) throw new CoherentStyleError('OUTPUT_EXISTS', `${out} is a folder; name the output file instead.`);
  if (exists && !overwrite) throw new CoherentStyleError('OUTPUT_EXISTS', `${out} already exists. Add --overwrite to replace it.`);
  await checkWritableFolder(path.dirname(path.resolve(out)));
  await sweepStaleTempFiles(path.dirname(path.resolve(out)), path.basename(out));
}

async function checkWritableFolder(dir: string): Promise<void> {
  const info = await stat(dir).then((s) => s, () => undefined);
  if (!info || !info.isDirectory()) {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `The output folder ${dir} does not exist. Create it or choose another folder.`);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot write to ${dir} (permission denied). Choose a folder you can write to.`, { cause: e });
  }
}

/** Makes sure the frame folder exists and is writable; true when this run created it. */
export async function prepareFolderOutput(out: string): Promise<boolean> {
  const exists = await stat(out).then((s) => s, () => undefined);
  if (exists && !exists.isDirectory()) throw new CoherentStyleError('OUTPUT_EXISTS', `${out} is a file, not a folder for frames.`);
  let created = false;
  if (!exists) {
    await checkWritableFolder(path.dirname(path.resolve(out)));
    created = await mkdir(out).then(() => true, (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot create ${out} (${e.message}).`, { cause: e });
      return false;
    });
  }
  await checkWritableFolder(path.resolve(out));
  await sweepStaleTempFiles(path.resolve(out));
  return created;
}
