/**
 * One client's movie encodes (encodeFrames): each runs on the endpoint's FrameEncoderBackend
 * under its job id until it is done, cancelled (ffmpeg stopped) or the client goes away. Kept
 * apart from the session, which only routes the requests here.
 */
import { CancelController } from '../engine/cancellation';
import { CancelledError, CoherentStyleError } from '../engine/errors';
import type { FrameEncoderBackend } from './endpointBackend';
import type { EncodeFramesMessage } from './messages';

/** Encodes a client may run at once (each is one ffmpeg on the companion's machine). */
const MAX_ENCODES_PER_CLIENT = 2;

export class FrameEncodes {
  private readonly running = new Map<string, CancelController>();

  constructor(private readonly encoder: FrameEncoderBackend | undefined) {}

  has(job: string): boolean {
    return this.running.has(job);
  }

  /** Resolves once the movie is complete; CANCELLED when cancel() or abortAll() stopped it. */
  async encode(message: EncodeFramesMessage, jobInUse: boolean): Promise<void> {
    const { encoder } = this;
    if (!encoder?.formats.includes(message.format)) {
      throw new CoherentStyleError('HOST', `This companion cannot encode ${message.format} (it has no ffmpeg it can run); install ffmpeg, restart \`coherent-style serve\`, or choose Image sequence (PNG).`);
    }
    if (jobInUse || this.running.has(message.job)) {
      throw new CoherentStyleError('PROTOCOL', `Job "${message.job}" is already in use; give the encode its own job id.`);
    }
    if (this.running.size >= MAX_ENCODES_PER_CLIENT) {
      throw new CoherentStyleError('PROTOCOL', `Too many movies encoding at once (limit ${MAX_ENCODES_PER_CLIENT}); wait for one to finish.`);
    }
    const abort = new CancelController();
    this.running.set(message.job, abort);
    try {
      const { type: _type, id: _id, job: _job, ...spec } = message;
      await encoder.encode(spec, abort.signal);
      if (abort.signal.aborted) throw new CancelledError();
    } catch (e) {
      if (!abort.signal.aborted) throw e;
      throw new CancelledError(`Encoding ${message.output} was cancelled; the frames are kept.`);
    } finally {
      this.running.delete(message.job);
    }
  }

  cancel(job: string): void {
    this.running.get(job)?.abort(new CancelledError());
  }

  abortAll(): void {
    for (const abort of this.running.values()) abort.abort(new CancelledError());
  }
}
