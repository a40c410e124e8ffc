/**
 * What a render reads: the kind of its input (image, video or frame folder) and which of its frames
 * a frame span selects.
 */
import { stat } from 'node:fs/promises';
import { CoherentStyleError } from '../engine/errors';
import type { FrameSpan } from './frameSpan';
import { isImagePath } from './imageFiles';

export type InputKind = 'image' | 'video' | 'folder';

export async function classifyInput(input: string): Promise<InputKind> {
  let info;
  try {
    info = await stat(input);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoherentStyleError('INPUT_UNREADABLE',
      code === 'ENOENT' ? `${input} does not exist.` : `Cannot read ${input} (${(e as Error).message}).`, { cause: e });
  }
  if (info.isDirectory()) return 'folder';
  // A device (/dev/zero), FIFO or socket would never end or never answer: only regular files are read.
  if (!info.isFile()) {
    throw new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${input} (it is not a regular file, folder or link to one); give an image, a video or a frame folder.`);
  }
  return isImagePath(input) ? 'image' : 'video';
}

/** The frame numbers a --frames span selects from those available (ascending). */
export function selectFrames(available: readonly number[], span: FrameSpan | undefined, what: string): number[] {
  if (!span) return [...available];
  const selected = available.filter((n) => n >= span.first && (span.last === undefined || n <= span.last));
  if (selected.length === 0) {
    const range = available.length > 0 ? `${available[0]}-${available[available.length - 1]}` : 'none';
    throw new CoherentStyleError('INVALID_ARGUMENT', `--frames ${span.first}-${span.last ?? ''} selects no frame of ${what} (its frames are ${range}).`);
  }
  if (span.last !== undefined && span.last > available[available.length - 1]) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `--frames ${span.first}-${span.last} goes past the last frame of ${what} (${available[available.length - 1]}).`);
  }
  return selected;
}
