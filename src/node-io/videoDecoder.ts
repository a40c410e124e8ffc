/**
 * Decodes a video's frames as raw RGB (RGBA when asked to keep the alpha) through ffmpeg's stdout: no temp image per frame.
 * A frame range starts half a frame before its first frame (input seeking is exact when decoding)
 * and stops after its last, so a render farm shard decodes only what it renders.
 */
import { spawn } from 'node:child_process';
import { CancelledError, CoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { ffmpegStartError, inputFileArgs, lastErrorLine, type FfmpegBinary } from './ffmpeg';
import { rationalValue, type VideoInfo } from './videoProbe';

export interface FrameRange {
  /** First frame, 0-based. */
  first: number;
  /** Last frame, inclusive. */
  last: number;
}

/** Seconds into the file at which frame `index` is shown. */
export function frameTimeSeconds(info: VideoInfo, index: number): number {
  return info.videoStartSeconds + index / rationalValue(info.frameRate);
}

export function decodeArgs(file: string, info: VideoInfo, range: FrameRange, alpha = false): string[] {
  const seek = range.first > 0 ? ['-ss', (frameTimeSeconds(info, range.first) - 0.5 / rationalValue(info.frameRate)).toFixed(6)] : [];
  return [
    '-v', 'error', ...seek, ...inputFileArgs(file),
    '-map', '0:v:0', '-vsync', 'passthrough',
    '-frames:v', String(range.last - range.first + 1),
    '-f', 'rawvideo', '-pix_fmt', alpha ? 'rgba' : 'rgb24', 'pipe:1',
  ];
}

/** Yields the frames of `range` in order as 8-bit RGB (`alpha`: RGBA) images of the probed size. */
export async function* decodeVideoFrames(
  ffmpeg: FfmpegBinary, file: string, info: VideoInfo, range: FrameRange, signal?: AbortSignal, alpha = false,
): AsyncGenerator<RasterImage> {
  const channels = alpha ? 4 : 3;
  const frameBytes = info.width * info.height * channels;
  // spawn's own signal option kills ffmpeg on cancel, which ends the stdout stream below.
  const child = spawn(ffmpeg.path, ['-hide_banner', '-nostdin', ...decodeArgs(file, info, range, alpha)],
    { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    stderr = (stderr + s).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(signal?.aborted ? new CancelledError() : ffmpegStartError(ffmpeg, e)));
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        const frame = new Uint8Array(frameBytes);
        frame.set(all.subarray(0, frameBytes));
        const rest = all.subarray(frameBytes);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
        yield { width: info.width, height: info.height, channels, bitDepth: 8, data: frame };
      }
    }
    const code = await exited;
    if (signal?.aborted) throw new CancelledError();
    if (code !== 0) {
      throw new CoherentStyleError('FFMPEG_FAILED', `ffmpeg could not decode ${file} (${lastErrorLine(stderr)}).`);
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The audio under a frame range: from the first frame's time for as long as the frames last. */
export function audioSpan(info: VideoInfo, frames: readonly number[]): { startSeconds: number; durationSeconds: number } {
  return {
    startSeconds: frameTimeSeconds(info, frames[0]),
    durationSeconds: frames.length / rationalValue(info.frameRate),
  };
}
