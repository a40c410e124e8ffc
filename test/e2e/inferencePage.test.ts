/**
 * The inference page in headless Chromium (one launch for the file), spoken to by the real
 * RemoteStylizeService: loaded as a UXP WebView loads local content (uxpWebView.ts: its own
 * origin, top level, no query, no localStorage, window.uxpHost as the only bridge) with a 1080p
 * frame in chunks; and framed by a harness page over postMessage: WebGPU through SwiftShader, the
 * wasm fallback without WebGPU, and hostile messages. Results are compared with onnxruntime-node
 * on the same models. The models folder is the fixture models unless COHERENT_STYLE_TEST_MODELS
 * names another (e.g. models/ once the real ones are installed).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { encodeBase64 } from '../../src/engine/base64';
import type { RasterImage } from '../../src/engine/images/image';
import type { InProcessStylizeService } from '../../src/engine/inference/stylizer';
import { FIXTURE_MODELS_DIR, fixtureStylizer } from '../support/fixtureModels';
import { hostileMessages } from '../support/hostileMessages';
import { syntheticImage } from '../support/syntheticImages';
import type { HarnessApi, RawReply, WireImage } from './harness/bridgeHarness';
import { buildWebPage, HIDE_WEBGPU, launchChromium, serveStatic, type StaticServer } from '../../bench/browserHarness';
import { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import { NO_LOCAL_STORAGE, PLUGIN_ORIGIN, routePluginFolder, uxpHostTransport } from './harness/uxpWebView';

const MODELS = process.env.COHERENT_STYLE_TEST_MODELS ?? FIXTURE_MODELS_DIR;
/**
 * Largest per-sample difference (of 255) allowed against onnxruntime-node: float32 kernels differ
 * in summation order between WebGPU shaders, wasm SIMD and the native CPU provider.
 */
const MAX_DIFFERENCE = 3;
/** ...and the mean difference, which catches a systematic error that stays under the max. */
const MAX_MEAN_DIFFERENCE = 0.5;

const STYLE = syntheticImage(96, 80, { seed: 3 });
const FRAME = syntheticImage(128, 128, { seed: 5 });
/** Larger than one wire message (6.2 MB), so it travels in chunks; stylized at a small size to stay quick. */
const HD_FRAME = syntheticImage(1920, 1080, { seed: 6 });
const HD_SETTINGS = { strength: 0.9, renderShortSide: 256 };

/** The frames of a slow pan (2 samples a frame) across a synthetic picture, for steadied renders. */
const PAN_STEP = 2;
const PAN_FRAMES = 6;
const PAN_SOURCE = syntheticImage(128 + PAN_STEP * PAN_FRAMES, 128, { seed: 7 });
const PAN: RasterImage[] = Array.from({ length: PAN_FRAMES }, (_, t) => {
  const data = new Uint8Array(128 * 128 * 3);
  for (let y = 0; y < 128; y++) data.set(PAN_SOURCE.data.subarray(3 * (y * PAN_SOURCE.width + PAN_STEP * t), 3 * (y * PAN_SOURCE.width + PAN_STEP * t + 128)), 3 * y * 128);
  return { ...PAN_SOURCE, width: 128, data };
});
/** The bound for a steadied clip on the GPU page against the CPU, per sample (of 255). */
const MAX_STEADIED_DIFFERENCE = 2;

declare const harness: HarnessApi;

const toWire = (image: RasterImage): WireImage =>
  ({ width: image.width, height: image.height, channels: image.channels, pixels: encodeBase64(image.data as Uint8Array) });

function compare(actual: WireImage, expected: RasterImage): { max: number; mean: number } {
  const bytes = Buffer.from(actual.pixels, 'base64');
  expect([actual.width, actual.height, bytes.length]).toEqual([expected.width, expected.height, expected.data.length]);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) {
    const d = Math.abs(bytes[i] - expected.data[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / bytes.length };
}

describe('inference page in Chromium', () => {
  let context: BrowserContext;
  let server: StaticServer;
  let reference: InProcessStylizeService;
  let expected: RasterImage;
  let expectedHd: RasterImage;
  let pageUrl: string;

  beforeAll(async () => {
    const [webDir, browser] = await Promise.all([buildWebPage(), launchChromium()]);
    context = browser;
    server = await serveStatic(webDir, MODELS);
    await routePluginFolder(context, { web: webDir, models: MODELS });
    pageUrl = `${server.origin}/web/index.html?models=/models/`;
    reference = await fixtureStylizer({}, MODELS);
    await reference.setStyle('job', STYLE, { mode: 'artistic' });
    expected = await reference.stylize('job', FRAME, { strength: 0.9 });
    expectedHd = await reference.stylize('job', HD_FRAME, HD_SETTINGS);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await reference?.dispose();
  });

  async function harnessPage(options: { withoutWebGpu?: boolean } = {}): Promise<Page> {
    const page = await context.newPage();
    if (options.withoutWebGpu) await page.addInitScript(HIDE_WEBGPU);
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(`${server.origin}/web/harness.html`);
    return page;
  }

  async function stylizeOn(page: Page, format: 'binary' | 'text') {
    const capabilities = await page.evaluate(([url, f]) => harness.connect('page', url, f), [pageUrl, format] as const);
    await page.evaluate(([style]) => harness.setStyle('page', 'job', style, 'artistic'), [toWire(STYLE)] as const);
    const result = await page.evaluate(([frame]) => harness.stylize('page', 'job', frame, { strength: 0.9 }), [toWire(FRAME)] as const);
    return { capabilities, difference: compare(result, expected) };
  }

  it('loads as a UXP WebView loads local content, and stylizes a 1080p frame sent in chunks through window.uxpHost', async () => {
    const page = await context.newPage();
    await page.addInitScript(NO_LOCAL_STORAGE);
    page.on('pageerror', (e) => console.error('page error:', e));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    // As <webview src="plugin:/web/index.html">: the defaults find ort/ beside the page and models/ beside web/.
    await page.goto(`${PLUGIN_ORIGIN}/web/index.html`);
    const service = await RemoteStylizeService.connect(await uxpHostTransport(page), 'WebView inference page', { helloTimeoutMs: 120_000 });
    try {
      await service.setStyle('job', STYLE, { mode: 'artistic' });
      const out = await service.stylize('job', HD_FRAME, HD_SETTINGS);
      const difference = compare(toWire(out), expectedHd);
      console.log(`uxp-like page (${service.providerLabel}) vs onnxruntime-node at 1080p: max ${difference.max}, mean ${difference.mean.toFixed(3)} (of 255)`);
      expect(difference.max).toBeLessThanOrEqual(MAX_DIFFERENCE);
      expect(difference.mean).toBeLessThanOrEqual(MAX_MEAN_DIFFERENCE);
      expect(service.linkStats.chunksSent).toBeGreaterThanOrEqual(8);
    } finally {
      await service.dispose();
    }
    expect(requests.filter((url) => !url.startsWith(`${PLUGIN_ORIGIN}/`))).toEqual([]);
    expect(requests).toEqual(expect.arrayContaining([`${PLUGIN_ORIGIN}/models/models.json`, expect.stringMatching(/\/web\/ort\/ort-wasm-simd-threaded\.jsep\.wasm$/)]));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.close();
  }, 180_000);

  it('stylizes on WebGPU (SwiftShader) like onnxruntime-node, over the binary wire', async () => {
    const page = await harnessPage();
    const { capabilities, difference } = await stylizeOn(page, 'binary');
    expect(capabilities.provider).toBe('webgpu');
    expect(capabilities.providerLabel).toBe('GPU · WebGPU');
    expect(capabilities.adapter).toMatch(/swiftshader/i);
    console.log(`webgpu vs onnxruntime-node: max ${difference.max}, mean ${difference.mean.toFixed(3)} (of 255)`);
    expect(difference.max).toBeLessThanOrEqual(MAX_DIFFERENCE);
    expect(difference.mean).toBeLessThanOrEqual(MAX_MEAN_DIFFERENCE);
    await page.close();
  }, 180_000);

  it('steadies a panning clip on WebGPU (SwiftShader) as onnxruntime-node does, every frame within 2/255', async () => {
    const page = await harnessPage();
    await page.evaluate(([url]) => harness.connect('steady', url, 'binary'), [pageUrl] as const);
    await page.evaluate(([style]) => harness.setStyle('steady', 'clip', style, 'artistic'), [toWire(STYLE)] as const);
    await reference.setStyle('clip', STYLE, { mode: 'artistic' });
    const differences: number[] = [];
    let steadied: RasterImage | undefined;
    for (const [frameIndex, frame] of PAN.entries()) {
      const settings = { strength: 0.9, temporal: 'normal' as const, frameIndex };
      const onPage = await page.evaluate(([f, s]) => harness.stylize('steady', 'clip', f, s), [toWire(frame), settings] as const);
      steadied = await reference.stylize('clip', frame, settings);
      differences.push(compare(onPage, steadied).max);
    }
    console.log(`steadied clip, webgpu vs onnxruntime-node, max per frame: ${differences.join(', ')} (of 255)`);
    expect(Math.max(...differences)).toBeLessThanOrEqual(MAX_STEADIED_DIFFERENCE);
    // The stabilizer changed the frames by more than the bound, so a page that did not steady would fail.
    const unsteadied = await reference.stylize('job', PAN[PAN_FRAMES - 1], { strength: 0.9 });
    expect(compare(toWire(steadied!), unsteadied).max).toBeGreaterThan(MAX_STEADIED_DIFFERENCE);
    await reference.endJob('clip');
    await page.close();
  }, 180_000);

  it('falls back to wasm without WebGPU, over the text wire the UXP WebView uses', async () => {
    const page = await harnessPage({ withoutWebGpu: true });
    const { capabilities, difference } = await stylizeOn(page, 'text');
    expect(capabilities.provider).toBe('wasm');
    expect(capabilities.providerLabel).toBe('CPU · wasm');
    expect(capabilities.adapter).toBeUndefined();
    console.log(`wasm vs onnxruntime-node: max ${difference.max}, mean ${difference.mean.toFixed(3)} (of 255)`);
    expect(difference.max).toBeLessThanOrEqual(MAX_DIFFERENCE);
    expect(difference.mean).toBeLessThanOrEqual(MAX_MEAN_DIFFERENCE);
    await page.close();
  }, 180_000);

  it('answers hostile messages with errors and still stylizes afterwards', async () => {
    const page = await harnessPage({ withoutWebGpu: true });
    await page.evaluate((url) => harness.openRaw(url), pageUrl);
    const send = (message: { text?: string; bytes?: string; value?: unknown }) => page.evaluate((m) => harness.sendRaw(m), message);
    const replies = async (until: (got: RawReply[]) => boolean): Promise<RawReply[]> => {
      for (let i = 0; i < 600; i++) {
        const got = await page.evaluate(() => harness.rawReplies());
        if (until(got)) return got;
        await page.waitForTimeout(50);
      }
      return page.evaluate(() => harness.rawReplies());
    };
    const { encodeMessage } = await import('../../src/protocol/protocol');
    const bytes = (wire: unknown) => ({ bytes: Buffer.from(wire as ArrayBuffer).toString('base64') });
    await send(bytes(encodeMessage({ type: 'hello', id: 1, client: 'hostile' }, 'binary')));
    await send(bytes(encodeMessage({ type: 'setStyle', id: 2, job: 'job', mode: 'artistic', image: STYLE }, 'binary')));
    expect((await replies((got) => got.length >= 2)).map((r) => r.type)).toEqual(['capabilities', 'ok']);

    const hostile = hostileMessages('job', 'artistic');
    for (const message of hostile) {
      const wire = message.wire;
      await send(typeof wire === 'string' ? { text: wire } : wire instanceof Uint8Array ? { bytes: Buffer.from(wire).toString('base64') } : { value: wire });
    }
    const got = await replies((all) => all.length >= 2 + hostile.length);
    hostile.forEach((message, i) => {
      expect({ name: message.name, reply: got[2 + i] }).toMatchObject({ name: message.name, reply: { type: 'error', id: message.replyId } });
    });

    await send(bytes(encodeMessage({ type: 'stylize', id: 900, job: 'job', frame: 0, strength: 1, image: FRAME }, 'binary')));
    const after = await replies((all) => all.some((r) => r.id === 900 && (r.type === 'result' || r.type === 'error')));
    expect(after.filter((r) => r.id === 900).map((r) => r.type)).toEqual(['progress', 'result']);
    await page.close();
  }, 180_000);
});
