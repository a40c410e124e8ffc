/** "Render on: this computer / farm": when the farm is offered, what a preset keeps, and the farm's progress line. */
import type { ApplyProgress } from '../../src/panel/panelHost';
import { describeProgress, progressFraction } from '../../src/panel/progressText';
import { initialState, reducer } from '../../src/panel/state';

const PRESET = {
  id: 'night', name: 'Night', style: { fileName: 'night.png', sha256: 'a'.repeat(64) }, mode: 'artistic', strength: 0.4, renderShortSide: 540, keepColors: false, styleScale: 1, temporal: 'normal' as const,
};
const STYLE = { fileName: 'night.png', bytes: new Uint8Array([1]), image: { width: 1, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array([1, 2, 3]) } } as const;

test('the farm can be chosen only while a farm is available, and losing it falls back to this computer', () => {
  expect(initialState).toMatchObject({ renderOn: 'local', farmAvailable: false });
  expect(reducer(initialState, { type: 'renderOnChosen', renderOn: 'farm' })).toBe(initialState);
  const offered = reducer(initialState, { type: 'farmAvailability', available: true });
  const onFarm = reducer(offered, { type: 'renderOnChosen', renderOn: 'farm' });
  expect(onFarm.renderOn).toBe('farm');
  expect(reducer(onFarm, { type: 'renderOnChosen', renderOn: 'local' }).renderOn).toBe('local');
  expect(reducer(onFarm, { type: 'farmAvailability', available: false })).toMatchObject({ renderOn: 'local', farmAvailable: false });
});

test('where to render is no part of a preset: choosing one keeps it, and choosing it keeps the preset selected', () => {
  let state = reducer(reducer(initialState, { type: 'farmAvailability', available: true }), { type: 'renderOnChosen', renderOn: 'farm' });
  state = reducer(state, { type: 'presetChosen', preset: PRESET, style: STYLE });
  expect(state).toMatchObject({ renderOn: 'farm', selectedPresetId: 'night' });
  expect(reducer(state, { type: 'renderOnChosen', renderOn: 'local' }).selectedPresetId).toBe('night');
});

const farmProgress = (over: Partial<ApplyProgress> = {}): ApplyProgress => ({
  clipIndex: 0, clipCount: 1, clipName: 'A', phase: 'stylize', done: 120, total: 480, fps: 24, etaSeconds: 15,
  farm: { farmJob: 'cs-1', state: 'rendering', chunks: { total: 10, done: 2, running: 3, failed: 0 } }, ...over,
});

test('the progress line adds the farm chunks, and says when the farm waits or assembles', () => {
  expect(describeProgress(farmProgress())).toBe('120 / 480 frames · 24.0 fps · 15 s left · chunks 2/10 done, 3 running');
  expect(describeProgress(farmProgress({ farm: { farmJob: 'cs-1', state: 'rendering', chunks: { total: 10, done: 2, running: 3, failed: 1 } } })))
    .toBe('120 / 480 frames · 24.0 fps · 15 s left · chunks 2/10 done, 3 running, 1 failed');
  expect(describeProgress(farmProgress({ done: 0, fps: 0, etaSeconds: null, farm: { farmJob: 'cs-1', state: 'waiting', chunks: { total: 10, done: 0, running: 0, failed: 0 } } })))
    .toBe('Waiting for farm workers · chunks 0/10 done, 0 running');
  expect(describeProgress(farmProgress({ done: 480, farm: { farmJob: 'cs-1', state: 'assembling', chunks: { total: 10, done: 10, running: 0, failed: 0 } } })))
    .toBe('Farm checking the 480 frames');
  expect(describeProgress(farmProgress({ phase: 'export', done: 12, farm: undefined }))).toBe('Exporting for the farm: 12 / 480 frames');
});

test('on the farm, exporting fills the first fifth of the bar and the farm render the rest up to the import', () => {
  expect(progressFraction(farmProgress({ phase: 'export', done: 240, farm: undefined }))).toBeCloseTo(0.1);
  expect(progressFraction(farmProgress({ done: 0 }))).toBeCloseTo(0.2);
  expect(progressFraction(farmProgress({ done: 480 }))).toBeCloseTo(0.95);
  // A local render's bar is unchanged: stylizing from 0.
  expect(progressFraction(farmProgress({ done: 0, farm: undefined }))).toBe(0);
});
