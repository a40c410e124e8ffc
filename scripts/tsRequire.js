/**
 * Lets Node require TypeScript sources directly (transpile only, no type check, no build output):
 * `require('./scripts/tsRequire')` once, then `require('./src/…/x.ts')`. The one hook of the
 * repository: bin/coherent-style.js without a build, the companion's stylizer worker thread when it
 * runs from sources, the test child processes (test/support/runTs.js, wasmStylizeChild.js) and the
 * Python model tests (models/training/tests/) all load it.
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
