/**
 * Lets Node require TypeScript sources directly (transpile only, no type check, no build output):
 * `require('./scripts/tsRequire')` once, then `require('./src/…/x.ts')`. Test processes that start
 * the real CLI (test/support/runTs.js) and the Python model tests (models/training/tests/) use it.
 */
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
