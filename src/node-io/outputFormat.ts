/**
 * What `--out` and `--format` ask for, checked against each other before anything renders: an
 * image (its extension picks PNG or JPEG), a video in one of the formats editors round-trip, or a
 * folder of numbered PNG frames. An extension this tool does not write (.gif, .webm, .avi) is
 * refused rather than taken for a folder name.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import { frameSizeProblem, VIDEO_FORMATS, type VideoFormat } from '../engine/render/videoFormats';
import { IMAGE_EXTENSIONS } from './imageFiles';

const OUTPUT_FORMATS = [...VIDEO_FORMATS, 'png'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The video extensions, each with the formats it holds; the first is its default. */
const VIDEO_EXTENSIONS: Readonly<Record<string, readonly VideoFormat[]>> = {
  '.mp4': ['h264'],
  '.m4v': ['h264'],
  '.mkv': ['h264'],
  '.mov': ['h264', 'prores-422-hq', 'prores-4444', 'dnxhr-hqx'],
  '.mxf': ['dnxhr-hqx'],
};

/** Where each video format can go, for messages. */
function extensionsFor(format: VideoFormat): string[] {
  return Object.keys(VIDEO_EXTENSIONS).filter((ext) => VIDEO_EXTENSIONS[ext].includes(format));
}

export type OutputTarget =
  | { kind: 'image' }
  | { kind: 'folder' }
  | { kind: 'video'; format: VideoFormat };

export type OutputKind = OutputTarget['kind'];

/** Whether the output carries an alpha channel when the input has one (PNG frames, ProRes 4444). */
export function keepsAlpha(target: Pick<OutputTarget, 'kind'> & { format?: VideoFormat }): boolean {
  return target.kind === 'folder' || (target.kind === 'video' && target.format === 'prores-4444');
}

export function parseOutputFormat(text: string): OutputFormat {
  const format = OUTPUT_FORMATS.find((f) => f === text.trim().toLowerCase());
  if (!format) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${text}".\nRun \`coherent-style stylize --help\` for what each is.`);
  }
  return format;
}

function refuse(message: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', message);
}

const WRITABLE = `.png or .jpg for an image, ${Object.keys(VIDEO_EXTENSIONS).join('/')} for a video (see --format), or a name without an extension for a folder of PNG frames`;

function videoTarget(out: string, ext: string, format: OutputFormat | undefined): OutputTarget {
  const formats = VIDEO_EXTENSIONS[ext];
  if (format === undefined) return { kind: 'video', format: formats[0] };
  if (format === 'png') {
    throw refuse(`--format png writes a folder of numbered PNG frames, but --out ${out} is a ${ext} video; give --out a folder name without an extension (e.g. ${path.basename(out, path.extname(out))}-frames).`);
  }
  if (!formats.includes(format)) {
    const where = extensionsFor(format);
    throw refuse(`--format ${format} goes in ${where.join(' or ')}, but --out ${out} is ${ext}, which holds ${formats.join(', ')}; name the output ${path.basename(out, path.extname(out))}${where[0]}.`);
  }
  return { kind: 'video', format };
}

/** The output `out` and `format` ask for; INVALID_ARGUMENT, saying what to type, when they disagree. */
export async function chooseOutput(out: string, format: OutputFormat | undefined): Promise<OutputTarget> {
  // A trailing separator names a folder whatever its name looks like (`takes/shot.v2/`).
  const ext = /[\\/]$/.test(out) ? '' : path.extname(out).toLowerCase();
  if (ext in VIDEO_EXTENSIONS) return videoTarget(out, ext, format);
  if (IMAGE_EXTENSIONS.includes(ext)) {
    if (format !== undefined) {
      throw refuse(`--format applies to videos and frame sequences; a single image's format follows --out's extension (${out}): leave out --format ${format}.`);
    }
    return { kind: 'image' };
  }
  const existingFolder = ext !== '' && (await stat(out).then((s) => s.isDirectory(), () => false));
  if (ext !== '' && !existingFolder) {
    throw refuse(`--out ${out}: coherent-style does not write ${ext} files. Use ${WRITABLE}. (A folder whose name has a dot: end --out with a slash.)`);
  }
  if (format !== undefined && format !== 'png') {
    throw refuse(`--format ${format} writes a video file, but --out ${out} names a folder; give --out a name ending in ${extensionsFor(format)[0]}.`);
  }
  return { kind: 'folder' };
}

/** MXF (as ffmpeg writes it) takes the broadcast frame rates only. */
const MXF_RATES = ['24000/1001', '24/1', '25/1', '30000/1001', '30/1', '50/1', '60000/1001', '60/1'];

/** What the chosen format cannot hold, found from the input alone, before any frame is rendered. */
export function checkVideoFits(target: OutputTarget, out: string, video: { width: number; height: number; frameRate: { num: number; den: number } }): void {
  if (target.kind !== 'video' || target.format !== 'dnxhr-hqx') return;
  const tooSmall = frameSizeProblem(target.format, video, 'this video is');
  if (tooSmall) throw refuse(`${tooSmall} Use --format prores-422-hq (a .mov) instead.`);
  const rate = `${video.frameRate.num}/${video.frameRate.den}`;
  if (path.extname(out).toLowerCase() === '.mxf' && !MXF_RATES.includes(rate)) {
    throw refuse(`MXF takes 23.976, 24, 25, 29.97, 30, 50, 59.94 or 60 fps; this video is ${rate} fps. Write DNxHR HQX into a .mov instead (--out ${path.basename(out, path.extname(out))}.mov).`);
  }
}
