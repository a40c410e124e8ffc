/**
 * The carriers that can run the style models for the Premiere plugin, in the chooser's order of
 * preference (carrierChooser.ts: WebView with WebGPU, companion, WebView on wasm); the panel and
 * the command take the first that connects (no in-process carrier: carrierConnection.ts says why).
 */
import type { StylizeService } from '../../engine/inference/stylizeService';
import { chooseCarriers } from '../../uxp/carrierChooser';
import { connectCarrier } from '../../uxp/carrierConnection';
import { openCompanionService } from '../../uxp/companionCarrier';
import { openWebViewService } from '../../uxp/webViewCarrier';

export function connectPremiereCarrier(): Promise<StylizeService> {
  return connectCarrier(chooseCarriers({
    webview: () => openWebViewService(),
    companion: () => openCompanionService(),
  }));
}
