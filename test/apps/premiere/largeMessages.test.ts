/**
 * A 4K clip styled with a mix of two 24-MP photos, applied through both carriers as the panel opens
 * them (openCompanionService over UXP's WebSocket, openWebViewService in the panel's root node),
 * with the real engine behind each. UXP's WebSocket closes itself on a send it cannot buffer
 * (simulated with 1 MiB) and the WebView bridge is unbounded as far as the reference says, so
 * what the panel holds for a carrier is measured where it leaves the panel:
 *  - no wire message larger than MAX_WIRE_BYTES (1 MiB), either way;
 *  - at most CHUNK_WINDOW (2) chunks sent and not yet acknowledged, per direction; through the
 *    WebView at most 2 × 2 MiB (both directions) plus control messages on their way at once;
 *  - the styles sent at most at the encoder's largest short side (2048), not 6000×4000.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StyleSettings, StylizeService } from '../../../src/engine/inference/stylizeService';
import type { RasterImage } from '../../../src/engine/images/image';
import type { InProcessStylizeService } from '../../../src/engine/inference/stylizer';
import { serverProof } from '../../../src/protocol/companionHandshake';
import { companionInfoPath } from '../../../src/protocol/companionInfo';
import { inProcessBackend } from '../../../src/protocol/inProcessBackend';
import { CHUNK_WINDOW, MAX_WIRE_BYTES } from '../../../src/protocol/messageChunks';
import { ProtocolEndpoint } from '../../../src/protocol/protocolEndpoint';
import type { LinkStats } from '../../../src/protocol/messageLink';
import type { RemoteStylizeService } from '../../../src/protocol/remoteStylizeService';
import { applyToSelection } from '../../../src/apps/premiere/applyStyle';
import { openCompanionService } from '../../../src/uxp/companionCarrier';
import { INFERENCE_PAGE_URL, openWebViewService, setWebViewHome } from '../../../src/uxp/webViewCarrier';
import { listenForClient } from '../../../src/apps/inference-page/pageBridge';
import { lookOf } from '../../../src/engine/look/look';
import { createSimDom, SimEvent, SimEventTarget, type SimDom, type WebViewPage } from '../../fakes/uxpDom';
import { resetSimSockets, SimWebSocket, simSockets } from '../../fakes/uxpWebSocket';
import { fixtureRegistry, fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { freshWorkspace, type Workspace } from './harness';
import type { StyleSource, WeightedStyle } from '../../../src/engine/look/mix';

// The module the companion carrier reads the home folder from (UXP's os; Node's here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostOs = require('os') as { homedir(): string; platform(): string };
const globals = globalThis as unknown as { WebSocket?: unknown; window?: unknown; document?: unknown };

const PORT = 47200;
const TOKEN = 'd1'.repeat(32);
/** Frames of the clip: enough for the exports to overlap the stylizing, few enough for a test. */
const FRAMES = 2;

let stylizer: InProcessStylizeService;
let style: StyleSource;
/** The size of every style image the engine was given, per setStyle. */
let styleSizes: Array<Array<[number, number]>>;
let ws: Workspace;

beforeAll(async () => {
  stylizer = await fixtureStylizer();
  style = [
    { image: syntheticImage(6000, 4000, { seed: 1 }), weight: 0.6 },
    { image: syntheticImage(4000, 6000, { seed: 2 }), weight: 0.4 },
  ];
}, 120000);
afterAll(() => stylizer.dispose());

beforeEach(() => {
  ws = freshWorkspace();
  styleSizes = [];
  const seq = ws.project.addSequence({ fps: 24, width: 3840, height: 2160, videoTracks: 2 });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: FRAMES / 24, selected: true });
});
afterEach(() => {
  jest.restoreAllMocks();
  resetSimSockets();
  setWebViewHome(undefined);
  delete globals.WebSocket;
  delete globals.window;
  delete globals.document;
  ws.cleanup();
});

/** The engine behind either carrier, noting the size of the styles it is given. */
async function engineEndpoint(runtime: string, prove?: (nonce: string) => string): Promise<ProtocolEndpoint> {
  const backend = inProcessBackend(stylizer, await fixtureRegistry(), { runtime });
  const service: StylizeService = {
    get provider() { return stylizer.provider; },
    get providerLabel() { return stylizer.providerLabel; },
    setStyle: (job: string, source: StyleSource, settings: StyleSettings, signal) => {
      const parts = Array.isArray(source) ? source as readonly WeightedStyle[] : [{ image: source as RasterImage, weight: 1 }];
      styleSizes.push(parts.map((p) => [p.image.width, p.image.height]));
      return stylizer.setStyle(job, source, settings, signal);
    },
    stylize: (...args) => stylizer.stylize(...args),
    endJob: (job) => stylizer.endJob(job),
    dispose: async () => undefined,
  };
  return new ProtocolEndpoint({ ...backend, service }, undefined, prove && { prove });
}

async function applyThrough(service: RemoteStylizeService): Promise<LinkStats> {
  try {
    const [render] = await applyToSelection(service, { look: lookOf({ style, mode: 'artistic', strength: 1, styleScale: 1, temporal: 'off' }) });
    expect(render.frameCount).toBe(FRAMES);
    expect(fs.readdirSync(render.folder).filter((f) => f.endsWith('.png'))).toHaveLength(FRAMES);
  } finally {
    await service.dispose();
  }
  // Each photo went at the encoder's largest short side, 2048, as the panel resized it.
  expect(styleSizes).toEqual([[[3072, 2048], [2048, 3072]]]);
  const stats = service.linkStats;
  expect(stats.largestSend).toBeLessThanOrEqual(MAX_WIRE_BYTES);
  expect(stats.peakUnacknowledged).toBeLessThanOrEqual(CHUNK_WINDOW * MAX_WIRE_BYTES);
  // Two 18.9 MB styles and two 24.9 MB frames (RGB at 4K) took at least 80 chunks.
  expect(stats.chunksSent).toBeGreaterThanOrEqual(80);
  return stats;
}

test('through the companion: UXP\'s WebSocket never holds more than its 1 MiB buffer, and never closes', async () => {
  jest.spyOn(hostOs, 'homedir').mockReturnValue(ws.root);
  const infoFile = companionInfoPath({ platform: hostOs.platform(), homeDir: ws.root, env: {} });
  fs.mkdirSync(path.dirname(infoFile), { recursive: true });
  fs.writeFileSync(infoFile, JSON.stringify({ version: 1, host: '127.0.0.1', port: PORT, token: TOKEN, pid: 4242, startedAt: new Date().toISOString() }));
  simSockets.servers.set(`127.0.0.1:${PORT}`, await engineEndpoint('onnxruntime-node', (nonce) => serverProof(TOKEN, nonce)));
  globals.WebSocket = SimWebSocket;

  const stats = await applyThrough(await openCompanionService());
  console.log(`companion: ${stats.chunksSent} chunks, largest send ${stats.largestSend} B, at most ${stats.peakUnacknowledged} B unacknowledged, socket buffer at most ${simSockets.peakBufferedBytes} B`);
  expect(simSockets.overflows).toBe(0);
  expect(simSockets.largestSend).toBeLessThanOrEqual(MAX_WIRE_BYTES);
  expect(simSockets.peakBufferedBytes).toBeLessThanOrEqual(simSockets.capacityBytes);
}, 300000);

test('through the WebView: every message on the bridge within 1 MiB, and at most the two windows on their way', async () => {
  const endpoint = await engineEndpoint('onnxruntime-web');
  // The inference page's real bridge; UXP adds window.uxpHost after the page's script ran.
  const page: WebViewPage = (send) => {
    const pageWindow = new SimEventTarget() as SimEventTarget & { parent?: unknown; uxpHost?: unknown };
    pageWindow.parent = pageWindow;
    listenForClient(pageWindow as unknown as Window, (transport) => endpoint.accept(transport));
    const uxpHost = { postMessage: send };
    pageWindow.uxpHost = uxpHost;
    return { onMessage: (message) => pageWindow.dispatchEvent(new SimEvent('message', { data: message, source: uxpHost, origin: 'plugin-id' })) };
  };
  const dom: SimDom = createSimDom({ webViewPages: { [INFERENCE_PAGE_URL]: page } });
  globals.window = dom.window;
  globals.document = dom.document;
  setWebViewHome(dom.document.createPanelRoot() as unknown as HTMLElement);

  const stats = await applyThrough(await openWebViewService({ loadTimeoutMs: 5000, timeoutMs: 60000 }));
  const traffic = dom.webViewTraffic;
  console.log(`WebView: ${stats.chunksSent} chunks, largest message ${traffic.largestMessage} B, at most ${stats.peakUnacknowledged} B unacknowledged, at most ${traffic.peakInFlightBytes} B on the bridge`);
  expect(dom.webViewTraffic.largestMessage).toBeLessThanOrEqual(MAX_WIRE_BYTES);
  // Both directions' windows, plus the few control messages (acknowledgements, progress) under way with them.
  expect(dom.webViewTraffic.peakInFlightBytes).toBeLessThanOrEqual(2 * CHUNK_WINDOW * MAX_WIRE_BYTES + 64 * 1024);
}, 300000);
