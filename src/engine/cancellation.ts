/**
 * Cancellation the engine owns. UXP's AbortSignal has only `aborted`, `reason` and
 * `throwIfAborted()`, and "works only for web streams" (uxp-api abort-signal.md): no abort event
 * to wait on. The engine's waits (a frame slot, a reply, a produced frame) must wake when a job is
 * cancelled, so they listen to a CancelSignal, which every host makes the same way. The names
 * follow AbortController's, so code reads the same; only the listening differs (onAbort).
 */
import { CancelledError } from './errors';

export interface CancelSignal {
  readonly aborted: boolean;
  /** Why it was cancelled; undefined until then. */
  readonly reason: unknown;
  /** Calls `listener` once when cancelled (at once when it already is); returns what stops listening. */
  onAbort(listener: (reason: unknown) => void): () => void;
}

/** The signal a CancelController owns; callers see it as a CancelSignal only. */
class ControlledSignal implements CancelSignal {
  private cancelled = false;
  private why: unknown;
  private readonly listeners = new Set<(reason: unknown) => void>();

  get aborted(): boolean {
    return this.cancelled;
  }

  get reason(): unknown {
    return this.why;
  }

  onAbort(listener: (reason: unknown) => void): () => void {
    if (this.cancelled) {
      listener(this.why);
      return () => undefined;
    }
    const entry = (reason: unknown) => listener(reason);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  fire(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.why = reason;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener(reason);
  }
}

export class CancelController {
  private readonly controlled = new ControlledSignal();

  get signal(): CancelSignal {
    return this.controlled;
  }

  /** Cancels once; later calls keep the first reason. */
  abort(reason: unknown = new CancelledError()): void {
    this.controlled.fire(reason);
  }
}

/**
 * A controller that is also aborted (with the same reason) when `parent` is: one stop for a job's
 * workers, whether its caller cancelled or a worker failed. `release` stops following the parent.
 */
export function linkedController(parent: CancelSignal | undefined): { controller: CancelController; release: () => void } {
  const controller = new CancelController();
  const release = parent?.onAbort((reason) => controller.abort(reason)) ?? (() => undefined);
  return { controller, release };
}

/**
 * A promise settled by `start`'s callbacks, or rejected with CancelledError once `signal` is
 * aborted first; the listener is removed either way.
 */
export function unlessAborted<T>(signal: CancelSignal | undefined, start: (resolve: (value: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const stop = signal?.onAbort(() => reject(new CancelledError())) ?? (() => undefined);
    start((value) => {
      stop();
      resolve(value);
    }, (e) => {
      stop();
      reject(e);
    });
  });
}
