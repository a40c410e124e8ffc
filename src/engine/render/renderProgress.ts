/**
 * How far a render is, the one shape every app shows it in: the CLI's progress line, a farm
 * chunk's progress (and so `farm status`), the panel's Apply progress (which adds its clip and
 * phase). Frames a resumed render found already done count as done.
 */

export interface RenderProgress {
  /** Frames finished; never decreases. */
  done: number;
  total: number;
  /** Rendered frames per second over the recent window; 0 before the first frame. */
  fps: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
}

/** Progress of a step counted in items, without a rate (an export, an import). */
export function countedProgress(done: number, total: number): RenderProgress {
  return { done, total, fps: 0, etaSeconds: null };
}

/** How many recent frames the rate is measured over: long enough to be steady, short enough to follow changes. */
const RATE_WINDOW_FRAMES = 20;

/** Rendered-frame rate over a sliding window of completion times. */
export class RateMeter {
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
