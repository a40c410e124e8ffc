/**
 * The carriers that can run the style models for the Premiere plugin, in the chooser's order of
 * preference (carrierChooser.ts: WebView with WebGPU, companion, WebView on wasm,
 * in-process); the panel and the command take the first that connects.
 */
import type { StylizeCarrier } from '../../panel/stylizeCarriers';
import { chooseCarriers } from '../uxp/carrierChooser';
import { openCompanionService } from '../uxp/companionCarrier';
import { openInProcessService } from '../uxp/inProcessCarrier';
import { openWebViewService } from '../uxp/webViewCarrier';

export function premiereCarriers(): StylizeCarrier[] {
  return chooseCarriers({
    webview: () => openWebViewService(),
    companion: () => openCompanionService(),
    inProcess: openInProcessService,
  });
}
