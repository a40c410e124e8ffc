/**
 * Runs the in-process stylizer on onnxruntime-web (wasm) in a plain Node process and prints the
 * result as JSON. Jest cannot host onnxruntime-web itself: its wasm glue is loaded with a dynamic
 * import(), which Jest's module sandbox refuses. TypeScript sources are transpiled on require
 * (scripts/tsRequire.js).
 *
 * Usage: node wasmStylizeChild.js '{"mode":…,"style":{"width","height","seed"},"frame":{…},"strength":…,"fakeGpuAdapter"?:true}'
 * fakeGpuAdapter gives the process a navigator.gpu with an adapter, so the runtime tries WebGPU
 * (which onnxruntime-web's Node build lacks) and must fall back to wasm.
 */
const path = require('node:path');
require('../../scripts/tsRequire');

const { InProcessStylizeService } = require('../../src/engine/inference/stylizer.ts');
const { toPlanarRgb } = require('../../src/engine/images/planar.ts');
const { createOrtWebRuntime } = require('../../src/apps/inference-page/ortWebRuntime.ts');
const { fixtureRegistry } = require('./fixtureModels.ts');
const { syntheticImage } = require('./syntheticImages.ts');

async function main() {
  const request = JSON.parse(process.argv[2]);
  const wasmPaths = `${path.resolve(__dirname, '../../node_modules/onnxruntime-web/dist')}/`;
  if (request.fakeGpuAdapter) globalThis.navigator = { gpu: { requestAdapter: async () => ({}) } };
  const runtime = createOrtWebRuntime({ wasmPaths });
  const service = new InProcessStylizeService(runtime, await fixtureRegistry());
  const { style, frame } = request;
  await service.setStyle('job', syntheticImage(style.width, style.height, { seed: style.seed }), { mode: request.mode });
  const result = await service.stylizePlanar('job', toPlanarRgb(syntheticImage(frame.width, frame.height, { seed: frame.seed })), { strength: request.strength });
  const bytes = Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength);
  process.stdout.write(JSON.stringify({
    provider: service.provider, label: service.providerLabel, failures: Object.fromEntries(runtime.providerFailures),
    width: result.width, height: result.height, data: bytes.toString('base64'),
  }));
  await service.dispose();
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
