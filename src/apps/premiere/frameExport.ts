/**
 * Frames out of Premiere: Exporter.exportSequenceFrame renders the sequence at a time into a PNG.
 * It appends the format's extension itself, so "name.png" may arrive as "name.png.png"; and its
 * promise may settle before the file is complete (or even there), so a frame is used, or renamed,
 * only once it is complete (completeFrame.ts).
 */
import type { CancelSignal } from '../../engine/cancellation';
import * as path from 'path';
import { CoherentStyleError } from '../../engine/errors';
import { appearedFile, completed, COMPLETE_TIMEOUT_MS } from '../../uxp/completeFrame';
import type { FrameSize } from '../../uxp/renderSize';
import { premiere, type PSequence, type TickTime } from './pproApi';
import { renameFile } from '../../uxp/uxpFiles';

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
