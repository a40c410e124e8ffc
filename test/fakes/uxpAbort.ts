/**
 * UXP's AbortController and AbortSignal as their reference pages describe them
 * (uxp-api/reference-js/global-members/html-dom/abort-controller.md, abort-signal.md): a controller
 * with `signal` and `abort(reason)`; a signal with `aborted`, `reason`, `throwIfAborted()` and the
 * static `AbortSignal.abort(reason)`, and nothing else. The page says "AbortSignal works only for
 * web streams": there is no abort event, no addEventListener, no onabort.
 */

/** abort-controller.md: "If the reason is not specified, the reason is set to "AbortError" DomException". */
const abortError = (): unknown => new DOMException('signal is aborted without reason', 'AbortError');

/** Each signal's state, kept outside it so that the signal shows only the documented members. */
const states = new WeakMap<SimAbortSignal, { aborted: boolean; reason: unknown }>();

function fire(signal: SimAbortSignal, reason: unknown): void {
  const state = states.get(signal)!;
  if (state.aborted) return;
  state.aborted = true;
  state.reason = reason === undefined ? abortError() : reason;
}

export class SimAbortSignal {
  constructor() {
    states.set(this, { aborted: false, reason: undefined });
  }

  get aborted(): boolean {
    return states.get(this)!.aborted;
  }

  get reason(): unknown {
    return states.get(this)!.reason;
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  static abort(reason?: unknown): SimAbortSignal {
    const signal = new SimAbortSignal();
    fire(signal, reason);
    return signal;
  }
}

export class SimAbortController {
  readonly signal = new SimAbortSignal();

  abort(reason?: unknown): void {
    fire(this.signal, reason);
  }
}
