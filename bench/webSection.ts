/**
 * The GPU-path carriers in BENCHMARKS.md: per-frame times of the default mode through the
 * inference page in Chromium (WebGPU on SwiftShader, and wasm) and through the companion server
 * (onnxruntime-node, CPU here), plus what the carrier itself costs per 1080p frame (round trip
 * minus the stylizer's own compute time, which result messages report).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { encodeBase64 } from '../src/engine/base64';
import { connectCompanion } from '../src/protocol/companionClient';
import type { RasterImage } from '../src/engine/images/image';
import { inProcessBackend } from '../src/protocol/inProcessBackend';
import type { FrameTiming } from '../src/protocol/remoteStylizeService';
import type { WebSocketLike } from '../src/protocol/webSocketTransport';
import { CompanionServer } from '../src/companion/companionServer';
import { OrtNodeRuntime } from '../src/node-io/ortNodeRuntime';
import type { HarnessApi, WireImage } from '../test/e2e/harness/bridgeHarness';
import { syntheticImage } from '../test/support/syntheticImages';
import { median, ms, service, table, type BenchContext, type BenchSection } from './benchSupport';
import { buildWebPage, HIDE_WEBGPU, launchChromium, serveStatic } from './browserHarness';

declare const harness: HarnessApi;

const HD = { width: 1280, height: 720 };
const FULL_HD = { width: 1920, height: 1080 };
/**
 * SwiftShader runs WebGPU on the CPU (minutes per 720p frame on two shared cores): a couple of
 * small frames show the path works, not how fast a GPU is.
 */
const SWIFTSHADER_FRAMES = 2;
const SWIFTSHADER_SIZE = { width: 320, height: 180 };

const styleImage = (): RasterImage => syntheticImage(256, 256, { seed: 7 });

const wire = (image: RasterImage): WireImage =>
  ({ width: image.width, height: image.height, channels: image.channels, pixels: encodeBase64(image.data as Uint8Array) });

interface Row {
  carrier: string;
  provider: string;
  hd: FrameTiming[];
  /** Absent where 1080p was not measured (SwiftShader). */
  fullHd?: FrameTiming[];
  note?: string;
}

const computeOf = (t: FrameTiming[]) => median(t.map((x) => x.computeMs ?? NaN));
const roundTripOf = (t: FrameTiming[]) => median(t.map((x) => x.roundTripMs));
const overheadOf = (t: FrameTiming[]) => median(t.map((x) => x.roundTripMs - (x.computeMs ?? NaN)));

async function measureCompanion(context: BenchContext, renderShortSide: number, frames: number): Promise<Row> {
  const runtime = new OrtNodeRuntime({ providers: ['cpu'] });
  const stylizer = service(runtime, context.registry);
  await stylizer.prepare(context.registry.defaultMode.id);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-companion-'));
  const server = await CompanionServer.start(inProcessBackend(stylizer, context.registry, { runtime: runtime.name }), { infoFile: path.join(dir, 'companion.json') });
  const timings: FrameTiming[] = [];
  try {
    const client = await connectCompanion(server.info, (url) => new WebSocket(url) as unknown as WebSocketLike, { onFrameTiming: (t) => timings.push(t) });
    await client.setStyle('bench', styleImage(), { mode: context.registry.defaultMode.id });
    const run = async (size: { width: number; height: number }) => {
      const start = timings.length;
      const image = syntheticImage(size.width, size.height, { seed: 1 });
      for (let i = 0; i <= frames; i++) await client.stylize('bench', image, { strength: 1, renderShortSide });
      return timings.slice(start + 1); // the first frame warms up
    };
    const hd = await run(HD);
    const fullHd = await run(FULL_HD);
    await client.dispose();
    return { carrier: 'companion (WebSocket, binary)', provider: stylizer.providerLabel, hd, fullHd };
  } finally {
    await server.stop(1000);
    await stylizer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const webCarriersSection: BenchSection = {
  title: 'GPU-path carriers: inference page (Chromium) and companion server',
  async run(context) {
    const mode = context.registry.defaultMode;
    const renderShortSide = 720;
    const frames = Math.max(3, Math.min(context.runs, 5));
    const rows: Row[] = [];
    context.log('  building the inference page…');
    const [webDir, browser] = await Promise.all([buildWebPage(), launchChromium()]);
    const server = await serveStatic(webDir, context.modelsDir);
    const pageUrl = `${server.origin}/web/index.html?models=/models/`;
    try {
      const carriers = [
        { label: 'inference page, postMessage binary', format: 'binary' as const, hideWebGpu: false, frames: SWIFTSHADER_FRAMES, small: true,
          note: `SwiftShader, ${SWIFTSHADER_SIZE.width}×${SWIFTSHADER_SIZE.height} frames: correctness only, not GPU speed` },
        { label: 'inference page, postMessage binary', format: 'binary' as const, hideWebGpu: true, frames, small: false },
        { label: 'inference page, text wire (as the UXP WebView bridge)', format: 'text' as const, hideWebGpu: true, frames, small: false },
      ];
      for (const carrier of carriers) {
        context.log(`  ${carrier.label}${carrier.hideWebGpu ? ' without WebGPU' : ''}…`);
        const page = await browser.newPage();
        if (carrier.hideWebGpu) await page.addInitScript(HIDE_WEBGPU);
        await page.goto(`${server.origin}/web/harness.html`);
        const caps = await page.evaluate(([url, format]) => harness.connect('bench', url, format), [pageUrl, carrier.format] as const);
        await page.evaluate(([style, m]) => harness.setStyle('bench', 'job', style, m), [wire(styleImage()), mode.id] as const);
        const time = (size: { width: number; height: number }, shortSide: number) => page.evaluate(([w, h, n, s]) => harness.timeFrames('bench', 'job', w, h, n, s),
          [size.width, size.height, carrier.frames + 1, shortSide] as const).then((t) => t.slice(1));
        rows.push(carrier.small
          ? { carrier: carrier.label, provider: caps.providerLabel, hd: await time(SWIFTSHADER_SIZE, SWIFTSHADER_SIZE.height), note: carrier.note }
          : { carrier: carrier.label, provider: caps.providerLabel, hd: await time(HD, renderShortSide), fullHd: await time(FULL_HD, renderShortSide) });
        await page.close();
      }
      context.log('  companion…');
      rows.push(await measureCompanion(context, renderShortSide, frames));
    } finally {
      await browser.close();
      await server.close();
      rmSync(webDir, { recursive: true, force: true });
    }
    const body = table(
      ['carrier', 'runs on', '720p frame: stylizer', '720p frame: round trip', '1080p frame (rendered at 720p): round trip', 'carrier cost per 1080p frame', 'note'],
      rows.map((r) => [r.carrier, r.provider, `${ms(computeOf(r.hd))} ms`, `${ms(roundTripOf(r.hd))} ms`,
        r.fullHd ? `${ms(roundTripOf(r.fullHd))} ms` : '—', r.fullHd ? `${ms(overheadOf(r.fullHd))} ms` : '—', r.note ?? '']),
    );
    const wasmText = rows.find((r) => r.carrier.startsWith('inference page, text'));
    const verdict = wasmText?.fullHd
      ? `\n\nThe text wire (what the UXP WebView bridge carries) costs ${ms(overheadOf(wasmText.fullHd))} ms per 1080p frame against ${ms(computeOf(wasmText.hd))} ms of stylizing a 720p frame with ${mode.id}, `
        + `so a 1080p round trip ${overheadOf(wasmText.fullHd) < computeOf(wasmText.hd) ? 'stays under' : 'EXCEEDS'} twice the 720p per-frame time.`
      : '';
    return `Median of ${frames} frames after one warm-up (WebGPU: ${SWIFTSHADER_FRAMES}); mode ${mode.id}, rendered at short side ${renderShortSide}. `
      + '"Carrier cost" is the round trip minus the stylizer\'s own time (reported in each result): encoding, copying and the bridge. '
      + 'Chromium here has no GPU: its WebGPU adapter is SwiftShader (Vulkan on the CPU), so the WebGPU row proves the path works, not GPU speed. '
      + `The companion runs onnxruntime-node on ${rows[rows.length - 1]?.provider ?? 'the CPU'} here.\n\n${body}${verdict}`;
  },
};
