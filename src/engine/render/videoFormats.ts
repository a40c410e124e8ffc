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
export const DNXHR_MIN = { width: 256, height: 120 };
