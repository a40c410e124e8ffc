/**
 * Connects the first of a host's carriers that answers, and remembers which, for Diagnostics.
 *
 * No UXP host gets an in-process carrier: it needed WebAssembly, which UXP's reference does not
 * list among the panel's globals, and onnxruntime loading its .wasm and .mjs from plugin:/, while
 * UXP's fetch "Fetches a resource from the network" (fetch.md) and native import() of plugin
 * files is documented nowhere. The WebView page runs the same engine on wasm instead.
 */
import type { StylizeService } from '../engine/inference/stylizeService';
import type { CarrierInUse } from '../panel/diagnostics';
import { connectFirstAvailable, type StylizeCarrier } from '../panel/stylizeCarriers';

/** Why Diagnostics lists no in-process carrier (the reason above, for the editor). */
export const NO_IN_PROCESS_CARRIER = 'not offered: UXP documents no WebAssembly in the panel, and its fetch reaches only the network, '
  + 'not the plugin\'s own files; the WebView page runs the same engine on wasm';

let lastConnected: CarrierInUse | undefined;

export async function connectCarrier(carriers: StylizeCarrier[]): Promise<StylizeService> {
  const { service, carrierId } = await connectFirstAvailable(carriers);
  lastConnected = { carrier: carrierId, runs: service.providerLabel };
  return service;
}

/** The carrier the panel or a command connected last, if any. */
export function carrierInUse(): CarrierInUse | undefined {
  return lastConnected;
}
