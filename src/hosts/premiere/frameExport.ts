/**
 * Frames out of Premiere: Exporter.exportSequenceFrame renders the sequence at a time into a PNG.
 * It appends the format's extension itself, so "name.png" may arrive as "name.png.png"; the file
 * may also appear a moment after the promise settles. Both are normalised here.
 */
import * as path from 'path';
import { CoherentStyleError, throwIfCancelled } from '../../engine/errors';
import { premiere, type PSequence, type TickTime } from './pproApi';
import { exists, renameFile } from './uxpFiles';

export interface FrameSize {
  width: number;
  height: number;
}

const APPEAR_TIMEOUT_MS = 15000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exports the sequence frame at `time` to `<folder>/<baseName>.png` and returns that path. */
export async function exportFrame(
  sequence: PSequence, time: TickTime, folder: string, baseName: string, size: FrameSize, signal?: AbortSignal,
): Promise<string> {
  const fileName = `${baseName}.png`;
  const target = path.join(folder, fileName);
  const doubled = `${target}.png`;
  const ok = await premiere().Exporter.exportSequenceFrame(sequence, time, fileName, folder, size.width, size.height);
  if (!ok) {
    throw new CoherentStyleError('HOST', `Premiere Pro could not export the frame at ${time.seconds.toFixed(3)} s to ${folder}. Check that the folder is writable and has free space.`);
  }
  const started = Date.now();
  for (;;) {
    if (await exists(doubled)) {
      await renameFile(doubled, fileName);
      return target;
    }
    if (await exists(target)) return target;
    throwIfCancelled(signal);
    if (Date.now() - started > APPEAR_TIMEOUT_MS) {
      throw new CoherentStyleError('HOST', `Premiere Pro reported exporting ${fileName} but the file did not appear in ${folder}.`);
    }
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
