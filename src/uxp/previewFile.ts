/** A preview frame the host exports to a file in the plugin's data folder: read, decoded, and the file removed again. */
import * as path from 'path';
import { decodeImage } from '../engine/images/imageCodec';
import type { PreviewFrame } from '../panel/panelHost';
import { uxp } from './uxpApi';
import { ensureFolder, readBytes, removeFile } from './uxpFiles';

let previewCounter = 0;

/** Where the host exports the next preview frame: the folder (created) and a base name no other preview uses. */
export async function nextPreviewTarget(): Promise<{ folder: string; baseName: string }> {
  const folder = path.join((await uxp().storage.localFileSystem.getDataFolder()).nativePath, 'preview');
  await ensureFolder(folder);
  return { folder, baseName: `preview-${Date.now()}-${++previewCounter}` };
}

export async function takePreviewFrame(file: string): Promise<PreviewFrame> {
  try {
    const bytes = await readBytes(file);
    return { image: decodeImage(bytes), file: bytes };
  } finally {
    await removeFile(file);
  }
}
