/** A preview frame the host exported to a file: read, decoded, and the file removed again. */
import { decodeImage } from '../engine/images/imageCodec';
import type { PreviewFrame } from '../panel/panelHost';
import { readBytes, removeFile } from './uxpFiles';

export async function takePreviewFrame(file: string): Promise<PreviewFrame> {
  try {
    const bytes = await readBytes(file);
    return { image: decodeImage(bytes), file: bytes };
  } finally {
    await removeFile(file);
  }
}
