/**
 * The carriers that can run the style models for the Premiere plugin, in order of preference.
 * The GPU WebView page and the companion server add theirs here (ahead of in-process); the panel
 * and the command take the first that connects (src/panel/stylizeCarriers.ts).
 */
import { InProcessStylizeService } from '../../engine/stylizer';
import { OrtWebRuntime } from '../web/ortWebRuntime';
import type { StylizeCarrier } from '../../panel/stylizeCarriers';
import { loadModelRegistry } from './premierePanelHost';

/** onnxruntime-web on WebAssembly inside the plugin; its .wasm ships in dist/ort/. */
export const inProcessCarrier: StylizeCarrier = {
  id: 'in-process',
  async connect() {
    const registry = await loadModelRegistry();
    const runtime = new OrtWebRuntime({ wasmPaths: 'plugin:/ort/', preferred: ['wasm'] });
    const service = new InProcessStylizeService(runtime, registry);
    await service.prepare(registry.defaultMode.id);
    return service;
  },
};

export function premiereCarriers(): StylizeCarrier[] {
  return [inProcessCarrier];
}
