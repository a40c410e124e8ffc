/**
 * Inputs are never modified: an output may not be any input (the clip or frames, a style image, a
 * part of a style mix) under another name, through a symlink, a hard link, or a differently cased
 * path on a case-insensitive disk. Real paths catch links; the file identity (device and inode)
 * of what exists catches the rest. `stylize` and `farm submit` (and the companion's farm renders)
 * share this check.
 */
import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';

export interface NamedInput {
  path: string;
  /** How a message names it: "the input", "the style image s.png". */
  what: string;
}

/** The real path of something that may not exist yet: its nearest existing ancestor resolved (symlinks followed), the rest appended. */
async function realPathOf(target: string): Promise<string> {
  const absolute = path.resolve(target);
  try {
    return await realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(await realPathOf(parent), path.basename(absolute));
  }
}

async function isSameFile(a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  if (first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino) return true;
  return (await realPathOf(a)) === (await realPathOf(b));
}

/** Refuses an output that is one of the inputs (INVALID_ARGUMENT naming which). */
export async function checkOutputIsNoInput(out: string, inputs: readonly NamedInput[]): Promise<void> {
  for (const input of inputs) {
    if (await isSameFile(input.path, out)) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `The output would overwrite ${input.what}; choose another --out. Inputs are never modified.`);
    }
  }
}
