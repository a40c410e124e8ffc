/**
 * SHA-256 for every host: UXP has no dependable crypto.subtle, and the engine must verify model
 * files the same way everywhere. @noble/hashes is audited and, measured on 30 MB, as fast as the
 * hand-written one it replaced (about 75 MB/s in V8 on the CI box).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** The SHA-256 digest of `bytes` as 64 lowercase hex characters. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
