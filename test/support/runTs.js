/**
 * Runs a TypeScript module's exported entry point in a child process without a build:
 * `node test/support/runTs.js <module.ts> <export> [args…]`. The e2e tests use it to start the
 * real CLI (e.g. `serve`) as its own process so signals and exit codes are real.
 */
'use strict';
const path = require('node:path');
require('../../scripts/tsRequire');

const [modulePath, exportName, ...args] = process.argv.slice(2);
Promise.resolve(require(path.resolve(modulePath))[exportName](args)).then(
  (code) => { process.exitCode = typeof code === 'number' ? code : 0; },
  (error) => { process.stderr.write(`${error && error.stack ? error.stack : error}\n`); process.exitCode = 1; },
);
