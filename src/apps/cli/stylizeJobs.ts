/**
 * The frames a `stylize` command reads and where it writes them: its input planned once (a video
 * probed, a folder listed, a --frames span selected), then turned into a job's source and sink.
 * A PNG-folder output resumes: frames already there (and decodable at the right size) are skipped.
 * The render job (renderJob.ts) does the rest.
 */
import * as path from 'node:path';
import type { RasterImage } from '../../engine/images/image';
import type { FrameSource } from '../../engine/render/jobPipeline';
import type { RenderJobOptions } from '../../engine/render/renderJob';
import type { StylizeCommand } from './cliArgs';
import type { CliRenderSource, FolderResume } from './cliRenderReuse';
import { locateFfmpeg, type FfmpegBinary } from '../../node-io/ffmpeg';
import { FrameFolderSink, FrameFolderSource, pngNameLike, videoFrameFileName } from '../../node-io/frameFolder';
import { resolveFrameSpan } from '../../node-io/frameSpan';
import { readImageFile, writeImageFile } from '../../node-io/imageFiles';
import { checkVideoFits, keepsAlpha, type OutputTarget } from '../../node-io/outputFormat';
import type { CliEnvironment } from './cliContext';
import { selectFrames, type InputKind } from '../../node-io/mediaInputs';
import { VideoEncoder } from '../../node-io/videoEncoder';
import { audioSpan } from '../../node-io/videoDecoder';
import { VideoFrameSink, VideoFrameSource } from '../../node-io/videoFrames';
import { probeVideo, rationalToString, type VideoInfo } from '../../node-io/videoProbe';
import { fileSha256 } from '../../node-io/userFileReader';

/** The input as planned: what is read, and which frames. */
export type InputPlan =
  | { kind: 'image'; image: RasterImage }
  | { kind: 'video'; ffmpeg: FfmpegBinary; info: VideoInfo; frames: number[] }
  | { kind: 'folder'; all: FrameFolderSource; frames: number[] };

/** What a `stylize` command hands to the render job (renderJob.ts) for its input and output. */
export interface JobParts extends Pick<RenderJobOptions, 'clip' | 'frames' | 'resume' | 'sink'> {
  /** Opens the source over the frames to read (those to render and their warm-up). */
  open(read: readonly number[]): { source: FrameSource; close?: () => Promise<void> };
  label: string;
}

/** Observers the demo uses to pick frames for its side-by-side picture. */
export interface JobTaps {
  onRead?(frameNumber: number, frame: RasterImage): void;
  onWritten?(frameNumber: number, frame: RasterImage): void;
}

function describeRate(info: VideoInfo): string {
  const { num, den } = info.frameRate;
  return den === 1 ? String(num) : `${rationalToString(info.frameRate)} (${(num / den).toFixed(3)})`;
}

/** Reads (an image), probes (a video) or lists (a folder) the input and selects its frames. */
export async function planInput(command: StylizeCommand, kind: InputKind, target: OutputTarget, env: CliEnvironment): Promise<InputPlan> {
  if (kind === 'image') return { kind, image: await readImageFile(command.input, undefined, env.signal) };
  if (kind === 'folder') {
    const all = await FrameFolderSource.open(command.input);
    return { kind, all, frames: selectFrames(all.frameNumbers, command.frames && resolveFrameSpan(command.frames, undefined, command.input), command.input) };
  }
  const ffmpeg = (env.findFfmpeg ?? locateFfmpeg)();
  const info = await probeVideo(ffmpeg, command.input, env.signal);
  const all = Array.from({ length: info.frameCount }, (_, i) => i);
  const frames = selectFrames(all, command.frames && resolveFrameSpan(command.frames, info.frameRate, command.input), command.input);
  checkVideoFits(target, command.out, info);
  env.log(`${path.basename(command.input)}: ${info.width}×${info.height}${info.hasAlpha ? ' with alpha' : ''}, ${info.frameCount} frames at ${describeRate(info)} fps${info.audioCodecs.length ? `, audio: ${info.audioCodecs.join(', ')}` : ', no audio'}.`);
  return { kind, ffmpeg, info, frames };
}

/** What the render record keys the source by: the input file's digest, or each frame file's of a folder. */
export async function renderSourceOf(plan: InputPlan, input: string, signal: AbortSignal): Promise<CliRenderSource> {
  if (plan.kind === 'image') return { digests: [await fileSha256(input, signal)], width: plan.image.width, height: plan.image.height };
  if (plan.kind === 'video') return { digests: [await fileSha256(input, signal)], frameNumbers: plan.frames, width: plan.info.width, height: plan.info.height };
  const digests: string[] = [];
  for (const n of plan.all.frameNumbers) digests.push(await fileSha256(path.join(plan.all.dir, plan.all.fileName(n)), signal));
  const first = await plan.all.read(plan.frames[0], signal);
  return { digests, frameNumbers: plan.frames, width: first.width, height: first.height };
}

/** The frame files a folder output gets, in frame order (none for an image or a video file). */
export function outputFrameFiles(plan: InputPlan, target: OutputTarget): string[] {
  if (target.kind !== 'folder') return [];
  if (plan.kind === 'folder') return plan.frames.map((n) => pngNameLike(plan.all.fileName(n)));
  return plan.kind === 'video' ? plan.frames.map(videoFrameFileName) : [];
}

/**
 * Which frames already in an output folder a resumed render keeps: as its render record lists
 * them, or each checked (an unrecorded folder); none unless it resumes.
 */
function resumeOf(sink: FrameFolderSink, resume: FolderResume): JobParts['resume'] {
  if (!resume) return undefined;
  if (resume === 'unrecorded') return sink;
  return { hasValid: async (n) => resume.done.has(sink.fileName(n)) };
}

/**
 * The job for a planned input. `resume`: which frames already in an output folder are kept
 * (cliRenderReuse.ts).
 */
export function jobFor(plan: InputPlan, command: StylizeCommand, target: OutputTarget, env: CliEnvironment, resume: FolderResume): JobParts {
  if (plan.kind === 'image') {
    return {
      clip: [0],
      sink: { write: (_n, image) => writeImageFile(command.out, image) },
      open: () => ({ source: { count: 1, read: async () => plan.image } }),
      label: 'Stylizing',
    };
  }
  if (plan.kind === 'folder') {
    const { all, frames } = plan;
    const sink = new FrameFolderSink(command.out, (n) => pngNameLike(all.fileName(n)));
    return { clip: all.frameNumbers, frames, resume: resumeOf(sink, resume), sink, open: (read) => ({ source: all.subset(read) }), label: 'Rendering' };
  }
  return videoJob(plan, command, target, env, resume);
}

function videoJob(plan: InputPlan & { kind: 'video' }, command: StylizeCommand, target: OutputTarget, env: CliEnvironment, resume: FolderResume): JobParts {
  const { ffmpeg, info, frames } = plan;
  const clip = Array.from({ length: info.frameCount }, (_, i) => i);
  const alpha = info.hasAlpha && keepsAlpha(target);
  const open = (read: readonly number[]) => {
    const source = new VideoFrameSource(ffmpeg, command.input, info, read, env.signal, alpha);
    return { source, close: () => source.close() };
  };
  if (target.kind !== 'video') {
    const sink = new FrameFolderSink(command.out, videoFrameFileName, { width: info.width, height: info.height });
    return { clip, frames, resume: resumeOf(sink, resume), sink, open, label: 'Rendering' };
  }
  const encoder = VideoEncoder.start(ffmpeg, {
    target: command.out,
    format: target.format,
    alpha,
    width: info.width,
    height: info.height,
    frameRate: info.frameRate,
    videoOffsetSeconds: info.videoStartSeconds,
    audio: { file: command.input, codecs: info.audioCodecs, span: command.frames ? audioSpan(info, frames) : undefined },
  });
  return { clip, frames, sink: new VideoFrameSink(encoder, frames), open, label: 'Rendering' };
}

/** The job with observers on what it reads and writes. */
export function tapped(parts: JobParts, taps: JobTaps | undefined): JobParts {
  if (!taps) return parts;
  const { sink } = parts;
  return {
    ...parts,
    open: (read) => {
      const { source, close } = parts.open(read);
      return {
        close,
        source: {
          count: source.count,
          frameNumbers: source.frameNumbers,
          read: async (n, signal) => {
            const frame = await source.read(n, signal);
            taps.onRead?.(n, frame);
            return frame;
          },
        },
      };
    },
    sink: {
      write: async (n, image, signal) => {
        await sink.write(n, image, signal);
        taps.onWritten?.(n, image);
      },
      finish: sink.finish && (() => sink.finish!()),
      abort: sink.abort && (() => sink.abort!()),
    },
  };
}
