/**
 * Runs a render job: every frame of a FrameSource is read, stylized and written to a FrameSink.
 * Reading and writing of some frames overlap the stylizing of another, but at most `maxInFlight`
 * decoded frames are held at once, and the stylizer itself runs one frame at a time (it saturates
 * the device on its own; concurrent runs would only compete for it), in the source's order (the
 * temporal stabilizer carries each frame's output into the next).
 */
import { CancelledError, CoherentStyleError, isCoherentStyleError, throwIfCancelled, type ErrorCode } from '../errors';
import type { RasterImage } from '../images/image';
import { SerialQueue } from '../serialQueue';
import { linkedController, type CancelSignal } from '../cancellation';

export interface FrameSource {
  readonly count: number;
  /** The numbers of the frames, in order; default 0 … count-1. */
  readonly frameNumbers?: readonly number[];
  read(frameNumber: number, signal?: CancelSignal): Promise<RasterImage>;
}

export interface FrameSink {
  /** Stores one frame; must be atomic (no partial file under the real name, even on failure). */
  write(frameNumber: number, image: RasterImage, signal?: CancelSignal): Promise<void>;
}

/** A sink whose frames a later run finds again (a folder of frames), so an interrupted render resumes. */
export interface ResumableFrameSink extends FrameSink {
  /** True when this frame is already rendered completely. */
  hasValid(frameNumber: number, signal?: CancelSignal): Promise<boolean>;
}

export interface JobProgress {
  /** Frames finished; never decreases. */
  done: number;
  total: number;
  /** Rendered frames per second over the recent window; 0 before the first frame. */
  fps: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
}

export interface JobResult {
  total: number;
  rendered: number;
  seconds: number;
}

export interface RunJobOptions {
  source: FrameSource;
  sink: FrameSink;
  stylize: (frame: RasterImage, signal: CancelSignal, frameNumber: number) => Promise<RasterImage>;
  /**
   * Frames of the source that are stylized only to bring the temporal stabilizer to the state an
   * uninterrupted render would have (render/warmUp.ts): neither written nor counted.
   */
  warmUp?: ReadonlySet<number>;
  /** Most frames decoded at once (reading + stylizing + writing); default 2. */
  maxInFlight?: number;
  signal?: CancelSignal;
  onProgress?: (progress: JobProgress) => void;
}

/**
 * Resuming a render: the frames of `frames` that the sink does not hold yet, in order. Checked
 * before the job starts, so that its source reads (or decodes) only the frames still needed.
 */
export async function framesStillNeeded(sink: ResumableFrameSink, frames: readonly number[], signal?: CancelSignal): Promise<number[]> {
  const needed: number[] = [];
  for (const n of frames) {
    throwIfCancelled(signal);
    let valid: boolean;
    try {
      valid = await sink.hasValid(n, signal);
    } catch (e) {
      throw typedError(e, 'check', n);
    }
    if (!valid) needed.push(n);
  }
  return needed;
}

/** How many recent frames the rate is measured over: long enough to be steady, short enough to follow changes. */
const RATE_WINDOW_FRAMES = 20;

/** Rendered-frame rate over a sliding window of completion times. */
class RateMeter {
  private readonly times: number[];
  constructor(start: number) {
    this.times = [start];
  }
  record(time: number): void {
    this.times.push(time);
    if (this.times.length > RATE_WINDOW_FRAMES + 1) this.times.shift();
  }
  framesPerSecond(): number {
    const frames = this.times.length - 1;
    const seconds = (this.times[this.times.length - 1] - this.times[0]) / 1000;
    return frames > 0 && seconds > 0 ? frames / seconds : 0;
  }
}

type Stage = 'read' | 'stylize' | 'write' | 'check';

const STAGE_ERROR: Record<Stage, { code: ErrorCode; verb: string }> = {
  check: { code: 'OUTPUT_UNWRITABLE', verb: 'check the output of' },
  read: { code: 'INPUT_UNREADABLE', verb: 'read' },
  stylize: { code: 'INFERENCE_FAILED', verb: 'stylize' },
  write: { code: 'OUTPUT_UNWRITABLE', verb: 'write' },
};

/** Keeps typed errors as they are; gives anything else a code and the frame it happened on. */
function typedError(e: unknown, stage: Stage, frameNumber: number): CoherentStyleError {
  if (isCoherentStyleError(e)) return e;
  const { code, verb } = STAGE_ERROR[stage];
  return new CoherentStyleError(code, `Could not ${verb} frame ${frameNumber}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

/** Lets the frame at each position enter the stylizer only after the one before it has. */
class Turns {
  private next = 0;
  private stopped = false;
  private readonly waiting = new Map<number, () => void>();

  reach(position: number, signal: CancelSignal): Promise<void> {
    if (this.stopped || signal.aborted) return Promise.reject(new CancelledError());
    if (position === this.next) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.set(position, () => (this.stopped ? reject(new CancelledError()) : resolve())));
  }

  pass(position: number): void {
    this.next = position + 1;
    const wake = this.waiting.get(this.next);
    this.waiting.delete(this.next);
    wake?.();
  }

  /** Every waiting frame gives up (the job stopped). */
  stop(): void {
    this.stopped = true;
    for (const wake of this.waiting.values()) wake();
    this.waiting.clear();
  }
}

export async function runJob(options: RunJobOptions): Promise<JobResult> {
  const { source, sink, stylize, signal, onProgress } = options;
  const warmUp = options.warmUp ?? new Set<number>();
  const maxInFlight = options.maxInFlight ?? 2;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `maxInFlight must be a positive whole number, got ${maxInFlight}.`);
  }
  const frameNumbers = source.frameNumbers ?? Array.from({ length: source.count }, (_, i) => i);
  if (frameNumbers.length !== source.count) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The frame source lists ${frameNumbers.length} frame numbers for ${source.count} frames.`);
  }
  throwIfCancelled(signal);

  // One controller stops every worker, whether the caller cancelled or a frame failed.
  const { controller: stop, release } = linkedController(signal);
  let firstError: CoherentStyleError | undefined;

  const started = Date.now();
  const rate = new RateMeter(started);
  const stylizer = new SerialQueue();
  const turns = new Turns();
  const total = frameNumbers.filter((n) => !warmUp.has(n)).length;
  let next = 0;
  let rendered = 0;

  const report = () => {
    if (!onProgress) return;
    const fps = rate.framesPerSecond();
    onProgress({ done: rendered, total, fps, etaSeconds: fps > 0 ? (total - rendered) / fps : rendered === total ? 0 : null });
  };

  const processFrame = async (position: number): Promise<void> => {
    const frameNumber = frameNumbers[position];
    let stage: Stage = 'read';
    try {
      throwIfCancelled(stop.signal);
      const frame = await source.read(frameNumber, stop.signal);
      throwIfCancelled(stop.signal);
      stage = 'stylize';
      await turns.reach(position, stop.signal);
      const stylizing = stylizer.run(() => {
        throwIfCancelled(stop.signal);
        return stylize(frame, stop.signal, frameNumber);
      });
      turns.pass(position);
      const stylized = await stylizing;
      throwIfCancelled(stop.signal);
      if (warmUp.has(frameNumber)) return;
      stage = 'write';
      await sink.write(frameNumber, stylized, stop.signal);
      rendered++;
      rate.record(Date.now());
      report();
    } catch (e) {
      if (!stop.signal.aborted || !(e instanceof CancelledError)) firstError ??= typedError(e, stage, frameNumber);
      stop.abort(firstError);
      turns.stop();
    }
  };

  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted && next < frameNumbers.length) {
      await processFrame(next++);
    }
  };

  try {
    report();
    await Promise.all(Array.from({ length: Math.min(maxInFlight, frameNumbers.length) }, worker));
  } finally {
    release();
  }
  // A user's cancel wins over errors that the cancel itself caused in running stages.
  if (signal?.aborted) throw new CancelledError();
  if (firstError) throw firstError;
  return { total, rendered, seconds: (Date.now() - started) / 1000 };
}
