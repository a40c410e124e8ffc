/** Which sections are open: first use, after the first Apply, the editor's own choices kept, and damaged prefs. */
import { firstUseLayout, layoutFromPrefs, markApplied, prefsOf, revealSection, toggleSection } from '../../src/panel/panelLayout';
import { initialState, reducer } from '../../src/panel/state';

test('on first use the sections a first render needs are open; presets are not', () => {
  expect(layoutFromPrefs(undefined)).toEqual(firstUseLayout);
  expect(firstUseLayout.open).toEqual({ style: true, look: true, overTime: false, region: false, preview: true, presets: false });
});

test('after the first Apply, later sessions start collapsed except where the editor chose', () => {
  const chosen = toggleSection(firstUseLayout, 'look'); // closed by hand during the first session
  const applied = markApplied(chosen);
  expect(applied.open).toEqual(chosen.open); // this session stays as it is
  const next = layoutFromPrefs(JSON.parse(JSON.stringify(prefsOf(applied))));
  expect(next.open).toEqual({ style: false, look: false, overTime: false, region: false, preview: false, presets: false });
  const reopened = layoutFromPrefs(prefsOf(toggleSection(next, 'style')));
  expect(reopened.open).toEqual({ style: true, look: false, overTime: false, region: false, preview: false, presets: false });
});

test('a preview shows its section without remembering it; damaged prefs cost only the layout', () => {
  const collapsed = layoutFromPrefs({ version: 1, applied: true, sections: {} });
  const revealed = revealSection(collapsed, 'preview');
  expect(revealed.open.preview).toBe(true);
  expect(prefsOf(revealed).sections).toEqual({});
  for (const damaged of [null, 'x', { version: 2, applied: true, sections: {} }, { version: 1, applied: 'yes', sections: {} }]) {
    expect(layoutFromPrefs(damaged)).toEqual(firstUseLayout);
  }
});

test('through the store: prefs load, a toggle is kept, a preview reveals, a finished Apply marks first use done', () => {
  let state = reducer(initialState, { type: 'prefsLoaded', prefs: { version: 1, applied: true, sections: { presets: true } } });
  expect(state.layout.open).toEqual({ style: false, look: false, overTime: false, region: false, preview: false, presets: true });
  state = reducer(state, { type: 'sectionToggled', section: 'style' });
  expect(state.layout.chosen).toEqual({ presets: true, style: true });
  state = reducer(state, { type: 'previewStarted' });
  expect(state.layout.open.preview).toBe(true);
  const fresh = reducer(reducer(initialState, { type: 'jobStarted' }), { type: 'jobFinished', summary: 'Applied.' });
  expect(fresh.layout.applied).toBe(true);
});
