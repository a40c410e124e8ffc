/**
 * Presets live with the project: a PERSISTENT project property holding the versioned preset file
 * (src/engine/look/presets.ts), mirrored to a fallback file keyed by the project GUID in the plugin's
 * data folder. A damaged store is reported and set aside (never thrown at the panel). A preset's
 * style image is copied beside the project and found again by its sha256, so a project folder
 * moved to another machine keeps its looks.
 */
import * as path from 'path';
import { CoherentStyleError } from '../../engine/errors';
import { serializePresetFile, type Preset, type PresetFile } from '../../engine/look/presets';
import { keepDamagedCopy, keepStyleImageBeside, loadStyleImageBeside, parseStoredPresets, type LoadedPresets } from '../../uxp/presetFiles';
import { premiere, type PProject } from './pproApi';
import { lockedTransaction } from './transactions';
import { uxp } from '../../uxp/uxpApi';
import { ensureFolder, exists, readText, writeFileAtomic } from '../../uxp/uxpFiles';

export const PRESETS_PROPERTY = 'com.coherentstyle.presets';
const SAVE_LABEL = 'Save Coherent Style presets';

async function fallbackPath(project: PProject): Promise<string> {
  const data = await uxp().storage.localFileSystem.getDataFolder();
  return path.join(data.nativePath, 'presets', `${String(project.guid)}.json`);
}

async function readStoredText(project: PProject): Promise<{ text: string; from: string } | undefined> {
  const properties = await premiere().Properties.getProperties(project);
  if (properties.hasValue(PRESETS_PROPERTY)) return { text: properties.getValue(PRESETS_PROPERTY), from: 'the project' };
  const fallback = await fallbackPath(project);
  if (await exists(fallback)) return { text: await readText(fallback), from: fallback };
  return undefined;
}

export async function loadPresets(project: PProject): Promise<LoadedPresets> {
  return parseStoredPresets(await readStoredText(project), async (text) => keepDamagedCopy(await fallbackPath(project), text));
}

export async function savePresets(project: PProject, file: PresetFile): Promise<void> {
  const text = serializePresetFile(file);
  const api = premiere();
  const properties = await api.Properties.getProperties(project);
  const ok = lockedTransaction(project, SAVE_LABEL, (compound) => {
    compound.addAction(properties.createSetValueAction(PRESETS_PROPERTY, text, api.Constants.PropertyType.PERSISTENT));
  });
  const fallback = await fallbackPath(project);
  await ensureFolder(path.dirname(fallback));
  await writeFileAtomic(fallback, text);
  if (!ok) throw new CoherentStyleError('HOST', 'Premiere Pro did not store the presets in the project; they were kept in the plugin data folder.');
}

/** Copies a style image beside the project (once per content) and describes it for a preset. */
export function keepStyleImage(project: PProject, bytes: Uint8Array, fileName: string): Promise<Preset['style']> {
  return keepStyleImageBeside(project.path, bytes, fileName);
}

/** The preset's style image bytes, verified by hash (presetFiles.ts). */
export function loadStyleImage(project: PProject, style: Preset['style']): Promise<Uint8Array> {
  return loadStyleImageBeside(project.path, style);
}
