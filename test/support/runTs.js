/**
 * Runs a TypeScript module's exported entry point in a child process without a build:
 * `node test/support/runTs.js [--as-uid N] <module.ts> <export> [args…]`. The e2e tests use it to
 * start the real CLI (e.g. `serve`) as its own process so signals and exit codes are real.
 * --as-uid: started as root, the child loads the module first and only then becomes user N, so a
 * test can run the CLI unprivileged wherever the checkout lives (even where N cannot enter).
 */
'use strict';
const path = require('node:path');
require('../../scripts/tsRequire');

let args = process.argv.slice(2);
let uid;
if (args[0] === '--as-uid') {
  uid = Number(args[1]);
  args = args.slice(2);
}
const [modulePath, exportName, ...rest] = args;
const entry = require(path.resolve(modulePath))[exportName];
if (uid !== undefined) {
  process.setgroups([]);
  process.setgid(uid);
  process.setuid(uid);
}
Promise.resolve(entry(rest)).then(
  (code) => { process.exitCode = typeof code === 'number' ? code : 0; },
  (error) => { process.stderr.write(`${error && error.stack ? error.stack : error}\n`); process.exitCode = 1; },
);
