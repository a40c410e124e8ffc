/**
 * Browser side of the panel end-to-end test: the real panel (src/panel, mountPanel) in Chromium.
 * Its PanelHost is Premiere's (src/apps/premiere over the fake premierepro/uxp modules), which
 * lives in Node because the fakes work on the real file system; every host call crosses to Node
 * through `hostCall` (a Playwright binding). The panel's StylizeService comes from the real
 * carrier chooser, which opens the inference page in an iframe (as the WebView in Premiere).
 * During Apply, Node's PanelHost stylizes through that very service via `serviceCall`.
 * The Spectrum UXP widgets Premiere draws natively come from uxpSpectrum.ts here.
 */
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { RemoteStylizeService } from '../../../src/protocol/remoteStylizeService';
import { frameTransport, loadFrame } from '../../../src/apps/inference-page/frameTransport';
import { chooseCarriers } from '../../../src/uxp/carrierChooser';
import { mountPanel, type MountedPanel } from '../../../src/panel/mountPanel';
import type { PanelHost, ApplyProgress } from '../../../src/panel/panelHost';
import { connectFirstAvailable } from '../../../src/panel/stylizeCarriers';
import { defineUxpSpectrum } from './uxpSpectrum';
import { fromWireJson, fromWireOutcome, toWireJson, toWireOutcome } from './wireJson';

declare function hostCall(method: string, argsJson: string): Promise<string>;

interface ApplyInFlight {
  service: StylizeService;
  onProgress?: (p: ApplyProgress) => void;
}

defineUxpSpectrum();

let applying: ApplyInFlight | undefined;
let mounted: MountedPanel | undefined;
const progressValues: number[] = [];

async function openFramedPage(pageUrl: string): Promise<RemoteStylizeService> {
  const frame = await loadFrame(pageUrl);
  return RemoteStylizeService.connect(frameTransport(frame, 'binary'), 'inference page', { helloTimeoutMs: 120_000 });
}

const host = new Proxy({} as PanelHost, {
  get: (_target, method: string) => async (...args: unknown[]) => {
    if (method === 'apply') {
      const [service, settings, options] = args as [StylizeService, unknown, { onProgress?: (p: ApplyProgress) => void }];
      applying = { service, onProgress: options?.onProgress };
      try {
        return fromWireOutcome(await hostCall('apply', toWireJson([settings])));
      } finally {
        applying = undefined;
      }
    }
    return fromWireOutcome(await hostCall(method, toWireJson(args)));
  },
});

const panelHarness = {
  /** Mounts the panel (it connects a carrier when it first needs one). */
  mount(pageUrl: string): void {
    const root = document.getElementById('panel')!;
    mounted = mountPanel(root, {
      host,
      createStylizeService: async () => (await connectFirstAvailable(chooseCarriers({ webview: () => openFramedPage(pageUrl) }))).service,
    });
    // The progress bar's value over time, to check that it reached 100%.
    new MutationObserver(() => {
      const bar = root.querySelector('.cs-progress');
      if (bar) progressValues.push(Number(bar.getAttribute('value')));
    }).observe(root, { subtree: true, attributes: true, attributeFilter: ['value'] });
  },

  /** The panel's state; the gallery by file name only (its images need not cross at every poll). */
  state(): string {
    const state = mounted?.store.getState();
    return toWireJson(state && { ...state, gallery: state.gallery.map((g) => ({ fileName: g.fileName, bytes: new Uint8Array(0) })) });
  },

  /** Offers "Render on", as a companion started with --farm does (the farm itself: test/apps/premiere/farmApply.test.ts). */
  offerFarm(): void {
    mounted?.store.dispatch({ type: 'farmAvailability', available: true });
  },

  progressValues(): number[] {
    return progressValues.slice();
  },

  /** Node's PanelHost.apply stylizes through the panel's own service. */
  async serviceCall(method: 'setStyle' | 'stylize' | 'endJob', argsJson: string): Promise<string> {
    const service = applying!.service as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    return toWireOutcome(() => service[method](...fromWireJson<unknown[]>(argsJson)));
  },

  progress(progressJson: string): void {
    applying?.onProgress?.(fromWireJson(progressJson));
  },
};

export type PanelHarnessApi = typeof panelHarness;

(window as unknown as { panelHarness: PanelHarnessApi }).panelHarness = panelHarness;
