// Validates a models.json with the engine's own zod schema (src/engine/inference/modelContract.ts).
// Usage: node validate_manifest.js MODELS_JSON; exits 1 with the issues when it is invalid.
'use strict';
const fs = require('fs');
const path = require('path');

require('./ts_require');
const { modelManifestSchema } = require(path.join(__dirname, '../../../src/engine/inference/modelContract.ts'));

const result = modelManifestSchema.safeParse(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
if (!result.success) {
  process.stderr.write(`${JSON.stringify(result.error.issues, null, 2)}\n`);
  process.exit(1);
}
