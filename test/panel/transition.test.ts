/**
 * The OVER TIME section's state: clamped like the sliders, an unknown ease refused, kept apart from
 * presets; the request Apply sends and the closed section's one-line summary.
 */
import type { Preset } from '../../src/engine/look/presets';
import { applyRequestOf } from '../../src/panel/applyRequest';
import { initialState, reducer, type PanelAction, type PanelState } from '../../src/panel/state';
import { transitionSummary } from '../../src/panel/transition';

const IMAGE = { width: 1, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array([1, 2, 3]) } as const;
const STYLE = { fileName: 'wave.png', bytes: new Uint8Array([1, 2, 3]), image: IMAGE };
const INK = { fileName: 'ink.png', bytes: new Uint8Array([4]), image: { ...IMAGE, data: new Uint8Array([9, 9, 9]) } };

function ready(...actions: PanelAction[]): PanelState {
  const setUp: PanelAction[] = [
    { type: 'modesLoaded', modes: [{ id: 'artistic', label: 'Artistic', description: '' }], defaultMode: 'artistic' },
    { type: 'styleChosen', style: STYLE },
  ];
  return [...setUp, ...actions].reduce(reducer, initialState);
}

test('the look is constant until "Change along the clip" is on; start values clamp like sliders, an unknown ease is ignored', () => {
  expect(initialState.transition).toEqual({ on: false, startStrength: 0, startShare: 0, ease: 'ease-in-out' });
  const on = ready({ type: 'transitionChanged', change: { on: true, startStrength: 1.5, startShare: -0.2 } });
  expect(on.transition).toEqual({ on: true, startStrength: 1, startShare: 0, ease: 'ease-in-out' });
  const kept = [
    { startStrength: Number.NaN },
    { ease: 'bounce' as never },
  ].reduce((state, change) => reducer(state, { type: 'transitionChanged', change }), on);
  expect(kept.transition).toEqual(on.transition);
  expect(reducer(on, { type: 'transitionChanged', change: { ease: 'linear', startStrength: 0.25 } }).transition)
    .toEqual({ on: true, startStrength: 0.25, startShare: 0, ease: 'linear' });
});

test('a transition is no part of a preset: changing it keeps the chosen preset, choosing one keeps the transition', () => {
  const preset: Preset = { id: 'p', name: 'P', style: { fileName: 'wave.png', sha256: 'a'.repeat(64) }, mode: 'artistic', strength: 0.5,
    keepColors: false, styleScale: 1, temporal: 'normal' };
  const chosen = ready({ type: 'presetChosen', preset, style: STYLE });
  const changed = reducer(chosen, { type: 'transitionChanged', change: { on: true, startStrength: 0.3 } });
  expect(changed.selectedPresetId).toBe('p');
  expect(reducer(changed, { type: 'presetChosen', preset, style: STYLE }).transition).toEqual(changed.transition);
});

test('Apply\'s request carries the start look and ease only while on, and the start mix only while a second style is mixed', () => {
  expect(applyRequestOf(ready())?.overTime).toBeUndefined();
  const on = ready({ type: 'transitionChanged', change: { on: true, startStrength: 0.1, startShare: 0.6, ease: 'linear' } });
  expect(applyRequestOf(on)?.overTime).toEqual({ start: { strength: 0.1 }, ease: 'linear' });
  const mixed = reducer(reducer(on, { type: 'mixStyleChosen', style: INK }), { type: 'mixShareChanged', share: 0.3 });
  const request = applyRequestOf(mixed);
  expect(request?.overTime).toEqual({ start: { strength: 0.1, share: 0.6 }, ease: 'linear' });
  // The end look is the panel's own.
  expect([request?.look.strength, request?.look.styles.map((s) => s.weight)]).toEqual([0.8, [0.7, 0.3]]);
  expect(applyRequestOf(reducer(mixed, { type: 'transitionChanged', change: { on: false } }))?.overTime).toBeUndefined();
});

test('the closed section sums the transition up in one line', () => {
  const on = { on: true, startStrength: 0, startShare: 0.2, ease: 'ease-in-out' } as const;
  expect(transitionSummary({ ...on, on: false }, { strength: 0.8, share: undefined })).toBe('Constant');
  expect(transitionSummary(on, { strength: 0.8, share: undefined })).toBe('Strength 0% → 80%, ease in-out');
  expect(transitionSummary({ ...on, ease: 'linear' }, { strength: 1, share: 0.5 })).toBe('Strength 0% → 100%, mix 20% → 50%, linear');
});
