/**
 * The built plugin (webpack's production bundle, as `npm run build` makes it) in a UXP-only
 * runtime (uxpRuntime.ts: ECMAScript plus the documented UXP globals, the Premiere and UXP
 * simulators as `premierepro` and `uxp`): the panel mounts, a style is picked, a frame previewed
 * and a clip stylized onto the timeline, at the oldest and the newest supported Premiere. The
 * WebView cannot load its page here and WebAssembly is not documented, so the frames go to the
 * companion: UXP's WebSocket (simulated, bounded buffer) to a companion endpoint in this process.
 * The same bundle, in the After Effects folder `npm run build` makes (scripts/host-dist.js), runs
 * against the After Effects simulator and styles a layer of the active comp.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverProof } from '../../src/protocol/companionHandshake';
import { companionInfoPath } from '../../src/protocol/companionInfo';
import { encodePng } from '../../src/engine/images/imageCodec';
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import type { StylizeService } from '../../src/engine/inference/stylizeService';
import { INFERENCE_PAGE_URL } from '../../src/uxp/webViewCarrier';
import { listenForClient } from '../../src/apps/inference-page/pageBridge';
import type { InProcessStylizeService } from '../../src/engine/inference/stylizer';
import { seconds, type FakeSequence } from '../fakes/premierepro';
import { NEWEST_VERSION, OLDEST_VERSION } from '../fakes/pproReference';
import { fakeUxpState } from '../fakes/uxp';
import { fakeAfterEffects, type FakeCompItem } from '../fakes/afterEffects';
import { SimEvent, SimEventTarget, type SimElement, type WebViewPage } from '../fakes/uxpDom';
import { resetSimSockets, simSockets } from '../fakes/uxpWebSocket';
import { freshWorkspace, type Workspace } from '../apps/premiere/harness';
import { activeComp, freshAeWorkspace } from '../apps/aftereffects/harness';
import { fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';
import { syntheticImage } from '../support/syntheticImages';
import { createUxpRuntime, type UxpRuntime } from './uxpRuntime';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script outside the TypeScript project
const { makeHostDist } = require(path.join(ROOT, 'scripts/host-dist.js')) as { makeHostDist(distDir: string, outDir: string): string };
const COMPANION_PORT = 47123;
let out: string;
let dist: string;
let stylizer: InProcessStylizeService;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-uxp-'));
  dist = path.join(out, 'dist');
  // The plugin as `npm run build` makes it (production, minified), without the inference page or the type check.
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--config-name', 'plugin',
    '--mode', 'production', '--env', 'transpileOnly', '--env', `distDir=${dist}`], { cwd: ROOT, stdio: 'pipe' });
  stylizer = await fixtureStylizer();
}, 180000);
afterAll(async () => {
  await stylizer?.dispose();
  fs.rmSync(out, { recursive: true, force: true });
});

let ws: Pick<Workspace, 'root' | 'cleanup'>;
let seq: FakeSequence;
let runtime: UxpRuntime;

afterEach(() => {
  resetSimSockets();
  ws.cleanup();
});

const COMPANION_TOKEN = 'c0'.repeat(32);

/**
 * A companion's protocol endpoint over the fixture models, announced where the panel looks on
 * Windows; it proves it holds the announced token, as the real companion does.
 */
async function startCompanion(homeDir: string, service: StylizeService = stylizer): Promise<void> {
  const registry = await fixtureRegistry();
  const endpoint = new ProtocolEndpoint({
    service, runtime: 'onnxruntime-node', provider: 'cpu',
    modes: registry.modes.map((m) => ({ id: m.id, label: m.label })), defaultMode: registry.defaultMode.id,
    loadModel: (mode) => stylizer.prepare(mode),
  }, undefined, { prove: (nonce) => serverProof(COMPANION_TOKEN, nonce) });
  simSockets.servers.set(`127.0.0.1:${COMPANION_PORT}`, endpoint);
  // UXP's file URLs take forward slashes; the simulated file system is this machine's.
  const infoFile = companionInfoPath({ platform: 'win10', homeDir, env: {} }).replace(/\\/g, '/');
  fs.mkdirSync(path.dirname(infoFile), { recursive: true });
  fs.writeFileSync(infoFile, JSON.stringify({
    version: 1, host: '127.0.0.1', port: COMPANION_PORT, token: COMPANION_TOKEN, pid: 4242, startedAt: new Date().toISOString(),
  }));
}

const all = (): SimElement[] => runtime.dom.document.body.descendants();
const byText = (tag: string, text: string) => all().find((e) => e.tagName === tag.toUpperCase() && e.textContent === text);
const byClass = (name: string) => all().filter((e) => e.classList.contains(name));
const panelMessage = () => byClass('cs-message-text')[0]?.textContent ?? '';

async function until(what: string, condition: () => boolean, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (runtime.uncaught.length > 0) throw runtime.uncaught[0];
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}; the panel says: "${panelMessage()}"`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A workspace with a 0.25 s clip selected on V1, the companion running, and the plugin loaded and its panel mounted. */
/** The carrier a test gives the panel: a companion over `companion` (the fixture stylizer by default, none for null), or a WebView page. */
interface TestCarrier {
  companion?: StylizeService | null;
  webViewPage?: WebViewPage;
}

async function openPanel(version: typeof OLDEST_VERSION, carrier: TestCarrier = {}) {
  const premiere = freshWorkspace({ version, pathStyle: 'windows' });
  ws = premiere;
  fakeUxpState.pluginFolder = dist;
  seq = premiere.project.addSequence({ fps: 24, width: 64, height: 36, videoTracks: 2 });
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 0.25, selected: true });
  seq.playerPosition = BigInt(seconds(1.1).ticks);
  return mountPluginPanel(dist, 'premierepro', carrier);
}

/** Starts the companion, loads the plugin's bundle from `pluginDir` in the host's UXP-only runtime, mounts the panel and picks a style. */
async function mountPluginPanel(pluginDir: string, host: 'premierepro' | 'aftereffects', carrier: TestCarrier = {}) {
  const homeDir = path.join(ws.root, 'home');
  if (carrier.companion !== null) await startCompanion(homeDir, carrier.companion ?? stylizer);
  const stylePath = path.join(ws.root, 'style.png');
  fs.writeFileSync(stylePath, encodePng(syntheticImage(32, 32, { seed: 5 })));

  runtime = createUxpRuntime({ homeDir, host });
  if (carrier.webViewPage) runtime.dom.webViewPages[INFERENCE_PAGE_URL] = carrier.webViewPage;
  runtime.run(path.join(pluginDir, 'index.js'));
  const entrypoints = fakeUxpState.entrypoints!;
  const panel = entrypoints.panels!.coherentStylePanel;
  expect(panel.create).toBeDefined();
  const root = runtime.dom.document.createPanelRoot();
  await panel.create!(root as unknown as HTMLElement);

  await until('the modes are listed', () => all().some((e) => e.tagName === 'SP-MENU-ITEM' && e.textContent.length > 0));
  fakeUxpState.nextPickedFile = stylePath;
  byText('sp-button', 'Choose image…')!.click();
  await until('the style is chosen', () => byClass('cs-style-name')[0]?.textContent === 'style.png');
  return { entrypoints, panel, root };
}

describe.each([OLDEST_VERSION, NEWEST_VERSION])('in Premiere %s', (version) => {
  test('mount, pick a style, preview and apply to a clip', async () => {
    const { panel, root } = await openPanel(version);

    byText('sp-button', 'Preview')!.click();
    await until('the preview shows', () => byClass('cs-preview-image').every((img) => img.hasAttribute('src')));
    expect(panelMessage()).toBe('');

    byText('sp-button', 'Apply to selection')!.click();
    await until('the render is on V2', () => seq.videoTracks[1].items.length === 1 && /Applied/.test(panelMessage()));
    const [render] = seq.videoTracks[1].items;
    expect([render.start, render.end]).toEqual([BigInt(seconds(1).ticks), BigInt(seconds(1.25).ticks)]);
    expect(panelMessage()).toMatch(/^Applied the style to 1 clip \(6 frames\): "Shot" → V2\.$/);
    expect(byClass('cs-provider')[0]?.textContent).toMatch(/onnxruntime-node/); // the companion's stylizer
    expect(runtime.uncaught).toEqual([]);
    expect(simSockets.overflows).toBe(0);

    await panel.destroy?.(root as unknown as HTMLElement);
  }, 120000);
});

test('the gallery row shows the styles shipped in the plugin folder, and a click picks one', async () => {
  await openPanel(NEWEST_VERSION);
  const tiles = byClass('cs-gallery-tile');
  expect(tiles.map((t) => t.getAttribute('data-file'))).toEqual(fs.readdirSync(path.join(ROOT, 'samples/styles')).sort());
  expect(tiles.every((t) => t.descendants().find((e) => e.tagName === 'IMG')?.getAttribute('src')?.startsWith('data:image/png;base64,'))).toBe(true);
  tiles.find((t) => t.getAttribute('data-file') === 'ink-wash.png')!.click();
  await until('the gallery style is chosen', () => byClass('cs-style-name')[0]?.textContent === 'ink-wash.png');
  expect(tiles.map((t) => t.classList.contains('cs-selected'))).toEqual([false, true, false]);
  expect(runtime.uncaught).toEqual([]);
}, 120000);

test('the command applies the default preset with the panel closed: the WebView never loads, the companion takes over', async () => {
  const { entrypoints } = await openPanel(NEWEST_VERSION);
  const nameField = byClass('cs-preset-name')[0];
  nameField.value = 'Night';
  byText('sp-button', 'Save')!.click();
  await until('the preset is saved', () => all().some((e) => e.tagName === 'SP-MENU-ITEM' && e.textContent === 'Night' && e.hasAttribute('selected')));
  byText('sp-button', 'Make default')!.click();
  await until('it is the default', () => /default/i.test(panelMessage()));

  runtime.dom.webViewRenders = false; // the panel is closed: a new <webview> is never rendered
  const started = Date.now();
  const run = Promise.resolve(entrypoints.commands!.applyToSelection.run());
  await until('the command reports', () => all().some((e) => e.tagName === 'DIALOG' && /Applied/.test(e.textContent)), 30000);
  const dialog = all().find((e) => e.tagName === 'DIALOG')!;
  expect(dialog.textContent).toMatch(/^Applied "Night" to 1 clip \(6 frames\): "Shot" → V2\.OK$/);
  expect(Date.now() - started).toBeLessThan(20000);
  dialog.descendants().find((e) => e.textContent === 'OK')!.click();
  await run;
  expect(runtime.uncaught).toEqual([]);
}, 120000);

describe('in After Effects 27.0', () => {
  let comp: FakeCompItem;

  test('the After Effects plugin folder mounts the same bundle, previews the comp frame and styles a layer above it in one undo step', async () => {
    const aeDist = makeHostDist(dist, path.join(out, 'dist-aftereffects'));
    expect(fs.readFileSync(path.join(aeDist, 'index.js'))).toEqual(fs.readFileSync(path.join(dist, 'index.js')));
    expect(JSON.parse(fs.readFileSync(path.join(aeDist, 'manifest.json'), 'utf8')).host).toEqual({ app: 'aftereffects', minVersion: '27.0.0' });
    const ae = freshAeWorkspace();
    ws = ae;
    fakeUxpState.pluginFolder = aeDist;
    comp = activeComp(ae, { fps: 24 });
    const shot = comp.addLayer({ name: 'Shot', startTime: 1, inPoint: 1, outPoint: 1.25 });
    comp.select(shot);
    comp.time = 1.1;
    const { panel, root } = await mountPluginPanel(aeDist, 'aftereffects');

    byText('sp-button', 'Preview')!.click();
    await until('the preview shows', () => byClass('cs-preview-image').every((img) => img.hasAttribute('src')));
    expect(panelMessage()).toBe('');

    byText('sp-button', 'Apply to selection')!.click();
    await until('the render is above the layer', () => comp.layerList.length === 2 && /Applied/.test(panelMessage()));
    expect(panelMessage()).toBe('Applied the style to 1 layer (6 frames): "Shot" → layer 1.');
    const [render] = comp.layerList;
    expect([render.inPoint, render.outPoint]).toEqual([1, 1.25]);
    expect(fakeAfterEffects.undoStack.at(-1)?.label).toBe('Apply Coherent Style');
    expect(fakeAfterEffects.groupsLeftOpenAcrossTasks).toBe(0);
    expect(byClass('cs-provider')[0]?.textContent).toMatch(/onnxruntime-node/);
    expect(runtime.uncaught).toEqual([]);
    await panel.destroy?.(root as unknown as HTMLElement);
  }, 120000);
});

test('an Apply cancelled while the companion holds its first frame stops with "Cancelled."', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let stylizing = 0;
  const gated: StylizeService = {
    get provider() { return stylizer.provider; },
    get providerLabel() { return stylizer.providerLabel; },
    setStyle: (...args) => stylizer.setStyle(...args),
    stylize: async (...args) => {
      stylizing++;
      await held;
      return stylizer.stylize(...args);
    },
    endJob: (job) => stylizer.endJob(job),
    dispose: async () => undefined,
  };
  await openPanel(NEWEST_VERSION, { companion: gated });
  byText('sp-button', 'Apply to selection')!.click();
  await until('the companion holds a frame', () => stylizing > 0);
  byText('sp-button', 'Cancel')!.click();
  release();
  await until('the Apply stops', () => /^Cancelled\./.test(panelMessage()));
  expect(seq.videoTracks[1].items).toHaveLength(0);
  expect(runtime.uncaught).toEqual([]);
}, 120000);

test('the WebView carrier runs from the panel\'s root node, its page answering through the bridge', async () => {
  // The inference page's real bridge behind the simulated WebView; UXP adds window.uxpHost after the page's script ran.
  const page: WebViewPage = (send) => {
    const pageWindow = new SimEventTarget() as SimEventTarget & { parent?: unknown; uxpHost?: unknown };
    pageWindow.parent = pageWindow;
    const endpoint = new ProtocolEndpoint(offsetBackend(new OffsetStylizer(1, 'CPU · wasm (page)')));
    listenForClient(pageWindow as unknown as Window, (transport) => endpoint.accept(transport));
    const uxpHost = { postMessage: send };
    pageWindow.uxpHost = uxpHost;
    return { onMessage: (message) => pageWindow.dispatchEvent(new SimEvent('message', { data: message, source: uxpHost, origin: 'plugin-id' })) };
  };
  await openPanel(NEWEST_VERSION, { companion: null, webViewPage: page });
  byText('sp-button', 'Apply to selection')!.click();
  await until('the render is on V2', () => seq.videoTracks[1].items.length === 1 && /Applied/.test(panelMessage()));
  expect(byClass('cs-provider')[0]?.textContent).toBe('Running on CPU · wasm (page)');
  const webviews = all().filter((e) => e.tagName === 'WEBVIEW');
  expect(webviews.map((w) => runtime.dom.panelRoots.has(w.parentNode!))).toEqual([true]);
  expect(runtime.uncaught).toEqual([]);
}, 120000);
