/**
 * Native-path file operations over UXP's entry-based storage API (requires the manifest's
 * localFileSystem "fullAccess", since renders live beside the project). Every file the editor
 * keeps is written atomically: a hidden temp file in the same folder, then a rename over the name.
 */
import * as path from 'path';
import { CoherentStyleError } from '../engine/errors';
import { decodeUtf8, encodeUtf8 } from '../engine/utf8';
import { tempFileName } from '../engine/tempFileName';
import { fileUrl } from './fileUrl';
import { uxp, type UEntry, type UFile, type UFolder } from './uxpApi';

async function entryAt(nativePath: string): Promise<UEntry | undefined> {
  try {
    return await uxp().storage.localFileSystem.getEntryWithUrl(fileUrl(nativePath));
  } catch {
    return undefined;
  }
}

export async function exists(nativePath: string): Promise<boolean> {
  return (await entryAt(nativePath)) !== undefined;
}

async function folderAt(nativePath: string): Promise<UFolder> {
  const entry = await entryAt(nativePath);
  if (!entry?.isFolder) {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `The folder ${nativePath} does not exist or cannot be opened.`);
  }
  return entry as UFolder;
}

async function fileAt(nativePath: string): Promise<UFile> {
  const entry = await entryAt(nativePath);
  if (!entry?.isFile) throw new CoherentStyleError('INPUT_UNREADABLE', `The file ${nativePath} does not exist or cannot be opened.`);
  return entry as UFile;
}

/** Creates the folder and any missing parents. */
export async function ensureFolder(nativePath: string): Promise<void> {
  if ((await entryAt(nativePath))?.isFolder) return;
  const parent = path.dirname(nativePath);
  if (parent === nativePath) throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot create the folder ${nativePath}.`);
  await ensureFolder(parent);
  try {
    await (await folderAt(parent)).createFolder(path.basename(nativePath));
  } catch (e) {
    throw describeWriteFailure(e, nativePath);
  }
}

export async function readBytes(nativePath: string): Promise<Uint8Array> {
  const data = await (await fileAt(nativePath)).read({ format: uxp().storage.formats.binary });
  if (typeof data === 'string') return encodeUtf8(data);
  return new Uint8Array(data);
}

export async function readText(nativePath: string): Promise<string> {
  const data = await (await fileAt(nativePath)).read({ format: uxp().storage.formats.utf8 });
  return typeof data === 'string' ? data : decodeUtf8(new Uint8Array(data));
}

export async function listNames(folderPath: string): Promise<string[]> {
  const entries = await (await folderAt(folderPath)).getEntries();
  return entries.map((e) => e.name);
}

export async function writeFileAtomic(targetPath: string, contents: Uint8Array | string): Promise<void> {
  const folder = await folderAt(path.dirname(targetPath));
  const name = path.basename(targetPath);
  const tempName = tempFileName(name);
  let temp: UFile | undefined;
  try {
    temp = await folder.createFile(tempName, { overwrite: false });
    if (typeof contents === 'string') {
      await temp.write(contents, { format: uxp().storage.formats.utf8 });
    } else {
      // UXP writes whole ArrayBuffers: a view of part of one is copied out, a whole one is written as it is.
      const whole = contents.byteOffset === 0 && contents.byteLength === contents.buffer.byteLength;
      await temp.write((whole ? contents.buffer : contents.slice().buffer) as ArrayBuffer, { format: uxp().storage.formats.binary });
    }
    await folder.renameEntry(temp, name, { overwrite: true });
  } catch (e) {
    if (temp) await temp.delete().catch(() => undefined);
    throw describeWriteFailure(e, targetPath);
  }
}

/** Renames a file inside its folder (replacing an existing file of that name). */
export async function renameFile(fromPath: string, toName: string): Promise<void> {
  const folder = await folderAt(path.dirname(fromPath));
  const entry = await fileAt(fromPath);
  try {
    await folder.renameEntry(entry, toName, { overwrite: true });
  } catch (e) {
    throw describeWriteFailure(e, path.join(path.dirname(fromPath), toName));
  }
}

export async function removeFile(nativePath: string): Promise<void> {
  const entry = await entryAt(nativePath);
  if (entry) await entry.delete();
}

/** Deletes a folder and everything in it (UXP only deletes empty folders). */
export async function removeTree(nativePath: string): Promise<void> {
  const entry = await entryAt(nativePath);
  if (!entry) return;
  if (entry.isFolder) {
    for (const child of await (entry as UFolder).getEntries()) await removeTree(path.join(nativePath, child.name));
  }
  await entry.delete();
}

/** UXP reports storage failures as errors whose message names the condition. */
export function describeWriteFailure(e: unknown, targetPath: string): CoherentStyleError {
  if (e instanceof CoherentStyleError) return e;
  const message = (e as Error)?.message ?? String(e);
  const dir = path.dirname(targetPath);
  if (/space|ENOSPC|quota|disk full/i.test(message)) {
    return new CoherentStyleError('DISK_FULL',
      `The disk holding ${dir} is full; ${path.basename(targetPath)} was not written. Free some space and apply again.`, { cause: e });
  }
  return new CoherentStyleError('OUTPUT_UNWRITABLE',
    `Cannot write ${path.basename(targetPath)} to ${dir} (${message}). Check that the folder beside the project is writable.`, { cause: e });
}
