import { decodeBase64, encodeBase64 } from '../../src/engine/base64';
import { CoherentStyleError } from '../../src/engine/errors';

describe('base64', () => {
  it('matches Node for every tail length and all byte values', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length) & 255);
      const expected = Buffer.from(bytes).toString('base64');
      expect(encodeBase64(bytes)).toBe(expected);
      expect(Array.from(decodeBase64(expected))).toEqual(Array.from(bytes));
    }
  });

  it('round-trips a large buffer across the chunk boundary', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 131) & 255);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
  });

  it.each(['abc', 'ab!d', 'ab=d', 'a===', 'Zm9v\n'])('refuses %j', (text) => {
    expect(() => decodeBase64(text)).toThrow(CoherentStyleError);
  });
});
