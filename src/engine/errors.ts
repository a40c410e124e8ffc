/**
 * Every failure the engine reports is a CoherentStyleError: a stable code for programs
 * and a sentence an editor can act on.
 */
export type ErrorCode =
  | 'INVALID_IMAGE'
  | 'IMAGE_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT'
  | 'UNKNOWN_MODE'
  | 'MODEL_MISSING'
  | 'MODEL_TAMPERED'
  | 'MANIFEST_INVALID'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_UNWRITABLE'
  | 'INPUT_UNREADABLE'
  | 'NO_VIDEO_STREAM'
  | 'FFMPEG_MISSING'
  | 'FFMPEG_FAILED'
  | 'DISK_FULL'
  | 'CANCELLED'
  | 'INVALID_ARGUMENT'
  | 'INFERENCE_FAILED'
  | 'PRESET_INVALID'
  | 'PROTOCOL'
  | 'FARM_UNREACHABLE'
  | 'FARM_JOB_FAILED'
  | 'HOST';

export class CoherentStyleError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'CoherentStyleError';
    this.code = code;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export class CancelledError extends CoherentStyleError {
  constructor(message = 'Cancelled.') {
    super('CANCELLED', message);
    this.name = 'CancelledError';
  }
}

/** All a step that only checks between stages reads: a CancelSignal has it, and so has a host's own AbortSignal. */
export interface Cancellable {
  readonly aborted: boolean;
}

/** Throws CancelledError once cancelled (a CancelToken, or a host's AbortSignal); call between stages of long work. */
export function throwIfCancelled(signal: Cancellable | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export function isCoherentStyleError(e: unknown): e is CoherentStyleError {
  return e instanceof CoherentStyleError;
}
