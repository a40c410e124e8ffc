#!/usr/bin/env node
/**
 * Packs dist/ into an installable .ccx (a plain zip with manifest.json at its root) for
 * double-click install through Creative Cloud or the UXP Developer Tool.
 * A ~100-line zip writer over node:zlib deflateRaw keeps the build free of an archive dependency;
 * it writes classic (non-ZIP64) archives, which is all a plugin needs.
 *
 * Usage: node scripts/package-ccx.js [distDir] [outFile]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Fixed DOS timestamp (2020-01-01 00:00) so the same dist/ always gives the same archive. */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
const UTF8_FLAG = 0x0800;
const MAX_CLASSIC = 0xffffffff;

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

/** The 26 bytes local and central headers share: version needed … file name length (extra length 0). */
function writeEntryFields(buf, at, { method, crc, compressedSize, size, nameLength }) {
  buf.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
  buf.writeUInt16LE(UTF8_FLAG, at + 2);
  buf.writeUInt16LE(method, at + 4);
  buf.writeUInt16LE(DOS_TIME, at + 6);
  buf.writeUInt16LE(DOS_DATE, at + 8);
  buf.writeUInt32LE(crc, at + 10);
  buf.writeUInt32LE(compressedSize, at + 14);
  buf.writeUInt32LE(size, at + 18);
  buf.writeUInt16LE(nameLength, at + 22);
}

/** entries: [{ name: 'a/b.txt', data: Buffer }] → zip bytes. */
function buildZip(entries) {
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    if (data.length > MAX_CLASSIC || offset > MAX_CLASSIC) throw new Error(`${name}: archive too large for a classic zip`);
    const fields = { method: stored ? 0 : 8, crc, compressedSize: body.length, size: data.length, nameLength: nameBytes.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, fields);
    chunks.push(local, nameBytes, body);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by: 2.0
    writeEntryFields(header, 6, fields);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, centralBytes, end]);
}

function packageDist(distDir, outFile) {
  const manifestPath = path.join(distDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build\` first.`);
  const entries = listFiles(distDir).map((file) => ({
    name: path.relative(distDir, file).split(path.sep).join('/'),
    data: fs.readFileSync(file),
  }));
  const zip = buildZip(entries);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const temp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, zip);
  fs.renameSync(temp, outFile);
  return { outFile, files: entries.length, bytes: zip.length };
}

module.exports = { buildZip, crc32, packageDist };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const distDir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
  const version = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')).version;
  const outFile = path.resolve(process.argv[3] ?? path.join(root, 'out', `coherent-style-${version}.ccx`));
  const result = packageDist(distDir, outFile);
  console.log(`Wrote ${result.outFile} (${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB)`);
}
