/**
 * The README's panel screenshots (docs/panel.png, docs/panel-light.png; `npm run screenshots` takes
 * them and copies them there). The set-up of panel.test.ts, but with the real models (models/, the
 * default mode) instead of the fixtures, a frame of samples/sample-clip.mp4 as the selected clip and
 * the bundled brush-strokes style: the Preview shows that frame and its stylized version side by
 * side, and Advanced is open so that its controls show, at a docked panel's size in both themes.
 * It checks what the pictures must show (the default model's look on the real frame, the controls
 * in view) so that a broken panel cannot slip into the README. panel.test.ts, on the fixture models,
 * covers the panel's behaviour.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RasterImage } from '../../src/engine/images/image';
import { decodeImage } from '../../src/engine/images/imageCodec';
import { createPremierePanelHost } from '../../src/hosts/premiere/premierePanelHost';
import { locateFfmpeg } from '../../src/hosts/node/ffmpeg';
import { decodeVideoFrames } from '../../src/hosts/node/videoDecoder';
import { probeVideo } from '../../src/hosts/node/videoProbe';
import type { PanelState } from '../../src/panel/state';
import { fakeUxpState } from '../fakes/uxp';
import { freshWorkspace, type Workspace } from '../integration/premiere/harness';
import { buildWebPage, HIDE_WEBGPU, launchChromium, serveStatic, type StaticServer } from '../../bench/browserHarness';
import type { PanelHarnessApi } from './harness/panelHarness';
import { waitForPanelState } from './harness/panelState';
import { fromWireJson, toWireOutcome } from './harness/wireJson';

declare const panelHarness: PanelHarnessApi;

const REPO = path.resolve(__dirname, '../..');
const MODELS_DIR = path.join(REPO, 'models');
const CLIP = path.join(REPO, 'samples/sample-clip.mp4');
const STYLE = path.join(REPO, 'samples/styles/brush-strokes.png');
/** The sample clip's frame shown: the pan over the city at dusk, with the car in view. */
const FRAME_INDEX = 40;
const OUTPUT = path.resolve(__dirname, '../../test-output/screenshots');
/** A docked panel's size in Premiere: a full-height column beside the Program Monitor. */
const DOCKED = { width: 340, height: 1000 };

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

describe('README screenshots: the panel with the default model on a frame of the sample clip', () => {
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
    fakeUxpState.pluginFolder = REPO; // its models/ holds the real models
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
    return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= DOCKED.height && box.x + box.width <= DOCKED.width;
  }

  it('previews the sample frame in the default mode with brush-strokes, Advanced open', async () => {
    page = await context.newPage();
    await page.addInitScript(HIDE_WEBGPU); // as panel.test.ts: wasm, since SwiftShader's WebGPU is slow on CI cores
    page.on('pageerror', (e) => console.error('panel page error:', e));
    const host = createPremierePanelHost();
    await page.exposeFunction('hostCall', (method: string, argsJson: string) => toWireOutcome(() =>
      (host as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](...fromWireJson<unknown[]>(argsJson))));
    await page.setViewportSize(DOCKED);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.origin}/web/panel.html`);
    await page.evaluate((url) => panelHarness.mount(url), `${server.origin}/web/index.html?models=/models/`);

    fakeUxpState.nextPickedFile = STYLE;
    await page.click('sp-button:has-text("Choose image…")');
    const picked = await waitFor('pick the style', (s) => s.style?.fileName === 'brush-strokes.png' && s.mode !== undefined, 120_000);
    const { defaultMode } = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'models.json'), 'utf8')) as { defaultMode: string };
    expect(picked.mode).toBe(defaultMode);

    await page.click('.cs-advanced-toggle');
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

  it('screenshots the docked panel in the dark and light themes with the preview and the Advanced controls in view', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const selector of ['.cs-style-thumb[src]', '.cs-keep-colors', '.cs-style-scale', 'sp-button:has-text("Mix with…")', '.cs-preview']) {
      expect([selector, await inView(selector)]).toEqual([selector, true]);
    }
    expect(await page.locator('.cs-preview img[src]').count()).toBe(2);
    // Without a second style its thumbnail is hidden (an image without a source draws as a broken one).
    expect(await page.locator('img[alt="Style mixed in"]').isVisible()).toBe(false);
    fs.mkdirSync(OUTPUT, { recursive: true });
    const dark = path.join(OUTPUT, 'panel.png');
    const light = path.join(OUTPUT, 'panel-light.png');
    await page.screenshot({ path: dark });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: light });
    for (const file of [dark, light]) {
      const image = decodeImage(new Uint8Array(fs.readFileSync(file)));
      expect([image.width, image.height]).toEqual([DOCKED.width, DOCKED.height]);
    }
    expect(fs.readFileSync(dark).equals(fs.readFileSync(light))).toBe(false);
  }, 60_000);
});
