/**
 * The style images the plugin ships in its folder's styles/ (webpack.config.js copies
 * samples/styles there), read through the documented plugin-folder API: getPluginFolder() is the
 * read-only installation folder, getEntry/getEntries walk it, File.read gives the bytes.
 */
import { CoherentStyleError } from '../engine/errors';
import type { StyleFile } from '../panel/panelHost';
import { uxp, type UFile, type UFolder } from './uxpApi';

const STYLES_FOLDER = 'styles';
const STYLE_FILE = /\.(png|jpe?g)$/i;

async function stylesFolder(): Promise<UFolder | undefined> {
  const plugin = await uxp().storage.localFileSystem.getPluginFolder();
  try {
    const entry = await plugin.getEntry(STYLES_FOLDER);
    return entry.isFolder ? (entry as UFolder) : undefined;
  } catch {
    return undefined; // a plugin built without bundled styles offers no gallery
  }
}

/** The bundled styles in name order; none when the plugin has no styles/ folder. */
export async function bundledStyles(): Promise<StyleFile[]> {
  const folder = await stylesFolder();
  if (!folder) return [];
  const files = (await folder.getEntries()).filter((e) => e.isFile && STYLE_FILE.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  const styles: StyleFile[] = [];
  for (const file of files) {
    const data = await (file as UFile).read({ format: uxp().storage.formats.binary });
    if (typeof data === 'string') throw new CoherentStyleError('UNSUPPORTED_FORMAT', `The bundled style ${file.name} could not be read as an image. Reinstall the plugin.`);
    styles.push({ fileName: file.name, bytes: new Uint8Array(data) });
  }
  return styles;
}
