/**
 * Presets: named Looks (look/look.ts) that the panel lists and its host persists (Premiere: with
 * the project, src/apps/premiere/presetStore.ts). A preset keeps its style images by reference and
 * a second style as a share (the panel's form of a mix); presetLook() translates it into a Look.
 * The file is versioned; older versions still load and are written back as the current one:
 * version 1 (before keep colours and style scale) as the looks it saved (colours not kept, scale
 * 1), and versions 1 and 2, which stored "the sequence's own size" as 4320 and allowed sizes
 * from 1, with the size translated (presetFileOfVersion). Every helper returns a new PresetFile
 * and never modifies its input.
 */
import { z } from 'zod';
import { CoherentStyleError } from '../errors';
import { describeSchemaIssues } from '../schemaIssues';
import { lookInputShape, MIN_RENDER_SHORT_SIDE, type LookSettings } from './look';
import { mixOfShare } from './mix';

/** 3: the render size is the Look's (absent: the source's own size; 16 to 8192). */
export const PRESETS_VERSION = 3;
/** Versions this release reads; older ones are translated (presetFileOfVersion). */
const READABLE_VERSIONS = [1, 2, PRESETS_VERSION];
/** How versions 1 and 2 stored "the sequence's own size" (8K UHD's short side, their largest). */
const OLD_SEQUENCE_SIZE = 4320;

const styleReference = z.object({
  /** The style image's file name, shown when the image cannot be found. */
  fileName: z.string().min(1),
  /** sha256 of the style image file, so a moved image can be recognised and a changed one detected. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256'),
  /** Where the image was, relative to the preset file's folder (hosts resolve it). */
  relativePath: z.string().min(1).optional(),
});

/** A named Look: the Look's own schema (defaults for what older presets lack) with a name and its styles by reference. */
export const presetSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  style: styleReference,
  /** Since version 2: a second style mixed in style-statistics space; `share` is its weight (the first style has 1 − share). */
  mix: z.object({ style: styleReference, share: z.number().min(0).max(1) }).optional(),
  ...lookInputShape,
});

export const presetFileSchema = z.object({
  version: z.literal(PRESETS_VERSION),
  presets: z.array(presetSchema),
  defaultPresetId: z.string().optional(),
}).refine((f) => new Set(f.presets.map((p) => p.id)).size === f.presets.length, { message: 'preset ids must be unique' })
  .refine((f) => f.defaultPresetId === undefined || f.presets.some((p) => p.id === f.defaultPresetId),
    { message: 'defaultPresetId must name a listed preset', path: ['defaultPresetId'] });

export type Preset = z.infer<typeof presetSchema>;
export type PresetFile = z.infer<typeof presetFileSchema>;
export type NewPreset = Omit<z.input<typeof presetSchema>, 'id'>;

export function emptyPresetFile(): PresetFile {
  return { version: PRESETS_VERSION, presets: [] };
}

/** Validates parsed JSON as a preset file (PRESET_INVALID says what is wrong). */
export function parsePresetFile(json: unknown): PresetFile {
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > PRESETS_VERSION) {
    throw new CoherentStyleError('PRESET_INVALID',
      `These presets were saved by a newer version of Coherent Style (format ${version}). Update the plugin to use them.`);
  }
  const current = typeof version === 'number' && READABLE_VERSIONS.includes(version) ? presetFileOfVersion(version, json as { presets?: unknown }) : json;
  const parsed = presetFileSchema.safeParse(current);
  if (!parsed.success) {
    throw new CoherentStyleError('PRESET_INVALID',
      `The presets file is damaged: ${describeSchemaIssues(parsed.error)}. Fix or delete it to start with no presets.`,
      { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * An older file as the current version: every field it lacks has a default, and a version 1 or 2
 * render size is translated (4320, "the sequence's own size", to none; below the Look's smallest to it).
 */
function presetFileOfVersion(version: number, json: { presets?: unknown }): unknown {
  if (version >= PRESETS_VERSION || !Array.isArray(json.presets)) return { ...json, version: PRESETS_VERSION };
  const presets = json.presets.map((preset: unknown) => {
    if (typeof preset !== 'object' || preset === null) return preset;
    const { renderShortSide, ...rest } = preset as { renderShortSide?: unknown };
    if (typeof renderShortSide !== 'number' || renderShortSide >= OLD_SEQUENCE_SIZE) return rest;
    return { ...rest, renderShortSide: Math.max(MIN_RENDER_SHORT_SIDE, renderShortSide) };
  });
  return { ...json, version: PRESETS_VERSION, presets };
}

/** A preset's settings as a Look's, and its styles (references) as a mix: the preset's translation into a Look. */
export function presetLook(preset: Preset): { settings: LookSettings; styles: Array<{ style: Preset['style']; weight: number }> } {
  const { id: _id, name: _name, style, mix, ...settings } = preset;
  return { settings, styles: mixOfShare(style, mix) };
}

/** Parses the text of a presets file. */
export function parsePresetFileText(text: string): PresetFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CoherentStyleError('PRESET_INVALID',
      `The presets file is not valid JSON (${(e as Error).message}). Fix or delete it to start with no presets.`, { cause: e });
  }
  return parsePresetFile(json);
}

/** Stable, readable text for saving (hosts write it atomically). */
export function serializePresetFile(file: PresetFile): string {
  return `${JSON.stringify(parsePresetFile(file), null, 2)}\n`;
}

function findPreset(file: PresetFile, id: string): Preset {
  const preset = file.presets.find((p) => p.id === id);
  if (!preset) throw new CoherentStyleError('PRESET_INVALID', `There is no preset with id "${id}"; it may have been deleted.`);
  return preset;
}

function checkNameFree(file: PresetFile, name: string, exceptId?: string): void {
  const wanted = name.trim().toLowerCase();
  const clash = file.presets.find((p) => p.id !== exceptId && p.name.trim().toLowerCase() === wanted);
  if (clash) throw new CoherentStyleError('PRESET_INVALID', `A preset named "${clash.name}" already exists. Choose another name.`);
}

/** A lowercase id derived from the name, unique within the file. */
function idFor(file: PresetFile, name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'preset';
  const taken = new Set(file.presets.map((p) => p.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

function withPresets(presets: Preset[], defaultPresetId: string | undefined): PresetFile {
  return parsePresetFile({ version: PRESETS_VERSION, presets, ...(defaultPresetId !== undefined ? { defaultPresetId } : {}) });
}

/** Adds a preset (its id is derived from its name) and returns the new file and the preset. */
export function addPreset(file: PresetFile, preset: NewPreset): { file: PresetFile; preset: Preset } {
  checkNameFree(file, preset.name);
  const parsed = presetSchema.safeParse({ ...preset, id: idFor(file, preset.name) });
  if (!parsed.success) {
    throw new CoherentStyleError('PRESET_INVALID', `The preset cannot be saved: ${describeSchemaIssues(parsed.error)}.`, { cause: parsed.error });
  }
  const added = parsed.data;
  const next = withPresets([...file.presets, added], file.defaultPresetId);
  return { file: next, preset: findPreset(next, added.id) };
}

/** Renames a preset; its id (and so references to it) stays the same. */
export function renamePreset(file: PresetFile, id: string, name: string): PresetFile {
  findPreset(file, id);
  checkNameFree(file, name, id);
  return withPresets(file.presets.map((p) => (p.id === id ? { ...p, name: name.trim() } : p)), file.defaultPresetId);
}

/** Deletes a preset; if it was the default, there is no default any more. */
export function deletePreset(file: PresetFile, id: string): PresetFile {
  findPreset(file, id);
  return withPresets(file.presets.filter((p) => p.id !== id), file.defaultPresetId === id ? undefined : file.defaultPresetId);
}

/** Makes a preset the default (or clears the default with undefined). */
export function setDefaultPreset(file: PresetFile, id: string | undefined): PresetFile {
  if (id !== undefined) findPreset(file, id);
  return withPresets(file.presets, id);
}
