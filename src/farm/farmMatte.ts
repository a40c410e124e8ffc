/**
 * A farm job's matte (`farm submit --matte`): the submitter opens it where it lies on shared
 * storage and puts its path and one digest of its files in the job; every chunk opens it again and
 * refuses it when its files differ, so no frame is limited by a matte the job was not submitted with.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { CoherentStyleError, isCoherentStyleError } from '../engine/errors';
import { Matte, type MatteOpenContext } from '../node-io/matteInput';
import type { FarmMatte } from './jobSchema';

/** One digest for all of a matte's files (a frame folder has one per frame), so every chunk stays small. */
function matteDigest(matte: Matte): string {
  return createHash('sha256').update(matte.digests.join('\n')).digest('hex');
}

/** The submitter's side: the matte must open and cover the clip up to the last frame to render (position `lastClipIndex`). */
export async function describeMatte(file: string, inverted: boolean, lastClipIndex: number, env: MatteOpenContext): Promise<Omit<FarmMatte, 'outsideStyle'>> {
  const matte = await Matte.open(file, inverted, env);
  try {
    matte.checkCovers(lastClipIndex + 1);
    return { path: file, sha256: matteDigest(matte), inverted };
  } finally {
    await matte.close();
  }
}

/** A chunk's side: the job's matte as this worker sees it, refused when its files are not the submitter's. */
export async function openJobMatte(job: FarmMatte, env: MatteOpenContext): Promise<Matte> {
  const where = `on this worker (${hostname()}); a matte must be on storage every farm machine sees at the same path, unchanged while its job runs`;
  const matte = await Matte.open(job.path, job.inverted, env).catch((e: unknown) => {
    throw isCoherentStyleError(e) ? new CoherentStyleError(e.code, `${e.message} (${where})`, { cause: e }) : e;
  });
  if (matteDigest(matte) !== job.sha256) {
    await matte.close();
    throw new CoherentStyleError('INVALID_ARGUMENT', `The matte ${job.path} is not the one the job was submitted with (its files differ) ${where}.`);
  }
  return matte;
}
