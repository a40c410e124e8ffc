/**
 * Jest's node environment runs tests in their own realm, so typed arrays that onnxruntime-node's
 * native binding creates (outer realm) fail onnxruntime-common's `instanceof Float32Array` checks
 * ("A float32 tensor's data must be type of function Float32Array()"). Tests that run
 * onnxruntime-node use this environment (docblock `@jest-environment ./test/support/ortNodeEnvironment.js`),
 * which shares the outer realm's typed array constructors with the test.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED_CONSTRUCTORS = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED_CONSTRUCTORS) this.global[name] = globalThis[name];
  }
}

module.exports = OrtNodeEnvironment;
