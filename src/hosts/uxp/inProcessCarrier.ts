/**
 * The in-process carrier every UXP host can offer: onnxruntime-web on WebAssembly inside the
 * panel, once a probe shows it can start here.
 */
import { decodeBase64 } from '../../engine/protocol/base64';
import { CoherentStyleError } from '../../engine/errors';
import { InProcessStylizeService } from '../../engine/inference/stylizer';
import type { StylizeService } from '../../engine/inference/stylizeService';
import { OrtWebRuntime } from '../web/ortWebRuntime';
import { loadModelRegistry } from './uxpModelStore';

const ORT_WASM_URL = 'plugin:/web/ort/';

/** A 67-byte ONNX model, y = Identity(x) on float[1] (opset 13): just enough to start onnxruntime. */
const PROBE_MODEL_BASE64 = 'CAc6OwoQCgF4EgF5IghJZGVudGl0eRIFcHJvYmVaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgIQDQ==';

let probed: Promise<void> | undefined;

/**
 * Whether onnxruntime-web can start in the panel: UXP documents neither WebAssembly nor fetch of
 * plugin:/ URLs (how onnxruntime loads its .wasm), so a tiny model is run once before the real
 * ones are loaded; a failure says what failed, and the chooser moves on.
 */
function probeInProcess(runtime: OrtWebRuntime): Promise<void> {
  probed ??= (async () => {
    try {
      const { session } = await runtime.createSession(decodeBase64(PROBE_MODEL_BASE64));
      await session.run({ x: runtime.createTensor(new Float32Array([1]), [1]) });
      await session.release();
    } catch (e) {
      throw new CoherentStyleError('HOST', `onnxruntime could not start on WebAssembly in this panel (loading ${ORT_WASM_URL}: ${(e as Error)?.message ?? String(e)}).`, { cause: e });
    }
  })();
  return probed;
}

/** onnxruntime-web on WebAssembly inside the plugin; it loads the .wasm the inference page ships (dist/web/ort/). */
export async function openInProcessService(): Promise<StylizeService> {
  const runtime = new OrtWebRuntime({ wasmPaths: ORT_WASM_URL, preferred: ['wasm'] });
  const registry = await loadModelRegistry();
  await probeInProcess(runtime);
  const service = new InProcessStylizeService(runtime, registry);
  await service.prepare(registry.defaultMode.id);
  return service;
}
