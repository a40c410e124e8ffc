/**
 * A video as a job's FrameSource and FrameSink. The pipeline may ask for frames slightly out of
 * order (it keeps a few in flight), while ffmpeg's pipes are strictly sequential, so the source
 * buffers the few decoded frames not asked for yet and the sink holds back frames until every
 * earlier one has been handed to the encoder.
 */
import { CoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import type { FrameSink, FrameSource } from '../engine/render/jobPipeline';
import type { FfmpegBinary } from './ffmpeg';
import { decodeVideoFrames } from './videoDecoder';
import type { VideoEncoder } from './videoEncoder';
import type { VideoInfo } from './videoProbe';

export class VideoFrameSource implements FrameSource {
  readonly count: number;
  private readonly wanted: Set<number>;
  private readonly decoder: AsyncGenerator<RasterImage>;
  private readonly buffered = new Map<number, RasterImage>();
  private nextDecoded: number;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param frameNumbers the frames to deliver, ascending (a range, minus frames a resume skips)
   * @param alpha deliver RGBA frames (the output keeps the input's alpha)
   */
  constructor(ffmpeg: FfmpegBinary, private readonly file: string, info: VideoInfo, readonly frameNumbers: readonly number[], signal?: AbortSignal, alpha = false) {
    if (frameNumbers.length === 0) throw new CoherentStyleError('INVALID_ARGUMENT', 'No frames to read.');
    this.count = frameNumbers.length;
    this.wanted = new Set(frameNumbers);
    const first = frameNumbers[0];
    const last = frameNumbers[frameNumbers.length - 1];
    this.nextDecoded = first;
    this.decoder = decodeVideoFrames(ffmpeg, file, info, { first, last }, signal, alpha);
  }

  read(frameNumber: number): Promise<RasterImage> {
    const result = this.queue.then(() => this.decodeUntil(frameNumber));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops ffmpeg (after a failure or cancel; a finished decode has already exited). */
  async close(): Promise<void> {
    await this.decoder.return(undefined);
  }

  private async decodeUntil(frameNumber: number): Promise<RasterImage> {
    while (!this.buffered.has(frameNumber)) {
      if (this.nextDecoded > frameNumber || !this.wanted.has(frameNumber)) {
        throw new CoherentStyleError('INVALID_ARGUMENT', `Frame ${frameNumber} of ${this.file} was not requested or was already read.`);
      }
      const next = await this.decoder.next();
      if (next.done) {
        throw new CoherentStyleError('INPUT_UNREADABLE',
          `${this.file} ended after frame ${this.nextDecoded - 1}; frame ${frameNumber} could not be decoded (the file may be truncated).`);
      }
      const decodedNumber = this.nextDecoded++;
      if (this.wanted.has(decodedNumber)) this.buffered.set(decodedNumber, next.value);
    }
    const frame = this.buffered.get(frameNumber)!;
    this.buffered.delete(frameNumber);
    return frame;
  }
}

interface HeldFrame {
  image: RasterImage;
  done: () => void;
  fail: (e: unknown) => void;
}

export class VideoFrameSink implements FrameSink {
  private readonly held = new Map<number, HeldFrame>();
  private nextIndex = 0;
  private flushing = false;
  private failure: unknown;

  /** @param frameNumbers the frames in the order they go into the video */
  constructor(private readonly encoder: VideoEncoder, private readonly frameNumbers: readonly number[]) {}

  write(frameNumber: number, image: RasterImage): Promise<void> {
    return new Promise<void>((done, fail) => {
      if (this.failure !== undefined) {
        fail(this.failure);
        return;
      }
      this.held.set(frameNumber, { image, done, fail });
      void this.flush();
    });
  }

  /** Completes the file once every frame was written. */
  async finish(): Promise<void> {
    if (this.nextIndex !== this.frameNumbers.length) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `Only ${this.nextIndex} of ${this.frameNumbers.length} frames reached the video encoder.`);
    }
    await this.encoder.finish();
  }

  abort(): Promise<void> {
    return this.encoder.abort();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        const frameNumber = this.frameNumbers[this.nextIndex];
        const frame = this.held.get(frameNumber);
        if (!frame) return;
        this.held.delete(frameNumber);
        try {
          await this.encoder.write(frame.image);
          this.nextIndex++;
          frame.done();
        } catch (e) {
          this.failure = e;
          frame.fail(e);
          for (const other of this.held.values()) other.fail(e);
          this.held.clear();
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
