#!/usr/bin/env node
// Launcher for the compiled CLI (`npm run build:node` builds dist-node/).
'use strict';
let cli;
try {
  cli = require('../dist-node/src/hosts/node/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist-node/.test(String(e.message))) {
    process.stderr.write('coherent-style is not built yet: run `npm run build:node` first.\n');
    process.exit(1);
  }
  throw e;
}
cli.main().then((code) => { process.exitCode = code; });
