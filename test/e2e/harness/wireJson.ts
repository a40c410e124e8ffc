/**
 * JSON that keeps typed arrays (as base64) and bigints, for the panel harness's calls between
 * the browser (the panel) and Node (Premiere's PanelHost over the fakes). Test plumbing only.
 */
import { decodeBase64, encodeBase64 } from '../../../src/engine/base64';
import { CancelledError, CoherentStyleError, isCoherentStyleError, type ErrorCode } from '../../../src/engine/errors';

type Typed = { $typed: 'Uint8Array' | 'Uint16Array' | 'Float32Array'; b64: string };

export function toWireJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) => {
    // A CancelSignal cannot cross; the callee gets none (cancellation is not under test here).
    if (v && typeof v === 'object' && typeof v.aborted === 'boolean' && typeof v.onAbort === 'function') return null;
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (v instanceof Uint8Array || v instanceof Uint16Array || v instanceof Float32Array) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { $typed: v.constructor.name, b64: encodeBase64(bytes) } as Typed;
    }
    return v;
  });
}

export function fromWireJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && '$bigint' in v) return BigInt(v.$bigint);
    if (v && typeof v === 'object' && '$typed' in v) {
      const bytes = decodeBase64((v as Typed).b64).slice();
      if (v.$typed === 'Uint16Array') return new Uint16Array(bytes.buffer);
      if (v.$typed === 'Float32Array') return new Float32Array(bytes.buffer);
      return bytes;
    }
    return v;
  }) as T;
}

type Outcome<T> = { value?: T; error?: { code: ErrorCode; message: string } };

/**
 * A call's outcome as wire JSON: its value, or the CoherentStyleError it threw (code and message),
 * so the panel words a host's error as it would in Premiere; any other error propagates.
 */
export async function toWireOutcome(call: () => Promise<unknown>): Promise<string> {
  try {
    return toWireJson({ value: await call() });
  } catch (e) {
    if (!isCoherentStyleError(e)) throw e;
    return toWireJson({ error: { code: e.code, message: e.message } });
  }
}

/** The value of a wire outcome, or its CoherentStyleError thrown again on this side. */
export function fromWireOutcome<T = unknown>(text: string): T {
  const { value, error } = fromWireJson<Outcome<T>>(text);
  if (!error) return value as T; // an undefined value leaves no key in the JSON
  throw error.code === 'CANCELLED' ? new CancelledError(error.message) : new CoherentStyleError(error.code, error.message);
}
