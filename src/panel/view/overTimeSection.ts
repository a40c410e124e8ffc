/**
 * The OVER TIME section: the look changes along each clip, from a start look at its first frame to
 * the LOOK section's (its Strength and second style's share) at its last, straight or eased.
 */
import { KEYFRAME_EASES, type KeyframeEase } from '../../engine/look/lookKeyframes';
import { EASE_LABELS, transitionSummary, type TransitionChange } from '../transition';
import { collapsibleSection, el, field, Picker, setChecked, setDisabled, setSliderValue, slider, type SectionView } from './widgets';

export interface OverTimeHandlers {
  changeTransition(change: TransitionChange): void;
}

const EASE_CHOICES = KEYFRAME_EASES.map((ease) => ({ value: ease, label: EASE_LABELS[ease] }));

export function createOverTimeSection(doc: Document, handlers: OverTimeHandlers, onToggle: () => void): SectionView {
  const section = collapsibleSection(doc, 'overTime', 'OVER TIME', onToggle);
  const on = el(doc, 'sp-checkbox', { size: 's', class: 'cs-over-time' }, 'Change along the clip');
  on.addEventListener('change', () => handlers.changeTransition({ on: !!(on as unknown as { checked: boolean }).checked }));
  const startStrength = slider(doc, { min: '0', max: '100', step: '1', 'value-label': '%', class: 'cs-start-strength' }, 'Start strength',
    (v) => handlers.changeTransition({ startStrength: v / 100 }));
  const startShare = slider(doc, { min: '0', max: '100', step: '5', 'value-label': '%', class: 'cs-start-share' }, 'Start mix (second style)',
    (v) => handlers.changeTransition({ startShare: v / 100 }));
  const ease = new Picker(doc, 'Ease', 'Ease', (v) => handlers.changeTransition({ ease: v as KeyframeEase }));
  const easeField = field(doc, 'Ease', ease.node);
  const hint = el(doc, 'sp-body', { size: 's', class: 'cs-over-time-hint' },
    'Each clip starts here at its first frame and ends at the LOOK above at its last. Preview shows the end.');
  const controls = el(doc, 'div', { class: 'cs-over-time-controls' });
  controls.append(startStrength.node, startShare.node, easeField, hint);
  section.body.append(on, controls);

  return {
    node: section.node,
    render(state) {
      const busy = state.job.status !== 'idle';
      const { transition } = state;
      section.update(state.layout.open.overTime, transitionSummary(transition, { strength: state.strength, share: state.mix?.share }));
      setChecked(on, transition.on);
      setDisabled(on, busy);
      controls.classList.toggle('cs-hidden', !transition.on);
      setSliderValue(startStrength.node, Math.round(transition.startStrength * 100));
      setDisabled(startStrength.node, busy);
      startShare.node.classList.toggle('cs-hidden', !state.mix);
      setSliderValue(startShare.node, Math.round(transition.startShare * 100));
      setDisabled(startShare.node, busy);
      ease.update(EASE_CHOICES, transition.ease, busy);
    },
  };
}
