/**
 * How each frame of a render job (renderJob.ts) is stylized: the render's settings,
 * with the keyframed strength and style mix at that frame (--keyframes), limited to a matte
 * (--matte) after everything else, the stabilizer included, so no look leaks outside it.
 */
import type { RasterImage } from '../images/image';
import { throughMatte } from '../images/matte';
import { lookAt, type LookKeyframes } from '../look/lookKeyframes';
import type { CancelSignal } from '../cancellation';
import { frameSettingsOf, type StylizeService } from '../inference/stylizeService';
import type { StyleSource } from '../look/mix';
import type { Look } from '../look/look';

export type FrameStylizer = (frame: RasterImage, signal: CancelSignal, frameNumber: number) => Promise<RasterImage>;

/** Where the look goes, and what lies outside it: the frame itself, or a second style (same settings). */
export interface LookRegion {
  coverageAt(clipIndex: number, width: number, height: number, signal?: CancelSignal): Promise<Float32Array>;
  outsideStyle?: StyleSource;
}

/** What a render adds to its Look: the look over time, and where it applies. */
export interface LookPlacement {
  keyframes?: LookKeyframes;
  region?: LookRegion;
}

/** The service's jobs of one render: the look's, and the outside style's when the region has one. */
export interface RenderJobIds {
  look: string;
  outside?: string;
}

/** `clipIndex`: a frame's position in its clip, for the stabilizer and the matte. */
export function frameStylizer(
  service: StylizeService, jobs: RenderJobIds, look: Look, { keyframes, region }: LookPlacement, clipIndex: (frameNumber: number) => number,
): FrameStylizer {
  const settings = frameSettingsOf(look);
  return async (frame, signal, n) => {
    const keyed = keyframes && lookAt(keyframes, n);
    const frameSettings = { ...settings, frameIndex: clipIndex(n), strength: keyed?.strength ?? settings.strength };
    const stylized = await service.stylize(jobs.look, frame, { ...frameSettings, styleWeights: keyed?.weights }, signal);
    if (!region) return stylized;
    // The outside look is one style: a keyframed mix's weights are the inside's.
    const outside = jobs.outside === undefined ? frame : await service.stylize(jobs.outside, frame, frameSettings, signal);
    return throughMatte(stylized, outside, await region.coverageAt(clipIndex(n), frame.width, frame.height, signal));
  };
}
