/**
 * Presets live with the project: in its XMP packet (xmpPresets.ts; saved with the .aep), mirrored
 * to a file beside the project, which is read when the packet has none (a project saved by a
 * build that dropped it). Presets need a saved project: the mirror and the style images are kept
 * beside it. A damaged store is reported and set aside (presetFiles.ts).
 */
import * as path from 'path';
import { CoherentStyleError } from '../../engine/errors';
import { serializePresetFile, type Preset, type PresetFile } from '../../engine/look/presets';
import { keepDamagedCopy, keepStyleImageBeside, loadStyleImageBeside, parseStoredPresets, type LoadedPresets } from '../../uxp/presetFiles';
import { exists, readText, writeFileAtomic } from '../../uxp/uxpFiles';
import { afterEffects } from './aeApi';
import { presetsInXmp, withPresetsInXmp } from './xmpPresets';

const SAVE_LABEL = 'Save Coherent Style presets';

function savedProjectFile(): string {
  const file = afterEffects().project.file;
  if (!file) throw new CoherentStyleError('HOST', 'Save the project first (File › Save): presets and their style images are kept with the project file.');
  return file;
}

/** `<project folder>/<project name> Coherent Style presets.json` */
function mirrorPath(projectFile: string): string {
  return path.join(path.dirname(projectFile), `${path.basename(projectFile, path.extname(projectFile))} Coherent Style presets.json`);
}

async function readStoredText(): Promise<{ text: string; from: string } | undefined> {
  const { project } = afterEffects();
  const inXmp = presetsInXmp(project.xmpPacket);
  if (inXmp !== undefined) return { text: inXmp, from: 'the project\'s XMP metadata' };
  if (!project.file) return undefined;
  const mirror = mirrorPath(project.file);
  return (await exists(mirror)) ? { text: await readText(mirror), from: mirror } : undefined;
}

export async function loadPresets(): Promise<LoadedPresets> {
  return parseStoredPresets(await readStoredText(), (text) => keepDamagedCopy(mirrorPath(savedProjectFile()), text));
}

/** Stores the presets in the project's XMP (one undo step) and in the file beside the project. */
export async function savePresets(file: PresetFile): Promise<void> {
  const projectFile = savedProjectFile();
  const text = serializePresetFile(file);
  await writeFileAtomic(mirrorPath(projectFile), text);
  const app = afterEffects();
  app.beginUndoGroup(SAVE_LABEL);
  try {
    app.project.xmpPacket = withPresetsInXmp(app.project.xmpPacket, text);
  } catch (e) {
    throw new CoherentStyleError('HOST', `After Effects did not store the presets in the project (${(e as Error)?.message ?? String(e)}); `
      + `they were kept in ${mirrorPath(projectFile)}.`, { cause: e });
  } finally {
    app.endUndoGroup();
  }
}

export async function keepStyleImage(bytes: Uint8Array, fileName: string): Promise<Preset['style']> {
  return keepStyleImageBeside(savedProjectFile(), bytes, fileName);
}

export async function loadStyleImage(style: Preset['style']): Promise<Uint8Array> {
  return loadStyleImageBeside(savedProjectFile(), style);
}
