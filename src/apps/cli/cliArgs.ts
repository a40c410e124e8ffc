/**
 * What the CLI's commands take, as typed values, and the parsers commander runs on option values.
 * Every mistake is INVALID_ARGUMENT with a sentence saying what to type instead (exit code 2).
 */
import type { Command } from 'commander';
import { CoherentStyleError } from '../../engine/errors';
import { isFarmJobKey } from '../../farm/jobKey';
import { parseFrameSpan, type FrameSpanRequest } from '../../node-io/frameSpan';
import { parseOutputFormat, type OutputFormat } from '../../node-io/outputFormat';
import { TEMPORAL_LEVELS, type TemporalLevel } from '../../engine/temporal/stabilizer';
import { MAX_MIXED_STYLES, MAX_STYLE_WEIGHT, styleWeightsProblem } from '../../engine/look/mix';
import {
  LOOK_DEFAULTS, lookControlsOf, MAX_RENDER_SHORT_SIDE, MAX_STYLE_SCALE, MIN_RENDER_SHORT_SIDE, MIN_STYLE_SCALE, type LookSettings, type LookSettingsInput,
} from '../../engine/look/look';

export interface StylizeCommand {
  input: string;
  /** One style image, or two to four to mix. */
  style: string | readonly string[];
  /** Mix weights, one per style; undefined: equal weights. */
  weights?: readonly number[];
  /** Stroke size relative to the render size (0.25..4); undefined: the Look's default. */
  styleScale?: number;
  /** Mode id; undefined: the models' default mode. */
  mode?: string;
  out: string;
  /** Video or frame-sequence format; undefined: the default of --out's extension. */
  format?: OutputFormat;
  strength: number;
  /** Keep the input's own colours (stylized luma, input chroma). */
  keepColors?: boolean;
  /** Short side to render at; undefined: the mode's recommendation. */
  size?: number;
  /** As typed; frame numbers once the input's frame rate is known (resolveFrameSpan). */
  frames?: FrameSpanRequest;
  /** Steadiness of videos and frame folders (images are never steadied). */
  temporal: TemporalLevel;
  /** A keyframes file: strength and style mix over time (keyframesFile.ts). */
  keyframes?: string;
  /** Limits the look to a matte: an image, a video or a frame folder (matteInput.ts). */
  matte?: string;
  /** The look goes where the matte is black. */
  invertMatte?: boolean;
  /** A second look (this style, the same settings) outside the matte instead of the untouched input. */
  matteStyle?: string;
  overwrite: boolean;
  models?: string;
}

export interface ModelsCommand {
  action: 'list' | 'verify';
  models?: string;
  /** list: add render size, file size and provenance to the table. */
  details?: boolean;
}

export interface DemoCommand {
  models?: string;
  /** Folder the demo writes into; default out/ in the repository. */
  out?: string;
  size?: number;
}

export function usageError(message: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `${message}\nRun \`coherent-style --help\` for usage.`);
}

/** A plain decimal from 0 to 1 ("0.75", ".5", "1"): Number() would also take "0x1" and "1e-400". */
const PLAIN_DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

export function parseStrength(text: string): number {
  const value = Number(text);
  if (!PLAIN_DECIMAL.test(text.trim()) || value < 0 || value > 1) {
    throw usageError(`--strength must be a number from 0 to 1, got "${text}".`);
  }
  return value;
}

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseWeights(text: string): number[] {
  const parts = text.split(',').map((t) => t.trim());
  const values = parts.map(Number);
  if (parts.some((t) => t === '') || styleWeightsProblem(values) !== undefined) {
    throw usageError(`--weights must be numbers from 0 to ${MAX_STYLE_WEIGHT} separated by commas, one per --style, not all 0 (e.g. 0.7,0.3), got "${text}".`);
  }
  return values;
}

export function parseStyleScale(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < MIN_STYLE_SCALE || value > MAX_STYLE_SCALE) {
    throw usageError(`--style-scale must be a number from ${MIN_STYLE_SCALE} to ${MAX_STYLE_SCALE} (1 = the default stroke size, 2 = strokes twice as big), got "${text}".`);
  }
  return value;
}

/** The style images and weights of a command, checked against each other. */
export function styleMixOf(command: Pick<StylizeCommand, 'style' | 'weights'>): Array<{ file: string; weight: number }> {
  const files = typeof command.style === 'string' ? [command.style] : [...command.style];
  if (files.length > MAX_MIXED_STYLES) throw usageError(`At most ${MAX_MIXED_STYLES} --style images can be mixed, got ${files.length}.`);
  const weights = command.weights ?? files.map(() => 1);
  if (weights.length !== files.length) {
    throw usageError(`--weights has ${weights.length} value${weights.length === 1 ? '' : 's'} but there ${files.length === 1 ? 'is 1 --style' : `are ${files.length} --style images`}; give one weight per style.`);
  }
  return files.map((file, i) => ({ file, weight: weights[i] }));
}

export function parseTemporal(text: string): TemporalLevel {
  const level = TEMPORAL_LEVELS.find((l) => l === text.trim());
  if (!level) throw usageError(`--temporal must be one of ${TEMPORAL_LEVELS.join(', ')} (how much the stabilizer steadies the frames of a clip), got "${text}".`);
  return level;
}

export function parseSize(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < MIN_RENDER_SHORT_SIDE || value > MAX_RENDER_SHORT_SIDE) {
    throw usageError(`--size must be a whole number of pixels from ${MIN_RENDER_SHORT_SIDE} to ${MAX_RENDER_SHORT_SIDE} (the short side to render at), got "${text}".`);
  }
  return value;
}

/**
 * The CLI's translation of a rendering command's look flags (withLookOptions; --mode) into a
 * Look's settings: each flag is named as the Look's control but --size, the render size. Mode
 * undefined: the models' default.
 */
export function lookInputOf(flags: Partial<LookSettings> & { size?: number }): Omit<LookSettingsInput, 'mode'> & { mode?: string } {
  return { ...lookControlsOf(flags), renderShortSide: flags.size };
}

/** A parser for a whole-number option within [min, max]. */
export function wholeNumber(flag: string, min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}".`);
    return value;
  };
}

/** A farm job id as `farm submit` prints it. */
export function parseFarmJobKey(text: string): string {
  if (!isFarmJobKey(text)) throw usageError('Give one job id as printed by `coherent-style farm submit` (cs- and 32 hex digits).');
  return text;
}

/**
 * A preAction hook: each named option (commander's attribute name) must have a value, else the
 * usage error with its sentence. Used where the sentence says more than "required option" would
 * (another way to give the value, what the value is for).
 */
export function requireOptions(sentences: Readonly<Record<string, string>>): (command: Command) => void {
  return (command) => {
    const values = command.opts<Record<string, unknown>>();
    for (const [name, sentence] of Object.entries(sentences)) {
      if (values[name] === undefined) throw usageError(sentence);
    }
  };
}

/**
 * The look options every rendering command takes (stylize, farm submit), declared once so that each
 * editor control works the same wherever a clip is rendered.
 */
export function withLookOptions(command: Command): Command {
  return command
    .option('--weights <w1,w2,…>', 'how much of each --style goes into the mix (default: equal)', parseWeights)
    .option('--strength <0..1>', 'style strength (0 gives the input back untouched)', parseStrength, LOOK_DEFAULTS.strength)
    .option('--keep-colors', "keep the input's own colours: the style changes brightness and texture only", LOOK_DEFAULTS.keepColors)
    .option('--style-scale <0.25..4>', 'stroke size relative to the frame: 1 = default, 2 = twice as big, 0.5 = finer', parseStyleScale)
    .option('--size <short side>', "short side to render at (default: the mode's recommendation)", parseSize)
    .option('--format <format>', 'h264 (.mp4/.m4v/.mkv/.mov; default), prores-422-hq (.mov), prores-4444 (.mov, keeps alpha), dnxhr-hqx (.mov/.mxf; default for .mxf) or png (a folder of frames)', parseOutputFormat)
    .option('--frames <A-B>', 'render part of a clip: frames (10-19, 10- to the end), seconds (2.5s-4s) or timecode (00:00:02:12-00:00:04:00)', parseFrameSpan)
    .option('--keyframes <file.json>', 'strength and style mix over time: keyframes at frame numbers, seconds or timecode (see --help)')
    .option('--temporal <off|normal|strong>', 'steadiness of a video or frame folder: the stabilizer carries each frame\'s look into the next along the motion (images are never steadied)', parseTemporal, LOOK_DEFAULTS.temporal)
    .option('--matte <image|video|folder>', 'limit the look to a matte: white (or opaque) gets the look, black keeps the input exactly; a video or folder gives each frame its own')
    .option('--invert-matte', 'the look goes where the matte is black instead')
    .option('--matte-style <image>', 'outside the matte, this style (same settings) instead of the untouched input');
}

/** The matte flags (withLookOptions), wherever a clip is rendered. */
export type MatteFlags = Pick<StylizeCommand, 'matte' | 'invertMatte' | 'matteStyle'>;

/** --invert-matte and --matte-style say something about a matte, so they need one. */
export function checkMatteFlags(flags: MatteFlags): void {
  if (!flags.matte && (flags.matteStyle || flags.invertMatte)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `${flags.matteStyle ? '--matte-style' : '--invert-matte'} goes with --matte <image|video|folder>, the matte it applies to.`);
  }
}
