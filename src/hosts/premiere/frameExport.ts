/**
 * Frames out of Premiere: Exporter.exportSequenceFrame renders the sequence at a time into a PNG.
 * It appends the format's extension itself, so "name.png" may arrive as "name.png.png"; and its
 * promise may settle before the file is complete (or even there). So a frame is used, or
 * renamed, only once it is complete: the same size on two reads in a row, and a PNG whose chunks
 * are all there through IEND (checked without inflating, so a 4K frame costs no second decode).
 * (Renaming a file Premiere still writes is a sharing violation on Windows.)
 */
import * as path from 'path';
import type { CancelSignal } from '../../engine/cancellation';
import { CoherentStyleError, throwIfCancelled } from '../../engine/errors';
import { isCompletePng } from '../../engine/images/imageCodec';
import { premiere, type PSequence, type TickTime } from './pproApi';
import { exists, readBytes, renameFile } from './uxpFiles';

export interface FrameSize {
  width: number;
  height: number;
}

/** How long a frame may take to appear and be completely written after the export settles. */
const COMPLETE_TIMEOUT_MS = 15000;
const POLL_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exports the sequence frame at `time` to `<folder>/<baseName>.png` and returns that path. */
export async function exportFrame(
  sequence: PSequence, time: TickTime, folder: string, baseName: string, size: FrameSize, signal?: CancelSignal,
): Promise<string> {
  const fileName = `${baseName}.png`;
  const target = path.join(folder, fileName);
  const doubled = `${target}.png`;
  const ok = await premiere().Exporter.exportSequenceFrame(sequence, time, fileName, folder, size.width, size.height);
  if (!ok) {
    throw new CoherentStyleError('HOST', `Premiere Pro could not export the frame at ${time.seconds.toFixed(3)} s to ${folder}. Check that the folder is writable and has free space.`);
  }
  const deadline = Date.now() + COMPLETE_TIMEOUT_MS;
  const written = await appearedFile([doubled, target], deadline, signal);
  if (!written) {
    throw new CoherentStyleError('HOST', `Premiere Pro reported exporting ${fileName} but the file did not appear in ${folder} within ${COMPLETE_TIMEOUT_MS / 1000} s.`);
  }
  if (!(await completed(written, deadline, signal))) {
    throw new CoherentStyleError('HOST', `Premiere Pro did not finish writing ${path.basename(written)} in ${folder} within ${COMPLETE_TIMEOUT_MS / 1000} s (the file is incomplete). Check the disk and apply again.`);
  }
  if (written !== target) await renameFile(written, fileName);
  return target;
}

/** The first of `candidates` that exists, polled until the deadline. */
async function appearedFile(candidates: string[], deadline: number, signal?: CancelSignal): Promise<string | undefined> {
  for (;;) {
    for (const file of candidates) if (await exists(file)) return file;
    throwIfCancelled(signal);
    if (Date.now() > deadline) return undefined;
    await sleep(POLL_MS);
  }
}

/** True once the file reads the same size twice in a row and is a whole PNG; false at the deadline. */
async function completed(file: string, deadline: number, signal?: CancelSignal): Promise<boolean> {
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

/** The export size for a render short side: the sequence's aspect, never larger than the sequence. */
export function renderSizeFor(sequenceSize: FrameSize, shortSide: number | undefined): FrameSize {
  const seqShort = Math.min(sequenceSize.width, sequenceSize.height);
  if (shortSide === undefined || shortSide >= seqShort) return { width: Math.round(sequenceSize.width), height: Math.round(sequenceSize.height) };
  const scale = shortSide / seqShort;
  return { width: Math.max(1, Math.round(sequenceSize.width * scale)), height: Math.max(1, Math.round(sequenceSize.height * scale)) };
}
