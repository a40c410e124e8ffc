/**
 * Waiting for a frame the host renders to a PNG file. Neither host's reference promises that the
 * file is complete (or even there) when its export call settles, so a frame is used, or renamed,
 * only once it is complete: the same size on two reads in a row, and a PNG whose chunks are all
 * there through IEND (checked without inflating, so a 4K frame costs no second decode). (Renaming
 * a file the host still writes is a sharing violation on Windows.)
 */
import type { CancelSignal } from '../engine/cancellation';
import { throwIfCancelled } from '../engine/errors';
import { isCompletePng } from '../engine/images/imageCodec';
import { exists, readBytes } from './uxpFiles';

/** How long a frame may take to appear and be completely written after the export settles. */
export const COMPLETE_TIMEOUT_MS = 15000;
const POLL_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first of `candidates` that exists, polled until the deadline. */
export async function appearedFile(candidates: readonly string[], deadline: number, signal?: CancelSignal): Promise<string | undefined> {
  for (;;) {
    for (const file of candidates) if (await exists(file)) return file;
    throwIfCancelled(signal);
    if (Date.now() > deadline) return undefined;
    await sleep(POLL_MS);
  }
}

/** True once the file reads the same size twice in a row and is a whole PNG; false at the deadline. */
export async function completed(file: string, deadline: number, signal?: CancelSignal): Promise<boolean> {
  let previousSize = -1;
  for (;;) {
    const bytes = await readBytes(file).catch(() => undefined);
    if (bytes && bytes.length > 0 && bytes.length === previousSize && isCompletePng(bytes)) return true;
    previousSize = bytes?.length ?? -1;
    throwIfCancelled(signal);
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
}
