/**
 * `--matte <image|video|folder>`: where the look goes, frame by frame (engine/images/matte.ts).
 * An image is the matte of every frame; a video, or a folder of numbered frames, gives the clip's
 * frame at position k its own frame k. Frames are read in clip order, as the job stylizes them.
 */
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { matteCoverage } from '../engine/images/matte';
import { locateFfmpeg, type FfmpegBinary } from './ffmpeg';
import { FrameFolderSource } from './frameFolder';
import { readImageFile } from './imageFiles';
import { classifyInput } from './mediaInputs';
import { fileSha256 } from './userFileReader';
import { VideoFrameSource } from './videoFrames';
import type { CancelSignal } from '../engine/cancellation';
import type { LookRegion } from '../engine/render/frameStylizer';
import type { RenderJobOptions } from '../engine/render/renderJob';
import { probeVideo, type VideoInfo } from './videoProbe';

type MatteFrames =
  | { kind: 'image'; image: RasterImage }
  | { kind: 'video'; ffmpeg: FfmpegBinary; info: VideoInfo; source?: VideoFrameSource }
  | { kind: 'folder'; folder: FrameFolderSource };

/** What opening a matte needs from its caller: cancellation, and where ffmpeg is when it is a video. */
export interface MatteOpenContext {
  signal: AbortSignal;
  findFfmpeg?: () => FfmpegBinary;
}

export class Matte {
  private constructor(
    private readonly file: string,
    private readonly frames: MatteFrames,
    /** sha256 of the matte file, or of each of its frame files: the render record keys on them. */
    readonly digests: readonly string[],
    private readonly invert: boolean,
  ) {}

  static async open(file: string, invert: boolean, env: MatteOpenContext): Promise<Matte> {
    const kind = await classifyInput(file);
    if (kind === 'image') return new Matte(file, { kind, image: await readImageFile(file, undefined, env.signal) }, [await fileSha256(file, env.signal)], invert);
    if (kind === 'folder') {
      const folder = await FrameFolderSource.open(file);
      const digests: string[] = [];
      for (const n of folder.frameNumbers) digests.push(await fileSha256(path.join(file, folder.fileName(n)), env.signal));
      return new Matte(file, { kind, folder }, digests, invert);
    }
    const ffmpeg = (env.findFfmpeg ?? locateFfmpeg)();
    return new Matte(file, { kind, ffmpeg, info: await probeVideo(ffmpeg, file, env.signal) }, [await fileSha256(file, env.signal)], invert);
  }

  /** Frames the matte has; undefined: one image for every frame. */
  private get frameCount(): number | undefined {
    return this.frames.kind === 'image' ? undefined : this.frames.kind === 'video' ? this.frames.info.frameCount : this.frames.folder.count;
  }

  /** The matte must have a frame for each of the clip's first `needed` positions (an image has them all). */
  checkCovers(needed: number): void {
    const count = this.frameCount;
    if (count !== undefined && count < needed) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `The matte ${this.file} has ${count} frames, fewer than the ${needed} of the clip it is for; give a matte as long as the clip (or one image for every frame).`);
    }
  }

  /**
   * A render job limited to this matte: its placement region (outside it, `outsideStyle`'s look, or
   * else the input untouched) and its `open`, which first tells the matte which clip positions it reads.
   */
  inJob(job: Pick<RenderJobOptions, 'clip' | 'open'>, outsideStyle: RasterImage | undefined, signal: AbortSignal): { region: LookRegion; open: RenderJobOptions['open'] } {
    const clipIndex = new Map(job.clip.map((n, i) => [n, i]));
    return {
      region: { coverageAt: this.coverageAt.bind(this), outsideStyle },
      open: (read) => {
        this.prepare(read.map((n) => clipIndex.get(n) ?? 0), signal);
        return job.open(read);
      },
    };
  }

  /** Before the job starts: the clip positions it will ask for, in order (a video matte decodes just those). */
  private prepare(clipIndices: readonly number[], signal: AbortSignal): void {
    this.checkCovers(Math.max(...clipIndices) + 1);
    if (this.frames.kind === 'video') {
      const { ffmpeg, info } = this.frames;
      this.frames.source = new VideoFrameSource(ffmpeg, this.file, info, [...clipIndices], signal, info.hasAlpha);
    }
  }

  /** The coverage of the clip's frame at position `clipIndex`, at the frame's size. */
  async coverageAt(clipIndex: number, width: number, height: number, signal?: CancelSignal): Promise<Float32Array> {
    const { frames } = this;
    const image = frames.kind === 'image' ? frames.image
      : frames.kind === 'folder' ? await frames.folder.read(frames.folder.frameNumbers[clipIndex], signal)
        : await (frames.source ?? this.notPrepared()).read(clipIndex);
    return matteCoverage(image, width, height, this.invert);
  }

  /** Stops a video matte's decoder (after a failure or cancel; a finished decode has already exited). */
  async close(): Promise<void> {
    if (this.frames.kind === 'video') await this.frames.source?.close();
  }

  private notPrepared(): never {
    throw new CoherentStyleError('INVALID_ARGUMENT', 'The matte was read before the job said which frames it needs.');
  }
}
