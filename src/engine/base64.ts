/**
 * Base64 for carriers that only take strings (the UXP WebView bridge serialises messages as JSON).
 * Host-agnostic on purpose: UXP has no Buffer and its atob/btoa work on binary strings, which
 * would cost an extra copy per frame. Table lookups keep a 1080p frame in the tens of milliseconds.
 */
import { CoherentStyleError } from '../engine/errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64).map((_, i) => ALPHABET.charCodeAt(i));
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const PAD = '='.charCodeAt(0);
/** Characters converted per String.fromCharCode call (stays under engine argument limits). */
const CHUNK = 0x8000;

/** The native codec (TC39 Uint8Array base64, in current browsers and WebViews), when present. */
const native = Uint8Array as unknown as {
  fromBase64?: (text: string, options?: { lastChunkHandling?: 'strict' }) => Uint8Array;
  prototype: { toBase64?: () => string };
};

export function encodeBase64(bytes: Uint8Array): string {
  if (native.prototype.toBase64) return (bytes as unknown as { toBase64(): string }).toBase64();
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ENCODE[n >> 18];
    out[o++] = ENCODE[(n >> 12) & 63];
    out[o++] = ENCODE[(n >> 6) & 63];
    out[o++] = ENCODE[n & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = ENCODE[n >> 18];
    out[o++] = ENCODE[(n >> 12) & 63];
    out[o++] = rest === 2 ? ENCODE[(n >> 6) & 63] : PAD;
    out[o] = PAD;
  }
  let text = '';
  for (let c = 0; c < out.length; c += CHUNK) {
    text += String.fromCharCode.apply(null, out.subarray(c, c + CHUNK) as unknown as number[]);
  }
  return text;
}

/** Strict decoder: no whitespace, correct padding; anything else is a PROTOCOL error. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw invalid('its length is not a multiple of 4');
  if (native.fromBase64) {
    // Strict, like the fallback: no whitespace (checked here; the native decoder skips it), exact padding.
    if (/\s/.test(text)) throw invalid('it contains whitespace');
    try {
      return native.fromBase64(text, { lastChunkHandling: 'strict' });
    } catch {
      throw invalid('it has characters outside the alphabet or wrong padding');
    }
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const last = i + 4 === text.length;
    const c = last && padding === 2 ? 0 : sextet(text, i + 2);
    const d = last && padding >= 1 ? 0 : sextet(text, i + 3);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 256 ? DECODE[code] : -1;
  if (value < 0) throw invalid(`character ${index} is not base64`);
  return value;
}

function invalid(why: string): CoherentStyleError {
  return new CoherentStyleError('PROTOCOL', `The message payload is not valid base64: ${why}.`);
}
