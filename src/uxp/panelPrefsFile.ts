/**
 * The panel's own settings (PanelPrefs: which sections are open, whether a look was applied) in the
 * plugin's data folder, beside the recent styles; written atomically. The panel checks what is read.
 */
import * as path from 'path';
import type { PanelPrefs } from '../panel/panelLayout';
import { uxp } from './uxpApi';
import { exists, readText, writeFileAtomic } from './uxpFiles';

async function prefsFile(): Promise<string> {
  return path.join((await uxp().storage.localFileSystem.getDataFolder()).nativePath, 'panel-prefs.json');
}

/** The saved prefs as parsed JSON; undefined when there are none or they cannot be read (only the layout is lost). */
export async function loadPanelPrefs(): Promise<unknown> {
  const file = await prefsFile();
  if (!(await exists(file))) return undefined;
  try {
    return JSON.parse(await readText(file)) as unknown;
  } catch {
    return undefined;
  }
}

export async function savePanelPrefs(prefs: PanelPrefs): Promise<void> {
  await writeFileAtomic(await prefsFile(), JSON.stringify(prefs, null, 2));
}
