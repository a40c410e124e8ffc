/**
 * Between Node's AbortSignal (Ctrl-C, SIGTERM, BullMQ's job signal; what spawn takes) and the
 * engine's CancelSignal (src/engine/cancellation.ts), which Node's own signal cannot stand in for.
 */
import { CancelController, type CancelSignal } from '../engine/cancellation';

const views = new WeakMap<AbortSignal, CancelSignal>();

/** The engine's view of a Node AbortSignal: aborted when it is, with its reason (one view, one listener, per signal). */
export function cancelSignalOf(signal: AbortSignal): CancelSignal {
  let view = views.get(signal);
  if (!view) {
    const controller = new CancelController();
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    view = controller.signal;
    views.set(signal, view);
  }
  return view;
}

/** A Node AbortSignal that follows the engine's, for Node APIs (spawn kills its child on abort). */
export function abortSignalOf(signal: CancelSignal): AbortSignal {
  const controller = new AbortController();
  signal.onAbort((reason) => controller.abort(reason));
  return controller.signal;
}
