/**
 * The Output choice: PNG by default and unchanged in the request, a movie format carried to the
 * host, not part of presets, the host asked only where it writes movies, and asked again when a
 * movie format the panel does not know to be available is chosen (its view: panelView.test.ts).
 */
import { applyRequestOf } from '../../src/panel/applyRequest';
import { chooseOutput, checkMovieOutput } from '../../src/panel/movieOutputCheck';
import type { HostCapability, PanelHost } from '../../src/panel/panelHost';
import { initialState, PanelStore, reducer, type PanelAction, type PanelState } from '../../src/panel/state';

const PIXEL = { width: 1, height: 1, channels: 3 as const, bitDepth: 8 as const, data: new Uint8Array([1, 2, 3]) };
const STYLE = { fileName: 'night.png', bytes: new Uint8Array([1]), image: PIXEL };
const PRESET = {
  id: 'night', name: 'Night', style: { fileName: 'night.png', sha256: 'a'.repeat(64) }, mode: 'artistic', strength: 0.4, renderShortSide: 540, keepColors: false, styleScale: 1, temporal: 'normal' as const,
};
const ready = (...actions: PanelAction[]): PanelState => [
  { type: 'modesLoaded', modes: [{ id: 'artistic', label: 'Artistic', description: '' }], defaultMode: 'artistic' } as PanelAction,
  { type: 'styleChosen', style: STYLE } as PanelAction,
  ...actions,
].reduce(reducer, initialState);

test('PNG is the default, and its request is the Look alone, as before the choice existed', () => {
  expect(initialState.output).toEqual({ format: 'png', movieFormats: undefined });
  const request = applyRequestOf(ready());
  expect(Object.keys(request!)).toEqual(['look']);
  expect(applyRequestOf(ready({ type: 'outputChosen', format: 'png' }))).toEqual(request);
});

test('a movie format goes into the request; an unknown one is ignored', () => {
  expect(applyRequestOf(ready({ type: 'outputChosen', format: 'prores-4444' }))?.output).toBe('prores-4444');
  const state = ready({ type: 'outputChosen', format: 'dnxhr-hqx' });
  expect(reducer(state, { type: 'outputChosen', format: 'gif' as never })).toBe(state);
});

test('the output is no part of a preset: choosing a preset keeps it, and choosing it keeps the preset selected', () => {
  let state = ready({ type: 'outputChosen', format: 'h264' }, { type: 'presetChosen', preset: PRESET, style: STYLE });
  expect(state).toMatchObject({ output: { format: 'h264' }, selectedPresetId: 'night' });
  state = reducer(state, { type: 'outputChosen', format: 'prores-422-hq' });
  expect(state.selectedPresetId).toBe('night');
});

function hostWith(capabilities: HostCapability[], answers: string[][]): PanelHost & { asked: number } {
  const host = {
    asked: 0,
    capabilities: async () => capabilities,
    movieFormats: async () => answers[host.asked++] ?? [],
  };
  return host as unknown as PanelHost & { asked: number };
}

test('a host without movie output is never asked, and the choice stays hidden', async () => {
  const store = new PanelStore();
  const host = hostWith(['renderOnFarm'], [['h264']]);
  await checkMovieOutput(store, host);
  expect(host.asked).toBe(0);
  expect(store.getState().output.movieFormats).toBeUndefined();
});

test('choosing a movie format not known to be available asks again (the companion may have started since)', async () => {
  const store = new PanelStore();
  const host = hostWith(['movieOutput'], [[], ['prores-4444', 'dnxhr-hqx']]);
  await checkMovieOutput(store, host);
  expect(store.getState().output.movieFormats).toEqual([]);
  await chooseOutput(store, host, 'prores-4444');
  expect(host.asked).toBe(2);
  expect(store.getState().output).toEqual({ format: 'prores-4444', movieFormats: ['prores-4444', 'dnxhr-hqx'] });
  // Known now: choosing another available one, or PNG, asks nothing.
  await chooseOutput(store, host, 'dnxhr-hqx');
  await chooseOutput(store, host, 'png');
  expect(host.asked).toBe(2);
});
