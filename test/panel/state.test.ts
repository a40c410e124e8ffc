/** The panel's state machine: reducer rules and the readable progress line. */
import { LOOK_DEFAULTS } from '../../src/engine/look/look';
import type { Preset } from '../../src/engine/look/presets';
import type { ApplyProgress } from '../../src/panel/panelHost';
import { describeProgress, formatSeconds, progressFraction } from '../../src/panel/progressText';
import {
  initialState, PANEL_STARTING_LOOK, PanelStore, panelLook, readiness, reducer, type PanelState,
} from '../../src/panel/state';

const MODES = [
  { id: 'artistic', label: 'Artistic', description: 'Painterly.' },
  { id: 'photorealistic', label: 'Photorealistic', description: 'Keeps detail.' },
];
const STYLE = { fileName: 'wave.png', bytes: new Uint8Array([1, 2, 3]), image: { width: 1, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array([1, 2, 3]) } } as const;
const PRESET: Preset = {
  id: 'night', name: 'Night', style: { fileName: 'night.png', sha256: 'a'.repeat(64) }, mode: 'photorealistic', strength: 0.4, renderShortSide: 540,
  keepColors: true, styleScale: 1.5, temporal: 'strong',
};

function loaded(): PanelState {
  return reducer(initialState, { type: 'modesLoaded', modes: MODES, defaultMode: 'artistic' });
}

test('modes load with the default mode chosen, and an unknown mode cannot be chosen', () => {
  const state = loaded();
  expect(state.mode).toBe('artistic');
  expect(reducer(state, { type: 'modeChosen', mode: 'nope' })).toBe(state);
  expect(reducer(state, { type: 'modeChosen', mode: 'photorealistic' }).mode).toBe('photorealistic');
});

test('strength is clamped to 0..1 and non-numbers are ignored', () => {
  const state = loaded();
  expect(reducer(state, { type: 'strengthChanged', strength: 1.7 }).strength).toBe(1);
  expect(reducer(state, { type: 'strengthChanged', strength: -2 }).strength).toBe(0);
  expect(reducer(state, { type: 'strengthChanged', strength: Number.NaN })).toBe(state);
});

test('keep colours and steadiness change through the Look\'s schema; what it refuses leaves the state as it was', () => {
  let state = reducer(loaded(), { type: 'presetChosen', preset: PRESET, style: STYLE });
  state = reducer(state, { type: 'lookChanged', change: { keepColors: false, temporal: 'off' } });
  expect(state).toMatchObject({ keepColors: false, temporal: 'off', selectedPresetId: undefined });
  for (const change of [{ temporal: 'wobbly' }, { keepColors: 'yes' }, { grain: 1 }, { mode: 'photorealistic' }, { renderShortSide: 1 }]) {
    expect(reducer(state, { type: 'lookChanged', change: change as never })).toBe(state);
  }
});

test('Apply and Preview need a style image and a mode, and are blocked while a render runs', () => {
  let state = loaded();
  expect(readiness(state)).toEqual({ canRun: false, reason: 'Choose a style image first.' });
  state = reducer(state, { type: 'styleChosen', style: STYLE });
  expect(readiness(state).canRun).toBe(true);
  state = reducer(state, { type: 'jobStarted' });
  expect(readiness(state)).toEqual({ canRun: false, reason: 'A render is in progress.' });
});

test('choosing a preset takes its style, mode, strength and size; changing a setting deselects it', () => {
  let state = reducer(loaded(), { type: 'presetChosen', preset: PRESET, style: { ...STYLE, presetStyle: PRESET.style } });
  expect([state.selectedPresetId, state.mode, state.strength, state.renderShortSide]).toEqual(['night', 'photorealistic', 0.4, 540]);
  state = reducer(state, { type: 'strengthChanged', strength: 0.5 });
  expect(state.selectedPresetId).toBeUndefined();
});

test('a preset whose mode is not installed keeps the current mode and says so', () => {
  const state = reducer(loaded(), { type: 'presetChosen', preset: { ...PRESET, mode: 'retro' }, style: STYLE });
  expect(state.mode).toBe('artistic');
  expect(state.message).toEqual({ kind: 'error', text: expect.stringMatching(/"retro", which is not installed/) });
});

test('a preset without a render size means the sequence size, whatever size was chosen before', () => {
  const { renderShortSide: _size, ...sequenceSized } = PRESET;
  const state = reducer(loaded(), { type: 'presetChosen', preset: sequenceSized, style: STYLE });
  expect(initialState.renderShortSide).toBe(720);
  expect(state.renderShortSide).toBeUndefined();
});

test('the panel starts from its documented look: the Look\'s defaults at 80% strength and 720p', () => {
  expect(PANEL_STARTING_LOOK).toEqual({ ...LOOK_DEFAULTS, strength: 0.8, renderShortSide: 720 });
  const { keepColors, styleScale, temporal, strength, renderShortSide } = initialState;
  expect({ keepColors, styleScale, temporal, strength, renderShortSide }).toEqual(PANEL_STARTING_LOOK);
});

test('the panel\'s state translates into a Look: its controls, and the chosen style mixed by its share', () => {
  expect(panelLook(loaded())).toBeUndefined();
  const mixStyle = { ...STYLE, fileName: 'ink.png', image: { ...STYLE.image, data: new Uint8Array([9, 9, 9]) } };
  let state = reducer(loaded(), { type: 'styleChosen', style: STYLE });
  state = reducer(reducer(state, { type: 'mixStyleChosen', style: mixStyle }), { type: 'mixShareChanged', share: 0.25 });
  state = reducer(state, { type: 'renderSizeChosen', shortSide: undefined });
  expect(panelLook(state)).toEqual({
    mode: 'artistic', strength: 0.8, keepColors: false, styleScale: 1, temporal: 'normal',
    styles: [{ image: STYLE.image, weight: 0.75 }, { image: mixStyle.image, weight: 0.25 }],
  });
  expect(panelLook(state, 'photorealistic')?.mode).toBe('photorealistic');
});

test('a damaged preset store is shown as an error message while the panel keeps working', () => {
  const state = reducer(loaded(), { type: 'presetsLoaded', presets: { version: 3, presets: [] }, problem: 'The presets could not be read.' });
  expect(state.message).toEqual({ kind: 'error', text: 'The presets could not be read.' });
});

test('a job runs, can be cancelled once, and failure returns to idle with the message', () => {
  let state = reducer(reducer(loaded(), { type: 'styleChosen', style: STYLE }), { type: 'jobStarted' });
  state = reducer(state, { type: 'cancelRequested' });
  expect(state.job.status).toBe('cancelling');
  expect(reducer(state, { type: 'cancelRequested' })).toBe(state);
  state = reducer(state, { type: 'failed', text: 'Cancelled.' });
  expect(state.job).toEqual({ status: 'idle' });
  expect(state.message).toEqual({ kind: 'error', text: 'Cancelled.' });
  expect(reducer(state, { type: 'jobProgress', progress: progress({}) })).toBe(state);
});

function progress(p: Partial<ApplyProgress>): ApplyProgress {
  return { clipIndex: 0, clipCount: 1, clipName: 'A', phase: 'stylize', done: 12, total: 48, fps: 6.14, etaSeconds: 5.9, ...p };
}

test('progress reads as frames, fps and time left', () => {
  expect(describeProgress(progress({}))).toBe('12 / 48 frames · 6.1 fps · 6 s left');
  expect(describeProgress(progress({ clipIndex: 1, clipCount: 3, phase: 'import', done: 0 }))).toBe('Clip 2 of 3 · Importing the render');
  expect(describeProgress(progress({ fps: 0, etaSeconds: null }))).toBe('12 / 48 frames');
  expect(formatSeconds(125)).toBe('2 min 05 s');
  expect(progressFraction(progress({ phase: 'place', done: 1, total: 1 }))).toBe(1);
  expect(progressFraction(progress({ clipIndex: 1, clipCount: 2, phase: 'stylize', done: 0 }))).toBe(0.5);
  expect(progressFraction(progress({ phase: 'stylize', done: 24 }))).toBeCloseTo(0.475);
});

test('the store notifies subscribers only when the state changes', () => {
  const store = new PanelStore(loaded());
  const seen: PanelState[] = [];
  const unsubscribe = store.subscribe((s) => seen.push(s));
  store.dispatch({ type: 'modeChosen', mode: 'nope' });
  store.dispatch({ type: 'modeChosen', mode: 'photorealistic' });
  unsubscribe();
  store.dispatch({ type: 'modeChosen', mode: 'artistic' });
  expect(seen.map((s) => s.mode)).toEqual(['photorealistic']);
});
