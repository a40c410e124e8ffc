/**
 * How the panel and the companion prove to each other that both know the token in
 * companion.json, without either sending it. After a crash the file can outlive the server and
 * another local program may hold its port: the panel must learn that before it sends a frame,
 * and must not hand that program the token.
 *
 *  - The client picks a fresh nonce and opens `/?nonce=N&auth=HMAC(token, "client:" N)`; the
 *    server refuses the upgrade unless `auth` matches.
 *  - The client's hello repeats N; the server's capabilities carry `proof = HMAC(token, "server:" N)`,
 *    which the client checks before sending anything else.
 *
 * HMAC-SHA256 from @noble/hashes: UXP has no crypto.subtle. Only ASCII is hashed, so no
 * TextEncoder is needed either (UXP lacks it too).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';

/** 256-bit nonces, as lowercase hex. */
export const NONCE_PATTERN = /^[0-9a-f]{64}$/;

export function newNonce(): string {
  return bytesToHex(randomBytes(32));
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0x7f);

function tag(token: string, role: 'client' | 'server', nonce: string): string {
  return bytesToHex(hmac(sha256, hexToBytes(token), ascii(`coherent-style companion ${role}:${nonce}`)));
}

/** What the client puts in the upgrade URL to show it read the token. */
export function clientAuth(token: string, nonce: string): string {
  return tag(token, 'client', nonce);
}

/** What the server puts in its capabilities to show it holds the token. */
export function serverProof(token: string, nonce: string): string {
  return tag(token, 'server', nonce);
}

/** Compares two hex strings in time independent of where they differ. */
export function sameTag(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
