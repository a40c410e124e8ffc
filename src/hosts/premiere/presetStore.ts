/**
 * Presets live with the project: a PERSISTENT project property holding the versioned preset file
 * (src/engine/presets.ts), mirrored to a fallback file keyed by the project GUID in the plugin's
 * data folder. A damaged store is reported and set aside (never thrown at the panel). A preset's
 * style image is copied beside the project and found again by its sha256, so a project folder
 * moved to another machine keeps its looks.
 */
import * as path from 'path';
import { CoherentStyleError, isCoherentStyleError } from '../../engine/errors';
import { emptyPresetFile, parsePresetFileText, serializePresetFile, type Preset, type PresetFile } from '../../engine/presets';
import { sha256Hex } from '../../engine/sha256';
import { premiere, type PProject } from './pproApi';
import { lockedTransaction } from './transactions';
import { uxp } from './uxpApi';
import { ensureFolder, exists, listNames, readBytes, readText, writeFileAtomic } from './uxpFiles';

export const PRESETS_PROPERTY = 'com.coherentstyle.presets';
export const STYLES_FOLDER_NAME = 'Coherent Style Styles';
const SAVE_LABEL = 'Save Coherent Style presets';

export interface LoadedPresets {
  file: PresetFile;
  /** Set when the stored presets were damaged and an empty set was started instead. */
  problem?: string;
}

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
  const stored = await readStoredText(project);
  if (!stored) return { file: emptyPresetFile() };
  try {
    return { file: parsePresetFileText(stored.text) };
  } catch (e) {
    if (!isCoherentStyleError(e) || e.code !== 'PRESET_INVALID') throw e;
    const kept = await setAside(project, stored.text);
    return {
      file: emptyPresetFile(),
      problem: `The presets stored in ${stored.from} could not be read (${e.message}) Starting with no presets; the damaged copy was kept as ${kept}.`,
    };
  }
}

async function setAside(project: PProject, text: string): Promise<string> {
  const target = (await fallbackPath(project)).replace(/\.json$/, `.damaged-${Date.now()}.json`);
  await ensureFolder(path.dirname(target));
  await writeFileAtomic(target, text);
  return target;
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

function stylesFolder(project: PProject): string {
  if (!project.path) throw new CoherentStyleError('HOST', 'Save the project first: preset style images are kept beside the project file.');
  return path.join(path.dirname(project.path), STYLES_FOLDER_NAME);
}

/** Copies a style image beside the project (once per content) and describes it for a preset. */
export async function keepStyleImage(project: PProject, bytes: Uint8Array, fileName: string): Promise<Preset['style']> {
  const sha256 = sha256Hex(bytes);
  const folder = stylesFolder(project);
  const name = `${sha256.slice(0, 12)}_${path.basename(fileName).replace(/[^A-Za-z0-9._ -]+/g, '_')}`;
  await ensureFolder(folder);
  const target = path.join(folder, name);
  if (!(await exists(target))) await writeFileAtomic(target, bytes);
  return { fileName: path.basename(fileName), sha256, relativePath: path.relative(path.dirname(project.path), target).split(path.sep).join('/') };
}

/** The preset's style image bytes, verified by hash: at its recorded place, else by hash prefix in the styles folder. */
export async function loadStyleImage(project: PProject, style: Preset['style']): Promise<Uint8Array> {
  const folder = stylesFolder(project);
  const candidates: string[] = [];
  if (style.relativePath) candidates.push(path.join(path.dirname(project.path), ...style.relativePath.split('/')));
  if (await exists(folder)) {
    for (const name of await listNames(folder)) if (name.startsWith(style.sha256.slice(0, 12))) candidates.push(path.join(folder, name));
  }
  for (const candidate of candidates) {
    if (!(await exists(candidate))) continue;
    const bytes = await readBytes(candidate);
    if (sha256Hex(bytes) === style.sha256) return bytes;
  }
  throw new CoherentStyleError('INPUT_UNREADABLE',
    `The style image "${style.fileName}" of this preset is missing from ${folder}. Copy it back there or pick the image again and re-save the preset.`);
}
