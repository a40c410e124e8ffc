/**
 * The LOOK section: the mode (with what it does, in plain words), strength, render size,
 * steadiness and what Apply writes (outputField.ts); behind "Advanced", keeping the clip's colours, stroke size and a second style mixed in.
 */
import type { TemporalLevel } from '../../engine/temporal/stabilizer';
import { RENDER_SIZES, type LookChange, type PanelState } from '../state';
import { describeStrokeSize, scaleForStop, stopForScale, STROKE_SIZE_STOPS } from '../strokeSize';
import { createOutputField, type OutputHandlers } from './outputField';
import {
  button, collapsibleSection, el, field, Picker, row, setChecked, setDisabled, setImage, setSliderValue, slider, sliderValue, type SectionView,
} from './widgets';

export interface LookHandlers extends OutputHandlers {
  chooseMode(mode: string): void;
  setStrength(strength: number): void;
  chooseRenderSize(shortSide: number | undefined): void;
  /** Keep colours, steadiness, and any control of the Look the panel has no rule of its own for. */
  changeLook(change: LookChange): void;
  setStyleScale(styleScale: number): void;
  pickMixStyle(): void;
  setMixShare(share: number): void;
  clearMix(): void;
}

const SEQUENCE_SIZE = 'sequence';
const STEADINESS_CHOICES: ReadonlyArray<{ value: TemporalLevel; label: string }> = [
  { value: 'off', label: 'Off (every frame on its own)' },
  { value: 'normal', label: 'Normal' },
  { value: 'strong', label: 'Strong (still shots)' },
];

function sizeLabel(shortSide: number | undefined): string {
  return RENDER_SIZES.find((s) => s.shortSide === shortSide)?.label ?? `${shortSide}p`;
}

function sizeOptions(state: PanelState) {
  const listed = RENDER_SIZES.map((s) => ({ value: s.shortSide === undefined ? SEQUENCE_SIZE : String(s.shortSide), label: s.label }));
  const custom = state.renderShortSide !== undefined && !RENDER_SIZES.some((s) => s.shortSide === state.renderShortSide);
  return custom ? [...listed, { value: String(state.renderShortSide), label: `${state.renderShortSide}p` }] : listed;
}

/** "Artistic · 80% · 720p" for the closed section's header. */
function lookSummary(state: PanelState): string {
  const mode = state.modes.find((m) => m.id === state.mode)?.label ?? 'No mode';
  return `${mode} · ${Math.round(state.strength * 100)}% · ${sizeLabel(state.renderShortSide)}`;
}

/** Keep colours, stroke size and the mix: closed at first, so the section stays short. */
function createAdvanced(doc: Document, handlers: LookHandlers): { toggle: HTMLElement; node: HTMLElement; render(state: PanelState, busy: boolean): void } {
  const keepColors = el(doc, 'sp-checkbox', { size: 's', class: 'cs-keep-colors' }, 'Keep original colours');
  keepColors.addEventListener('change', () => handlers.changeLook({ keepColors: !!(keepColors as unknown as { checked: boolean }).checked }));
  const strokeSize = slider(doc, { min: '0', max: String(STROKE_SIZE_STOPS.length - 1), step: '1', 'show-value': 'false', class: 'cs-style-scale' },
    describeStrokeSize(1), (stop) => handlers.setStyleScale(scaleForStop(stop)));
  // The thumb's stop is not the percentage, so the label follows the thumb while it moves.
  strokeSize.node.addEventListener('input', () => { strokeSize.label.textContent = describeStrokeSize(scaleForStop(sliderValue(strokeSize.node))); });
  const mixThumb = el(doc, 'img', { class: 'cs-style-thumb', alt: 'Style mixed in' });
  const mixName = el(doc, 'sp-body', { size: 's', class: 'cs-style-name' });
  const mixClear = button(doc, 'Remove', 'secondary', handlers.clearMix);
  const mixInfo = el(doc, 'div', { class: 'cs-style-info' });
  mixInfo.append(mixName, row(doc, button(doc, 'Mix with…', 'secondary', handlers.pickMixStyle), mixClear));
  const mixShare = slider(doc, { min: '0', max: '100', step: '5', 'value-label': '%', class: 'cs-mix-share' }, 'Second style', (v) => handlers.setMixShare(v / 100));
  const node = el(doc, 'div', { class: 'cs-advanced cs-hidden' });
  node.append(keepColors, strokeSize.node, row(doc, mixThumb, mixInfo), mixShare.node);
  const toggle = el(doc, 'sp-action-button', { quiet: '', size: 's', class: 'cs-advanced-toggle', 'aria-expanded': 'false' }, 'Advanced ▸');
  toggle.addEventListener('click', () => {
    const open = node.classList.contains('cs-hidden');
    node.classList.toggle('cs-hidden', !open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Advanced ▾' : 'Advanced ▸';
  });
  return {
    toggle,
    node,
    render(state, busy) {
      setChecked(keepColors, state.keepColors);
      setDisabled(keepColors, busy);
      setSliderValue(strokeSize.node, stopForScale(state.styleScale));
      strokeSize.label.textContent = describeStrokeSize(state.styleScale);
      setDisabled(strokeSize.node, busy);
      setImage(mixThumb, state.mix?.style.bytes);
      mixName.textContent = state.mix ? state.mix.style.fileName : 'No second style';
      setDisabled(mixClear, busy || !state.mix);
      mixShare.node.classList.toggle('cs-hidden', !state.mix);
      setSliderValue(mixShare.node, Math.round((state.mix?.share ?? 0.5) * 100));
      setDisabled(mixShare.node, busy);
    },
  };
}

export function createLookSection(doc: Document, handlers: LookHandlers, onToggle: () => void): SectionView {
  const section = collapsibleSection(doc, 'look', 'LOOK', onToggle);
  const mode = new Picker(doc, 'Mode', 'No models installed', handlers.chooseMode);
  const modeDescription = el(doc, 'sp-body', { size: 's', class: 'cs-mode-description' });
  const strength = slider(doc, { min: '0', max: '100', step: '1', 'value-label': '%', class: 'cs-strength' }, 'Strength', (v) => handlers.setStrength(v / 100));
  const size = new Picker(doc, 'Render size', 'Render size', (v) => handlers.chooseRenderSize(v === SEQUENCE_SIZE ? undefined : Number(v)));
  const steadiness = new Picker(doc, 'Steadiness', 'Steadiness', (v) => handlers.changeLook({ temporal: v as TemporalLevel }));
  steadiness.node.setAttribute('title', 'Carries each frame\'s look into the next along the motion, so brush strokes stay put instead of flickering');
  const advanced = createAdvanced(doc, handlers);
  const output = createOutputField(doc, handlers);
  section.body.append(field(doc, 'Mode', mode.node), modeDescription, strength.node, field(doc, 'Render size', size.node),
    field(doc, 'Steadiness', steadiness.node), output.node, advanced.toggle, advanced.node);

  return {
    node: section.node,
    render(state) {
      const busy = state.job.status !== 'idle';
      section.update(state.layout.open.look, lookSummary(state));
      mode.update(state.modes.map((m) => ({ value: m.id, label: m.label })), state.mode, busy);
      modeDescription.textContent = state.modes.find((m) => m.id === state.mode)?.description ?? '';
      setSliderValue(strength.node, Math.round(state.strength * 100));
      setDisabled(strength.node, busy);
      size.update(sizeOptions(state), state.renderShortSide === undefined ? SEQUENCE_SIZE : String(state.renderShortSide), busy);
      steadiness.update([...STEADINESS_CHOICES], state.temporal, busy);
      output.render(state, busy);
      advanced.render(state, busy);
    },
  };
}
