#!/usr/bin/env node
/**
 * Packs dist/ (Premiere Pro) and dist-aftereffects/ (After Effects) into installable .ccx files
 * (plain zips with manifest.json at their root), one per host, for double-click install through
 * Creative Cloud or the UXP Developer Tool.
 * The archive is written by fflate, with a fixed timestamp so the same dist/ gives the same bytes.
 *
 * Usage: node scripts/package-ccx.js [distDir outFile]  (default: both hosts' folders into out/)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { zipSync } = require('fflate');

/** Every entry's timestamp (2020-01-01 00:00 local, as zip stores it), so builds are reproducible. */
const FIXED_TIME = new Date(2020, 0, 1);

function listFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(root);
  return files;
}

function packageDist(distDir, outFile) {
  const manifestPath = path.join(distDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build\` first.`);
  // The panel's gallery row shows the bundled styles: a package without them would show none.
  const styles = path.join(distDir, 'styles');
  if (!fs.existsSync(styles) || !fs.readdirSync(styles).some((name) => name.endsWith('.png'))) {
    throw new Error(`${styles} has no bundled styles: run \`npm run build\` (it copies samples/styles there).`);
  }
  const files = listFiles(distDir);
  const entries = Object.fromEntries(files.map((file) => [
    path.relative(distDir, file).split(path.sep).join('/'),
    [fs.readFileSync(file), { level: 9, mtime: FIXED_TIME }],
  ]));
  const zip = zipSync(entries);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const temp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, zip);
  fs.renameSync(temp, outFile);
  return { outFile, files: files.length, bytes: zip.length };
}

module.exports = { packageDist };

/** `coherent-style-<version>-<host>.ccx` in out/. */
function defaultOutFile(root, distDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8'));
  return path.join(root, 'out', `coherent-style-${manifest.version}-${manifest.host.app}.ccx`);
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const targets = process.argv[2]
    ? [[path.resolve(process.argv[2]), process.argv[3] && path.resolve(process.argv[3])]]
    : [[path.join(root, 'dist')], [path.join(root, 'dist-aftereffects')]];
  for (const [distDir, outFile] of targets) {
    const result = packageDist(distDir, outFile ?? defaultOutFile(root, distDir));
    console.log(`Wrote ${result.outFile} (${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB)`);
  }
}
