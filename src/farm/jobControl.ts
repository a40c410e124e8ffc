/**
 * What the farm knows about a render, read from BullMQ (the parent job and its chunk jobs), and
 * cancelling one. Cancel first raises the job's cancel flag (workers stop their chunk or the
 * assembly within a second, keeping finished frames and writing no partial file), then removes
 * the job's remaining chunks from the queues once nothing of it runs.
 */
import { Job } from 'bullmq';
import { CoherentStyleError } from '../engine/errors';
import type { RenderProgress } from '../engine/render/renderProgress';
import { formatDuration } from '../node-io/progressBar';
import { cancelFlagKey, type FarmQueues } from './farmQueues';
import { chunkJobId } from './jobKey';
import { parseAssemblyJob } from './jobSchema';
import { chunkFramesDir } from './outputLayout';

export type FarmJobState = 'waiting' | 'rendering' | 'assembling' | 'completed' | 'failed' | 'cancelled';

export interface ChunkFailure {
  index: number;
  frames: string;
  reason: string;
}

export interface FarmJobStatus {
  key: string;
  state: FarmJobState;
  output: string;
  /** Where finished frames are kept until the job completes. */
  framesDir: string;
  frames: { done: number; total: number };
  chunks: { total: number; done: number; running: number; failed: number; waiting: number };
  failures: ChunkFailure[];
  /** Sum of the running chunks' own rates. */
  fps: number;
  assembly?: { done: number; total: number };
}

/** How long a cancelled record is kept, so `farm status` can still say what happened. */
const CANCEL_FLAG_SECONDS = 7 * 24 * 3600;

/** What a worker stored as a job's progress: a chunk's RenderProgress, or the assembly's frames with its phase. */
function progressOf(job: Job): Partial<RenderProgress> & { phase?: string } {
  return typeof job.progress === 'object' && job.progress !== null ? job.progress as Partial<RenderProgress> & { phase?: string } : {};
}

export async function readJobStatus(queues: FarmQueues, key: string): Promise<FarmJobStatus | undefined> {
  const parent = await queues.assembly.getJob(key);
  if (!parent) {
    if (!(await queues.isCancelled(key))) return undefined;
    return { key, state: 'cancelled', output: '', framesDir: '', frames: { done: 0, total: 0 }, chunks: { total: 0, done: 0, running: 0, failed: 0, waiting: 0 }, failures: [], fps: 0 };
  }
  const data = parseAssemblyJob(parent.data);
  const parentState = await parent.getState();
  const chunks = { total: data.chunkCount, done: 0, running: 0, failed: 0, waiting: 0 };
  const failures: ChunkFailure[] = [];
  let framesDone = 0;
  let fps = 0;
  const children = await Promise.all(Array.from({ length: data.chunkCount }, (_, i) => Job.fromId(queues.chunks, chunkJobId(key, i))));
  const states = await Promise.all(children.map((c) => c?.getState()));
  children.forEach((child, index) => {
    const state = states[index];
    const progress = child ? progressOf(child) : {};
    if (!child || state === 'completed' || (state === undefined && parentState === 'completed')) {
      chunks.done++;
      framesDone += progress.total ?? 0;
    } else if (state === 'failed') {
      chunks.failed++;
      framesDone += progress.done ?? 0;
      failures.push({ index, frames: `${child.data?.frames?.first}-${child.data?.frames?.last}`, reason: child.failedReason ?? 'unknown' });
    } else if (state === 'active') {
      chunks.running++;
      framesDone += progress.done ?? 0;
      fps += progress.fps ?? 0;
    } else {
      chunks.waiting++;
      framesDone += progress.done ?? 0;
    }
  });
  const cancelled = await queues.isCancelled(key);
  const state: FarmJobState = parentState === 'completed' ? 'completed'
    : cancelled ? 'cancelled'
      : parentState === 'failed' ? 'failed'
        : parentState === 'waiting-children' ? (chunks.running + chunks.done + chunks.failed > 0 ? 'rendering' : 'waiting')
          : 'assembling';
  const parentProgress = progressOf(parent);
  return {
    key,
    state,
    output: data.output.path,
    framesDir: chunkFramesDir(data.output, key),
    frames: { done: parentState === 'completed' ? data.frameCount : Math.min(framesDone, data.frameCount), total: data.frameCount },
    chunks,
    failures,
    fps,
    ...(parentProgress.phase === 'assembling' && state === 'assembling' ? { assembly: { done: parentProgress.done ?? 0, total: parentProgress.total ?? 0 } } : {}),
    ...(parentState === 'failed' && failures.length === 0 && parent.failedReason ? { failures: [{ index: -1, frames: 'assembly', reason: parent.failedReason }] } : {}),
  };
}

/** The renders the farm holds (newest first): running, waiting, finished and failed. */
export async function listJobs(queues: FarmQueues): Promise<FarmJobStatus[]> {
  const parents = await queues.assembly.getJobs(['waiting-children', 'active', 'waiting', 'prioritized', 'completed', 'failed'], 0, 199, false);
  const statuses = await Promise.all(parents.filter((p) => p.id).map((p) => readJobStatus(queues, p.id!)));
  return statuses.filter((s): s is FarmJobStatus => s !== undefined);
}

export type CancelOutcome = 'cancelled' | 'already-finished';

/** Flags the job, waits until no chunk or assembly of it runs, then removes what is left of it. */
export async function cancelJob(queues: FarmQueues, key: string, timeoutMs = 30_000): Promise<CancelOutcome> {
  const parent = await queues.assembly.getJob(key);
  if (!parent) {
    if (await queues.isCancelled(key)) return 'cancelled';
    throw new CoherentStyleError('INVALID_ARGUMENT', `The farm has no job ${key}; \`coherent-style farm list\` shows the jobs it has.`);
  }
  if ((await parent.getState()) === 'completed') return 'already-finished';
  const client = await queues.chunks.getBackend().client;
  await client.set(cancelFlagKey(key), String(Date.now()), { EX: CANCEL_FLAG_SECONDS });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await parent.remove({ removeChildren: true });
      return 'cancelled';
    } catch (e) {
      // A running chunk or assembly holds a lock until its worker sees the flag and stops.
      if (Date.now() > deadline) {
        throw new CoherentStyleError('FARM_JOB_FAILED', `Job ${key} is flagged cancelled, but a worker still holds part of it (${(e as Error).message}); it stops within the stall timeout. Run \`coherent-style farm cancel ${key}\` again to clear what is left.`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** One line per job: a finished or failed job shows its counts only, with no rate or ETA left to report. */
export function describeStatus(s: FarmJobStatus, fps = s.fps): string {
  if (s.state === 'cancelled') return `${s.key}  cancelled`;
  const chunks = `chunks ${s.chunks.done}/${s.chunks.total} done, ${s.chunks.running} running, ${s.chunks.failed} failed, ${s.chunks.waiting} waiting`;
  if (s.state === 'completed') return `${s.key}  completed  ${s.frames.done}/${s.frames.total} frames  chunks ${s.chunks.done}/${s.chunks.total} done  → ${s.output}`;
  if (s.state === 'failed') return `${s.key}  failed  ${s.frames.done}/${s.frames.total} frames  ${chunks}  → ${s.output}`;
  const eta = fps > 0 ? formatDuration((s.frames.total - s.frames.done) / fps) : '--:--';
  const assembly = s.assembly ? `  assembly ${s.assembly.done}/${s.assembly.total}` : '';
  return `${s.key}  ${s.state}  ${s.frames.done}/${s.frames.total} frames  ${fps.toFixed(2)} fps  ETA ${eta}  ${chunks}${assembly}  → ${s.output}`;
}
