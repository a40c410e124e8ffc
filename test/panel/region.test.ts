/**
 * The panel's Region control: its reducer (only listed sources, a vanished source dropped), its
 * summary, what Apply's request carries (the matte; the mix slot's style outside it, the look
 * inside then the first style alone), why Apply waits, and its section in the simulated UXP DOM.
 */
import { applyReadiness, applyRequestOf } from '../../src/panel/applyRequest';
import type { MatteSource } from '../../src/panel/panelHost';
import { regionSummary } from '../../src/panel/region';
import { initialState, reducer, type ChosenStyle, type PanelAction, type PanelState } from '../../src/panel/state';
import { createPanelView, type ViewHandlers } from '../../src/panel/view/panelView';
import { createSimDom, SimEvent } from '../fakes/uxpDom';

const SOURCES: MatteSource[] = [{ id: '2', label: 'V3 · Dancer matte' }, { id: '0', label: 'V1 · Dancer' }];
const image = (value: number) => ({ width: 1, height: 1, channels: 3 as const, bitDepth: 8 as const, data: new Uint8Array([value, value, value]) });
const style = (fileName: string, value: number): ChosenStyle => ({ fileName, bytes: new Uint8Array([value]), image: image(value) });

const ready = (...actions: PanelAction[]): PanelState => [
  { type: 'modesLoaded', modes: [{ id: 'artistic', label: 'Artistic', description: '' }], defaultMode: 'artistic' } as PanelAction,
  { type: 'styleChosen', style: style('wave.png', 10) } as PanelAction,
  ...actions,
].reduce(reducer, initialState);

const inMatte: PanelAction[] = [
  { type: 'regionChanged', change: { where: 'matte' } },
  { type: 'matteSourcesListed', sources: SOURCES },
  { type: 'regionChanged', change: { source: '2' } },
];

test('the whole frame by default: no matte in the request, "Whole frame" in the summary', () => {
  const state = ready();
  expect(state.region.where).toBe('wholeFrame');
  expect(applyRequestOf(state)?.matte).toBeUndefined();
  expect(regionSummary(state.region)).toBe('Whole frame');
  expect(applyReadiness(state)).toEqual({ canRun: true });
});

test('inside a matte: the request names the source, inverted or not, and the summary says where', () => {
  const state = ready(...inMatte, { type: 'regionChanged', change: { invert: true } });
  expect(applyRequestOf(state)?.matte).toEqual({ source: '2', invert: true });
  expect(regionSummary(state.region)).toBe('Inside the matte on V3 · Dancer matte (inverted)');
});

test('only a listed source can be chosen, and one no longer listed is dropped; until one is chosen Apply waits', () => {
  const unlisted = ready({ type: 'regionChanged', change: { where: 'matte', source: '2' } });
  expect(unlisted.region.source).toBeUndefined();
  expect(applyReadiness(unlisted)).toEqual({ canRun: false, reason: 'Choose the matte under Region (or Whole frame).' });
  expect(applyRequestOf(unlisted)?.matte).toBeUndefined();
  const gone = reducer(ready(...inMatte), { type: 'matteSourcesListed', sources: [SOURCES[1]] });
  expect(gone.region.source).toBeUndefined();
  expect(regionSummary(gone.region)).toBe('Inside a matte (none chosen)');
});

test('the second style outside: the mix slot\'s style goes outside the matte and the look inside is the first style alone', () => {
  const noMix = ready(...inMatte, { type: 'regionChanged', change: { outside: 'mixStyle' } });
  expect(applyReadiness(noMix).canRun).toBe(false);
  expect(applyReadiness(noMix).reason).toMatch(/Look › Advanced › Mix with/);

  const mixed = reducer(noMix, { type: 'mixStyleChosen', style: style('night.png', 200) });
  expect(applyReadiness(mixed)).toEqual({ canRun: true });
  const request = applyRequestOf(mixed)!;
  expect(request.matte).toEqual({ source: '2', invert: false, outsideStyle: image(200) });
  expect(request.look.styles).toEqual([{ image: image(10), weight: 1 }]);
  // Over time, the inside's look has no mix to move: only its strength does.
  const moving = reducer(mixed, { type: 'transitionChanged', change: { on: true, startStrength: 0, startShare: 0.2 } });
  expect(applyRequestOf(moving)!.overTime?.start).toEqual({ strength: 0 });
  // With the original outside, the mix stays a mix inside.
  const original = reducer(mixed, { type: 'regionChanged', change: { outside: 'original' } });
  expect(applyRequestOf(original)!.look.styles).toEqual([{ image: image(10), weight: 0.5 }, { image: image(200), weight: 0.5 }]);
  expect(applyRequestOf(original)!.matte).toEqual({ source: '2', invert: false });
});

test('a matte renders on the farm too: Apply is ready, with the same request as on this computer', () => {
  const farm = ready({ type: 'farmAvailability', available: true }, { type: 'renderOnChosen', renderOn: 'farm' }, ...inMatte);
  expect(farm.renderOn).toBe('farm');
  expect(applyReadiness(farm)).toEqual({ canRun: true });
  expect(applyRequestOf(farm)!.matte).toEqual(applyRequestOf(ready(...inMatte))!.matte);
  // What the region itself needs is still asked for on the farm.
  const none = ready({ type: 'farmAvailability', available: true }, { type: 'renderOnChosen', renderOn: 'farm' }, { type: 'regionChanged', change: { where: 'matte' } });
  expect(applyReadiness(none)).toEqual({ canRun: false, reason: 'Choose the matte under Region (or Whole frame).' });
});

test('the section: closed by default with its summary; its controls send the editor\'s choices', () => {
  const dom = createSimDom();
  const root = dom.document.createElement('div');
  dom.document.body.appendChild(root);
  const calls: string[] = [];
  const handlers = new Proxy({}, { get: (_t, name: string) => (...args: unknown[]) => calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`) }) as ViewHandlers;
  const view = createPanelView(root as unknown as HTMLElement, handlers);
  let state = ready();
  view.render(state);
  const section = root.descendants().find((e) => e.getAttribute('data-section') === 'region')!;
  const [header, body] = section.children;
  expect(header.textContent).toBe('▸ REGIONWhole frame');
  expect(body.classList.contains('cs-hidden')).toBe(true);
  const matteControls = root.descendants().find((e) => e.classList.contains('cs-matte-controls'))!;
  expect(matteControls.classList.contains('cs-hidden')).toBe(true);

  state = [{ type: 'sectionToggled', section: 'region' } as PanelAction, ...inMatte].reduce(reducer, state);
  view.render(state);
  expect(body.classList.contains('cs-hidden')).toBe(false);
  expect(matteControls.classList.contains('cs-hidden')).toBe(false);
  const pickers = body.descendants().filter((e) => e.tagName === 'SP-PICKER');
  expect(pickers.map((p) => p.getAttribute('label'))).toEqual(['Where', 'Matte', 'Outside']);
  const matteItems = pickers[1].descendants().filter((e) => e.tagName === 'SP-MENU-ITEM');
  expect(matteItems.map((i) => [i.textContent, i.hasAttribute('selected')])).toEqual([['V3 · Dancer matte', true], ['V1 · Dancer', false]]);

  pickers[1].selectedIndex = 1;
  pickers[1].dispatchEvent(new SimEvent('change'));
  const invert = body.descendants().find((e) => e.classList.contains('cs-invert-matte'))!;
  (invert as unknown as { checked: boolean }).checked = true;
  invert.dispatchEvent(new SimEvent('change'));
  body.descendants().find((e) => e.tagName === 'SP-BUTTON' && e.textContent === 'Refresh')!.click();
  expect(calls).toEqual(['chooseMatte("0")', 'setInvertMatte(true)', 'listMatteSources()']);
});
