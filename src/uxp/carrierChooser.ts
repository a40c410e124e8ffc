/**
 * Which carrier runs the models, in the order that gives an editor the fastest one available:
 *  1. the WebView inference page, when its WebView has WebGPU (the GPU, inside Premiere);
 *  2. the companion server, when it answers (onnxruntime-node: CUDA, DirectML, Core ML or CPU);
 *  3. the WebView page on wasm (a real browser engine, SIMD, off the panel's UI thread).
 * The result is a list for connectFirstAvailable (src/panel/stylizeCarriers.ts), which reports why each
 * skipped carrier was skipped.
 */
import { CoherentStyleError } from '../engine/errors';
import type { StylizeService } from '../engine/inference/stylizeService';
import type { StylizeCarrier } from '../panel/stylizeCarriers';

export interface CarrierFactories {
  /** Opens the WebView inference page (absent where the host has no WebView). */
  webview?: () => Promise<StylizeService>;
  /** Connects to a running companion server. */
  companion?: () => Promise<StylizeService>;
}

export function chooseCarriers(factories: CarrierFactories): StylizeCarrier[] {
  const unavailable = (what: string): Promise<never> => Promise.reject(new CoherentStyleError('HOST', `${what} is not available in this host.`));
  const companion: StylizeCarrier = { id: 'companion', connect: () => factories.companion?.() ?? unavailable('The companion') };

  // The WebView is opened once: without WebGPU it is parked and offered again after the companion.
  let parked: Promise<StylizeService> | undefined;
  const webviewGpu: StylizeCarrier = {
    id: 'webview (WebGPU)',
    async connect() {
      if (!factories.webview) return unavailable('The WebView');
      parked = factories.webview();
      const service = await parked;
      if (service.provider === 'webgpu') {
        parked = undefined;
        return service;
      }
      throw new CoherentStyleError('HOST', `the WebView has no WebGPU (it runs ${service.providerLabel})`);
    },
  };
  const webviewWasm: StylizeCarrier = {
    id: 'webview (wasm)',
    async connect() {
      if (!parked) return unavailable('The WebView');
      const service = await parked;
      parked = undefined;
      return service;
    },
  };
  const companionReleasingWebView: StylizeCarrier = {
    id: companion.id,
    async connect() {
      const service = await companion.connect();
      // The parked wasm WebView is not needed any more: free its process and models.
      const unused = parked;
      parked = undefined;
      await unused?.then((s) => s.dispose(), () => undefined);
      return service;
    },
  };
  return [webviewGpu, companionReleasingWebView, webviewWasm];
}
