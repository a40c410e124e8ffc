/**
 * The panel's DOM in UXP's (simulated) DOM: the footer outside the scrolled sections, sections
 * that open and close from their headers with a summary when closed, the gallery row, no image
 * element without a source, plain mode descriptions and the Stroke size thumb at its value.
 */
import type { ModeOption, StyleFile } from '../../src/panel/panelHost';
import type { PanelSection } from '../../src/panel/panelLayout';
import { initialState, reducer, type PanelAction, type PanelState } from '../../src/panel/state';
import { STROKE_SIZE_STOPS } from '../../src/panel/strokeSize';
import { createPanelView, type ViewHandlers } from '../../src/panel/view/panelView';
import { createSimDom, SimEvent, type SimElement } from '../fakes/uxpDom';

const MODES: ModeOption[] = [{ id: 'artistic', label: 'Artistic', description: "Paints with the style's strokes. Good for: bold graphic looks, animation." }];
const GALLERY: StyleFile[] = [
  { fileName: 'brush-strokes.png', bytes: new Uint8Array([137, 80, 78, 71, 1]) },
  { fileName: 'ink-wash.png', bytes: new Uint8Array([137, 80, 78, 71, 2]) },
];
const PIXEL = { width: 1, height: 1, channels: 3 as const, bitDepth: 8 as const, data: new Uint8Array([1, 2, 3]) };

function mount() {
  const dom = createSimDom();
  const root = dom.document.createElement('div');
  dom.document.body.appendChild(root);
  const calls: string[] = [];
  const handlers = new Proxy({}, {
    get: (_t, name: string) => (...args: unknown[]) => calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`),
  }) as ViewHandlers;
  const view = createPanelView(root as unknown as HTMLElement, handlers);
  let state: PanelState = initialState;
  const render = (...actions: PanelAction[]) => {
    state = actions.reduce(reducer, state);
    view.render(state);
  };
  const all = () => root.descendants();
  const byClass = (name: string) => all().filter((e) => e.classList.contains(name));
  const section = (id: PanelSection) => all().find((e) => e.getAttribute('data-section') === id)!;
  const hidden = (e: SimElement) => {
    for (let n: SimElement | null = e; n; n = n.parentNode) if (n.classList.contains('cs-hidden')) return true;
    return false;
  };
  render({ type: 'modesLoaded', modes: MODES, defaultMode: 'artistic' }, { type: 'galleryLoaded', gallery: GALLERY });
  return { root, calls, render, byClass, section, hidden, all };
}

test('Apply, the progress line and the message sit in a footer outside the scrolled sections', () => {
  const { byClass } = mount();
  const [footer] = byClass('cs-footer');
  const [scrolled] = byClass('cs-scroll');
  const [panel] = byClass('cs-panel');
  expect(panel.children).toEqual([scrolled, footer]);
  const inFooter = footer.descendants();
  expect(inFooter.some((e) => e.tagName === 'SP-BUTTON' && e.textContent === 'Apply to selection')).toBe(true);
  expect(inFooter).toEqual(expect.arrayContaining([byClass('cs-progress')[0], byClass('cs-message')[0]]));
  expect(scrolled.descendants().map((e) => e.getAttribute('data-section')).filter(Boolean)).toEqual(['style', 'look', 'overTime', 'region', 'preview', 'presets']);
});

test('before a style is chosen no image element is shown without a source, and the gallery offers the bundled styles', () => {
  const { all, byClass, hidden, calls, render } = mount();
  for (const img of all().filter((e) => e.tagName === 'IMG')) {
    if (!img.hasAttribute('src')) expect([img.getAttribute('alt'), hidden(img)]).toEqual([img.getAttribute('alt'), true]);
  }
  const tiles = byClass('cs-gallery-tile');
  expect(tiles.map((t) => t.textContent)).toEqual(['Brush strokes', 'Ink wash']);
  expect(tiles.every((t) => t.descendants()[0].getAttribute('src')?.startsWith('data:image/png;base64,'))).toBe(true);
  tiles[1].click();
  expect(calls).toEqual(['chooseGalleryStyle("ink-wash.png")']);
  render({ type: 'styleChosen', style: { fileName: 'ink-wash.png', bytes: new Uint8Array(GALLERY[1].bytes), image: PIXEL } });
  expect(tiles.map((t) => t.classList.contains('cs-selected'))).toEqual([false, true]);
  render({ type: 'jobStarted' });
  tiles[0].click();
  expect(calls).toHaveLength(1); // no style change while a render runs
});

test('sections open and close from their headers; closed, the header sums up the settings', () => {
  const { section, calls, render, hidden } = mount();
  const header = (id: PanelSection) => section(id).children[0];
  const body = (id: PanelSection) => section(id).children[1];
  expect(hidden(body('look'))).toBe(false);
  expect(hidden(body('presets'))).toBe(true);
  expect(header('presets').textContent).toBe('▸ PRESETSNone saved');
  header('look').click();
  expect(calls).toEqual(['toggleSection("look")']);
  render({ type: 'prefsLoaded', prefs: { version: 1, applied: true, sections: {} } });
  expect(hidden(body('look'))).toBe(true);
  expect(header('look').textContent).toBe('▸ LOOKArtistic · 80% · 720p');
  expect(header('style').textContent).toBe('▸ STYLENone chosen');
});

test('OVER TIME starts closed and constant; its controls show once on, the start mix only with a second style', () => {
  const { section, calls, render, hidden, byClass } = mount();
  const header = section('overTime').children[0];
  expect(hidden(section('overTime').children[1])).toBe(true);
  expect(header.textContent).toBe('▸ OVER TIMEConstant');
  render({ type: 'sectionToggled', section: 'overTime' });
  const [toggle] = byClass('cs-over-time');
  const [startStrength] = byClass('cs-start-strength');
  const [startShare] = byClass('cs-start-share');
  expect([hidden(toggle), hidden(startStrength)]).toEqual([false, true]);
  toggle.dispatchEvent(new SimEvent('change'));
  expect(calls).toEqual(['changeTransition({"on":false})']);
  render({ type: 'transitionChanged', change: { on: true, startStrength: 0.25 } });
  expect([hidden(startStrength), startStrength.value, hidden(startShare)]).toEqual([false, 25, true]);
  expect(byClass('cs-over-time-hint')[0].textContent).toMatch(/Preview shows the end/);
  render({ type: 'mixStyleChosen', style: { fileName: 'ink.png', bytes: GALLERY[1].bytes, image: PIXEL } });
  expect(hidden(startShare)).toBe(false);
  render({ type: 'sectionToggled', section: 'overTime' });
  expect(header.textContent).toBe('▸ OVER TIMEStrength 25% → 80%, mix 0% → 50%, ease in-out');
});

test('the mode\'s plain description shows under the picker, and Stroke size sits at its value on the track', () => {
  const { byClass, render } = mount();
  expect(byClass('cs-mode-description')[0].textContent).toBe("Paints with the style's strokes. Good for: bold graphic looks, animation.");
  const [strokeSize] = byClass('cs-style-scale');
  const middle = (STROKE_SIZE_STOPS.length - 1) / 2;
  expect([strokeSize.getAttribute('min'), strokeSize.getAttribute('max'), strokeSize.value]).toEqual(['0', String(STROKE_SIZE_STOPS.length - 1), middle]);
  expect(strokeSize.textContent).toBe('Stroke size: 100%');
  render({ type: 'styleScaleChanged', styleScale: 2 });
  expect([strokeSize.value, strokeSize.textContent]).toEqual([middle + 2, 'Stroke size: 200%']);
});

test('Output is hidden until the host writes movies; a movie no companion encodes says what to do; the picker reports the format', () => {
  const { byClass, hidden, render, calls } = mount();
  const [output] = byClass('cs-output');
  const [note] = byClass('cs-output-note');
  expect(hidden(output)).toBe(true);
  render({ type: 'movieFormatsKnown', formats: [] });
  expect(hidden(output)).toBe(false);
  const picker = output.descendants().find((e) => e.tagName === 'SP-PICKER')! as SimElement & { selectedIndex: number };
  expect(picker.descendants().filter((e) => e.tagName === 'SP-MENU-ITEM').map((e) => e.textContent))
    .toEqual(['Image sequence (PNG)', 'ProRes 422 HQ', 'ProRes 4444 (with alpha)', 'DNxHR HQX', 'H.264']);
  expect(hidden(note)).toBe(true);

  render({ type: 'outputChosen', format: 'prores-4444' });
  expect([hidden(note), note.textContent]).toEqual([false, 'ProRes 4444 needs the Coherent Style companion: run `coherent-style serve` on this computer '
    + '(it encodes with ffmpeg), or choose Output: Image sequence (PNG).']);
  render({ type: 'movieFormatsKnown', formats: ['prores-4444'] });
  expect(hidden(note)).toBe(true);

  picker.selectedIndex = 3;
  picker.dispatchEvent(new SimEvent('change'));
  expect(calls).toEqual(['chooseOutput("dnxhr-hqx")']);
});
