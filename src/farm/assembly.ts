/**
 * The last step of a farm job, run once every chunk is done: a frame-folder output is checked
 * for completeness; a video output is encoded from the staged frames with the input's audio
 * (the same encoder and audio handling as `coherent-style stylize`), written under a temp name
 * and renamed, and only then are the staged frames deleted. A cancel or failure leaves no
 * partial video and keeps the staged frames, so a resubmit only encodes.
 */
import { rm } from 'node:fs/promises';
import { CoherentStyleError, throwIfCancelled } from '../engine/errors';
import type { FfmpegBinary } from '../node-io/ffmpeg';
import { FrameFolderSink, listNumberedFrames, pngNameLike, videoFrameFileName } from '../node-io/frameFolder';
import { readImageFile } from '../node-io/imageFiles';
import { audioSpan } from '../node-io/videoDecoder';
import { keepsAlpha } from '../node-io/outputFormat';
import { VideoEncoder } from '../node-io/videoEncoder';
import type { AssemblyJobData } from './jobSchema';
import { chunkFramesDir, confinedPath } from './outputLayout';

export interface AssemblyOptions {
  findFfmpeg: () => FfmpegBinary;
  signal: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The output names of every frame the job renders, in order. */
async function expectedFrames(data: AssemblyJobData): Promise<{ number: number; name: string }[]> {
  const { first, last } = data.frames;
  if (data.source.kind === 'video') {
    if (last >= data.source.video.frameCount) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `Frames ${first}-${last} go past the last frame of ${data.source.path} (${data.source.video.frameCount - 1}).`);
    }
    return Array.from({ length: last - first + 1 }, (_, i) => ({ number: first + i, name: videoFrameFileName(first + i) }));
  }
  return (await listNumberedFrames(data.source.path))
    .filter((f) => f.number >= first && f.number <= last)
    .map((f) => ({ number: f.number, name: pngNameLike(f.fileName) }));
}

function missingFramesError(dir: string, missing: readonly string[]): CoherentStyleError {
  return new CoherentStyleError('FARM_JOB_FAILED',
    `${missing.length} frame${missing.length === 1 ? ' is' : 's are'} missing from ${dir} (first: ${missing[0]}); submit the job again to render ${missing.length === 1 ? 'it' : 'them'}.`);
}

async function checkFolder(data: AssemblyJobData, options: AssemblyOptions): Promise<void> {
  const dir = chunkFramesDir(data.output, data.key);
  const frames = await expectedFrames(data);
  const sink = new FrameFolderSink(dir, (n) => frames.find((f) => f.number === n)!.name);
  const missing: string[] = [];
  for (const [i, frame] of frames.entries()) {
    throwIfCancelled(options.signal);
    if (!(await sink.hasValid(frame.number))) missing.push(frame.name);
    options.onProgress?.(i + 1, frames.length);
  }
  if (missing.length > 0) throw missingFramesError(dir, missing);
  // Every chunk is done, so a temp file left beside a frame is a dead worker's (killed mid-write).
  await sink.removeTempFilesOf(frames.map((f) => f.number));
}

async function encodeVideo(data: AssemblyJobData, options: AssemblyOptions): Promise<void> {
  if (data.source.kind !== 'video' || data.output.kind !== 'video') throw new CoherentStyleError('INVALID_ARGUMENT', 'Only a video input can be assembled into a video.');
  const { video } = data.source;
  const dir = chunkFramesDir(data.output, data.key);
  const frames = await expectedFrames(data);
  const numbers = frames.map((f) => f.number);
  const encoder = VideoEncoder.start(options.findFfmpeg(), {
    target: data.output.path,
    format: data.output.format,
    alpha: video.hasAlpha && keepsAlpha(data.output),
    width: video.width,
    height: video.height,
    frameRate: video.frameRate,
    videoOffsetSeconds: video.videoStartSeconds,
    audio: { file: data.source.path, codecs: video.audioCodecs, span: data.partial ? audioSpan(video, numbers) : undefined },
  });
  try {
    for (const [i, frame] of frames.entries()) {
      throwIfCancelled(options.signal);
      const image = await readImageFile(confinedPath(dir, frame.name), undefined, options.signal).catch((e: unknown) => {
        throw (e as CoherentStyleError).code === 'INPUT_UNREADABLE' ? missingFramesError(dir, [frame.name]) : e;
      });
      await encoder.write(image);
      options.onProgress?.(i + 1, frames.length);
    }
    throwIfCancelled(options.signal);
    await encoder.finish();
  } catch (e) {
    await encoder.abort();
    throw e;
  }
  await rm(dir, { recursive: true, force: true });
}

export async function assembleJob(data: AssemblyJobData, options: AssemblyOptions): Promise<void> {
  if (data.output.kind === 'folder') await checkFolder(data, options);
  else await encodeVideo(data, options);
}

