/** The engine's UTF-8 codec agrees with Node's TextEncoder/TextDecoder (fatal) and refuses what it refuses. */
import { decodeUtf8, encodeUtf8, Utf8Error } from '../../src/engine/utf8';

const samples = ['', 'plain ASCII', 'Grüße, café', '日本語のテキスト', 'emoji 🎬🎞️ and \u{10FFFF}', 'a'.repeat(20000) + 'é'];

test('encodes and decodes like TextEncoder/TextDecoder', () => {
  for (const text of samples) {
    const bytes = encodeUtf8(text);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(new TextEncoder().encode(text)));
    expect(decodeUtf8(bytes)).toBe(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  }
  expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
});

test('refuses malformed, truncated, overlong and surrogate sequences', () => {
  const bad = [[0xff], [0xc3], [0xe6, 0x97], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xc3, 0x28]];
  for (const bytes of bad) {
    const array = Uint8Array.from(bytes);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(array)).toThrow();
    expect(() => decodeUtf8(array)).toThrow(Utf8Error);
  }
});
