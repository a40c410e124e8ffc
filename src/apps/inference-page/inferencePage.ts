/**
 * The inference page (built to dist/web/index.html): onnxruntime-web on WebGPU, else wasm,
 * serving the protocol to the panel that hosts it in a UXP WebView (or to a framing page in any
 * browser). Query parameters: `models` (base URL of models.json; default ../models/), `providers`
 * (e.g. "wasm" to skip WebGPU while diagnosing).
 */
import { CoherentStyleError } from '../../engine/errors';
import { inProcessBackend } from '../../protocol/inProcessBackend';
import { ModelRegistry } from '../../engine/inference/modelRegistry';
import { ProtocolEndpoint, refuseEveryRequest } from '../../protocol/protocolEndpoint';
import { InProcessStylizeService } from '../../engine/inference/stylizer';
import { FetchModelStore } from './fetchModelStore';
import { OrtWebRuntime, type WebProvider } from './ortWebRuntime';
import { listenForClient } from './pageBridge';

interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
}

/** "vendor architecture (description)" of the WebGPU adapter, or undefined without one. */
async function describeAdapter(): Promise<string | undefined> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: GpuAdapterInfo } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture].filter(Boolean).join(' ');
  return (info.description ? `${name} (${info.description})` : name) || 'WebGPU adapter';
}

function providersFrom(text: string | null): WebProvider[] | undefined {
  if (!text) return undefined;
  const providers = text.split(',').map((p) => p.trim()).filter((p): p is WebProvider => p === 'webgpu' || p === 'wasm');
  return providers.length > 0 ? providers : undefined;
}

async function startEngine(params: URLSearchParams): Promise<ProtocolEndpoint> {
  const runtime = new OrtWebRuntime({ wasmPaths: new URL('./ort/', location.href).href, preferred: providersFrom(params.get('providers')) });
  const registry = await ModelRegistry.load(new FetchModelStore(params.get('models') ?? '../models/'));
  const service = new InProcessStylizeService(runtime, registry);
  // Loading the default mode now settles the provider before the panel's hello is answered.
  await service.prepare(registry.defaultMode.id);
  const adapter = service.provider === 'webgpu' ? await describeAdapter() : undefined;
  return new ProtocolEndpoint(inProcessBackend(service, registry, { runtime: runtime.name, adapter }));
}

function showStatus(text: string, state: 'loading' | 'ready' | 'failed'): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
  document.documentElement.dataset.state = state;
}

const engine = startEngine(new URLSearchParams(location.search));
listenForClient(window, (transport) => {
  engine.then((endpoint) => endpoint.accept(transport), (error) => refuseEveryRequest(transport, error));
});
engine.then(
  (endpoint) => {
    const hello = endpoint.describe();
    showStatus(`${hello.providerLabel}${hello.adapter ? ` · ${hello.adapter}` : ''} — ready`, 'ready');
  },
  (error) => {
    const message = error instanceof CoherentStyleError ? error.message : String(error);
    showStatus(`Stylizer unavailable: ${message}`, 'failed');
  },
);
