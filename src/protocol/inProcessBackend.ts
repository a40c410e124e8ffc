/**
 * Serves the in-process engine through the protocol: what the inference page and the companion
 * server both put behind their ProtocolEndpoint.
 */
import type { ModelRegistry } from '../engine/inference/modelRegistry';
import type { EndpointBackend, FarmBackend } from './endpointBackend';
import type { InProcessStylizeService } from '../engine/inference/stylizer';

export interface InProcessBackendFacts {
  /** e.g. 'onnxruntime-web', 'onnxruntime-node'. */
  runtime: string;
  /** The GPU adapter or device, when the host can tell. */
  adapter?: string;
  /** The render farm, when farm renders are served (the companion's --farm). */
  farm?: FarmBackend;
}

export function inProcessBackend(service: InProcessStylizeService, registry: ModelRegistry, facts: InProcessBackendFacts): EndpointBackend {
  return {
    service,
    runtime: facts.runtime,
    get provider() {
      return service.provider ?? 'not loaded';
    },
    adapter: facts.adapter,
    modes: registry.modes.map((m) => ({ id: m.id, label: m.label })),
    defaultMode: registry.defaultMode.id,
    loadModel: (mode) => service.prepare(mode),
    farm: facts.farm,
  };
}
