/**
 * A render job fed by a slow producer that can make only one frame at a time, in order (Premiere
 * exports one sequence frame per call): frame i is stylized while frame i+1 is produced, so a clip
 * costs about max(total production, total stylizing) instead of their sum. The producer runs at
 * most `ahead` frames ahead of the job, so a slow stylizer never piles up exported frames.
 * Cancel or a failure on either side stops both sides, and the call settles only after the
 * producer has stopped, so whatever the production held (muted tracks) is released first.
 */
import { CancelledError, CoherentStyleError } from '../errors';
import type { RasterImage } from '../images/image';
import { runJob, type JobResult, type RunJobOptions } from './jobPipeline';
import { linkedController, unlessAborted, type CancelSignal } from '../cancellation';

/**
 * Produced frames waiting for the job, at most, unless a caller says otherwise: enough to keep the
 * stylizer busy while the next frame is produced, few enough that a slow stylizer does not fill the
 * disk with exported sources.
 */
export const DEFAULT_AHEAD = 2;

/** The frames of a streamed job: made one at a time, in order, by a producer. */
export interface StreamedSource<T> {
  count: number;
  /** The numbers of the frames produced, in order (what the job's sink and warm-up speak); default 0 … count-1. */
  frameNumbers?: readonly number[];
  /** Most produced frames waiting to be taken by the job; default DEFAULT_AHEAD. */
  ahead?: number;
  /** Makes the frame at position `index`; called in order, one call at a time. */
  produce(index: number, signal: CancelSignal): Promise<T>;
  /** Wraps the whole production (e.g. tracks muted while frames are exported); default: runs it as is. */
  during?: (production: () => Promise<void>) => Promise<void>;
  /** Turns a produced item into the frame to stylize (e.g. reads and deletes an exported file). */
  open(item: T, index: number, signal?: CancelSignal): Promise<RasterImage>;
}

export type StreamedJobOptions<T> = StreamedSource<T> & Omit<RunJobOptions, 'source'>;

/** The frames between producer and job: held by index, at most `capacity` of them. */
class Handoff<T> {
  private readonly items = new Map<number, T>();
  private readonly takers = new Map<number, { resolve: (item: T) => void; reject: (e: unknown) => void }>();
  private wakeProducer: (() => void) | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly capacity: number) {}

  /** Resolves once fewer than `capacity` produced frames wait to be taken. */
  async room(signal: CancelSignal): Promise<void> {
    while (this.items.size >= this.capacity) {
      await unlessAborted<void>(signal, (resolve) => { this.wakeProducer = () => resolve(); });
    }
  }

  put(index: number, item: T): void {
    const taker = this.takers.get(index);
    if (!taker) {
      this.items.set(index, item);
      return;
    }
    this.takers.delete(index);
    taker.resolve(item);
  }

  take(index: number, signal?: CancelSignal): Promise<T> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.items.has(index)) {
      const item = this.items.get(index) as T;
      this.items.delete(index);
      const wake = this.wakeProducer;
      this.wakeProducer = undefined;
      wake?.();
      return Promise.resolve(item);
    }
    return unlessAborted(signal, (resolve, reject) => this.takers.set(index, { resolve, reject }));
  }

  /** Every waiting and later take rejects with `error` (the producer failed). */
  fail(error: unknown): void {
    this.failure = { error };
    for (const taker of this.takers.values()) taker.reject(error);
    this.takers.clear();
  }
}

export async function runStreamedJob<T>(options: StreamedJobOptions<T>): Promise<JobResult> {
  const { count, frameNumbers, produce, open, during = (production) => production(), signal, ...job } = options;
  const positions = new Map((frameNumbers ?? []).map((n, index) => [n, index]));
  const positionOf = (frameNumber: number) => positions.get(frameNumber) ?? frameNumber;
  const ahead = options.ahead ?? DEFAULT_AHEAD;
  if (!Number.isInteger(ahead) || ahead < 1) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `ahead must be a positive whole number, got ${ahead}.`);
  }
  if (signal?.aborted) throw new CancelledError();

  const handoff = new Handoff<T>(ahead);
  const { controller: stopProducing, release } = linkedController(signal);
  let productionError: { error: unknown } | undefined;
  const produceAll = async () => {
    for (let index = 0; index < count; index++) {
      await handoff.room(stopProducing.signal);
      if (stopProducing.signal.aborted) throw new CancelledError();
      handoff.put(index, await produce(index, stopProducing.signal));
    }
  };
  const production = (async () => during(produceAll))().catch((error: unknown) => {
    // Once the job has stopped, the producer's own CancelledError is only the echo of that stop.
    if (!(stopProducing.signal.aborted && error instanceof CancelledError)) productionError ??= { error };
    handoff.fail(error);
  });

  let result: JobResult;
  try {
    result = await runJob({
      ...job,
      signal,
      source: {
        count,
        frameNumbers,
        read: async (frameNumber, readSignal) => {
          const index = positionOf(frameNumber);
          return open(await handoff.take(index, readSignal), index, readSignal);
        },
      },
    });
  } finally {
    stopProducing.abort();
    release();
    await production;
  }
  // E.g. a track whose mute state could not be restored after the last export.
  if (productionError) throw productionError.error;
  return result;
}
