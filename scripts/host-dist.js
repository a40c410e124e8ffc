#!/usr/bin/env node
/**
 * Makes the After Effects plugin folder from the built one: dist/ (Premiere Pro's manifest) is
 * copied to dist-aftereffects/ with manifest.aftereffects.json as its manifest.json. The bundle,
 * panel files, inference page and models are the same bytes: one bundle serves both hosts. Two
 * folders, because a .ccx installs into one host only (the manifest's `host` may be an array only
 * during development).
 *
 * Usage: node scripts/host-dist.js [distDir] [outDir]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const AE_MANIFEST = path.join(ROOT, 'manifest.aftereffects.json');

function makeHostDist(distDir, outDir, manifestFile = AE_MANIFEST) {
  if (!fs.existsSync(path.join(distDir, 'manifest.json'))) throw new Error(`${distDir}/manifest.json is missing: run \`webpack\` first.`);
  const temp = `${outDir}.${process.pid}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.cpSync(distDir, temp, { recursive: true, filter: (src) => path.relative(distDir, src) !== 'manifest.json' });
  fs.copyFileSync(manifestFile, path.join(temp, 'manifest.json'));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(temp, outDir);
  return outDir;
}

module.exports = { makeHostDist };

if (require.main === module) {
  const distDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  const outDir = path.resolve(process.argv[3] ?? path.join(ROOT, 'dist-aftereffects'));
  console.log(`Wrote ${makeHostDist(distDir, outDir)} (After Effects manifest)`);
}
