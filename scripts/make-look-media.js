#!/usr/bin/env node
/**
 * Makes the README's pictures of the look controls with the project's own command line, on
 * samples/sample-clip.mp4 and the bundled styles:
 *  - docs/style-scale.jpg: one frame at --style-scale 0.5, 1, 2 and 4;
 *  - docs/style-over-time.jpg: frames along a --keyframes render (strength 0 to 1, then
 *    brush-strokes into ink-wash);
 *  - docs/matte.jpg: one frame with a soft oval --matte: the look inside, a second look outside
 *    (--matte-style), and inverted.
 * Usage: npm run build:node && node scripts/make-look-media.js   (needs ffmpeg on PATH)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'coherent-style.js');
const dist = (module) => require(path.join(ROOT, 'dist-node/src', module));
const { readImageFile, writeImageFile } = dist('node-io/imageFiles');
const { contactStrip } = dist('engine/images/contactStrip');
const { fromPlanarRgb, toPlanarRgb } = dist('engine/images/planar');
const CLIP = path.join(ROOT, 'samples/sample-clip.mp4');
const STYLE = path.join(ROOT, 'samples/styles/brush-strokes.png');
const SECOND_STYLE = path.join(ROOT, 'samples/styles/ink-wash.png');

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

const stylize = (input, out, ...options) => run(process.execPath, [CLI, 'stylize', input, '--style', STYLE, '--out', out, ...options]);

async function strip(file, tiles, tileHeight) {
  const planar = await Promise.all(tiles.map(async ([label, image]) => ({ label, image: toPlanarRgb(await readImageFile(image)) })));
  await writeImageFile(path.join(ROOT, 'docs', file), fromPlanarRgb(contactStrip(planar, tileHeight), { bitDepth: 8 }));
}

/** A white oval on black with a soft edge, the size of the frame. */
function ovalMatte(width, height) {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot((x - width * 0.5) / (width * 0.3), (y - height * 0.55) / (height * 0.38));
      data[y * width + x] = Math.round(255 * Math.min(1, Math.max(0, (1.12 - r) / 0.24)));
    }
  }
  return { width, height, channels: 1, bitDepth: 8, data };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-style-look-'));
  try {
    const still = path.join(work, 'still.png');
    run('ffmpeg', ['-v', 'error', '-ss', '1.5', '-i', CLIP, '-frames:v', '1', still]);

    const scales = ['0.5', '1', '2', '4'];
    for (const scale of scales) stylize(still, path.join(work, `scale-${scale}.png`), '--style-scale', scale);
    await strip('style-scale.jpg', [['ORIGINAL', still], ...scales.map((s) => [`STROKE ${Number(s) * 100}%`, path.join(work, `scale-${s}.png`)])], 180);

    const keyframes = path.join(work, 'look.json');
    fs.writeFileSync(keyframes, JSON.stringify({
      ease: 'ease-in-out',
      keyframes: [{ at: '0s', strength: 0, weights: [1, 0] }, { at: '1.25s', strength: 1 }, { at: '2s', weights: [1, 0] }, { at: '3.4s', weights: [0, 1] }],
    }));
    const overTime = path.join(work, 'over-time');
    stylize(CLIP, overTime, '--style', SECOND_STYLE, '--keyframes', keyframes);
    const frames = [0, 15, 30, 48, 66, 83];
    await strip('style-over-time.jpg', frames.map((n) => [`${(n / 24).toFixed(1)} S`, path.join(overTime, `frame_${String(n).padStart(6, '0')}.png`)]), 150);

    const matte = path.join(work, 'matte.png');
    const { width, height } = await readImageFile(still);
    await writeImageFile(matte, ovalMatte(width, height));
    stylize(still, path.join(work, 'inside.png'), '--matte', matte);
    stylize(still, path.join(work, 'two-looks.png'), '--matte', matte, '--matte-style', SECOND_STYLE);
    stylize(still, path.join(work, 'inverted.png'), '--matte', matte, '--invert-matte');
    await strip('matte.jpg', [
      ['ORIGINAL', still], ['MATTE', matte], ['LOOK IN MATTE', path.join(work, 'inside.png')],
      ['SECOND LOOK OUTSIDE', path.join(work, 'two-looks.png')], ['INVERTED', path.join(work, 'inverted.png')],
    ], 160);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
