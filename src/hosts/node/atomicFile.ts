/**
 * Files the user keeps (frames, presets, renders) are written atomically: a temp file in the
 * same folder, flushed to disk, then renamed over the target, so a crash or a full disk never
 * leaves a half-written file under the real name.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { CoherentStyleError } from '../../engine/errors';
import { tempFileName } from '../../engine/jobs/tempFileName';

export async function writeFileAtomic(targetPath: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(targetPath);
  const tempPath = path.join(dir, tempFileName(path.basename(targetPath), randomBytes(6).toString('hex')));
  try {
    const handle = await open(tempPath, 'wx');
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
