/**
 * Which format an image file is in, sniffed from its bytes rather than its name, and the errors
 * that tell the editor what is wrong with a file: a format the engine does not read (named when
 * it is a common one), or a PNG or JPEG that is damaged.
 */
import { CoherentStyleError } from '../errors';

export type ImageFormat = 'png' | 'jpeg';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SUPPORTED = 'Use a PNG or JPEG image (export the frame or re-save the style image in one of those formats).';

export function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

export const ascii = (text: string): number[] => Array.from(text, (ch) => ch.charCodeAt(0));

/** Names of formats editors often have by mistake, so the refusal can say what the file is. */
const RECOGNISED_OTHERS: { name: string; matches: (b: Uint8Array) => boolean }[] = [
  { name: 'a GIF image', matches: (b) => startsWith(b, ascii('GIF8')) },
  { name: 'a WebP image', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { name: 'a TIFF image', matches: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { name: 'a BMP image', matches: (b) => startsWith(b, ascii('BM')) },
  { name: 'a HEIC/AVIF image', matches: (b) => startsWith(b, ascii('ftyp'), 4) },
  { name: 'a PSD document', matches: (b) => startsWith(b, ascii('8BPS')) },
];

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  return sample.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f));
}

/** The format the bytes are in, or undefined when they are neither PNG nor JPEG. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  return undefined;
}

/** The refusal of bytes that are neither PNG nor JPEG, saying what they are where that is known. */
export function unsupportedFormatError(bytes: Uint8Array): CoherentStyleError {
  const other = RECOGNISED_OTHERS.find((f) => f.matches(bytes));
  const what = other ? `is ${other.name}` : looksLikeText(bytes) ? 'contains text, not image data' : 'is not a PNG or JPEG image';
  return new CoherentStyleError('UNSUPPORTED_FORMAT', `This file ${what}, whatever its name says. ${SUPPORTED}`);
}

export function damagedImageError(format: ImageFormat, problem: string, cause?: unknown): CoherentStyleError {
  const name = format === 'png' ? 'PNG' : 'JPEG';
  return new CoherentStyleError(
    'INVALID_IMAGE',
    `This ${name} file is damaged or incomplete (${problem}). Re-export or re-save the image and try again.`,
    { cause },
  );
}
