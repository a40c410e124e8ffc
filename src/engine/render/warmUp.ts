/**
 * Renders that start part-way into a clip (a resumed folder, `--frames`, a render-farm chunk) and
 * steady their frames: the stabilizer's state at a frame depends on the frames before it, so each
 * stretch of frames to render is preceded by up to warmUpFrames(level) frames of the clip that are
 * stylized and discarded. The first rendered frame is then within 1/255 of an uninterrupted render
 * (temporal/stabilizer.ts says why).
 */
import { warmUpFrames, type TemporalLevel } from '../temporal/stabilizer';

export interface WarmedUpFrames {
  /** The frames to stylize, in clip order: the needed ones and their warm-up. */
  frames: number[];
  /** Those of `frames` stylized only for the stabilizer's state. */
  warmUp: Set<number>;
}

/** `needed` (a subset of `clip`, the clip's frame numbers in order) with the warm-up before each stretch. */
export function withWarmUp(clip: readonly number[], needed: readonly number[], level: TemporalLevel): WarmedUpFrames {
  const depth = warmUpFrames(level);
  const wanted = new Set(needed);
  const warmUp = new Set<number>();
  clip.forEach((frame, position) => {
    if (!wanted.has(frame) || position === 0 || wanted.has(clip[position - 1])) return;
    for (let p = Math.max(0, position - depth); p < position; p++) {
      if (!wanted.has(clip[p])) warmUp.add(clip[p]);
    }
  });
  return { frames: clip.filter((frame) => wanted.has(frame) || warmUp.has(frame)), warmUp };
}
