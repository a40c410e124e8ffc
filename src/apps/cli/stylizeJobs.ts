/**
 * The frames a `stylize` command reads and where it writes them: its input planned once (a video
 * probed, a folder listed, a --frames span selected), then turned into a job's source and sink.
 * A PNG-folder output resumes: frames already there (and decodable at the right size) are skipped.
 */
import * as path from 'node:path';
import type { RasterImage } from '../../engine/images/image';
import { framesStillNeeded, type FrameSink, type FrameSource } from '../../engine/render/jobPipeline';
import { withWarmUp } from '../../engine/render/warmUp';
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
import { cancelSignalOf } from '../../node-io/cancelSignals';
import { fileSha256 } from '../../node-io/userFileReader';

/** The input as planned: what is read, and which frames. */
export type InputPlan =
  | { kind: 'image'; image: RasterImage }
  | { kind: 'video'; ffmpeg: FfmpegBinary; info: VideoInfo; frames: number[] }
  | { kind: 'folder'; all: FrameFolderSource; frames: number[] };

export interface JobParts {
  source: FrameSource;
  sink: FrameSink;
  /** Source frames stylized only to warm the stabilizer up (jobs/warmUp.ts). */
  warmUp?: ReadonlySet<number>;
  /** A source frame's position in its clip, for the stabilizer. */
  clipIndex(frameNumber: number): number;
  label: string;
  finish?: () => Promise<void>;
  cleanup?: () => Promise<void>;
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

/** Frames a folder render still needs (all of them unless it resumes); the rest are reported as already done. */
async function framesToRender(sink: FrameFolderSink, frames: readonly number[], resume: FolderResume, env: CliEnvironment): Promise<number[]> {
  if (!resume) return [...frames];
  const needed = resume === 'unrecorded'
    ? await framesStillNeeded(sink, frames, cancelSignalOf(env.signal)) : frames.filter((n) => !resume.done.has(sink.fileName(n)));
  const done = frames.length - needed.length;
  if (done > 0) env.log(`Resuming: ${done} of ${frames.length} frames are already rendered in the output folder.`);
  return needed;
}

/**
 * The job for a planned input; undefined when a resumed folder already holds every frame.
 * `resume`: which frames already in an output folder are kept (cliRenderReuse.ts).
 */
export async function jobFor(plan: InputPlan, command: StylizeCommand, target: OutputTarget, env: CliEnvironment, resume: FolderResume): Promise<JobParts | undefined> {
  if (plan.kind === 'image') {
    return {
      source: { count: 1, read: async () => plan.image },
      sink: { write: (_n, image) => writeImageFile(command.out, image) },
      clipIndex: () => 0,
      label: 'Stylizing',
    };
  }
  if (plan.kind === 'folder') {
    const { all, frames } = plan;
    const sink = new FrameFolderSink(command.out, (n) => pngNameLike(all.fileName(n)));
    const needed = await framesToRender(sink, frames, resume, env);
    if (needed.length === 0) return undefined;
    const { frames: read, warmUp } = withWarmUp(all.frameNumbers, needed, command.temporal);
    const position = new Map(all.frameNumbers.map((n, i) => [n, i]));
    return {
      source: all.subset(read), sink, warmUp, clipIndex: (n) => position.get(n) ?? 0, label: 'Rendering',
    };
  }
  return videoJob(plan, command, target, env, resume);
}

async function videoJob(plan: InputPlan & { kind: 'video' }, command: StylizeCommand, target: OutputTarget, env: CliEnvironment, resume: FolderResume): Promise<JobParts | undefined> {
  const { ffmpeg, info, frames } = plan;
  const all = Array.from({ length: info.frameCount }, (_, i) => i);
  const alpha = info.hasAlpha && keepsAlpha(target);
  if (target.kind !== 'video') {
    const sink = new FrameFolderSink(command.out, videoFrameFileName, { width: info.width, height: info.height });
    const needed = await framesToRender(sink, frames, resume, env);
    if (needed.length === 0) return undefined;
    const { frames: read, warmUp } = withWarmUp(all, needed, command.temporal);
    const source = new VideoFrameSource(ffmpeg, command.input, info, read, env.signal, alpha);
    return {
      source, sink, warmUp, clipIndex: (n) => n, label: 'Rendering', cleanup: () => source.close(),
    };
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
  const { frames: read, warmUp } = withWarmUp(all, frames, command.temporal);
  const source = new VideoFrameSource(ffmpeg, command.input, info, read, env.signal, alpha);
  const sink = new VideoFrameSink(encoder, frames);
  return {
    source,
    sink,
    warmUp,
    clipIndex: (n) => n,
    label: 'Rendering',
    finish: () => sink.finish(),
    cleanup: async () => {
      await source.close();
      await sink.abort();
    },
  };
}

/** The job with observers on what it reads and writes. */
export function tapped(parts: JobParts, taps: JobTaps | undefined): JobParts {
  if (!taps) return parts;
  const { source, sink } = parts;
  return {
    ...parts,
    source: {
      count: source.count,
      frameNumbers: source.frameNumbers,
      read: async (n, signal) => {
        const frame = await source.read(n, signal);
        taps.onRead?.(n, frame);
        return frame;
      },
    },
    sink: {
      write: async (n, image, signal) => {
        await sink.write(n, image, signal);
        taps.onWritten?.(n, image);
      },
    },
  };
}
