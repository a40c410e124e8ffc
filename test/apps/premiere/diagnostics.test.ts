/**
 * The Diagnostics section through the panel's controller and Premiere's PanelHost (over the fakes):
 * versions, each carrier and why it is or is not available (a real companion server on 127.0.0.1
 * when one is running), the models found, and "Copy report" through UXP's clipboard API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import WebSocket from 'ws';
import { companionInfoPath } from '../../../src/protocol/companionInfo';
import { inProcessBackend } from '../../../src/protocol/inProcessBackend';
import { CompanionServer } from '../../../src/companion/companionServer';
import { createPremierePanelHost } from '../../../src/apps/premiere/premierePanelHost';
import type { Diagnostics } from '../../../src/panel/diagnostics';
import { PanelController } from '../../../src/panel/panelController';
import { PanelStore } from '../../../src/panel/state';
import { fakeUxpState } from '../../fakes/uxp';
import { SimWebSocket } from '../../fakes/uxpWebSocket';
import { fixtureRegistry, fixtureStylizer } from '../../support/fixtureModels';
import { freshWorkspace, type Workspace } from './harness';

// The module the companion carrier reads the home folder from (UXP's os; Node's here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostOs = require('os') as { homedir(): string; platform(): string };

let ws: Workspace;
let store: PanelStore;
let controller: PanelController;
let copied: Record<string, string>[];
const globals = globalThis as unknown as { navigator?: unknown; WebSocket?: unknown };

beforeEach(() => {
  ws = freshWorkspace();
  fakeUxpState.pluginFolder = path.resolve(__dirname, '../../fixtures'); // its models/ holds the fixture models
  jest.spyOn(hostOs, 'homedir').mockReturnValue(ws.root);
  copied = [];
  // UXP's navigator.clipboard (Adobe's reference: setContent({"text/plain": …})).
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true, writable: true,
    value: { clipboard: { setContent: async (data: Record<string, string>) => { copied.push(data); } } },
  });
  store = new PanelStore();
  controller = new PanelController(store, { host: createPremierePanelHost(), createStylizeService: () => Promise.reject(new Error('not used')) });
});
afterEach(() => {
  jest.restoreAllMocks();
  delete globals.navigator;
  delete globals.WebSocket;
  ws.cleanup();
});

const carrier = (d: Diagnostics | undefined, name: string) => d?.carriers.find((c) => c.carrier.startsWith(name));

test('opening Diagnostics shows the versions, why each carrier is or is not available, and the models', async () => {
  expect(store.getState().diagnostics).toEqual({ open: false, checking: false });
  await controller.toggleDiagnostics();
  const { open, checking, result } = store.getState().diagnostics;
  expect([open, checking]).toEqual([true, false]);
  expect(result).toMatchObject({ host: 'premierepro 25.6.0', uxpVersion: 'uxp-8.1.0', pluginVersion: '0.1.0' });
  expect(result?.models).toEqual({ modes: ['artistic', 'artistic-soft', 'photorealistic'], defaultMode: 'artistic' });
  expect(result?.carriers.map((c) => c.carrier)).toEqual(['WebView inference page', 'companion server', 'in-process']);
  // No panel mounted (so nowhere for a WebView), no companion running.
  expect(carrier(result, 'WebView')).toMatchObject({ available: false, detail: expect.stringMatching(/only run inside the open Coherent Style panel/) });
  const infoFile = companionInfoPath({ platform: hostOs.platform(), homeDir: ws.root, env: {} });
  expect(carrier(result, 'companion')).toEqual({
    carrier: 'companion server', available: false,
    detail: `The companion is not running (no ${infoFile}). Start it with \`coherent-style serve\`.`,
  });
  expect(carrier(result, 'in-process')).toMatchObject({ available: false, detail: expect.stringMatching(/^not offered: UXP documents no WebAssembly/) });
  expect(result).toMatchObject({ protocol: { version: 5, chunkBytes: 1048576 } });
  expect(store.getState().message).toBeUndefined();
});

test('a running companion is found and says what it runs; Copy report puts the whole report on the clipboard', async () => {
  const infoFile = companionInfoPath({ platform: hostOs.platform(), homeDir: ws.root, env: {} });
  const stylizer = await fixtureStylizer();
  const server = await CompanionServer.start(inProcessBackend(stylizer, await fixtureRegistry(), { runtime: 'onnxruntime-node' }), { infoFile });
  globals.WebSocket = WebSocket; // UXP's global WebSocket
  try {
    await controller.toggleDiagnostics();
  } finally {
    await server.stop(1000);
    await stylizer.dispose();
  }
  const { result } = store.getState().diagnostics;
  expect(carrier(result, 'companion')).toEqual({ carrier: 'companion server', available: true, detail: 'found; runs onnxruntime-node' });

  store.dispatch({ type: 'providerKnown', label: 'CPU · onnxruntime-node' });
  await controller.copyDiagnostics();
  expect(copied).toHaveLength(1);
  const report = copied[0]['text/plain'].split('\n');
  expect(report[0]).toBe('Coherent Style diagnostics');
  expect(report).toEqual(expect.arrayContaining([
    'Running on: CPU · onnxruntime-node',
    'Host: premierepro 25.6.0 · UXP uxp-8.1.0',
    '✓ companion server: found; runs onnxruntime-node',
    expect.stringMatching(/^✗ WebView inference page: /),
    'Protocol: version 5 · larger messages in chunks of at most 1 MiB',
    'Last error: none',
    'Models: artistic, artistic-soft, photorealistic (default artistic)',
  ]));
  expect(store.getState().message).toEqual({ kind: 'info', text: 'Copied the diagnostics report to the clipboard.' });
});

test('without a clipboard the editor is told to copy the lines by hand', async () => {
  await controller.toggleDiagnostics();
  delete globals.navigator;
  await controller.copyDiagnostics();
  expect(store.getState().message).toEqual({ kind: 'error', text: expect.stringMatching(/no clipboard; copy the Diagnostics lines by hand/) });
});

describe('a companion that announced itself but refuses the connection is named plainly', () => {
  const staleAnnouncement = async (platform: string) => {
    jest.spyOn(hostOs, 'platform').mockReturnValue(platform);
    const infoFile = companionInfoPath({ platform, homeDir: ws.root, env: {} });
    fs.mkdirSync(path.dirname(infoFile), { recursive: true });
    fs.writeFileSync(infoFile, JSON.stringify({ version: 1, host: '127.0.0.1', port: 45999, token: 'a'.repeat(64), pid: 4242, startedAt: '2026-01-01T00:00:00Z' }));
    globals.WebSocket = SimWebSocket; // UXP's WebSocket, with nothing listening on that port
    await controller.toggleDiagnostics();
    return carrier(store.getState().diagnostics.result, 'companion');
  };

  test('on macOS, with what the reference says about http://', async () => {
    expect(await staleAnnouncement('darwin')).toEqual({
      carrier: 'companion server', available: false,
      detail: expect.stringMatching(/^Premiere Pro did not open the connection to the companion at ws:\/\/127\.0\.0\.1:45999 \(refused, or no answer\)\. .*"Premiere disallows http:\/\/ URLs on macOS"/),
    });
  });

  test('elsewhere, as a companion that is not answering (refused)', async () => {
    expect(await staleAnnouncement('linux')).toEqual({
      carrier: 'companion server', available: false,
      detail: expect.stringMatching(/is not answering at ws:\/\/127\.0\.0\.1:45999 \(connection refused, or no answer\)\. Start it again with `coherent-style serve`\.$/),
    });
  });
});
