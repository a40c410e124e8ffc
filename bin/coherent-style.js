#!/usr/bin/env node
// Launcher: the compiled CLI when `npm run build:node` has built dist-node/, else the TypeScript
// sources straight through the require hook (typescript comes with `npm ci`), so
// `npx coherent-style` works in a fresh checkout without a build step at install time.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'dist-node/src/apps/cli/cli.js');
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require(path.join(root, 'scripts/tsRequire'));
  cli = require(path.join(root, 'src/apps/cli/cli.ts'));
}
cli.main().then((code) => { process.exitCode = code; });
