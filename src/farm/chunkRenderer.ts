/**
 * Renders one chunk (a frame range) of a farm job on this machine with the engine's render job
 * (renderJob.ts), the same frame sources and sinks as `coherent-style stylize`, so every frame is
 * byte-identical to a single-machine render (steadied frames: within the stabilizer's warm-up bound,
 * render/warmUp.ts). Frames already in the output (a chunk that a killed worker left half done, or a
 * resubmitted job) are skipped; each frame is written atomically. A job's matte limits the look
 * as `stylize --matte` does (farmMatte.ts).
 */
import { access, constants, mkdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import { runRenderJob, type RenderJobOptions } from '../engine/render/renderJob';
import type { RenderProgress } from '../engine/render/renderProgress';
import type { StylizeService } from '../engine/inference/stylizeService';
import { lookOf } from '../engine/look/look';
import type { FfmpegBinary } from '../node-io/ffmpeg';
import { FrameFolderSink, FrameFolderSource, pngNameLike, videoFrameFileName } from '../node-io/frameFolder';
import { keepsAlpha } from '../node-io/outputFormat';
import { VideoFrameSource } from '../node-io/videoFrames';
import type { ChunkJobData, FarmOutput, FarmSource } from './jobSchema';
import { chunkFramesDir, confinedPath } from './outputLayout';
import { cancelSignalOf } from '../node-io/cancelSignals';
import type { StyleSource } from '../engine/look/mix';
import type { RasterImage } from '../engine/images/image';
import { openJobMatte } from './farmMatte';

export interface ChunkRenderOptions {
  service: StylizeService;
  findFfmpeg: () => FfmpegBinary;
  signal: AbortSignal;
  /** The look outside the job's matte (its --matte-style), decoded from the job. */
  outsideStyle?: RasterImage;
  onProgress?: (progress: RenderProgress) => void;
}

export interface ChunkOutcome {
  rendered: number;
  alreadyThere: number;
  seconds: number;
}

function sharedStorageHint(): string {
  return `on this worker (${hostname()}). Inputs and outputs must be on storage that every farm machine sees at the same path`;
}

/** A worker that cannot see the shared storage says so, before any work. */
async function checkSharedStorage(source: FarmSource, output: FarmOutput): Promise<void> {
  const info = await stat(source.path).catch((e: NodeJS.ErrnoException) => {
    throw new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${source.path} (${e.code === 'ENOENT' ? 'it does not exist' : e.message}) ${sharedStorageHint()}.`, { cause: e });
  });
  if (info.isDirectory() !== (source.kind === 'folder')) {
    throw new CoherentStyleError('INPUT_UNREADABLE', `${source.path} is not the ${source.kind === 'folder' ? 'frame folder' : 'video file'} the job was submitted with ${sharedStorageHint()}.`);
  }
  const outputDir = output.kind === 'folder' ? output.path : path.dirname(output.path);
  await access(outputDir, constants.W_OK).catch((e: NodeJS.ErrnoException) => {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot write to ${outputDir} (${e.code === 'ENOENT' ? 'it does not exist' : e.message}) ${sharedStorageHint()}.`, { cause: e });
  });
}

interface ChunkParts {
  frames: number[];
  /** Every frame of the clip, in order (the stabilizer warms up on those before the chunk). */
  clip: readonly number[];
  sink: FrameFolderSink;
  /** A source over some of the clip's frames (those still needed and their warm-up). */
  open: RenderJobOptions['open'];
}

async function chunkParts(data: ChunkJobData, findFfmpeg: () => FfmpegBinary, signal: AbortSignal): Promise<ChunkParts> {
  const dir = chunkFramesDir(data.output, data.key);
  const { first, last } = data.frames;
  if (data.source.kind === 'video') {
    const { video, path: file } = data.source;
    if (last >= video.frameCount) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `Chunk frames ${first}-${last} go past the last frame of ${file} (${video.frameCount - 1}).`);
    }
    const frames = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const sink = new FrameFolderSink(dir, (n) => path.basename(confinedPath(dir, videoFrameFileName(n))), { width: video.width, height: video.height });
    const clip = Array.from({ length: video.frameCount }, (_, i) => i);
    const alpha = video.hasAlpha && keepsAlpha(data.output);
    const open = (read: readonly number[]) => {
      const source = new VideoFrameSource(findFfmpeg(), file, video, read, signal, alpha);
      return { source, close: () => source.close() };
    };
    return { frames, clip, sink, open };
  }
  const all = await FrameFolderSource.open(data.source.path);
  const frames = all.frameNumbers.filter((n) => n >= first && n <= last);
  const sink = new FrameFolderSink(dir, (n) => path.basename(confinedPath(dir, pngNameLike(all.fileName(n)))));
  return { frames, clip: all.frameNumbers, sink, open: (read) => ({ source: all.subset(read) }) };
}

export async function renderChunk(data: ChunkJobData, style: StyleSource, jobId: string, options: ChunkRenderOptions): Promise<ChunkOutcome> {
  const { service, signal } = options;
  await checkSharedStorage(data.source, data.output);
  if (data.output.kind === 'video') {
    await mkdir(chunkFramesDir(data.output, data.key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
  const parts = await chunkParts(data, options.findFfmpeg, signal);
  // A worker killed mid-write leaves a temp file, never a partial frame: the taker-over removes those of its frames.
  await parts.sink.removeTempFilesOf(parts.frames);
  // The job's render is the Look by style digests; the chunk has the style images themselves.
  const { modelSha256: _models, styles: _digests, keyframes, matte: jobMatte, ...settings } = data.render;
  const matte = jobMatte && await openJobMatte(jobMatte, { signal, findFfmpeg: options.findFfmpeg });
  try {
    const matted = matte?.inJob(parts, options.outsideStyle, signal);
    const result = await runRenderJob({
      service,
      jobId,
      look: lookOf({ ...settings, style }),
      placement: { keyframes, region: matted?.region },
      clip: parts.clip,
      frames: parts.frames,
      resume: parts.sink,
      sink: parts.sink,
      open: matted?.open ?? parts.open,
      onProgress: options.onProgress,
      signal: cancelSignalOf(signal),
    });
    return { rendered: result.rendered, alreadyThere: result.alreadyRendered, seconds: result.seconds };
  } finally {
    await matte?.close();
  }
}
