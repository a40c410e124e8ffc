/**
 * The README's panel screenshots (`npm run screenshots` takes them and copies them to docs/): the
 * panel at the manifest's minimum size, 260×360, and at 400×600, each in the dark and the light
 * theme (docs/panel-<size>[-light].png), and the Over time section open at 400×600
 * (docs/panel-over-time.png). The set-up of panel.test.ts, but with the real models
 * (models/, the default mode) instead of the fixtures, a frame of samples/sample-clip.mp4 as the
 * selected clip and the brush-strokes style picked from the gallery row. At 260×360 the picture
 * shows a first use (the style section with the gallery, Apply in the footer); at 400×600 the
 * style and look sections are closed to their one-line summaries so the preview shows; then, at
 * 260×360, the Output choice with ProRes 4444 chosen and a companion running (docs/panel-output.png,
 * dark only). The test
 * checks what the pictures must show (the default model's look on the real frame, the controls in
 * view) so that a broken panel cannot slip into the README. panel.test.ts, on the fixture models,
 * covers the panel's behaviour.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RasterImage } from '../../src/engine/images/image';
import { decodeImage } from '../../src/engine/images/imageCodec';
import { createPremierePanelHost } from '../../src/apps/premiere/premierePanelHost';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { decodeVideoFrames } from '../../src/node-io/videoDecoder';
import { probeVideo } from '../../src/node-io/videoProbe';
import type { PanelState } from '../../src/panel/state';
import { fakeUxpState } from '../fakes/uxp';
import { freshWorkspace, reachCompanionFrom, type Workspace } from '../apps/premiere/harness';
import { CompanionServer } from '../../src/companion/companionServer';
import { JobFolderEncoder } from '../../src/companion/jobFolderEncoder';
import { inProcessBackend } from '../../src/protocol/inProcessBackend';
import { fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';
import { pluginFolderWith } from '../support/pluginFolder';
import { buildWebPage, HIDE_WEBGPU, launchChromium, serveStatic, type StaticServer } from '../../bench/browserHarness';
import type { PanelHarnessApi } from './harness/panelHarness';
import { waitForPanelState } from './harness/panelState';
import { fromWireJson, toWireOutcome } from './harness/wireJson';

declare const panelHarness: PanelHarnessApi;

const REPO = path.resolve(__dirname, '../..');
const MODELS_DIR = path.join(REPO, 'models');
const CLIP = path.join(REPO, 'samples/sample-clip.mp4');
/** The sample clip's frame shown: the pan over the city at dusk, with the car in view. */
const FRAME_INDEX = 40;
const OUTPUT = path.resolve(__dirname, '../../test-output/screenshots');
const MINIMUM = { width: 260, height: 360 };
const MEDIUM = { width: 400, height: 600 };

async function sampleFrame(): Promise<RasterImage> {
  const ffmpeg = locateFfmpeg();
  const info = await probeVideo(ffmpeg, CLIP);
  for await (const frame of decodeVideoFrames(ffmpeg, CLIP, info, { first: FRAME_INDEX, last: FRAME_INDEX })) return frame;
  throw new Error(`${CLIP} has no frame ${FRAME_INDEX}`);
}

function meanAbsoluteDifference(a: RasterImage, b: RasterImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

describe('README screenshots: the panel at 260×360 and 400×600 with the default model on a frame of the sample clip', () => {
  let context: BrowserContext;
  let server: StaticServer;
  let ws: Workspace;
  let page: Page;
  let frame: RasterImage;

  beforeAll(async () => {
    const [webDir, browser, decoded] = await Promise.all([buildWebPage(), launchChromium(), sampleFrame()]);
    context = browser;
    frame = decoded;
    server = await serveStatic(webDir, MODELS_DIR);
    ws = freshWorkspace();
    fakeUxpState.pluginFolder = pluginFolderWith(ws.root, MODELS_DIR); // the real models and the bundled styles
    const seq = ws.project.addSequence({ width: frame.width, height: frame.height, fps: 24 });
    seq.addClip({ name: 'City at dusk', track: 0, startSeconds: 0, durationSeconds: 3, selected: true, picture: frame });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    ws?.cleanup();
  });

  const waitFor = (what: string, ready: (s: PanelState) => boolean, timeoutMs: number): Promise<PanelState> =>
    waitForPanelState(page, what, ready, timeoutMs);

  /** Whether the element lies wholly inside the viewport, i.e. in the screenshot. */
  async function inView(selector: string): Promise<boolean> {
    const box = await page.locator(selector).first().boundingBox();
    const size = page.viewportSize()!;
    return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
  }

  /** The panel as it is now at `size`, dark then light (`<name>.png`, `<name>-light.png`); both of that size, and different. */
  async function screenshots(size: { width: number; height: number }, mustShow: readonly string[], name = `panel-${size.width}x${size.height}`): Promise<void> {
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('.cs-scroll')!.scrollTo(0, 0));
    for (const selector of mustShow) expect([selector, await inView(selector)]).toEqual([selector, true]);
    fs.mkdirSync(OUTPUT, { recursive: true });
    const dark = path.join(OUTPUT, `${name}.png`);
    const light = path.join(OUTPUT, `${name}-light.png`);
    await page.screenshot({ path: dark });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: light });
    for (const file of [dark, light]) {
      const image = decodeImage(new Uint8Array(fs.readFileSync(file)));
      expect([image.width, image.height]).toEqual([size.width, size.height]);
    }
    expect(fs.readFileSync(dark).equals(fs.readFileSync(light))).toBe(false);
  }

  it('picks brush-strokes from the gallery and previews the sample frame in the default mode', async () => {
    page = await context.newPage();
    await page.addInitScript(HIDE_WEBGPU); // as panel.test.ts: wasm, since SwiftShader's WebGPU is slow on CI cores
    page.on('pageerror', (e) => console.error('panel page error:', e));
    const host = createPremierePanelHost();
    await page.exposeFunction('hostCall', (method: string, argsJson: string) => toWireOutcome(() =>
      (host as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](...fromWireJson<unknown[]>(argsJson))));
    await page.setViewportSize(MEDIUM);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.origin}/web/panel.html`);
    await page.evaluate((url) => panelHarness.mount(url), `${server.origin}/web/index.html?models=/models/`);

    await waitFor('the gallery', (s) => s.gallery.length > 0, 120_000);
    await page.click('.cs-gallery-tile[data-file="brush-strokes.png"]');
    const picked = await waitFor('pick the style', (s) => s.style?.fileName === 'brush-strokes.png' && s.mode !== undefined, 120_000);
    const { defaultMode } = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'models.json'), 'utf8')) as { defaultMode: string };
    expect(picked.mode).toBe(defaultMode);
    await page.click('sp-button:has-text("Preview")');
    const previewed = await waitFor('preview', (s) => s.preview.stylized !== undefined, 240_000);
    const stylized = previewed.preview.stylized!;
    const original = previewed.preview.original!.image;
    expect([original.width, original.height]).toEqual([frame.width, frame.height]);
    expect(Buffer.from(original.data).equals(Buffer.from(frame.data))).toBe(true);
    expect([stylized.width, stylized.height]).toEqual([frame.width, frame.height]);
    // The model restyles the frame: far more than rounding, yet the same picture (not a blank or a different frame).
    const changed = meanAbsoluteDifference(original, stylized);
    expect(changed).toBeGreaterThan(10);
    expect(changed).toBeLessThan(120);
  }, 420_000);

  it('screenshots a first use at 260×360: the gallery with the chosen style, and Apply', async () => {
    await screenshots(MINIMUM, ['.cs-gallery-tile.cs-selected[data-file="brush-strokes.png"]', '.cs-style-thumb[src]', 'sp-button:has-text("Apply to selection")']);
  }, 60_000);

  it('screenshots 400×600 with the style and look closed to their summaries and the preview in view', async () => {
    await page.setViewportSize(MEDIUM);
    for (const section of ['style', 'look']) await page.click(`[data-section="${section}"] .cs-section-header`);
    expect(await page.locator('[data-section="look"] .cs-section-summary').textContent()).toMatch(/^Artistic · 80% · /);
    // Without a second style its thumbnail is hidden (an image without a source draws as a broken one).
    expect(await page.locator('img:not([src])').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLElement).offsetParent !== null).length)).toBe(0);
    await screenshots(MEDIUM, ['[data-section="style"] .cs-section-summary', 'img[alt="Stylized frame"][src]', 'sp-button:has-text("Apply to selection")']);
  }, 60_000);

  it('screenshots the Over time section open at 400×600: a fade in from 0% strength to the look, eased', async () => {
    await page.click('[data-section="overTime"] .cs-section-header');
    await page.click('.cs-over-time');
    const on = await waitFor('the transition on', (s) => s.transition.on, 10_000);
    expect(on.transition).toMatchObject({ startStrength: 0, ease: 'ease-in-out' });
    await screenshots(MEDIUM, ['.cs-over-time', '.cs-start-strength', '.cs-over-time-hint', 'sp-button:has-text("Apply to selection")'], 'panel-over-time');
    await page.click('[data-section="overTime"] .cs-section-header');
    expect(await page.locator('[data-section="overTime"] .cs-section-summary').textContent()).toBe('Strength 0% → 80%, ease in-out');
  }, 60_000);

  it('screenshots the Output choice at 260×360: ProRes 4444, a companion running', async () => {
    // The companion only encodes here; its stylizer is the fixtures' (the panel keeps its own carrier).
    const stylizer = await fixtureStylizer();
    const reach = reachCompanionFrom(path.join(ws.root, 'home'));
    const companion = await CompanionServer.start({
      ...inProcessBackend(stylizer, await fixtureRegistry(), { runtime: 'onnxruntime-node' }), encoder: new JobFolderEncoder(locateFfmpeg()),
    }, { infoFile: reach.infoFile });
    try {
      await page.setViewportSize(MINIMUM);
      await page.click('[data-section="look"] .cs-section-header');
      await page.click('sp-picker[label="Output"]');
      await page.click('sp-picker[label="Output"] sp-menu-item:has-text("ProRes 4444")');
      await waitFor('the companion', (s) => s.output.format === 'prores-4444' && s.output.movieFormats?.includes('prores-4444') === true, 60_000);
      await page.locator('.cs-output').evaluate((node) => node.scrollIntoView({ block: 'center' }));
      for (const selector of ['sp-picker[label="Output"]', 'sp-button:has-text("Apply to selection")']) {
        expect([selector, await inView(selector)]).toEqual([selector, true]);
      }
      expect(await page.locator('sp-picker[label="Output"]').evaluate((p) => p.shadowRoot?.textContent)).toContain('ProRes 4444 (with alpha)');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: path.join(OUTPUT, 'panel-output.png') });
    } finally {
      await companion.stop(1000);
      reach.restore();
      await stylizer.dispose();
    }
  }, 120_000);
});
