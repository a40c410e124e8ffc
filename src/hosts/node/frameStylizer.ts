/**
 * How each frame of a render (a `stylize` job, a farm chunk) is stylized: the render's settings,
 * with the keyframed strength and style mix at that frame (--keyframes).
 */
import type { RasterImage } from '../../engine/images/image';
import { lookAt, type LookKeyframes } from '../../engine/jobs/lookKeyframes';
import type { FrameSettings, StylizeService } from '../../engine/inference/stylizeService';

export type FrameStylizer = (frame: RasterImage, signal: AbortSignal, frameNumber: number) => Promise<RasterImage>;

/** `clipIndex`: a frame's position in its clip, for the stabilizer. */
export function frameStylizer(
  service: StylizeService, jobId: string, settings: Omit<FrameSettings, 'frameIndex' | 'styleWeights'>, keyframes: LookKeyframes | undefined,
  clipIndex: (frameNumber: number) => number,
): FrameStylizer {
  return (frame, signal, n) => {
    const keyed = keyframes && lookAt(keyframes, n);
    return service.stylize(jobId, frame, {
      ...settings, frameIndex: clipIndex(n), strength: keyed?.strength ?? settings.strength, styleWeights: keyed?.weights,
    }, signal);
  };
}
