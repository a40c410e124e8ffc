#!/usr/bin/env node
/**
 * Makes the README's Steadiness pictures with the project's own command line:
 *  - docs/steadiness-side-by-side.mp4: a locked-off shot (a frame of samples/sample-clip.mp4 with fresh
 *    sensor noise every frame) stylized with --temporal off (left) and normal (right);
 *  - docs/steadiness.jpg: one frame of each (top) over how much each changed from the frame before,
 *    amplified 4× (bottom): flicker shows as bright speckle.
 * Usage: npm run build:node && node scripts/make-steadiness-media.js   (needs ffmpeg on PATH)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'coherent-style.js');
const { readImageFile, writeImageFile } = require(path.join(ROOT, 'dist-node/src/node-io/imageFiles'));

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** 2×2 grid: a | b over |a − a_prev|·4 | |b − b_prev|·4 (RGB, 8-bit). */
function comparison(a, aPrev, b, bPrev) {
  const { width, height } = a;
  const data = new Uint8Array(2 * width * 2 * height * 3);
  const put = (image, ox, oy, value) => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) data[((oy + y) * 2 * width + ox + x) * 3 + c] = value(image, (y * width + x) * image.channels + c);
      }
    }
  };
  const same = (image, i) => image.data[i];
  const change = (previous) => (image, i) => Math.min(255, 4 * Math.abs(image.data[i] - previous.data[i]));
  put(a, 0, 0, same);
  put(b, width, 0, same);
  put(a, 0, height, change(aPrev));
  put(b, width, height, change(bPrev));
  return { width: 2 * width, height: 2 * height, channels: 3, bitDepth: 8, data };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-style-steadiness-'));
  try {
    const still = path.join(work, 'still.png');
    run('ffmpeg', ['-v', 'error', '-ss', '1.5', '-i', path.join(ROOT, 'samples/sample-clip.mp4'), '-frames:v', '1', still]);
    const shot = path.join(work, 'shot.mp4');
    run('ffmpeg', ['-v', 'error', '-loop', '1', '-framerate', '24', '-i', still, '-t', '2', '-vf', 'noise=alls=10:allf=t', '-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv444p', shot]);
    const outputs = {};
    for (const level of ['off', 'normal']) {
      outputs[level] = path.join(work, level);
      run(process.execPath, [CLI, 'stylize', shot, '--style', path.join(ROOT, 'samples/styles/brush-strokes.png'), '--size', '360', '--temporal', level, '--out', outputs[level]]);
    }
    run('ffmpeg', ['-v', 'error', '-y', '-framerate', '24', '-i', path.join(outputs.off, 'frame_%06d.png'), '-framerate', '24', '-i', path.join(outputs.normal, 'frame_%06d.png'),
      '-filter_complex', 'hstack=inputs=2', '-c:v', 'libx264', '-crf', '30', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.join(ROOT, 'docs/steadiness-side-by-side.mp4')]);
    const frame = (level, n) => readImageFile(path.join(outputs[level], `frame_${String(n).padStart(6, '0')}.png`));
    const grid = comparison(await frame('off', 24), await frame('off', 23), await frame('normal', 24), await frame('normal', 23));
    await writeImageFile(path.join(ROOT, 'docs/steadiness.jpg'), grid);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
