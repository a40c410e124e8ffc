/**
 * The Look: everything an editor chooses about how a clip is stylized (mode, style mix, strength,
 * render size, keep colours, style scale, steadiness). Every app translates its own input (CLI
 * flags, the panel's state, a preset file, a wire message, a farm job) into a Look; its bounds,
 * its schema and its defaults live here once. A new control is a field of `lookFields` with its
 * default in LOOK_DEFAULTS and lookInputShape (and in UNKEYED_VALUES if that default changes
 * nothing): presets, farm jobs, the wire's messages, the stylizer's settings and render keys carry
 * it from there.
 */
import { z } from 'zod';
import { CoherentStyleError } from '../errors';
import { describeSchemaIssues } from '../schemaIssues';
import { TEMPORAL_LEVELS } from '../temporal/stabilizer';
import { normaliseStyleSource, type StyleSource, type WeightedStyle } from './mix';

/** Render size (the short side frames are stylized at): below it the models see no shapes; above it is beyond 8K. */
export const MIN_RENDER_SHORT_SIDE = 16;
export const MAX_RENDER_SHORT_SIDE = 8192;
/** Stroke size relative to the render size (styleScale.ts). */
export const MIN_STYLE_SCALE = 0.25;
export const MAX_STYLE_SCALE = 4;

/** Each control of a Look as every schema checks it (the wire's messages, farm jobs, presets). */
export const lookFields = {
  /** A mode id from models.json; checked against the installed models when the look is rendered. */
  mode: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a mode id such as "artistic"'),
  /** 0 is the frame untouched; see inference/strength.ts for how it blends. */
  strength: z.number().min(0).max(1),
  /** The short side frames are stylized at (the output keeps the input's size). */
  renderShortSide: z.number().int().min(MIN_RENDER_SHORT_SIDE).max(MAX_RENDER_SHORT_SIDE),
  /** The stylized luma with the frame's own colours (images/keepColors.ts). */
  keepColors: z.boolean(),
  /** Stroke size relative to the render size; 1 = the default look at 720p. */
  styleScale: z.number().min(MIN_STYLE_SCALE).max(MAX_STYLE_SCALE),
  /** Steadiness across a clip's frames (temporal/stabilizer.ts); stills and previews are never steadied. */
  temporal: z.enum(TEMPORAL_LEVELS),
};

/**
 * The one place defaults are set: what a look takes for a control its input does not give. The
 * render size has none: absent, it is the mode's recommendation (CLI, farm) or the source's own
 * size (the panel's "Sequence size").
 */
export const LOOK_DEFAULTS = {
  strength: 1,
  keepColors: false,
  styleScale: 1,
  temporal: 'normal',
} as const satisfies Partial<{ [K in keyof typeof lookFields]: z.infer<(typeof lookFields)[K]> }>;

/**
 * Each control's value that renders as releases before the control did (steadiness came after
 * the first renders, which were all unsteadied). Render keys leave a control out at this value,
 * so renders made before it are still reused; a new control whose default changes nothing lists
 * that default here.
 */
export const UNKEYED_VALUES: Partial<{ [K in keyof typeof lookFields]: z.infer<(typeof lookFields)[K]> }> = { temporal: 'off' };

/** A look's settings with every control given (the render size may be absent): how a farm job carries them. */
export const lookShape = { ...lookFields, renderShortSide: lookFields.renderShortSide.optional() };

/** The settings of a look as input gives them; parsing applies LOOK_DEFAULTS (a preset reuses this shape). */
export const lookInputShape = {
  ...lookShape,
  strength: lookFields.strength.default(LOOK_DEFAULTS.strength),
  keepColors: lookFields.keepColors.default(LOOK_DEFAULTS.keepColors),
  styleScale: lookFields.styleScale.default(LOOK_DEFAULTS.styleScale),
  temporal: lookFields.temporal.default(LOOK_DEFAULTS.temporal),
};

export const lookSettingsSchema = z.strictObject(lookInputShape);

/** A look's settings with every default applied. */
export type LookSettings = z.output<typeof lookSettingsSchema>;
/** A look's settings as an app gives them (absent controls take LOOK_DEFAULTS). */
export type LookSettingsInput = z.input<typeof lookSettingsSchema>;

/** A look the engine renders: its settings and its style mix (weights summing to 1). */
export interface Look extends LookSettings {
  styles: readonly WeightedStyle[];
}

/** The settings from an app's input, defaults applied once; INVALID_ARGUMENT says which control is out of range. */
export function lookSettingsOf(input: LookSettingsInput): LookSettings {
  const parsed = lookSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The look cannot be rendered: ${describeSchemaIssues(parsed.error)}.`, { cause: parsed.error });
  }
  return parsed.data;
}

/** A Look from an app's input: its settings (defaults applied once) and its style or mix, normalised. */
export function lookOf(input: LookSettingsInput & { style: StyleSource }): Look {
  const { style, ...settings } = input;
  return { ...lookSettingsOf(settings), styles: normaliseStyleSource(style) };
}

/** The names of a Look's controls. */
export const LOOK_CONTROLS = Object.keys(lookFields) as ReadonlyArray<keyof LookSettings>;

/** The controls that decide how a look's style is encoded (once per job); the others apply to each frame. */
export const STYLE_CONTROLS = ['mode', 'styleScale'] as const satisfies ReadonlyArray<keyof LookSettings>;
export const FRAME_CONTROLS = LOOK_CONTROLS.filter((k) => !(STYLE_CONTROLS as ReadonlyArray<string>).includes(k));

/** The given `controls` (default: all) that `source` (an app's state, a message, a look) sets, without its other fields. */
export function lookControlsOf(source: object, controls: ReadonlyArray<keyof LookSettings> = LOOK_CONTROLS): Partial<LookSettings> {
  const fields = source as Record<string, unknown>;
  return Object.fromEntries(controls.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]));
}

/** The settings of a look without its styles. */
export function settingsOfLook(look: Look): LookSettings {
  const { styles: _styles, ...settings } = look;
  return settings;
}
