/**
 * The carriers that can run the style models for the Premiere plugin, in the chooser's order of
 * preference (src/panel/carrierChooser.ts: WebView with WebGPU, companion, WebView on wasm,
 * in-process); the panel and the command take the first that connects.
 */
import { InProcessStylizeService } from '../../engine/stylizer';
import type { StylizeService } from '../../engine/stylizeService';
import { chooseCarriers, type CarrierPreference } from '../../panel/carrierChooser';
import type { StylizeCarrier } from '../../panel/stylizeCarriers';
import { OrtWebRuntime } from '../web/ortWebRuntime';
import { openCompanionService } from './companionCarrier';
import { loadModelRegistry } from './uxpModelStore';
import { openWebViewService } from './webViewCarrier';

/** onnxruntime-web on WebAssembly inside the plugin; it loads the .wasm the inference page ships (dist/web/ort/). */
async function openInProcessService(): Promise<StylizeService> {
  const registry = await loadModelRegistry();
  const runtime = new OrtWebRuntime({ wasmPaths: 'plugin:/web/ort/', preferred: ['wasm'] });
  const service = new InProcessStylizeService(runtime, registry);
  await service.prepare(registry.defaultMode.id);
  return service;
}

export function premiereCarriers(preference: CarrierPreference = 'auto'): StylizeCarrier[] {
  return chooseCarriers({
    webview: () => openWebViewService(),
    companion: () => openCompanionService(),
    inProcess: openInProcessService,
  }, preference);
}
