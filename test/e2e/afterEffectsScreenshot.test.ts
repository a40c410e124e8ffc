/**
 * The README's After Effects panel screenshot (docs/panel-aftereffects.png; `npm run screenshots`
 * copies it there): the real panel in Chromium on After Effects' PanelHost over the simulator, a
 * comp whose selected layer shows a frame of samples/sample-clip.mp4, the bundled brush-strokes
 * style and the default model, previewed at the comp's current time. It checks what the picture
 * must show (the comp frame and its stylized version) so a broken panel cannot slip into the README.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RasterImage } from '../../src/engine/images/image';
import { decodeImage } from '../../src/engine/images/imageCodec';
import { createAfterEffectsPanelHost } from '../../src/apps/aftereffects/afterEffectsPanelHost';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { decodeVideoFrames } from '../../src/node-io/videoDecoder';
import { probeVideo } from '../../src/node-io/videoProbe';
import { fakeUxpState } from '../fakes/uxp';
import { activeComp, freshAeWorkspace, type AeWorkspace } from '../apps/aftereffects/harness';
import { buildWebPage, HIDE_WEBGPU, launchChromium, serveStatic, type StaticServer } from '../../bench/browserHarness';
import type { PanelHarnessApi } from './harness/panelHarness';
import { waitForPanelState } from './harness/panelState';
import { fromWireJson, toWireOutcome } from './harness/wireJson';

declare const panelHarness: PanelHarnessApi;

const REPO = path.resolve(__dirname, '../..');
const CLIP = path.join(REPO, 'samples/sample-clip.mp4');
const STYLE = path.join(REPO, 'samples/styles/brush-strokes.png');
const OUTPUT = path.resolve(__dirname, '../../test-output/screenshots');
/** A docked panel beside the Composition panel. */
const DOCKED = { width: 340, height: 1000 };

/** Frame 40 of the sample clip: the pan over the city at dusk. */
async function cityFrame(): Promise<RasterImage> {
  const ffmpeg = locateFfmpeg();
  const info = await probeVideo(ffmpeg, CLIP);
  for await (const frame of decodeVideoFrames(ffmpeg, CLIP, info, { first: 40, last: 40 })) return frame;
  throw new Error(`${CLIP} has no frame 40`);
}

describe('README screenshot: the panel in After Effects', () => {
  let context: BrowserContext;
  let server: StaticServer;
  let ws: AeWorkspace;
  let page: Page;

  beforeAll(async () => {
    const [webDir, browser, frame] = await Promise.all([buildWebPage(), launchChromium(), cityFrame()]);
    context = browser;
    server = await serveStatic(webDir, path.join(REPO, 'models'));
    ws = freshAeWorkspace();
    fakeUxpState.pluginFolder = REPO; // its models/ holds the real models
    const comp = activeComp(ws, { name: 'City at dusk', width: frame.width, height: frame.height, fps: 24 });
    const layer = comp.addLayer({ name: 'City at dusk', source: ws.project.addMovie('City at dusk.mov', { picture: frame }), startTime: 0, outPoint: 3 });
    comp.select(layer);
    comp.time = 1;
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    ws?.cleanup();
  });

  it('previews the comp frame with brush-strokes and screenshots the docked panel', async () => {
    page = await context.newPage();
    await page.addInitScript(HIDE_WEBGPU);
    page.on('pageerror', (e) => console.error('panel page error:', e));
    const host = createAfterEffectsPanelHost();
    await page.exposeFunction('hostCall', (method: string, argsJson: string) => toWireOutcome(() =>
      (host as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](...fromWireJson<unknown[]>(argsJson))));
    await page.setViewportSize(DOCKED);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.origin}/web/panel.html`);
    await page.evaluate((url) => panelHarness.mount(url), `${server.origin}/web/index.html?models=/models/`);

    fakeUxpState.nextPickedFile = STYLE;
    await page.click('sp-button:has-text("Choose image…")');
    await waitForPanelState(page, 'pick the style', (s) => s.style?.fileName === 'brush-strokes.png' && s.mode !== undefined, 120_000);
    await page.click('sp-button:has-text("Preview")');
    const previewed = await waitForPanelState(page, 'preview', (s) => s.preview.stylized !== undefined, 240_000);
    expect(previewed.farmAvailable).toBe(false);
    expect(previewed.preview.stylized!.width).toBe(previewed.preview.original!.image.width);

    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.locator('.cs-preview img[src]').count()).toBe(2);
    fs.mkdirSync(OUTPUT, { recursive: true });
    const file = path.join(OUTPUT, 'panel-aftereffects.png');
    await page.screenshot({ path: file });
    const image = decodeImage(new Uint8Array(fs.readFileSync(file)));
    expect([image.width, image.height]).toEqual([DOCKED.width, DOCKED.height]);
  }, 420_000);
});
