/**
 * The panel end to end in Chromium: the real panel (src/panel) with Premiere's PanelHost over the
 * fake premierepro/uxp modules (run in Node, since the fakes use the real file system), stylizing
 * through the real carrier chooser and the inference page in an iframe, as in Premiere's WebView.
 * Pick a style, preview, apply to a selected clip: the progress bar reaches 100% and the fake
 * timeline holds the render on V2. The Spectrum widgets are the harness's UXP look-alikes
 * (harness/uxpSpectrum.ts): the picker and slider are driven as an editor would. Then a first use at
 * the manifest's minimum size, 260×360: a style from the gallery, Preview, Apply, its progress and
 * the result, with Apply and the progress line in view throughout and nothing scrolled. Screenshots
 * go to test-output/ (the README's come from panelScreenshots.test.ts, with the real models).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { decodeImage, encodePng } from '../../src/engine/images/imageCodec';
import type { StylizeService } from '../../src/engine/inference/stylizeService';
import { createPremierePanelHost } from '../../src/apps/premiere/premierePanelHost';
import type { PanelState } from '../../src/panel/state';
import { seconds, type FakeProjectItem, type FakeSequence } from '../fakes/premierepro';
import { fakeUxpState } from '../fakes/uxp';
import { freshWorkspace, reachCompanionFrom, type Workspace } from '../apps/premiere/harness';
import { CompanionServer } from '../../src/companion/companionServer';
import { JobFolderEncoder } from '../../src/companion/jobFolderEncoder';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { inProcessBackend } from '../../src/protocol/inProcessBackend';
import { FIXTURE_MODELS_DIR, fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';
import { halfMatte } from '../support/halfMatte';
import { pluginFolderWith } from '../support/pluginFolder';
import { syntheticImage } from '../support/syntheticImages';
import { buildWebPage, HIDE_WEBGPU, launchChromium, serveStatic, type StaticServer } from '../../bench/browserHarness';
import type { PanelHarnessApi } from './harness/panelHarness';
import { readPanelState, waitForPanelState } from './harness/panelState';
import { fromWireJson, fromWireOutcome, toWireJson, toWireOutcome } from './harness/wireJson';

declare const panelHarness: PanelHarnessApi;

const OUTPUT = path.resolve(__dirname, '../../test-output');
/** A docked panel's size in Premiere, and the manifest's minimum size. */
const DOCKED = { width: 340, height: 800 };
const MINIMUM = { width: 260, height: 360 };

describe('panel in Chromium with the fake Premiere', () => {
  let context: BrowserContext;
  let server: StaticServer;
  let ws: Workspace;
  let seq: FakeSequence;
  let page: Page;

  beforeAll(async () => {
    const [webDir, browser] = await Promise.all([buildWebPage(), launchChromium()]);
    context = browser;
    server = await serveStatic(webDir, FIXTURE_MODELS_DIR);
    ws = freshWorkspace();
    fakeUxpState.pluginFolder = pluginFolderWith(ws.root, FIXTURE_MODELS_DIR); // the fixture models and the bundled styles
    seq = ws.project.addSequence({ width: 128, height: 72, fps: 24 });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    ws?.cleanup();
  });

  const state = (): Promise<PanelState> => readPanelState(page);
  const waitFor = (what: string, ready: (s: PanelState) => boolean, timeoutMs = 119_000): Promise<PanelState> =>
    waitForPanelState(page, what, ready, timeoutMs);

  const screenshot = async (name: string): Promise<string> => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    const file = path.join(OUTPUT, name);
    await page.screenshot({ path: file });
    return file;
  };

  /** Apply's frames wait here, from the second on, while a test holds them (to look at the panel mid-render). */
  let held: Promise<void> | undefined;

  /** A new page with the panel mounted at `size`, its PanelHost Premiere's, in Node. */
  async function openPanel(size: { width: number; height: number }): Promise<Page> {
    const opened = await context.newPage();
    // SwiftShader's WebGPU is too slow for a whole clip on shared CI cores: the WebView here runs wasm.
    await opened.addInitScript(HIDE_WEBGPU);
    opened.on('pageerror', (e) => console.error('panel page error:', e));
    const host = createPremierePanelHost();
    await opened.exposeFunction('hostCall', (method: string, argsJson: string) => toWireOutcome(async () => {
      const args = fromWireJson<unknown[]>(argsJson);
      if (method !== 'apply') return (host as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](...args);
      const viaPanel = (name: 'setStyle' | 'stylize' | 'endJob') => async (...a: unknown[]) =>
        fromWireOutcome(await opened.evaluate(([n, j]) => panelHarness.serviceCall(n, j), [name, toWireJson(a)] as const));
      const stylize = viaPanel('stylize');
      const service = {
        providerLabel: 'the panel\'s carrier',
        setStyle: viaPanel('setStyle'), endJob: viaPanel('endJob'), dispose: async () => undefined,
        stylize: async (...a: unknown[]) => {
          if ((a[2] as { frameIndex?: number }).frameIndex) await held;
          return stylize(...a);
        },
      } as unknown as StylizeService;
      return host.apply(service, args[0] as Parameters<typeof host.apply>[1], {
        onProgress: (p) => void opened.evaluate((j) => panelHarness.progress(j), toWireJson(p)),
      });
    }));
    await opened.setViewportSize(size);
    await opened.emulateMedia({ colorScheme: 'dark' });
    await opened.goto(`${server.origin}/web/panel.html`);
    await opened.evaluate((url) => panelHarness.mount(url), `${server.origin}/web/index.html?models=/models/`);
    return opened;
  }

  /** Whether the element's box lies wholly inside the viewport as it is, nothing scrolled. */
  async function inViewport(selector: string): Promise<boolean> {
    const box = await page.locator(selector).first().boundingBox();
    const size = page.viewportSize()!;
    return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
  }

  // The steps share one page, in order, as an editor's session would.
  it('opens the panel in a docked WebView and picks a style', async () => {
    page = await openPanel(DOCKED);

    const stylePath = path.join(ws.root, 'Great wave.png');
    fs.writeFileSync(stylePath, encodePng(syntheticImage(48, 40, { seed: 9 })));
    fakeUxpState.nextPickedFile = stylePath;
    await page.click('sp-button:has-text("Choose image…")');
    await waitFor('pick a style', (s) => s.style?.fileName === 'Great wave.png');
  }, 180_000);

  it('with nothing selected, Apply says what to do in a banner that Dismiss clears', async () => {
    await page.click('sp-button:has-text("Apply to selection")');
    await page.locator('.cs-message.cs-error').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await page.locator('.cs-message-text').textContent()).toMatch(/^Nothing is selected\./);
    expect(await page.locator('.cs-progress').isVisible()).toBe(false);
    await screenshot('panel-error.png');
    await page.click('.cs-message sp-action-button:has-text("Dismiss")');
    expect((await state()).message).toBeUndefined();
    expect(await page.locator('.cs-message').isVisible()).toBe(false);
  }, 180_000);

  it('previews the selected clip at the sequence size and shows the provider', async () => {
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.5, selected: true });
    await page.click('sp-button:has-text("Preview")');
    const previewed = await waitFor('preview', (s) => s.preview.stylized !== undefined && s.providerLabel !== undefined);
    expect([previewed.preview.stylized?.width, previewed.preview.stylized?.height]).toEqual([128, 72]);
    expect(previewed.providerLabel).toBe('CPU · wasm');
  }, 180_000);

  it('compares every mode on the playhead frame with one click', async () => {
    await page.click('sp-button:has-text("Compare modes")');
    const compared = await waitFor('comparison', (s) => s.preview.comparison !== undefined);
    expect(compared.preview.comparison?.map((c) => c.mode)).toEqual(['artistic', 'artistic-soft', 'photorealistic']);
    expect(await page.locator('.cs-comparison img[src]').count()).toBe(4);
    expect(await page.locator('.cs-comparison .cs-caption').allTextContents()).toEqual(['Original', 'Artistic (fixture)', 'Artistic soft (fixture)', 'Photorealistic (fixture)']);
  }, 180_000);

  it('applies to the selected clip: the bar reaches 100% and the render of all 12 frames lies on V2', async () => {
    await page.click('sp-button:has-text("Apply to selection")');
    const applied = await waitFor('apply', (s) => s.message?.kind === 'info' && s.job.status === 'idle', 240_000);
    expect(applied.message?.text).toMatch(/Applied the style to 1 clip \(12 frames\): "Shot" → V2/);
    expect(Math.max(...await page.evaluate(() => panelHarness.progressValues()))).toBe(100);
    const onV2 = seq.videoTracks[1].items.map((item) => [item.start, item.end, (item.projectItem as FakeProjectItem).media?.stillCount]);
    expect(onV2).toEqual([[0n, BigInt(seconds(0.5).ticks), 12]]);
    expect(await page.locator('.cs-provider').textContent()).toContain('CPU · wasm');

    // The finished run keeps its bar, with the frame count, until the summary goes.
    expect(await page.locator('.cs-progress').isVisible()).toBe(true);
    expect(await page.locator('.cs-progress-text').textContent()).toMatch(/^Done · 12 frames/);
  }, 300_000);

  it('screenshots the docked panel in the dark and light themes', async () => {
    const dark = await screenshot('panel.png');
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await screenshot('panel-light.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const file of [dark, light]) {
      const image = decodeImage(new Uint8Array(fs.readFileSync(file)));
      expect([image.width, image.height]).toEqual([DOCKED.width, DOCKED.height]);
    }
    expect(fs.readFileSync(dark).equals(fs.readFileSync(light))).toBe(false);
  }, 60_000);

  it('at the minimum panel size the sections scroll above the footer and nothing sticks out sideways', async () => {
    await page.setViewportSize(MINIMUM);
    // With a farm offered, "Render on" joins the footer and must fit too, in view with Apply.
    await page.evaluate(() => panelHarness.offerFarm());
    await screenshot('panel-minimum.png');
    for (const selector of ['sp-picker[label="Render on"]', 'sp-button:has-text("Apply to selection")', '.cs-progress']) {
      expect([selector, await inViewport(selector)]).toEqual([selector, true]);
    }
    const extent = await page.evaluate(() => {
      const scrolled = document.querySelector('.cs-scroll')!;
      return { scrolls: scrolled.scrollHeight > scrolled.clientHeight, pageHeight: document.documentElement.scrollHeight, scrollWidth: document.body.scrollWidth };
    });
    expect(extent).toEqual({ scrolls: true, pageHeight: MINIMUM.height, scrollWidth: MINIMUM.width });

    // Diagnostics is closed until opened; opened at the minimum size its lines wrap instead of widening the panel.
    expect(await page.locator('.cs-diagnostics').isVisible()).toBe(false);
    await page.click('sp-action-button:has-text("Diagnostics")');
    const diagnosed = await waitFor('diagnostics', (s) => s.diagnostics.result !== undefined);
    expect(diagnosed.diagnostics.result?.host).toBe('premierepro 25.6.0');
    expect(await page.locator('.cs-diagnostics-line').first().textContent()).toBe('Host: premierepro 25.6.0 · UXP uxp-8.1.0');
    expect(await page.locator('sp-button:has-text("Copy report")').isVisible()).toBe(true);
    await page.locator('.cs-diagnostics').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'panel-diagnostics.png') });
    expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(MINIMUM.width);
    await page.click('sp-action-button:has-text("Diagnostics")');
    expect(await page.locator('.cs-diagnostics').isVisible()).toBe(false);
    await page.setViewportSize(DOCKED);
  }, 60_000);

  it('drives the widgets as an editor does: a picker\'s menu and the strength slider\'s track', async () => {
    await page.click('sp-picker[label="Render size"]');
    await page.click('sp-picker[label="Render size"] sp-menu-item:has-text("540p")');
    expect((await state()).renderShortSide).toBe(540);
    expect(await page.locator('sp-picker[label="Render size"]').evaluate((p) => p.shadowRoot?.textContent)).toContain('540p');
    const track = await page.locator('.cs-strength').evaluate((s) => {
      const box = s.shadowRoot!.querySelector('[part="track"]')!.getBoundingClientRect();
      return { x: box.left, y: box.top, width: box.width, height: box.height };
    });
    await page.mouse.click(track.x + track.width / 2, track.y + track.height / 2);
    expect((await state()).strength).toBeCloseTo(0.5, 1);
  }, 60_000);

  it('puts the Stroke size thumb at the middle of its track for 100%, and the track doubles the size per two stops', async () => {
    await page.click('.cs-advanced-toggle');
    const thumb = () => page.locator('.cs-style-scale').evaluate((s) => {
      const track = s.shadowRoot!.querySelector('[part="track"]')!.getBoundingClientRect();
      const handle = s.shadowRoot!.querySelector('[part="handle"]')!.getBoundingClientRect();
      return { at: (handle.left + handle.width / 2 - track.left) / track.width, track: { x: track.left, y: track.top, width: track.width, height: track.height } };
    });
    const atDefault = await thumb();
    expect((await state()).styleScale).toBe(1);
    expect(await page.locator('.cs-style-scale sp-label').textContent()).toBe('Stroke size: 100%');
    expect(atDefault.at).toBeCloseTo(0.5, 2);
    const { track } = atDefault;
    await page.mouse.click(track.x + track.width * 0.75, track.y + track.height / 2);
    expect((await state()).styleScale).toBe(2);
    expect(await page.locator('.cs-style-scale sp-label').textContent()).toBe('Stroke size: 200%');
    await page.mouse.click(track.x + track.width / 2, track.y + track.height / 2);
    expect((await state()).styleScale).toBe(1);
    await page.click('.cs-advanced-toggle');
  }, 60_000);

  it('keeps the new controls behind Advanced and fits them at the minimum size', async () => {
    await page.setViewportSize(MINIMUM);
    expect(await page.locator('.cs-keep-colors').isVisible()).toBe(false);
    await page.click('.cs-advanced-toggle');
    await page.click('.cs-keep-colors');
    expect((await state()).keepColors).toBe(true);
    expect(await page.locator('.cs-style-scale').isVisible()).toBe(true);
    const width = await page.evaluate(() => document.body.scrollWidth);
    expect(width).toBeLessThanOrEqual(MINIMUM.width);
    await screenshot('panel-advanced-minimum.png');
    await page.click('.cs-advanced-toggle');
    expect(await page.locator('.cs-keep-colors').isVisible()).toBe(false);
    await page.setViewportSize(DOCKED);
  }, 60_000);

  it('opens OVER TIME at the minimum size: the transition turns on, fits the width, and Apply stays in view', async () => {
    await page.setViewportSize(MINIMUM);
    expect(await page.locator('[data-section="overTime"] .cs-section-summary').textContent()).toBe('Constant');
    await page.click('[data-section="overTime"] .cs-section-header');
    await page.click('.cs-over-time');
    expect((await state()).transition.on).toBe(true);
    expect(await page.locator('.cs-start-strength').isVisible()).toBe(true);
    expect(await page.locator('.cs-start-share').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(MINIMUM.width);
    expect(await inViewport('sp-button:has-text("Apply to selection")')).toBe(true);
    await screenshot('panel-over-time-minimum.png');
    await page.click('.cs-over-time');
    await page.click('[data-section="overTime"] .cs-section-header');
    expect((await state()).transition.on).toBe(false);
    await page.setViewportSize(DOCKED);
  }, 60_000);

  it('opens Region at the minimum size and chooses a matte track, with Apply still in view (docs/panel-region.png)', async () => {
    seq.addClip({ name: 'Dancer matte', track: 2, startSeconds: 0, durationSeconds: 0.5, picture: halfMatte(128, 72, 'left') });
    await page.setViewportSize(MINIMUM);
    await page.click('[data-section="region"] .cs-section-header');
    await page.click('sp-picker[label="Where"]');
    await page.click('sp-picker[label="Where"] sp-menu-item:has-text("Inside a matte")');
    const listed = await waitFor('the matte tracks', (s) => s.region.sources !== undefined);
    expect(listed.region.sources?.map((s) => s.label)).toEqual(['V3 · Dancer matte', 'V2 · Shot_000001.png', 'V1 · Shot']);
    await page.click('sp-picker[label="Matte"]');
    await page.click('sp-picker[label="Matte"] sp-menu-item:has-text("V3 · Dancer matte")');
    await waitFor('the matte', (s) => s.region.source === '2');
    await page.locator('[data-section="region"] .cs-section-header').scrollIntoViewIfNeeded();
    for (const selector of ['[data-section="region"] .cs-section-header', 'sp-picker[label="Matte"]', '.cs-invert-matte', 'sp-button:has-text("Apply to selection")']) {
      expect([selector, await inViewport(selector)]).toEqual([selector, true]);
    }
    expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(MINIMUM.width);
    await screenshot('panel-region.png');
    await page.click('sp-picker[label="Where"]');
    await page.click('sp-picker[label="Where"] sp-menu-item:has-text("Whole frame")');
    await page.click('[data-section="region"] .cs-section-header');
    expect(await page.locator('[data-section="region"] .cs-section-summary').textContent()).toBe('Whole frame');
    await page.setViewportSize(DOCKED);
  }, 60_000);

  it('walks a first use at 260×360: a gallery style, Preview, Apply, its progress and the result, all without scrolling', async () => {
    fakeUxpState.dataFolder = path.join(ws.root, 'first-use-data'); // no recent styles, no kept layout: a first use
    fs.mkdirSync(fakeUxpState.dataFolder);
    const shot = ws.project.addSequence({ name: 'Sequence 02', width: 128, height: 72, fps: 24 });
    await page.close();
    page = await openPanel(MINIMUM);
    await waitFor('the gallery', (s) => s.gallery.length === 3 && s.mode !== undefined);
    // The sections scroll (Preview is below the fold at this size); the page itself never does.
    const pageScroll = () => page.evaluate(() => document.documentElement.scrollTop + document.body.scrollTop);

    // Before a style is chosen there is no broken image, and Apply says why it waits.
    expect(await page.locator('img:not([src])').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLElement).offsetParent !== null).length)).toBe(0);
    expect(await page.locator('sp-button:has-text("Apply to selection")').getAttribute('disabled')).toBe('');
    await screenshot('panel-first-use-260x360.png');

    await page.click('.cs-gallery-tile[data-file="brush-strokes.png"]');
    const chosen = await waitFor('the gallery style', (s) => s.style?.fileName === 'brush-strokes.png');
    expect(chosen.recentStyles.map((r) => r.fileName)).toEqual(['brush-strokes.png']);
    expect(await page.locator('.cs-gallery-tile.cs-selected').getAttribute('data-file')).toBe('brush-strokes.png');

    // Nothing selected: the message fits, wrapped, in view with Apply.
    await page.click('sp-button:has-text("Apply to selection")');
    await page.locator('.cs-message.cs-error').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('.cs-message-text').textContent()).toMatch(/^Nothing is selected\. Select one or more video clips/);
    for (const selector of ['.cs-message', 'sp-button:has-text("Apply to selection")']) expect([selector, await inViewport(selector)]).toEqual([selector, true]);
    const clipped = await page.locator('.cs-message-text').evaluate((t) => t.scrollWidth > t.clientWidth || t.scrollHeight > t.clientHeight);
    expect(clipped).toBe(false);
    await screenshot('panel-error-260x360.png');
    await page.click('.cs-message sp-action-button:has-text("Dismiss")');

    shot.addClip({ name: 'Walk', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
    await page.click('sp-button:has-text("Preview")');
    await waitFor('the preview', (s) => s.preview.stylized !== undefined);

    let release!: () => void;
    held = new Promise((resolve) => { release = resolve; });
    await page.click('sp-button:has-text("Apply to selection")');
    const running = await waitFor('the first frame', (s) => s.job.progress?.phase === 'stylize' && s.job.progress.done >= 1);
    expect(running.job.status).toBe('running');
    for (const selector of ['sp-button:has-text("Apply to selection")', 'sp-button:has-text("Cancel")', '.cs-progress']) {
      expect([selector, await inViewport(selector)]).toEqual([selector, true]);
    }
    expect(await page.locator('.cs-progress-text').textContent()).toMatch(/^\d+ \/ 6 frames/);
    await screenshot('panel-progress-260x360.png');
    release();
    held = undefined;

    const done = await waitFor('the render', (s) => s.job.status === 'idle' && s.message?.kind === 'info', 240_000);
    expect(done.message?.text).toMatch(/^Applied the style to 1 clip \(6 frames\): "Walk" → V2\.$/);
    expect(await page.locator('.cs-progress-text').textContent()).toMatch(/^Done · 6 frames/);
    for (const selector of ['sp-button:has-text("Apply to selection")', '.cs-progress', '.cs-message']) {
      expect([selector, await inViewport(selector)]).toEqual([selector, true]);
    }
    expect(await pageScroll()).toBe(0);
    expect(shot.videoTracks[1].items).toHaveLength(1);
    await screenshot('panel-done-260x360.png');
  }, 420_000);

  it('at 260×360, Output ProRes 4444 is encoded by a running companion and the movie is placed, Apply in view throughout', async () => {
    const stylizer = await fixtureStylizer();
    const reach = reachCompanionFrom(path.join(ws.root, 'home'));
    const backend = inProcessBackend(stylizer, await fixtureRegistry(), { runtime: 'onnxruntime-node' });
    const companion = await CompanionServer.start({ ...backend, encoder: new JobFolderEncoder(locateFfmpeg()) }, { infoFile: reach.infoFile });
    try {
      await page.locator('.cs-output').scrollIntoViewIfNeeded();
      await page.click('sp-picker[label="Output"]');
      await page.click('sp-picker[label="Output"] sp-menu-item:has-text("ProRes 4444")');
      // Chosen while the panel knew of no companion: it asks again and finds this one.
      const chosen = await waitFor('the companion', (s) => s.output.format === 'prores-4444' && s.output.movieFormats?.length === 4);
      expect(chosen.output.movieFormats).toContain('prores-4444');
      expect(await page.locator('.cs-output-note').isVisible()).toBe(false);
      for (const selector of ['sp-picker[label="Output"]', 'sp-button:has-text("Apply to selection")', '.cs-progress']) {
        expect([selector, await inViewport(selector)]).toEqual([selector, true]);
      }
      expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(MINIMUM.width);

      await page.click('sp-button:has-text("Apply to selection")');
      const done = await waitFor('the movie', (s) => s.job.status === 'idle' && s.message !== undefined, 240_000);
      expect(done.message).toEqual({ kind: 'info', text: 'Applied the style to 1 clip (6 frames): "Walk" → V3.' });
      const movie = (ws.project.sequences.find((q) => q.name === 'Sequence 02')!.videoTracks[2].items[0].projectItem as FakeProjectItem).media!;
      expect([path.basename(movie.path), movie.codec]).toEqual(['Walk.mov', 'prores']);
      await screenshot('panel-output-260x360.png');
    } finally {
      await companion.stop(1000);
      reach.restore();
      await stylizer.dispose();
    }
  }, 420_000);
});
