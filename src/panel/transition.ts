/**
 * Style over time in the panel: a transition from a start look at each clip's first frame to the
 * panel's own look (its Strength and mix share) at its last frame, with an ease. Per render, so
 * never part of a preset; each selected clip gets the transition over its own length.
 */
import { KEYFRAME_EASES, type KeyframeEase } from '../engine/look/lookKeyframes';
import type { ApplyRequest } from './panelHost';

export interface Transition {
  /** "Change along the clip": off, every frame has the panel's look. */
  on: boolean;
  /** The strength at each clip's first frame. */
  startStrength: number;
  /** The second style's share at the first frame (used only while a second style is mixed). */
  startShare: number;
  ease: KeyframeEase;
}

/** Off; switched on, a fade in: from nothing (the first style alone when mixed), eased. */
export const INITIAL_TRANSITION: Transition = { on: false, startStrength: 0, startShare: 0, ease: 'ease-in-out' };

export type TransitionChange = Partial<Transition>;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const fraction = (v: number | undefined, was: number) => (v !== undefined && Number.isFinite(v) ? clamp01(v) : was);

/** A change from the section's controls: fractions clamped as sliders send them, an unknown ease ignored. */
export function changeTransition(transition: Transition, change: TransitionChange): Transition {
  return {
    on: change.on ?? transition.on,
    startStrength: fraction(change.startStrength, transition.startStrength),
    startShare: fraction(change.startShare, transition.startShare),
    ease: change.ease !== undefined && KEYFRAME_EASES.includes(change.ease) ? change.ease : transition.ease,
  };
}

export const EASE_LABELS: Readonly<Record<KeyframeEase, string>> = { linear: 'Linear', 'ease-in-out': 'Ease in-out' };

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The closed section's line: "Constant", or "Strength 0% → 80%, ease in-out" (and the mix's move when mixed). */
export function transitionSummary(transition: Transition, end: { strength: number; share: number | undefined }): string {
  if (!transition.on) return 'Constant';
  const moves = [`Strength ${percent(transition.startStrength)} → ${percent(end.strength)}`];
  if (end.share !== undefined) moves.push(`mix ${percent(transition.startShare)} → ${percent(end.share)}`);
  return `${moves.join(', ')}, ${EASE_LABELS[transition.ease].toLowerCase()}`;
}

/** What Apply carries: the start look and the ease; undefined while the look stays constant. */
export function overTimeOf(transition: Transition, mixed: boolean): ApplyRequest['overTime'] {
  if (!transition.on) return undefined;
  return { start: { strength: transition.startStrength, ...(mixed ? { share: transition.startShare } : {}) }, ease: transition.ease };
}
