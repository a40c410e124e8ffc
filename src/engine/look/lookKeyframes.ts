/**
 * Style over time: keyframes of strength and of a style mix's weights along a clip, rendered in
 * one pass. Each property moves between the keyframes that set it (straight, or eased in and
 * out) and holds before the first of them and after the last; a property no keyframe sets is the
 * render's own. Weights are compared as shares (each keyframe's weights normalised to sum to 1),
 * so the mix between two keyframes is always a blend of the two mixes.
 */
import { z } from 'zod';
import { MAX_MIXED_STYLES, shares, styleWeightSchema, styleWeightsProblem } from './mix';
import { lookFields, type LookSettings } from './look';

export const KEYFRAME_EASES = ['linear', 'ease-in-out'] as const;
export type KeyframeEase = (typeof KEYFRAME_EASES)[number];

/** The most keyframes one render takes. */
export const MAX_KEYFRAMES = 10_000;

const keyframeSchema = z.strictObject({
  /** A frame of the clip: 0-based in a video, a frame folder's own number. */
  frame: z.number().int().min(0).max(10_000_000),
  strength: lookFields.strength.optional(),
  weights: z.array(styleWeightSchema).min(1).max(MAX_MIXED_STYLES).optional(),
});

/** Keyframes with their times resolved to frames, as a render carries them (its record and farm jobs key on them). */
export const lookKeyframesSchema = z.strictObject({
  ease: z.enum(KEYFRAME_EASES),
  keyframes: z.array(keyframeSchema).min(1).max(MAX_KEYFRAMES),
}).superRefine(({ keyframes }, context) => {
  keyframes.forEach((k, i) => {
    const problem = k.strength === undefined && k.weights === undefined ? 'sets neither strength nor weights'
      : i > 0 && k.frame <= keyframes[i - 1].frame ? `is at frame ${k.frame}, not after the keyframe before it (frame ${keyframes[i - 1].frame})`
        : k.weights && styleWeightsProblem(k.weights);
    if (problem) context.addIssue({ code: 'custom', path: ['keyframes', i], message: `keyframe ${i + 1} ${problem}` });
  });
});

export type LookKeyframes = z.infer<typeof lookKeyframesSchema>;

/** A frame's keyframed look: the Look's strength and the shares of its mix; what is undefined is the render's own setting. */
export type FrameLook = Partial<Pick<LookSettings, 'strength'>> & {
  /** Shares of the mix's styles, summing to 1. */
  weights?: number[];
};

const easing: Record<KeyframeEase, (u: number) => number> = {
  linear: (u) => u,
  'ease-in-out': (u) => u * u * (3 - 2 * u),
};

/** One property's value at `frame` from the keyframes that set it (in frame order); undefined when none does. */
function interpolated<T>(set: ReadonlyArray<{ frame: number; value: T }>, frame: number, ease: (u: number) => number, mix: (a: T, b: T, u: number) => T): T | undefined {
  if (set.length === 0) return undefined;
  const next = set.findIndex((k) => k.frame > frame);
  if (next === 0) return set[0].value;
  if (next === -1) return set[set.length - 1].value;
  const a = set[next - 1];
  const b = set[next];
  return mix(a.value, b.value, ease((frame - a.frame) / (b.frame - a.frame)));
}

/** The look at a frame of the clip. */
export function lookAt({ ease, keyframes }: LookKeyframes, frame: number): FrameLook {
  const curve = easing[ease];
  const strengths = keyframes.flatMap((k) => (k.strength === undefined ? [] : [{ frame: k.frame, value: k.strength }]));
  const mixes = keyframes.flatMap((k) => (k.weights === undefined ? [] : [{ frame: k.frame, value: shares(k.weights) }]));
  return {
    strength: interpolated(strengths, frame, curve, (a, b, u) => a + (b - a) * u),
    weights: interpolated(mixes, frame, curve, (a, b, u) => a.map((w, i) => w + (b[i] - w) * u)),
  };
}
