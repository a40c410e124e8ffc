/**
 * Waiting in the farm and companion tests: the order of events decides every test (a log line, a
 * file, a Redis state), never how long something took. The one bound, SAFETY_NET_MS, is a safety
 * net that only a hang reaches, not a slow or busy machine; tests that wait use it as their
 * timeout too, so Jest's own timeout never fires first.
 */
export const SAFETY_NET_MS = 15 * 60_000;

/** Resolves once `condition` holds, checking it every `everyMs`; fails (saying what it waited for) only past the safety net. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, everyMs = 25): Promise<void> {
  const end = Date.now() + SAFETY_NET_MS;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`waited ${SAFETY_NET_MS / 60_000} minutes (the safety net) for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
