import { createHash, randomBytes } from 'node:crypto';
import { sha256Hex } from '../../src/engine/sha256';

const nodeSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))
      .toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches node:crypto at every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = randomBytes(length);
      expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
    }
  });

  it('matches node:crypto on random multi-block inputs and on a subarray view', () => {
    for (const length of [1000, 4096, 65_537, 1_000_003]) {
      const bytes = randomBytes(length);
      expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
    }
    const backing = randomBytes(5000);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 13, 3001);
    expect(sha256Hex(view)).toBe(nodeSha256(view));
  });
});
