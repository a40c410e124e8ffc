/**
 * Files the user keeps (frames, presets, renders) are written atomically: a temp file in the
 * same folder, flushed to disk, then renamed over the target, so a crash or a full disk never
 * leaves a half-written file under the real name.
 */
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import { tempFileName, tempFileTarget } from '../engine/tempFileName';

/** The name of a temp file for `target` in its folder (also used by the video encoder). */
export function tempPathFor(targetPath: string): string {
  return path.join(path.dirname(targetPath), tempFileName(path.basename(targetPath)));
}

/**
 * A temp file nobody has written to for this long was left by a killed run. Live ones are
 * younger: a frame's exists for a moment, a video's is written to until it is renamed (render
 * farm shards share folders, so a fresh one may be another process's).
 */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Deletes our stale temp files in `dir` (only those for `target`, a file name, when given) and
 * returns how many. Files of other naming are never touched.
 */
export async function sweepStaleTempFiles(dir: string, target?: string, now = Date.now()): Promise<number> {
  let swept = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const tempTarget = tempFileTarget(name);
    if (tempTarget === undefined || (target !== undefined && tempTarget !== target)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < STALE_TEMP_MS) continue;
    await rm(file, { force: true }).then(() => { swept++; }, () => undefined);
  }
  return swept;
}

export interface AtomicWriteOptions {
  /** Permissions the file is created with (umask applies), e.g. 0o600 for secrets; default 0o666. */
  mode?: number;
}

export async function writeFileAtomic(targetPath: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tempPath = tempPathFor(targetPath);
  try {
    // Created with its final mode: a secret is never readable by others, not even for a moment.
    const handle = await open(tempPath, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, targetPath);
  } catch (e) {
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw describeWriteError(e, targetPath);
  }
}

/** Maps file-system errors to the codes and messages an editor can act on. */
export function describeWriteError(e: unknown, targetPath: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  const dir = path.dirname(targetPath);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new CoherentStyleError('DISK_FULL',
        `The disk holding ${dir} is full; ${path.basename(targetPath)} was not written. Free some space or choose another output folder, then resume.`,
        { cause: e });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new CoherentStyleError('OUTPUT_UNWRITABLE',
        `Cannot write to ${dir} (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}). Choose a folder you can write to.`,
        { cause: e });
    case 'ENOENT':
    case 'ENOTDIR':
      return new CoherentStyleError('OUTPUT_UNWRITABLE',
        `The output folder ${dir} does not exist. Create it or choose another folder.`, { cause: e });
    default:
      return e;
  }
}
