/**
 * Numbered image sequences (frame_0001.png, frame_0002.png, …) as a job's source or sink.
 * The sink keeps the source's numbering, writes each frame atomically and treats a frame that
 * is already there and decodes at the right size as done, so an interrupted render resumes.
 */
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Cancellable } from '../engine/errors';
import { CoherentStyleError, throwIfCancelled } from '../engine/errors';
import { maxImageFileBytes, type RasterImage } from '../engine/images/image';
import { decodeImage } from '../engine/images/imageCodec';
import type { FrameSource, ResumableFrameSink } from '../engine/render/jobPipeline';
import { isTempFileName, tempFileTarget } from '../engine/tempFileName';
import { readImageFile, writeImageFile } from './imageFiles';
import { readUserFile } from './userFileReader';

const NUMBERED_IMAGE = /^(.*?)(\d+)\.(png|jpe?g)$/i;

export interface NumberedFrame {
  number: number;
  fileName: string;
}

/** The numbered images of a folder, in frame order; all must share one name pattern. */
export async function listNumberedFrames(dir: string): Promise<NumberedFrame[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoherentStyleError('INPUT_UNREADABLE',
      `Cannot read the frame folder ${dir} (${code === 'EACCES' ? 'permission denied' : (e as Error).message}).`, { cause: e });
  }
  const patterns = new Map<string, NumberedFrame[]>();
  for (const name of names) {
    if (isTempFileName(name)) continue;
    const match = NUMBERED_IMAGE.exec(name);
    if (!match) continue;
    const key = `${match[1]}#.${match[3].toLowerCase()}`;
    const frames = patterns.get(key) ?? [];
    frames.push({ number: Number(match[2]), fileName: name });
    patterns.set(key, frames);
  }
  if (patterns.size === 0) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `${dir} contains no numbered PNG or JPEG frames (e.g. frame_0001.png).`);
  }
  if (patterns.size > 1) {
    const kinds = [...patterns.keys()].map((k) => k.replace('#', '<number>')).join(', ');
    throw new CoherentStyleError('INVALID_ARGUMENT', `${dir} mixes several frame sequences (${kinds}); keep one per folder.`);
  }
  const frames = [...patterns.values()][0].sort((a, b) => a.number - b.number);
  const duplicate = frames.find((f, i) => i > 0 && f.number === frames[i - 1].number);
  if (duplicate) throw new CoherentStyleError('INVALID_ARGUMENT', `${dir} has two frames numbered ${duplicate.number}.`);
  return frames;
}

export class FrameFolderSource implements FrameSource {
  readonly count: number;
  readonly frameNumbers: readonly number[];
  private readonly byNumber: Map<number, string>;

  constructor(readonly dir: string, readonly frames: readonly NumberedFrame[], private readonly maxPixels?: number) {
    this.count = frames.length;
    this.frameNumbers = frames.map((f) => f.number);
    this.byNumber = new Map(frames.map((f) => [f.number, f.fileName]));
  }

  static async open(dir: string, maxPixels?: number): Promise<FrameFolderSource> {
    return new FrameFolderSource(dir, await listNumberedFrames(dir), maxPixels);
  }

  fileName(frameNumber: number): string {
    const name = this.byNumber.get(frameNumber);
    if (name === undefined) throw new CoherentStyleError('INVALID_ARGUMENT', `${this.dir} has no frame ${frameNumber}.`);
    return name;
  }

  /** The same source restricted to some of its frames (a --frames range, or the frames a resume still needs). */
  subset(frameNumbers: readonly number[]): FrameFolderSource {
    const wanted = new Set(frameNumbers);
    return new FrameFolderSource(this.dir, this.frames.filter((f) => wanted.has(f.number)), this.maxPixels);
  }

  read(frameNumber: number, signal?: Cancellable): Promise<RasterImage> {
    return readImageFile(path.join(this.dir, this.fileName(frameNumber)), this.maxPixels, signal);
  }
}

export class FrameFolderSink implements ResumableFrameSink {
  /**
   * @param fileName the output name of each frame number (always .png: lossless, keeps 16-bit and alpha)
   * @param expectedSize when known, a resumed frame of another size is rendered again
   */
  constructor(
    readonly dir: string,
    readonly fileName: (frameNumber: number) => string,
    private readonly expectedSize?: { width: number; height: number },
  ) {}

  pathOf(frameNumber: number): string {
    return path.join(this.dir, this.fileName(frameNumber));
  }

  /**
   * Removes the temp files of these frames, whatever their age: for a caller that knows no one else
   * writes them any more (a farm chunk taken over from a dead worker, a job whose chunks are all done).
   */
  async removeTempFilesOf(frames: readonly number[]): Promise<void> {
    const names = new Set(frames.map((n) => this.fileName(n)));
    for (const entry of await readdir(this.dir)) {
      const target = tempFileTarget(entry);
      if (target !== undefined && names.has(target)) await rm(path.join(this.dir, entry), { force: true });
    }
  }

  async hasValid(frameNumber: number, signal?: Cancellable): Promise<boolean> {
    const file = this.pathOf(frameNumber);
    try {
      const image = decodeImage(await readUserFile(file, { maxBytes: maxImageFileBytes(), signal }));
      return !this.expectedSize || (image.width === this.expectedSize.width && image.height === this.expectedSize.height);
    } catch {
      throwIfCancelled(signal);
      return false; // missing, not a regular file, truncated or not an image: render it again
    }
  }

  write(frameNumber: number, image: RasterImage): Promise<void> {
    return writeImageFile(this.pathOf(frameNumber), image);
  }
}

/** Output name for a PNG sequence rendered from a video: frame_000000.png, numbered by source frame (0-based). */
export function videoFrameFileName(frameNumber: number): string {
  return `frame_${String(frameNumber).padStart(6, '0')}.png`;
}

/** Output name that keeps a source frame's name and numbering, as PNG. */
export function pngNameLike(sourceFileName: string): string {
  return sourceFileName.replace(/\.(png|jpe?g)$/i, '.png');
}
