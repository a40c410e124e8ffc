/**
 * UTF-8 in plain TypeScript: UXP has no TextEncoder/TextDecoder (Adobe's network recipe says so),
 * and the panel reads models.json and binary protocol headers. Decoding is strict (malformed,
 * overlong and surrogate sequences are refused), as TextDecoder's `fatal` mode is.
 */

export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    let cp = char.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate, as TextEncoder does
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

export class Utf8Error extends Error {}

/**
 * Decodes UTF-8 (a leading byte-order mark is dropped). Strict by default: throws Utf8Error at the
 * first malformed sequence; with `fatal: false` each malformed byte becomes U+FFFD instead.
 */
export function decodeUtf8(bytes: Uint8Array, { fatal = true }: { fatal?: boolean } = {}): string {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const parts: string[] = [];
  let codes: number[] = [];
  while (i < bytes.length) {
    const length = sequenceAt(bytes, i, codes);
    if (length === 0) {
      if (fatal) throw new Utf8Error(`malformed UTF-8 at byte ${i}`);
      codes.push(0xfffd);
      i += 1;
    } else {
      i += length;
    }
    if (codes.length >= 8192) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

/** Pushes the code point of the well-formed sequence at `i` and returns its length; 0 when malformed. */
function sequenceAt(bytes: Uint8Array, i: number, codes: number[]): number {
  const b = bytes[i];
  let cp: number;
  let extra: number;
  let min: number;
  if (b < 0x80) [cp, extra, min] = [b, 0, 0];
  else if (b >= 0xc2 && b < 0xe0) [cp, extra, min] = [b & 0x1f, 1, 0x80];
  else if (b >= 0xe0 && b < 0xf0) [cp, extra, min] = [b & 0x0f, 2, 0x800];
  else if (b >= 0xf0 && b < 0xf5) [cp, extra, min] = [b & 0x07, 3, 0x10000];
  else return 0;
  for (let k = 1; k <= extra; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  codes.push(cp);
  return extra + 1;
}
