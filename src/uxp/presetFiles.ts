/**
 * What presets keep beside the project in every UXP host: a preset's style image, copied once
 * per content into "Coherent Style Styles/" and found again by its sha256 (so a project folder
 * moved to another machine keeps its looks), and the reading of stored preset text, where a
 * damaged store is reported and set aside, never thrown at the panel.
 */
import * as path from 'path';
import { CoherentStyleError, isCoherentStyleError } from '../engine/errors';
import { emptyPresetFile, parsePresetFileText, type Preset, type PresetFile } from '../engine/look/presets';
import { sha256Hex } from '../engine/sha256';
import { ensureFolder, exists, listNames, readBytes, writeFileAtomic } from './uxpFiles';

export const STYLES_FOLDER_NAME = 'Coherent Style Styles';

export interface LoadedPresets {
  file: PresetFile;
  /** Set when the stored presets were damaged and an empty set was started instead. */
  problem?: string;
}

/** Parses stored preset text; damaged text is kept through `setAside` (which answers where) and an empty set started. */
export async function parseStoredPresets(
  stored: { text: string; from: string } | undefined, setAside: (text: string) => Promise<string>,
): Promise<LoadedPresets> {
  if (!stored) return { file: emptyPresetFile() };
  try {
    return { file: parsePresetFileText(stored.text) };
  } catch (e) {
    if (!isCoherentStyleError(e) || e.code !== 'PRESET_INVALID') throw e;
    const kept = await setAside(stored.text);
    return {
      file: emptyPresetFile(),
      problem: `The presets stored in ${stored.from} could not be read (${e.message}) Starting with no presets; the damaged copy was kept as ${kept}.`,
    };
  }
}

/** Writes damaged preset text beside `file` under a dated name and answers that name. */
export async function keepDamagedCopy(file: string, text: string): Promise<string> {
  const target = file.replace(/\.json$/, `.damaged-${Date.now()}.json`);
  await ensureFolder(path.dirname(target));
  await writeFileAtomic(target, text);
  return target;
}

function stylesFolder(projectPath: string): string {
  if (!projectPath) throw new CoherentStyleError('HOST', 'Save the project first: preset style images are kept beside the project file.');
  return path.join(path.dirname(projectPath), STYLES_FOLDER_NAME);
}

/** Copies a style image beside the project (once per content) and describes it for a preset. */
export async function keepStyleImageBeside(projectPath: string, bytes: Uint8Array, fileName: string): Promise<Preset['style']> {
  const sha256 = sha256Hex(bytes);
  const folder = stylesFolder(projectPath);
  const name = `${sha256.slice(0, 12)}_${path.basename(fileName).replace(/[^A-Za-z0-9._ -]+/g, '_')}`;
  await ensureFolder(folder);
  const target = path.join(folder, name);
  if (!(await exists(target))) await writeFileAtomic(target, bytes);
  return { fileName: path.basename(fileName), sha256, relativePath: path.relative(path.dirname(projectPath), target).split(path.sep).join('/') };
}

/** The preset's style image bytes, verified by hash: at its recorded place, else by hash prefix in the styles folder. */
export async function loadStyleImageBeside(projectPath: string, style: Preset['style']): Promise<Uint8Array> {
  const folder = stylesFolder(projectPath);
  const candidates: string[] = [];
  if (style.relativePath) candidates.push(path.join(path.dirname(projectPath), ...style.relativePath.split('/')));
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
