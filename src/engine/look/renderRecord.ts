/**
 * Render reuse: a finished render holds a record of what made it (a content-addressed key over
 * the source frames, the settings, the style pixels and the model hashes) and the digest of every
 * file it wrote. The panel keeps it in each render folder, the command line in an output folder
 * or beside an output file. Rendering again with the same key reuses the files instead of
 * stylizing again; a record that does not parse, or a file that is missing or changed, means the
 * render is never reused.
 */
import { z } from 'zod';
import { canonicalJson } from '../canonicalJson';
import type { RasterImage } from '../images/image';
import { sha256Hex } from '../sha256';
import { encodeUtf8 } from '../utf8';
import { UNKEYED_VALUES, type Look, type LookSettings } from './look';
import type { LookKeyframes } from './lookKeyframes';
import { normaliseStyleSource, type StyleSource } from './mix';

export const RENDER_RECORD_FILE = 'render.json';
const RENDER_RECORD_VERSION = 1;

/**
 * Everything that decides a render's frames: its look (style as a digest) and models, and the
 * source. A control at its UNKEYED_VALUES value is left out of the key (keyed()), so renders made
 * before the control existed keep their keys.
 */
export type RenderIdentity = Omit<LookSettings, 'renderShortSide'> & {
  models: { styleEncoder: string; stylizer: string };
  /** styleSourceDigest() of the style image or mix. */
  style: string;
  width: number;
  height: number;
  /** sha256 of each source file, in order: the panel's exported frames, the command line's input file or frame files. */
  sourceFrames: readonly string[];
  /** The command line's: the frames of the source rendered (a --frames range of a video, a folder's frame numbers). */
  sourceFrameNumbers?: readonly number[];
  /** The command line's: the short side stylized at (the panel stylizes at the frame's own size, keyed by width and height). */
  renderShortSide?: number;
  /** The command line's: what is written ('image', 'png' frames or a video format), which decides the output's bytes. */
  output?: string;
  /** Strength and style mix over time (the command line's --keyframes). */
  keyframes?: LookKeyframes;
  /** Where the look goes (the command line's --matte): the matte's file digests, inverted or not, and a second look's style outside it. */
  matte?: { frames: readonly string[]; inverted: boolean; outsideStyle?: string };
};

/** The mode's two model files, as an identity names them. */
export interface ModeModels {
  styleEncoder: { sha256: string };
  stylizer: { sha256: string };
}

/** The look's part of a render's identity (without the render size, which only the command line keys). */
export function lookIdentity(look: Look, mode: ModeModels): Omit<RenderIdentity, 'width' | 'height' | 'sourceFrames'> {
  const { styles, renderShortSide: _size, ...settings } = look;
  return { ...settings, models: { styleEncoder: mode.styleEncoder.sha256, stylizer: mode.stylizer.sha256 }, style: styleSourceDigest(styles) };
}

/** The parts of an identity that describe the source rather than the settings. */
type SourceParts = 'sourceFrames' | 'sourceFrameNumbers';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const renderRecordSchema = z.object({
  version: z.literal(RENDER_RECORD_VERSION),
  key: sha256,
  /** renderSettingsKey(): everything but the source frames, so a new Apply knows whether to export first. */
  settingsKey: sha256,
  frames: z.array(z.object({ file: z.string().min(1).refine((f) => !f.includes('/') && !f.includes('\\') && f !== '..'), sha256 })).min(1),
}).strict();

export type RenderRecord = z.infer<typeof renderRecordSchema>;

/** The identity as keyed: a control at the value renders had before it existed is left out (UNKEYED_VALUES), as those renders were keyed. */
function keyed<T extends object>(identity: T): T {
  const fields = { ...identity } as Record<string, unknown>;
  for (const [control, value] of Object.entries(UNKEYED_VALUES)) {
    if (fields[control] === undefined || fields[control] === value) delete fields[control];
  }
  return fields as T;
}

export function renderKey(identity: RenderIdentity): string {
  return sha256Hex(encodeUtf8(canonicalJson({ renderKeyVersion: 1, ...keyed(identity) })));
}

/** The key of a render's settings, style and models, without its source frames. */
export function renderSettingsKey(identity: Omit<RenderIdentity, SourceParts>): string {
  const { sourceFrames: _frames, sourceFrameNumbers: _numbers, ...settings } = identity as RenderIdentity;
  return sha256Hex(encodeUtf8(canonicalJson({ renderSettingsKeyVersion: 1, ...keyed(settings) })));
}

/** A digest of an image's pixels and layout (not its file bytes: the same picture saved twice is the same style). */
export function styleDigest(image: RasterImage): string {
  const header = encodeUtf8(`${image.width}x${image.height}x${image.channels}@${image.bitDepth}:`);
  const pixels = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const bytes = new Uint8Array(header.length + pixels.length);
  bytes.set(header);
  bytes.set(pixels, header.length);
  return sha256Hex(bytes);
}

/** A digest of a style image, or of a mix (each style's digest with its normalised weight). */
export function styleSourceDigest(source: StyleSource): string {
  const styles = normaliseStyleSource(source);
  // One style is keyed by its own digest, however it is given.
  if (styles.length === 1) return styleDigest(styles[0].image);
  const parts = styles.map((s) => ({ style: styleDigest(s.image), weight: s.weight }));
  return sha256Hex(encodeUtf8(canonicalJson(parts)));
}

/**
 * The files the record lists that are no longer there with the digest they had when the render
 * finished (none: the render is intact); `digestOf` gives a file's sha256, or undefined when it
 * cannot be read.
 */
export async function changedRecordedFiles(record: RenderRecord, digestOf: (file: string) => Promise<string | undefined>): Promise<string[]> {
  const changed: string[] = [];
  for (const frame of record.frames) {
    if (await digestOf(frame.file) !== frame.sha256) changed.push(frame.file);
  }
  return changed;
}

export function serializeRenderRecord(record: RenderRecord): string {
  return `${JSON.stringify(renderRecordSchema.parse(record), null, 2)}\n`;
}

/** The record in a render folder's file, or undefined when it is not a valid record (a damaged render is never reused). */
export function parseRenderRecord(text: string): RenderRecord | undefined {
  try {
    const parsed = renderRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
