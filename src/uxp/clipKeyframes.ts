/**
 * An Apply's look over time, as one clip's render takes it: the request's start look at the clip's
 * first frame, the Look itself at its last, eased between. Each clip gets its own, over its own length.
 */
import type { Look } from '../engine/look/look';
import type { LookKeyframes } from '../engine/look/lookKeyframes';
import type { ApplyRequest } from '../panel/panelHost';

/**
 * The keyframes of a clip of `frameCount` frames, at frames 0 … frameCount − 1; undefined when the
 * look is constant, or the clip a single frame (which then has the end look, as the preview shows).
 */
export function clipKeyframes(overTime: ApplyRequest['overTime'], look: Look, frameCount: number): LookKeyframes | undefined {
  if (!overTime || frameCount < 2) return undefined;
  const { strength, share } = overTime.start;
  // The start mix is a share of a two-style mix: the first style has the rest.
  const mixed = share !== undefined && look.styles.length === 2;
  return {
    ease: overTime.ease,
    keyframes: [
      { frame: 0, strength, ...(mixed ? { weights: [1 - share, share] } : {}) },
      { frame: frameCount - 1, strength: look.strength, ...(mixed ? { weights: look.styles.map((s) => s.weight) } : {}) },
    ],
  };
}

/** The same keyframes at other frame numbers (a frame folder's, from its files' names). */
export function renumbered(keyframes: LookKeyframes, frameNumber: (clipIndex: number) => number): LookKeyframes {
  return { ...keyframes, keyframes: keyframes.keyframes.map((k) => ({ ...k, frame: frameNumber(k.frame) })) };
}
