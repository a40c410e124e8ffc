/**
 * What a protocol endpoint serves and within which limits: the stylizer and the facts its
 * capabilities reply reports, the farm behind a companion started with --farm, and the per-client
 * limits. Kept apart from the endpoint so each client session can name them without a circle.
 */
import type { CancelSignal } from '../engine/cancellation';
import type { RasterImage } from '../engine/images/image';
import type { StylizeService } from '../engine/inference/stylizeService';
import type { Look } from '../engine/look/look';
import type { LookKeyframes } from '../engine/look/lookKeyframes';
import type { VideoFormat } from '../engine/render/videoFormats';
import type { EncodeFramesMessage, FarmProgressMessage } from './messages';
import { DEFAULT_MAX_MESSAGE_BYTES } from './protocol';

/** A farm render as the endpoint hands it to the farm: paths on shared storage, the look with its style's pixels. */
export interface FarmRenderSpec {
  input: string;
  output: string;
  look: Look;
  /** Strength and mix over time, at the input's frame numbers. */
  keyframes?: LookKeyframes;
  /** The look only inside this matte. */
  matte?: FarmRenderMatte;
}

/** A farm render's matte: a frame folder on shared storage (frame k for the input's frame k), and the style outside it, if any. */
export interface FarmRenderMatte {
  path: string;
  inverted: boolean;
  outsideStyle?: RasterImage;
}

export type FarmRenderProgress = Omit<FarmProgressMessage, 'type' | 'id' | 'job'>;

/** The render farm behind a companion started with --farm. */
export interface FarmBackend {
  /** Puts the render on the farm, or finds the same render already there; resolves to its farm job id. */
  submit(spec: FarmRenderSpec, signal: CancelSignal): Promise<string>;
  /**
   * Follows a farm job, reporting progress, until its output is complete (then resolves) or it
   * fails or is cancelled (rejects). Aborting stops following only: the job runs on.
   */
  follow(farmJob: string, onProgress: (progress: FarmRenderProgress) => void, signal: CancelSignal): Promise<void>;
  /** Stops a farm job on every worker; finished frames are kept. */
  cancel(farmJob: string): Promise<void>;
}

/** A job folder's frames to encode into a movie beside them (an encodeFrames request without its wire fields). */
export type EncodeFramesSpec = Omit<EncodeFramesMessage, 'type' | 'id' | 'job'>;

/** The companion's ffmpeg: encodes a job folder's PNG frames into a movie (encodeFrames). */
export interface FrameEncoderBackend {
  readonly formats: readonly VideoFormat[];
  /** Resolves once the movie is complete under its name; aborting stops ffmpeg and leaves nothing under that name. */
  encode(spec: EncodeFramesSpec, signal: CancelSignal): Promise<void>;
}

/** What the endpoint serves: a stylizer plus the facts the capabilities reply reports. */
export interface EndpointBackend {
  readonly service: StylizeService;
  readonly runtime: string;
  readonly provider: string;
  readonly adapter?: string;
  readonly modes: ReadonlyArray<{ id: string; label: string }>;
  readonly defaultMode: string;
  /** Prepares a mode's sessions ahead of the first frame; UNKNOWN_MODE for a mode not installed. */
  loadModel(mode: string): Promise<void>;
  /** Present when farm renders are served. */
  readonly farm?: FarmBackend;
  /** Present when movies are encoded (the companion, which has ffmpeg). */
  readonly encoder?: FrameEncoderBackend;
}

export interface EndpointLimits {
  maxMessageBytes: number;
  /** Frames and style encodings a client may have queued or running at once. */
  maxQueuedFrames: number;
  /** Jobs (styles set and not ended) a client may hold at once; each keeps style statistics in memory. */
  maxJobs: number;
  /** Inferences running at once across all clients. */
  concurrency: number;
}

export const DEFAULT_ENDPOINT_LIMITS: EndpointLimits = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  maxQueuedFrames: 4,
  maxJobs: 16,
  concurrency: 1,
};

/** A server that can prove who it is: the companion answers a hello's nonce with an HMAC under its token. */
export interface ServerIdentity {
  prove(nonce: string): string;
}
