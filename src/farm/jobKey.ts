/**
 * A farm job's id is a digest of everything that decides its result (input identity, output,
 * frames, chunking, model, styles and their weights, settings), so submitting the same render twice finds the
 * first job instead of rendering again, and any change makes a new job.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../engine/canonicalJson';
import type { ModelEntry } from '../engine/inference/modelContract';
import type { FarmRender } from './jobSchema';

/** Everything that identifies a render; values are plain JSON. */
export interface JobIdentity {
  source: { kind: 'video' | 'folder'; path: string; bytes: number; modifiedMs: number };
  /** A video output's format is part of it: the same path in another format is another render. */
  output: { kind: 'video' | 'folder'; path: string; format?: string };
  frames: { first: number; last: number };
  chunkFrames: number;
  render: FarmRender;
}

/** `cs-` and 32 hex digits (BullMQ job ids must not be plain integers). */
export function farmJobKey(identity: JobIdentity): string {
  return `cs-${createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 32)}`;
}

export function isFarmJobKey(text: string): boolean {
  return /^cs-[0-9a-f]{32}$/.test(text);
}

/** Chunk jobs are numbered under their render's key. */
export function chunkJobId(key: string, index: number): string {
  return `${key}-${index}`;
}

/** One digest for a mode's two model files: workers must render with exactly the submitter's models. */
export function modelDigest(mode: ModelEntry): string {
  return createHash('sha256').update(`${mode.styleEncoder.sha256}\n${mode.stylizer.sha256}`).digest('hex');
}
