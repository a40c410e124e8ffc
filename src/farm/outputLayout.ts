/**
 * Where a farm job's frames go. A frame-folder output receives them directly, named as
 * `coherent-style stylize` names them; a video output stages them as PNGs in a hidden folder
 * beside the video (one per job key), which assembly encodes and then deletes. Every name is
 * checked to stay inside its folder, whatever the job data said.
 */
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import type { FarmOutput } from './jobSchema';

/** The folder the chunks of a job write into. */
export function chunkFramesDir(output: FarmOutput, key: string): string {
  if (output.kind === 'folder') return output.path;
  return path.join(path.dirname(output.path), `.${path.basename(output.path)}.${key}.frames`);
}

/** `dir/name`, refusing any name that would land outside `dir`. */
export function confinedPath(dir: string, name: string): string {
  const resolved = path.resolve(dir, name);
  if (name.includes('\0') || path.dirname(resolved) !== path.resolve(dir)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Refusing to write "${name}": it is not a file name inside ${dir}.`);
  }
  return resolved;
}
