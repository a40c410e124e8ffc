/**
 * Image files on disk for the node host: read (with file-system failures turned into messages
 * about the input) and written atomically in the format the file name asks for.
 */
import * as path from 'node:path';
import type { Cancellable } from '../engine/errors';
import { CoherentStyleError } from '../engine/errors';
import { DEFAULT_MAX_PIXELS, maxImageFileBytes, type RasterImage } from '../engine/images/image';
import { decodeImage, encodeJpeg, encodePng } from '../engine/images/imageCodec';
import { writeFileAtomic } from './atomicFile';
import { readUserFile } from './userFileReader';

export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];
const JPEG_QUALITY = 92;

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** Reads and decodes an image file the user gave us (through the bounded reader); cancellable between chunks. */
export async function readImageFile(file: string, maxPixels = DEFAULT_MAX_PIXELS, signal?: Cancellable): Promise<RasterImage> {
  const bytes = await readUserFile(file, { maxBytes: maxImageFileBytes(maxPixels), signal });
  try {
    return decodeImage(bytes, { maxPixels });
  } catch (e) {
    if (e instanceof CoherentStyleError) {
      throw new CoherentStyleError(e.code, `${file}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

/** PNG or JPEG by the target's extension. */
export function encodeForPath(file: string, image: RasterImage): Uint8Array {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return encodePng(image);
  if (ext === '.jpg' || ext === '.jpeg') return encodeJpeg(image, JPEG_QUALITY);
  throw new CoherentStyleError('INVALID_ARGUMENT', `Cannot write ${ext || 'extensionless'} images; name the output .png or .jpg.`);
}

export async function writeImageFile(file: string, image: RasterImage): Promise<void> {
  await writeFileAtomic(file, encodeForPath(file, image));
}
