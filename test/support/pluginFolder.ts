/**
 * A plugin folder laid out as `npm run build` lays out dist/ for what the Premiere host reads from
 * it: models/ (the models given) and styles/ (the bundled styles, samples/styles, which
 * webpack.config.js copies there). Links, so nothing large is copied.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BUNDLED_STYLES_DIR = path.resolve(__dirname, '../../samples/styles');

/** Makes `<parent>/plugin` with models/ and styles/ and returns its path. */
export function pluginFolderWith(parent: string, modelsDir: string): string {
  const folder = path.join(parent, 'plugin');
  fs.mkdirSync(folder, { recursive: true });
  fs.symlinkSync(modelsDir, path.join(folder, 'models'), 'dir');
  fs.symlinkSync(BUNDLED_STYLES_DIR, path.join(folder, 'styles'), 'dir');
  return folder;
}
