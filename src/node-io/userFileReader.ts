/**
 * The one way the node host reads a file a user named (an input image, a style, a frame of a
 * folder or a farm job): only a regular file, after links are resolved, and never more than the
 * caller's bound. A device such as /dev/zero or a FIFO is refused before it is opened (and again
 * after, in case it was swapped in between: the open does not block, so a FIFO cannot hang it);
 * a file that grows while it is read stops at the bound. The read is in chunks and checks the
 * cancel signal between them.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { Cancellable } from '../engine/errors';
import { CoherentStyleError, throwIfCancelled } from '../engine/errors';

const CHUNK_BYTES = 4 * 2 ** 20;

export interface UserFileLimits {
  /** The most bytes the file may have; a larger one is IMAGE_TOO_LARGE. */
  maxBytes: number;
  signal?: Cancellable;
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(file: string, info: Stats): CoherentStyleError {
  return new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${file} (it is ${kindOf(info)}); give a regular image file.`);
}

function unreadable(file: string, e: unknown): CoherentStyleError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'it does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'ELOOP' ? 'its links go round in a loop' : (e as Error).message;
  return new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${file} (${why}).`, { cause: e });
}

function tooLarge(file: string, maxBytes: number): CoherentStyleError {
  return new CoherentStyleError('IMAGE_TOO_LARGE', `${file} is larger than ${Math.floor(maxBytes / 2 ** 20)} MiB, more than any image this takes; choose a smaller file.`);
}

/** Stats what `file` resolves to and refuses anything but a regular file within `maxBytes`. */
async function checkedStat(file: string, maxBytes: number): Promise<Stats> {
  const info = await stat(file).catch((e: unknown) => { throw unreadable(file, e); });
  if (!info.isFile()) throw notRegular(file, info);
  if (info.size > maxBytes) throw tooLarge(file, maxBytes);
  return info;
}

/** Reads a file the user gave us, bounded and cancellable; failures are INPUT_UNREADABLE or IMAGE_TOO_LARGE naming it. */
export async function readUserFile(file: string, limits: UserFileLimits): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const total = await readUserFileChunks(file, limits, (chunk) => chunks.push(chunk));
  return joinChunks(chunks, total);
}

/**
 * readUserFile in chunks, each handed to `onChunk` as it is read (to hash a file of any size
 * without holding it); resolves to the number of bytes read.
 */
export async function readUserFileChunks(file: string, { maxBytes, signal }: UserFileLimits, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  throwIfCancelled(signal);
  const expected = await checkedStat(file, maxBytes);
  throwIfCancelled(signal);
  // O_NONBLOCK: should a FIFO replace the file after the stat, opening it still returns at once.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((e: unknown) => { throw unreadable(file, e); });
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular(file, opened);
    if (opened.dev !== expected.dev || opened.ino !== expected.ino) {
      throw new CoherentStyleError('INPUT_UNREADABLE', `${file} changed while it was being opened; try again once nothing else writes it.`);
    }
    let total = 0;
    for (;;) {
      throwIfCancelled(signal);
      // One byte past the bound is enough to know the file is too large.
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
      onChunk(chunk.subarray(0, bytesRead));
    }
    return total;
  } finally {
    await handle.close();
  }
}

function joinChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The sha256 of a file the user gave us (or that we wrote), read in chunks whatever its size. */
export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await readUserFileChunks(file, { maxBytes: Number.POSITIVE_INFINITY, signal }, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}
