// Runs one ONNX graph with onnxruntime-node for the Python tests (Python has no onnxruntime).
// Usage: node run_onnx.js SPEC.json, where SPEC is
//   { "model": path,
//     "inputs":  { name: { "dims": [..], "file": raw float32 path, "padToMultiple"?: n } },
//     "outputs": { name: { "file": raw float32 path, "cropLike"?: input name } } }
// Image inputs with padToMultiple are padded by the engine's own reflectPadToMultiple and outputs
// with cropLike are cropped back by its cropPlanar, so the tests exercise the engine's padding.
// Prints { name: dims } of the written outputs.
'use strict';
const fs = require('fs');
const path = require('path');
// Telemetry off before onnxruntime loads, as src/node-io/onnxruntimeNode.ts does for the project's own processes.
process.env.ORT_DISABLE_TELEMETRY = '1';
const ort = require('onnxruntime-node');

require('./ts_require');
const { reflectPadToMultiple, cropPlanar } = require(path.join(__dirname, '../../../src/engine/images/padding.ts'));

function readFloats(file) {
  const bytes = fs.readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const session = await ort.InferenceSession.create(spec.model, { executionProviders: ['cpu'] });
  const feeds = {};
  const crops = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    let data = readFloats(input.file);
    let dims = input.dims;
    if (input.padToMultiple) {
      const [, , height, width] = dims;
      const { padded, crop } = reflectPadToMultiple({ width, height, data }, input.padToMultiple);
      data = padded.data;
      dims = [1, 3, padded.height, padded.width];
      crops[name] = crop;
    }
    feeds[name] = new ort.Tensor('float32', data, dims);
  }
  const results = await session.run(feeds);
  const written = {};
  for (const [name, output] of Object.entries(spec.outputs)) {
    let { data, dims } = results[name];
    if (output.cropLike) {
      const cropped = cropPlanar({ width: dims[3], height: dims[2], data }, crops[output.cropLike]);
      data = cropped.data;
      dims = [1, 3, cropped.height, cropped.width];
    }
    fs.writeFileSync(output.file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    written[name] = dims;
  }
  process.stdout.write(JSON.stringify(written));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
