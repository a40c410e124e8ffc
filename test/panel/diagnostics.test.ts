/**
 * Diagnostics in the panel: each carrier checked once and released (a silent one times out), the
 * report's text, and the section's behaviour through the store and controller.
 */
import type { StylizeService } from '../../src/engine/inference/stylizeService';
import { diagnoseCarrier, diagnosticsReport, type Diagnostics } from '../../src/panel/diagnostics';
import { PanelController } from '../../src/panel/panelController';
import type { PanelHost } from '../../src/panel/panelHost';
import { PanelStore } from '../../src/panel/state';

function service(providerLabel: string): StylizeService & { disposed: number } {
  return {
    provider: 'cpu',
    providerLabel,
    disposed: 0,
    setStyle: async () => undefined,
    stylize: async (_job, frame) => frame,
    endJob: async () => undefined,
    async dispose() {
      this.disposed++;
    },
  };
}

const DIAGNOSTICS: Diagnostics = {
  host: 'premierepro 25.6.0',
  uxpVersion: 'uxp-8.1.0',
  pluginVersion: '0.1.0',
  platform: 'win10 10.0.22631',
  carriers: [
    { carrier: 'WebView inference page', available: true, detail: 'loaded; no WebGPU adapter, runs CPU · wasm' },
    { carrier: 'companion server', available: false, detail: 'The companion is not running.' },
  ],
  inUse: { carrier: 'webview (wasm)', runs: 'CPU · wasm' },
  protocol: { version: 4, chunkBytes: 2 ** 20 },
  models: { modes: ['artistic', 'photorealistic'], defaultMode: 'artistic' },
};

describe('diagnoseCarrier', () => {
  afterEach(() => jest.useRealTimers());

  test('a carrier that connects is described and released', async () => {
    const page = service('GPU · WebGPU');
    await expect(diagnoseCarrier('WebView', async () => page)).resolves.toEqual({ carrier: 'WebView', available: true, detail: 'runs GPU · WebGPU' });
    expect(page.disposed).toBe(1);
  });

  test('a carrier that fails is not available, with its reason', async () => {
    await expect(diagnoseCarrier('companion', () => Promise.reject(new Error('The companion is not running.'))))
      .resolves.toEqual({ carrier: 'companion', available: false, detail: 'The companion is not running.' });
  });

  test('a carrier that never answers times out, and a late connection is released', async () => {
    jest.useFakeTimers();
    let connect!: (s: StylizeService) => void;
    const late = service('CPU · wasm');
    const diagnosis = diagnoseCarrier('WebView', () => new Promise<StylizeService>((resolve) => { connect = resolve; }), undefined, 30_000);
    jest.advanceTimersByTime(30_000);
    await expect(diagnosis).resolves.toEqual({ carrier: 'WebView', available: false, detail: 'no answer within 30 s' });
    connect(late);
    await Promise.resolve();
    await Promise.resolve();
    expect(late.disposed).toBe(1);
  });
});

test('the report is plain text, one fact a line', () => {
  expect(diagnosticsReport(DIAGNOSTICS, { runningOn: 'CPU · wasm', checkedAt: new Date('2026-12-02T13:00:00Z') })).toBe([
    'Coherent Style diagnostics',
    'Checked: 2026-12-02T13:00:00.000Z',
    'Running on: CPU · wasm',
    'Host: premierepro 25.6.0 · UXP uxp-8.1.0',
    'Plugin: 0.1.0 · win10 10.0.22631',
    '✓ WebView inference page: loaded; no WebGPU adapter, runs CPU · wasm',
    '✗ companion server: The companion is not running.',
    'In use: webview (wasm) (CPU · wasm)',
    'Protocol: version 4 · larger messages in chunks of at most 1 MiB',
    'Last error: none',
    'Models: artistic, photorealistic (default artistic)',
    '',
  ].join('\n'));
  const { inUse: _none, ...neverConnected } = DIAGNOSTICS;
  expect(diagnosticsReport({ ...neverConnected, lastError: 'The companion connection closed (code 1009).' }, { checkedAt: new Date(0) }))
    .toContain('In use: no carrier connected yet\nProtocol: version 4 · larger messages in chunks of at most 1 MiB\nLast error: The companion connection closed (code 1009).\n');
  expect(diagnosticsReport({ ...DIAGNOSTICS, models: { modes: [], problem: 'models/models.json is missing.' } }, { checkedAt: new Date(0) }))
    .toContain('Running on: no carrier connected yet\n');
  expect(diagnosticsReport({ ...DIAGNOSTICS, models: { modes: [], problem: 'models/models.json is missing.' } }, { checkedAt: new Date(0) }))
    .toContain('Models: none found\nModels problem: models/models.json is missing.\n');
});

describe('the Diagnostics section', () => {
  let store: PanelStore;
  let controller: PanelController;
  let checks: number;
  let copied: string[];
  let diagnose: () => Promise<Diagnostics>;

  beforeEach(() => {
    store = new PanelStore();
    checks = 0;
    copied = [];
    diagnose = async () => DIAGNOSTICS;
    // Only the two calls this section makes; any other would fail the test.
    const host = {
      diagnose: () => {
        checks++;
        return diagnose();
      },
      copyText: async (text: string) => { copied.push(text); },
    } as unknown as PanelHost;
    controller = new PanelController(store, { host, createStylizeService: () => Promise.reject(new Error('not used')) });
  });

  test('is closed until opened; the first opening checks, later ones show the same result', async () => {
    expect(store.getState().diagnostics).toEqual({ open: false, checking: false });
    await controller.toggleDiagnostics();
    expect(store.getState().diagnostics).toMatchObject({ open: true, checking: false, result: DIAGNOSTICS });
    await controller.toggleDiagnostics();
    await controller.toggleDiagnostics();
    expect(checks).toBe(1);
    await controller.checkDiagnostics();
    expect(checks).toBe(2);
  });

  test('shows that it is checking, and a second check waits for the first', async () => {
    let finish!: (d: Diagnostics) => void;
    diagnose = () => new Promise((resolve) => { finish = resolve; });
    const opening = controller.toggleDiagnostics();
    expect(store.getState().diagnostics.checking).toBe(true);
    await controller.checkDiagnostics();
    expect(checks).toBe(1);
    finish(DIAGNOSTICS);
    await opening;
    expect(store.getState().diagnostics).toMatchObject({ checking: false, result: DIAGNOSTICS });
  });

  test('Copy report copies the latest result with the carrier in use', async () => {
    await controller.copyDiagnostics(); // nothing checked yet: nothing to copy
    expect(copied).toEqual([]);
    await controller.toggleDiagnostics();
    store.dispatch({ type: 'providerKnown', label: 'GPU · WebGPU' });
    await controller.copyDiagnostics();
    expect(copied).toHaveLength(1);
    expect(copied[0]).toContain('Running on: GPU · WebGPU\n');
    expect(copied[0]).toContain('✗ companion server: The companion is not running.\n');
    expect(store.getState().message).toEqual({ kind: 'info', text: 'Copied the diagnostics report to the clipboard.' });
  });

  test('a check that fails says why and can be run again; the next result shows that last error, dismissed or not', async () => {
    diagnose = () => Promise.reject(new Error('uxp is not defined'));
    await controller.toggleDiagnostics();
    expect(store.getState().diagnostics).toEqual({ open: true, checking: false });
    expect(store.getState().message).toEqual({ kind: 'error', text: 'Something went wrong: uxp is not defined' });
    store.dispatch({ type: 'messageDismissed' });
    diagnose = async () => DIAGNOSTICS;
    await controller.checkDiagnostics();
    expect(store.getState().diagnostics.result).toEqual({ ...DIAGNOSTICS, lastError: 'Something went wrong: uxp is not defined' });
  });
});
