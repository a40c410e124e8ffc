/**
 * Watches a farm job until it ends, with the farm's overall rate measured from frames done over
 * time: for the CLI's follow (one status line a second, redrawn on a terminal) and the companion's
 * farm renders. A Redis outage pauses the watch, it does not end it. Stopping the watch (Ctrl-C,
 * a panel that closes) leaves the job running on the farm.
 */
import { CancelledError, CoherentStyleError, type ErrorCode } from '../engine/errors';
import type { ProgressOutput } from '../node-io/progressBar';
import type { FarmQueues } from './farmQueues';
import { describeStatus, readJobStatus, type FarmJobStatus } from './jobControl';

const POLL_MS = 500;
const PLAIN_INTERVAL_MS = 1000;
const RATE_WINDOW_MS = 10_000;

export interface FollowEnvironment {
  stdout: ProgressOutput;
  log(line: string): void;
  signal: AbortSignal;
}

/** The code a worker put at the end of a failure ("… [INVALID_IMAGE]"). */
function failureCode(reason: string): ErrorCode {
  const match = /\[([A-Z_]+)\]$/.exec(reason.trim());
  return (match?.[1] as ErrorCode | undefined) ?? 'FARM_JOB_FAILED';
}

function failedError(s: FarmJobStatus): CoherentStyleError {
  const first = s.failures[0];
  const where = first && first.index >= 0 ? `chunk ${first.index} (frames ${first.frames})` : 'assembly';
  const reason = first?.reason ?? 'unknown reason';
  const more = s.failures.length > 1 ? ` (${s.failures.length - 1} more chunk${s.failures.length > 2 ? 's' : ''} failed too)` : '';
  return new CoherentStyleError(failureCode(reason),
    `Farm job ${s.key} failed in ${where}: ${reason.replace(/\s*\[[A-Z_]+\]$/, '')}${more}. Finished frames are kept in ${s.framesDir}; fix the problem and submit the same command again to render only what is missing.`);
}

function detached(key: string): CancelledError {
  return new CancelledError(`Stopped following. Job ${key} keeps running on the farm; follow it with \`coherent-style farm status ${key} --follow\` or cancel it with \`coherent-style farm cancel ${key}\`.`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A farm job's status with the farm's overall rate, as the watcher measured it. */
export type StatusListener = (status: FarmJobStatus, fps: number) => void;

/**
 * Polls a farm job until it ends, calling onStatus with each reading; resolves with the final
 * status when the job completes, throws the failure or cancellation otherwise. Aborting the
 * signal stops watching (CancelledError), not the job.
 */
export async function watchJob(queues: FarmQueues, key: string, onStatus: StatusListener, env: Omit<FollowEnvironment, 'stdout'>): Promise<FarmJobStatus> {
  const samples: { at: number; done: number }[] = [];
  let redisTrouble = false;
  for (;;) {
    if (env.signal.aborted) throw new CancelledError();
    let status: FarmJobStatus | undefined;
    try {
      status = await readJobStatus(queues, key);
      redisTrouble = false;
    } catch (e) {
      if (!redisTrouble) env.log(`Lost the farm's Redis (${(e as Error).message}); waiting for it to come back…`);
      redisTrouble = true;
    }
    if (status) {
      const now = Date.now();
      samples.push({ at: now, done: status.frames.done });
      while (samples.length > 2 && now - samples[0].at > RATE_WINDOW_MS) samples.shift();
      const span = (samples[samples.length - 1].at - samples[0].at) / 1000;
      onStatus(status, span > 0 ? (samples[samples.length - 1].done - samples[0].done) / span : 0);
      if (status.state === 'completed') return status;
      if (status.state === 'failed') throw failedError(status);
      if (status.state === 'cancelled') {
        throw new CancelledError(`Farm job ${key} was cancelled. Finished frames are kept${status.framesDir ? ` in ${status.framesDir}` : ''}.`);
      }
    } else if (!redisTrouble) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `The farm has no job ${key}; \`coherent-style farm list\` shows the jobs it has.`);
    }
    await sleep(POLL_MS, env.signal);
  }
}

/** Follows a farm job on the terminal: one status line a second, or one redrawn line on a TTY. */
export async function followJob(queues: FarmQueues, key: string, env: FollowEnvironment): Promise<FarmJobStatus> {
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const display: StatusListener = (status, fps) => {
    const now = Date.now();
    const finished = status.state === 'completed' || status.state === 'failed' || status.state === 'cancelled';
    if (env.stdout.isTTY) {
      env.stdout.write(`\r\x1b[2K${describeStatus(status, fps).slice(0, (env.stdout.columns ?? 160) - 1)}`);
      drawn = true;
    } else if (finished || now - lastLineAt >= PLAIN_INTERVAL_MS) {
      lastLineAt = now;
      env.stdout.write(`${describeStatus(status, fps)}\n`);
    }
  };
  try {
    return await watchJob(queues, key, display, env);
  } catch (e) {
    // Aborted by Ctrl-C: the job runs on; say how to get back to it.
    throw env.signal.aborted ? detached(key) : e;
  } finally {
    if (drawn) env.stdout.write('\n');
  }
}
