/**
 * The carriers that can run the style models for the Premiere plugin, in the chooser's order of
 * preference (carrierChooser.ts: WebView with WebGPU, companion, WebView on wasm); the panel and
 * the command take the first that connects.
 *
 * There is no in-process carrier: it needed WebAssembly, which UXP's reference does not list
 * among the panel's globals, and onnxruntime loading its .wasm and .mjs from plugin:/, while
 * UXP's fetch "Fetches a resource from the network" (fetch.md) and native import() of plugin
 * files is documented nowhere. The WebView page runs the same engine on wasm instead.
 */
import type { StylizeService } from '../../engine/inference/stylizeService';
import type { CarrierInUse } from '../../panel/diagnostics';
import { connectFirstAvailable } from '../../panel/stylizeCarriers';
import { chooseCarriers } from './carrierChooser';
import { openCompanionService } from './companionCarrier';
import { openWebViewService } from './webViewCarrier';

/** Why Diagnostics lists no in-process carrier (the reason above, for the editor). */
export const NO_IN_PROCESS_CARRIER = 'not offered: UXP documents no WebAssembly in the panel, and its fetch reaches only the network, '
  + 'not the plugin\'s own files; the WebView page runs the same engine on wasm';

let lastConnected: CarrierInUse | undefined;

/** Connects the first carrier that answers, and remembers which for Diagnostics. */
export async function connectPremiereCarrier(): Promise<StylizeService> {
  const { service, carrierId } = await connectFirstAvailable(chooseCarriers({
    webview: () => openWebViewService(),
    companion: () => openCompanionService(),
  }));
  lastConnected = { carrier: carrierId, runs: service.providerLabel };
  return service;
}

/** The carrier the panel or the command connected last, if any. */
export function carrierInUse(): CarrierInUse | undefined {
  return lastConnected;
}
