/**
 * Render reuse on the command line, with the panel's render record (engine/look/renderRecord.ts):
 * a folder output keeps it among its frames as render.json, a file output beside it as
 * `.<name>.render.json`. A second identical run finds the record, checks every file it lists and
 * has nothing to do; a run with any other setting, input, style or models renders again and may
 * replace the earlier render (it is this tool's own: every file is as the record says). A folder
 * whose record is for another render keeps none of its frames; one with this render's record
 * keeps the frames it lists unchanged; one without a record (an interrupted run) resumes.
 */
import * as path from 'node:path';
import type { ModelEntry } from '../../engine/inference/modelContract';
import {
  changedRecordedFiles, parseRenderRecord, RENDER_RECORD_FILE, renderKey, renderSettingsKey, serializeRenderRecord, lookIdentity,
  type RenderIdentity, type RenderRecord,
} from '../../engine/look/renderRecord';
import type { LookKeyframes } from '../../engine/look/lookKeyframes';
import type { Look } from '../../engine/look/look';
import { decodeUtf8, encodeUtf8 } from '../../engine/utf8';
import { writeFileAtomic } from '../../node-io/atomicFile';
import type { OutputTarget } from '../../node-io/outputFormat';
import { fileSha256, readUserFile } from '../../node-io/userFileReader';

/** What the record keys the source by. */
export interface CliRenderSource {
  /** sha256 of the input file (an image, a video), or of every numbered frame file of a folder, in order. */
  digests: string[];
  /** The frames rendered (videos and folders). */
  frameNumbers?: number[];
  width: number;
  height: number;
}

/** What decides the render besides its Look. */
export interface CliLook {
  keyframes?: LookKeyframes;
  matte?: RenderIdentity['matte'];
}

/** A record lists every frame of a folder: 64 MiB holds several hundred thousand. */
const MAX_RECORD_BYTES = 64 * 2 ** 20;

/** Where an output's record is, and the folder the files it lists are in. */
function recordLocation(out: string, kind: OutputTarget['kind']): { dir: string; file: string } {
  if (kind === 'folder') return { dir: out, file: path.join(out, RENDER_RECORD_FILE) };
  const dir = path.dirname(out);
  return { dir, file: path.join(dir, `.${path.basename(out)}.${RENDER_RECORD_FILE}`) };
}

export interface EarlierRender {
  record: RenderRecord;
  /** The files the record lists that are missing or changed since. */
  changed: ReadonlySet<string>;
  /** Every file the record lists is there, unchanged: the output is this tool's render. */
  intact: boolean;
}

/** The record of an earlier render at this output; undefined when there is none or it is damaged. */
export async function findEarlierRender(out: string, kind: OutputTarget['kind'], signal: AbortSignal): Promise<EarlierRender | undefined> {
  const { dir, file } = recordLocation(out, kind);
  const bytes = await readUserFile(file, { maxBytes: MAX_RECORD_BYTES, signal }).catch(() => undefined);
  let record: RenderRecord | undefined;
  try {
    record = bytes && parseRenderRecord(decodeUtf8(bytes));
  } catch {
    record = undefined; // not UTF-8: damaged
  }
  if (!record) return undefined;
  const changed = await changedRecordedFiles(record, (name) => fileSha256(path.join(dir, name), signal).catch(() => undefined));
  return { record, changed: new Set(changed), intact: changed.length === 0 };
}

/**
 * Everything that decides the command's output. A folder's frames are files of their own, which
 * its record lists: its key leaves out which frames were asked for, so renders of parts of a clip
 * (farm-style shards, a --frames range, then the rest) add up to one render of the clip.
 */
export function cliRenderIdentity(
  look: Look, mode: ModelEntry, target: OutputTarget, source: CliRenderSource, extras: CliLook,
): RenderIdentity {
  return {
    ...lookIdentity(look, mode),
    keyframes: extras.keyframes,
    matte: extras.matte,
    width: source.width,
    height: source.height,
    sourceFrames: source.digests,
    sourceFrameNumbers: target.kind === 'folder' ? undefined : source.frameNumbers,
    renderShortSide: look.renderShortSide ?? mode.recommendedShortSide,
    output: target.kind === 'video' ? target.format : target.kind,
  };
}

/**
 * Which frames already in an output folder are kept: none; those that decode at the right size
 * (a folder without a record, from an interrupted run); or those this render's record lists
 * unchanged.
 */
export type FolderResume = false | 'unrecorded' | { done: ReadonlySet<string> };

export type ReuseVerdict =
  | { reuse: true }
  /** `changed`: the output holds this tool's render of other settings, input, style or models. */
  | { reuse: false; resume: FolderResume; changed: boolean };

/**
 * Reuse when the record is this render's and every file wanted (`outputFiles` for a folder, the
 * output file otherwise) is as it lists. A record of another render means nothing there fits.
 */
export function reuseVerdict(earlier: EarlierRender | undefined, identity: RenderIdentity, outputFiles: readonly string[], overwrite: boolean): ReuseVerdict {
  if (overwrite) return { reuse: false, resume: false, changed: false };
  if (!earlier) return { reuse: false, resume: 'unrecorded', changed: false };
  if (earlier.record.key !== renderKey(identity)) return { reuse: false, resume: false, changed: true };
  const done = new Set(earlier.record.frames.map((f) => f.file).filter((file) => !earlier.changed.has(file)));
  const complete = outputFiles.length > 0 ? outputFiles.every((file) => done.has(file)) : earlier.intact;
  return complete ? { reuse: true } : { reuse: false, resume: { done }, changed: false };
}

/**
 * Written last, once every file is complete, so an interrupted render never has a record that
 * claims it. A folder's record lists its frames of this render: those rendered now and those
 * `kept` from before.
 */
export async function recordCliRender(
  out: string, kind: OutputTarget['kind'], identity: RenderIdentity, outputFiles: readonly string[], resume: FolderResume, signal: AbortSignal,
): Promise<void> {
  const { dir, file } = recordLocation(out, kind);
  const kept = typeof resume === 'object' ? [...resume.done] : [];
  const files = kind === 'folder' ? [...new Set([...kept, ...outputFiles])] : [path.basename(out)];
  const frames: RenderRecord['frames'] = [];
  for (const name of files) frames.push({ file: name, sha256: await fileSha256(path.join(dir, name), signal) });
  const record = { version: 1 as const, key: renderKey(identity), settingsKey: renderSettingsKey(identity), frames };
  await writeFileAtomic(file, encodeUtf8(serializeRenderRecord(record)));
}
