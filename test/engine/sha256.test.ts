/**
 * sha256Hex is a thin wrapper over @noble/hashes: what is ours is the form of the answer (64
 * lowercase hex characters, the form models.json and presets store) and that it digests exactly the
 * bytes a view shows, not the buffer behind it. The hash itself is the library's, tested there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sha256Hex } from '../../src/engine/sha256';

test('the digest of exactly the viewed bytes, as 64 lowercase hex characters', () => {
  expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const backing = randomBytes(5000);
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 13, 3001);
  expect(sha256Hex(view)).toBe(createHash('sha256').update(view).digest('hex'));
});
