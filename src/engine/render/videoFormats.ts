/**
 * The video formats Coherent Style writes, named the same everywhere: the command line's
 * --format, farm jobs, and the panel's Output choice (encoded by the companion). Host-agnostic,
 * since the protocol and the panel name them too; how each is encoded is node-io's videoEncoder.
 */
export const VIDEO_FORMATS = ['h264', 'prores-422-hq', 'prores-4444', 'dnxhr-hqx'] as const;
export type VideoFormat = (typeof VIDEO_FORMATS)[number];

/** The container the panel writes each format in: H.264 in MP4, the editing formats in QuickTime. */
export function movieExtension(format: VideoFormat): '.mp4' | '.mov' {
  return format === 'h264' ? '.mp4' : '.mov';
}

/** DNxHR's encoder refuses frames smaller than this. */
const DNXHR_MIN = { width: 256, height: 120 };

/**
 * Why frames of `size` cannot be written in `format` ("DNxHR needs … ; <subject> W×H."), or
 * undefined when they can; each caller adds what its user can do instead.
 */
export function frameSizeProblem(format: VideoFormat, size: { width: number; height: number }, subject: string): string | undefined {
  if (format !== 'dnxhr-hqx' || (size.width >= DNXHR_MIN.width && size.height >= DNXHR_MIN.height)) return undefined;
  return `DNxHR needs frames of at least ${DNXHR_MIN.width}×${DNXHR_MIN.height}; ${subject} ${size.width}×${size.height}.`;
}
