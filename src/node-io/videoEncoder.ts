/**
 * Encodes stylized frames into a video: raw RGB (RGBA for ProRes 4444 with alpha) into ffmpeg's
 * stdin, in the chosen format (VIDEO_CODECS) at the source's exact frame rate, BT.709, the source's
 * audio muxed back in. The file is written under a temp name in the target folder and renamed only
 * when ffmpeg succeeded, so a cancelled or failed render never leaves a half-written video under
 * the real name. Chroma subsampling (4:2:0, 4:2:2) needs even dimensions: an odd width or height
 * gets one extra column/row repeating the edge.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { describeWriteError, tempPathFor } from './atomicFile';
import { inputFileArgs, lastErrorLine, localFile, type FfmpegBinary } from './ffmpeg';
import type { VideoFormat } from '../engine/render/videoFormats';
import { rationalToString, type Rational } from './videoProbe';

/** Containers the CLI writes, by extension. */
const VIDEO_CONTAINERS: Readonly<Record<string, string>> = { '.mp4': 'mp4', '.m4v': 'mp4', '.mov': 'mov', '.mkv': 'matroska', '.mxf': 'mxf' };

/** Audio codecs each container takes as a stream copy; anything else is re-encoded (AUDIO_REENCODE). */
const COPYABLE_AUDIO: Readonly<Record<string, readonly string[]>> = {
  mp4: ['aac', 'mp3', 'alac', 'ac3', 'eac3', 'opus', 'flac'],
  mov: ['aac', 'mp3', 'alac', 'ac3', 'eac3', 'pcm_s16le', 'pcm_s24le', 'pcm_s16be', 'pcm_s24be', 'pcm_f32le'],
  matroska: [],
  mxf: ['pcm_s16le', 'pcm_s24le'],
};

/** MXF carries 48 kHz PCM only; the others take AAC. */
const AUDIO_REENCODE: Readonly<Record<string, readonly string[]>> = {
  mxf: ['-c:a', 'pcm_s24le', '-ar', '48000'],
  default: ['-c:a', 'aac', '-b:a', '192k'],
};

interface VideoCodec {
  /** The encoder's pixel format; `alpha`: the one with an alpha plane. */
  pixelFormat: string;
  alphaPixelFormat?: string;
  /** Chroma subsampled horizontally or vertically: odd sizes are padded to even. */
  subsampled: boolean;
  args: readonly string[];
}

/** Each format's encoder and settings: H.264 for delivery, the others for editing round trips. */
const VIDEO_CODECS: Readonly<Record<VideoFormat, VideoCodec>> = {
  h264: { pixelFormat: 'yuv420p', subsampled: true, args: ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18'] },
  'prores-422-hq': { pixelFormat: 'yuv422p10le', subsampled: true, args: ['-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0'] },
  'prores-4444': {
    pixelFormat: 'yuv444p10le', alphaPixelFormat: 'yuva444p10le', subsampled: false,
    args: ['-c:v', 'prores_ks', '-profile:v', '4', '-vendor', 'apl0', '-alpha_bits', '16'],
  },
  'dnxhr-hqx': { pixelFormat: 'yuv422p10le', subsampled: true, args: ['-c:v', 'dnxhd', '-profile:v', 'dnxhr_hqx'] },
};

export interface AudioSource {
  file: string;
  codecs: readonly string[];
  /** Cut the audio to this span (a frame range); absent: the whole track, stream-copied when possible. */
  span?: { startSeconds: number; durationSeconds: number };
}

export interface VideoEncodeOptions {
  target: string;
  format: VideoFormat;
  /** Keep the frames' alpha (ProRes 4444 only); frames without alpha are then opaque. */
  alpha?: boolean;
  width: number;
  height: number;
  frameRate: Rational;
  /** Seconds the first frame is shown after the audio starts (the source's video start offset). */
  videoOffsetSeconds?: number;
  audio?: AudioSource;
}

export function evenSize(n: number): number {
  return n + (n & 1);
}

/** The size of the raw frames the encoder takes: padded to even where the format subsamples chroma. */
function frameSizeFor(options: Pick<VideoEncodeOptions, 'format' | 'width' | 'height'>): { width: number; height: number } {
  const even = VIDEO_CODECS[options.format].subsampled;
  return { width: even ? evenSize(options.width) : options.width, height: even ? evenSize(options.height) : options.height };
}

function withAlpha(options: Pick<VideoEncodeOptions, 'format' | 'alpha'>): boolean {
  return options.alpha === true && VIDEO_CODECS[options.format].alphaPixelFormat !== undefined;
}

function audioArgs(container: string, audio: AudioSource | undefined): string[] {
  if (!audio || audio.codecs.length === 0) return [];
  const copyable = container === 'matroska' || audio.codecs.every((c) => COPYABLE_AUDIO[container].includes(c));
  // A cut needs re-encoding: a stream copy can only start on packet boundaries.
  const codec = copyable && !audio.span ? ['-c:a', 'copy'] : AUDIO_REENCODE[container] ?? AUDIO_REENCODE.default;
  return ['-map', '1:a', ...codec];
}

export function encodeArgs(options: VideoEncodeOptions, container: string, output: string): string[] {
  const { audio } = options;
  const audioInput = !audio || audio.codecs.length === 0 ? [] : [
    ...(audio.span ? ['-ss', audio.span.startSeconds.toFixed(6), '-t', audio.span.durationSeconds.toFixed(6)] : []),
    ...inputFileArgs(audio.file),
  ];
  const offset = options.videoOffsetSeconds && !audio?.span ? ['-itsoffset', options.videoOffsetSeconds.toFixed(6)] : [];
  const codec = VIDEO_CODECS[options.format];
  const alpha = withAlpha(options);
  const pixelFormat = alpha ? codec.alphaPixelFormat! : codec.pixelFormat;
  const { width, height } = frameSizeFor(options);
  return [
    '-v', 'error', '-y',
    ...offset,
    '-f', 'rawvideo', '-pix_fmt', alpha ? 'rgba' : 'rgb24', '-s', `${width}x${height}`,
    '-framerate', rationalToString(options.frameRate), '-i', 'pipe:0',
    ...audioInput,
    '-map', '0:v:0',
    '-vf', `scale=out_color_matrix=bt709:out_range=tv,format=${pixelFormat}`,
    ...codec.args, '-pix_fmt', pixelFormat,
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709',
    '-vsync', 'passthrough',
    ...audioArgs(container, audio),
    ...(container === 'mp4' || container === 'mov' ? ['-movflags', '+faststart'] : []),
    '-f', container, localFile(output),
  ];
}

/**
 * Interleaved 8-bit RGB, or RGBA when `alpha` (opaque where the frame has none), at `size`; the
 * extra column/row of a padded frame repeats the edge pixel.
 */
export function toRawFrame(img: RasterImage, size: { width: number; height: number }, alpha: boolean): Uint8Array {
  if (img.bitDepth !== 8 || (img.channels !== 3 && img.channels !== 4)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The video encoder takes 8-bit RGB frames, got ${img.channels} channels at ${img.bitDepth} bits.`);
  }
  const { width: w, height: h } = size;
  const outChannels = alpha ? 4 : 3;
  if (w === img.width && h === img.height && img.channels === outChannels) return img.data as Uint8Array;
  const out = new Uint8Array(w * h * outChannels);
  const src = img.data as Uint8Array;
  const c = img.channels;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(y, img.height - 1);
    for (let x = 0; x < w; x++) {
      const s = (sy * img.width + Math.min(x, img.width - 1)) * c;
      const d = (y * w + x) * outChannels;
      out[d] = src[s];
      out[d + 1] = src[s + 1];
      out[d + 2] = src[s + 2];
      if (alpha) out[d + 3] = c === 4 ? src[s + 3] : 255;
    }
  }
  return out;
}

export class VideoEncoder {
  private stderr = '';
  private failure: Error | undefined;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, null, Readable>,
    private readonly options: VideoEncodeOptions,
    private readonly tempPath: string,
  ) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      this.stderr = (this.stderr + s).slice(-8000);
    });
    // ffmpeg dying makes writes fail with EPIPE; its own message (kept in stderr) is the useful one.
    child.stdin.on('error', (e) => {
      this.failure ??= e;
    });
    this.exited = new Promise((resolve) => {
      child.on('error', (e) => {
        this.failure ??= e;
        resolve(null);
      });
      child.on('close', (code) => resolve(code));
    });
    process.on('exit', this.discardOnExit);
    void this.exited.then(() => process.off('exit', this.discardOnExit));
  }

  /** A second Ctrl-C exits at once: ffmpeg is killed and its half-written temp file deleted, synchronously. */
  private readonly discardOnExit = (): void => {
    this.child.kill('SIGKILL');
    rmSync(this.tempPath, { force: true });
  };

  static start(ffmpeg: FfmpegBinary, options: VideoEncodeOptions): VideoEncoder {
    const ext = path.extname(options.target).toLowerCase();
    const container = VIDEO_CONTAINERS[ext];
    if (!container) {
      throw new CoherentStyleError('INVALID_ARGUMENT',
        `Cannot write ${ext || 'extensionless'} video; use one of ${Object.keys(VIDEO_CONTAINERS).join(', ')}.`);
    }
    const tempPath = tempPathFor(options.target);
    const child = spawn(ffmpeg.path, ['-hide_banner', '-nostdin', ...encodeArgs(options, container, tempPath)], { stdio: ['pipe', 'ignore', 'pipe'] });
    return new VideoEncoder(child, options, tempPath);
  }

  /** Queues one frame; resolves when ffmpeg has taken it (backpressure). */
  async write(frame: RasterImage): Promise<void> {
    if (frame.width !== this.options.width || frame.height !== this.options.height) {
      throw new CoherentStyleError('INVALID_ARGUMENT',
        `Frame size ${frame.width}×${frame.height} differs from the video's ${this.options.width}×${this.options.height}.`);
    }
    if (this.failure || this.child.exitCode !== null) throw await this.describeFailure();
    const accepted = this.child.stdin.write(toRawFrame(frame, frameSizeFor(this.options), withAlpha(this.options)));
    if (!accepted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.child.stdin.off('drain', done);
          this.child.off('close', done);
          resolve();
        };
        this.child.stdin.on('drain', done);
        this.child.on('close', done);
      });
    }
    if (this.failure) throw await this.describeFailure();
  }

  /** Closes the stream, waits for ffmpeg and renames the finished file over the target. */
  async finish(): Promise<void> {
    this.child.stdin.end();
    const code = await this.exited;
    if (code !== 0) {
      const error = await this.describeFailure();
      await rm(this.tempPath, { force: true });
      throw error;
    }
    try {
      await rename(this.tempPath, this.options.target);
    } catch (e) {
      await rm(this.tempPath, { force: true });
      throw describeWriteError(e, this.options.target);
    }
  }

  /** Stops ffmpeg and deletes the temp file (cancel or an upstream error). */
  async abort(): Promise<void> {
    this.child.stdin.destroy();
    this.child.kill('SIGKILL');
    await this.exited;
    await rm(this.tempPath, { force: true });
  }

  private async describeFailure(): Promise<CoherentStyleError> {
    // ffmpeg's last words explain the failure; give it a moment to exit and print them.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((r) => { timer = setTimeout(r, 2000); })]);
    clearTimeout(timer);
    const message = lastErrorLine(this.stderr);
    if (/No space left on device/i.test(this.stderr)) {
      return new CoherentStyleError('DISK_FULL',
        `The disk holding ${path.dirname(this.options.target)} is full; the video was not written. Free some space or choose another output folder.`);
    }
    if (/Permission denied|Read-only file system/i.test(this.stderr)) {
      return new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot write to ${path.dirname(this.options.target)} (${message}). Choose a folder you can write to.`);
    }
    const spawnError = this.failure && (this.failure as NodeJS.ErrnoException).code === 'ENOENT' ? ` (${this.failure.message})` : '';
    return new CoherentStyleError('FFMPEG_FAILED', `ffmpeg could not encode ${this.options.target}: ${message}${spawnError}.`);
  }
}
