/** OrtWebRuntime and onnxruntime-web's global settings: the page (or whoever embeds it) may have set them first. */
import * as ort from 'onnxruntime-web';
import { OrtWebRuntime } from '../../../src/apps/inference-page/ortWebRuntime';

const saved = { numThreads: ort.env.wasm.numThreads, wasmPaths: ort.env.wasm.wasmPaths, proxy: ort.env.wasm.proxy };
afterEach(() => Object.assign(ort.env.wasm, saved));

test("keeps the embedder's thread count, wasm location and proxy setting", () => {
  Object.assign(ort.env.wasm, { numThreads: 3, wasmPaths: '/embedder/ort/', proxy: true });
  new OrtWebRuntime();
  expect(ort.env.wasm).toMatchObject({ numThreads: 3, wasmPaths: '/embedder/ort/', proxy: true });
});

test('sets what its options ask for, and a thread count when none was set', () => {
  ort.env.wasm.numThreads = undefined;
  new OrtWebRuntime();
  expect(ort.env.wasm.numThreads).toBe(1); // not cross-origin isolated: no threads
  new OrtWebRuntime({ numThreads: 2, wasmPaths: '/plugin/ort/' });
  expect(ort.env.wasm).toMatchObject({ numThreads: 2, wasmPaths: '/plugin/ort/' });
});
