/** The style image file picker every UXP host offers (PNG or JPEG, one file). */
import { CoherentStyleError } from '../engine/errors';
import type { StyleFile } from '../panel/panelHost';
import { uxp } from './uxpApi';

const STYLE_TYPES = ['png', 'jpg', 'jpeg'];

/** Opens the file picker; undefined when the editor cancels. */
export async function pickStyleImage(): Promise<StyleFile | undefined> {
  const file = await uxp().storage.localFileSystem.getFileForOpening({ types: STYLE_TYPES, allowMultiple: false });
  if (!file) return undefined;
  const data = await file.read({ format: uxp().storage.formats.binary });
  if (typeof data === 'string') throw new CoherentStyleError('UNSUPPORTED_FORMAT', `${file.name} could not be read as an image.`);
  return { fileName: file.name, bytes: new Uint8Array(data) };
}
