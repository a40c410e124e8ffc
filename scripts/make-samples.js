#!/usr/bin/env node
/**
 * Generates the project's own demo media (committed under samples/, so the demo needs no generation):
 *  - samples/sample-clip.mp4: 3.5 s, 640×360, 24 fps; a camera pan over a procedural landscape with a
 *    city, a moving car, drifting clouds and birds, plus a generated chord/chirp audio track;
 *  - samples/styles/*.png: procedurally painted style images (brush strokes, mosaic, ink wash).
 * Everything is drawn from a seeded PRNG, so re-running gives the same pictures.
 * Usage: node scripts/make-samples.js [ffmpeg binary]   (default: ffmpeg on PATH)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { encode: encodePng } = require('fast-png');

const ROOT = path.resolve(__dirname, '..');
const SAMPLES = path.join(ROOT, 'samples');
const FFMPEG = process.argv[2] || 'ffmpeg';

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 24;
const SECONDS = 3.5;
const FRAMES = Math.round(FPS * SECONDS);
const SAMPLE_RATE = 48000;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stable pseudo-random value in [0,1) for an integer (per-building, per-window choices). */
function hash01(n) {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const mix = (a, b, t) => a + (b - a) * t;
const clamp01 = (v) => (v < 0 ? 0 : v > 1 ? 1 : v);

function ridge(x, seed, scale) {
  return (Math.sin(x * 0.011 * scale + seed) * 0.5 + Math.sin(x * 0.027 * scale + seed * 2.3) * 0.3
    + Math.sin(x * 0.061 * scale + seed * 4.1) * 0.2);
}

// ---------------------------------------------------------------------------------------------
// The clip
// ---------------------------------------------------------------------------------------------

function renderFrame(frameIndex, rgb) {
  const t = frameIndex / FPS;
  const camera = t * 70; // pixels per second at parallax 1
  const set = (x, y, r, g, b, a = 1) => {
    if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
    const i = (y * WIDTH + x) * 3;
    rgb[i] = mix(rgb[i], r, a);
    rgb[i + 1] = mix(rgb[i + 1], g, a);
    rgb[i + 2] = mix(rgb[i + 2], b, a);
  };
  const horizon = 210;
  const sunX = 470 - t * 6;
  const sunY = 120 + t * 4;
  for (let x = 0; x < WIDTH; x++) {
    const farTop = horizon - 60 - 45 * ridge(x + camera * 0.15, 1.7, 1);
    const hillTop = horizon - 10 - 28 * ridge(x + camera * 0.4, 5.2, 1.8);
    // City blocks at parallax 0.7: each 26-px slot holds one building of hashed height and colour.
    const cityX = x + camera * 0.7;
    const slot = Math.floor(cityX / 26);
    const inSlot = cityX - slot * 26;
    const bWidth = 16 + hash01(slot) * 10;
    const hasBuilding = inSlot < bWidth && hash01(slot * 7 + 3) > 0.25;
    const bTop = horizon + 40 - (40 + hash01(slot * 13 + 1) * 90);
    for (let y = 0; y < HEIGHT; y++) {
      let r, g, b;
      if (y < farTop) {
        const k = y / horizon;
        r = mix(40, 250, k * k);
        g = mix(70, 170, k * k);
        b = mix(150, 120, k);
        const d = Math.hypot(x - sunX, y - sunY);
        const glow = Math.exp(-d / 60) * 0.8 + (d < 24 ? 1 : 0);
        r = mix(r, 255, clamp01(glow));
        g = mix(g, 235, clamp01(glow));
        b = mix(b, 180, clamp01(glow * 0.9));
      } else if (y < hillTop) {
        const k = (y - farTop) / 80;
        r = mix(110, 70, k);
        g = mix(90, 70, k);
        b = mix(150, 120, k);
      } else if (y < horizon + 40) {
        const k = (y - hillTop) / 60;
        r = mix(70, 40, k);
        g = mix(130, 90, k);
        b = mix(60, 50, k);
      } else if (y < 300) {
        r = 70; g = 75; b = 70; // embankment / pavement
        const stripe = Math.floor((y - horizon - 40) / 6) % 2;
        if (stripe) { r = 78; g = 82; b = 76; }
      } else {
        // Road with lane markings that stream past at parallax 1.
        r = 45; g = 45; b = 50;
        const wx = x + camera;
        if (y > 326 && y < 332 && (wx % 60) < 32) { r = 235; g = 225; b = 170; }
      }
      if (hasBuilding && y >= bTop && y < horizon + 40) {
        const shade = 0.55 + hash01(slot * 31 + 5) * 0.35;
        r = 95 * shade; g = 85 * shade; b = 110 * shade;
        const wxIn = Math.floor((inSlot - 2) / 4);
        const wy = Math.floor((y - bTop - 4) / 7);
        const inWindow = inSlot > 2 && inSlot < bWidth - 2 && (inSlot - 2) % 4 < 2 && y > bTop + 4 && (y - bTop - 4) % 7 < 3;
        if (inWindow && hash01(slot * 101 + wxIn * 17 + wy * 7) > 0.45) { r = 255; g = 214; b = 120; }
      }
      const i = (y * WIDTH + x) * 3;
      rgb[i] = r;
      rgb[i + 1] = g;
      rgb[i + 2] = b;
    }
  }
  // Clouds: soft ellipses drifting slower than the camera.
  const cloudRng = mulberry32(7);
  for (let c = 0; c < 6; c++) {
    const baseX = cloudRng() * 900;
    const cy = 30 + cloudRng() * 90;
    const rx = 40 + cloudRng() * 50;
    const ry = 10 + cloudRng() * 10;
    const cx = ((baseX - camera * 0.08 + t * 12) % 900 + 900) % 900 - 130;
    for (let y = Math.floor(cy - ry * 2); y < cy + ry * 2; y++) {
      for (let x = Math.floor(cx - rx * 1.5); x < cx + rx * 1.5; x++) {
        const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
        if (d < 1.6) set(x, y, 250, 240, 235, clamp01((1.6 - d) * 0.7));
      }
    }
  }
  // Birds: small flapping Vs crossing the sky.
  for (let k = 0; k < 5; k++) {
    const bx = ((k * 150 + t * (50 + k * 9)) % 760) - 60;
    const by = 60 + k * 17 + Math.sin(t * 3 + k) * 8;
    const flap = Math.sin(t * 14 + k * 2) * 4;
    for (let s = -8; s <= 8; s++) {
      const y = Math.round(by - Math.abs(s) * 0.4 * (1 + flap / 6) + (Math.abs(s) > 4 ? flap * 0.3 : 0));
      set(Math.round(bx + s), y, 30, 25, 40);
      set(Math.round(bx + s), y + 1, 30, 25, 40, 0.5);
    }
  }
  // A red car driving right along the road (faster than the pan), with turning wheels.
  const carX = -120 + t * 230;
  const carY = 296;
  for (let y = carY; y < carY + 30; y++) {
    for (let x = Math.floor(carX); x < carX + 110; x++) {
      const lx = x - carX;
      const ly = y - carY;
      const cabin = ly < 12 && lx > 25 && lx < 80 && ly > (lx < 40 ? 12 - (lx - 25) : lx > 68 ? (lx - 68) : 0);
      const body = ly >= 12 && ly < 26;
      if (body) set(x, y, 200, 35, 40);
      else if (cabin) set(x, y, lx > 52 && lx < 56 ? 200 : 150, lx > 52 && lx < 56 ? 35 : 200, lx > 52 && lx < 56 ? 40 : 230);
    }
  }
  for (const wheel of [22, 88]) {
    const wx = carX + wheel;
    const wy = carY + 27;
    for (let y = wy - 9; y <= wy + 9; y++) {
      for (let x = Math.floor(wx - 9); x <= wx + 9; x++) {
        const d = Math.hypot(x - wx, y - wy);
        if (d > 9) continue;
        const angle = Math.atan2(y - wy, x - wx) + t * 12;
        const spoke = d < 6 && Math.abs(Math.sin(angle * 2)) < 0.25;
        set(x, y, spoke ? 200 : 20, spoke ? 200 : 20, spoke ? 200 : 25);
      }
    }
  }
  // Foreground poles passing fast (parallax 1.6) give the pan depth.
  for (let x = 0; x < WIDTH; x++) {
    const px = (x + camera * 1.6) % 280;
    if (px < 8) for (let y = 150; y < 300; y++) set(x, y, 35, 30, 28);
  }
}

/** A soft chord progression with a little bird chirp, 16-bit stereo PCM. */
function renderAudio() {
  const n = Math.round(SAMPLE_RATE * SECONDS);
  const pcm = Buffer.alloc(n * 4);
  const chords = [[220, 277.18, 329.63], [196, 246.94, 293.66], [174.61, 220, 261.63], [196, 246.94, 329.63]];
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    const chordIndex = Math.min(chords.length - 1, Math.floor(t / (SECONDS / chords.length)));
    const local = t - chordIndex * (SECONDS / chords.length);
    const env = Math.min(1, local * 8) * Math.exp(-local * 0.9);
    let v = 0;
    for (const f of chords[chordIndex]) v += Math.sin(2 * Math.PI * f * t) * 0.12 * env;
    const chirpT = (t * 2.3) % 1;
    if (chirpT < 0.06) v += Math.sin(2 * Math.PI * (2600 + chirpT * 9000) * t) * 0.05 * Math.sin(Math.PI * chirpT / 0.06);
    const fade = Math.min(1, t * 10, (SECONDS - t) * 10);
    const left = Math.round(Math.max(-1, Math.min(1, v * fade * (1 + 0.2 * Math.sin(t)))) * 32767);
    const right = Math.round(Math.max(-1, Math.min(1, v * fade * (1 - 0.2 * Math.sin(t)))) * 32767);
    pcm.writeInt16LE(left, i * 4);
    pcm.writeInt16LE(right, i * 4 + 2);
  }
  return pcm;
}

function makeClip(target) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-style-samples-'));
  try {
    const audioPath = path.join(tmp, 'audio.s16le');
    fs.writeFileSync(audioPath, renderAudio());
    const frames = Buffer.alloc(WIDTH * HEIGHT * 3 * FRAMES);
    const rgb = new Float32Array(WIDTH * HEIGHT * 3);
    for (let f = 0; f < FRAMES; f++) {
      renderFrame(f, rgb);
      const offset = f * WIDTH * HEIGHT * 3;
      for (let i = 0; i < rgb.length; i++) frames[offset + i] = Math.max(0, Math.min(255, Math.round(rgb[i])));
    }
    const result = spawnSync(FFMPEG, [
      '-v', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${WIDTH}x${HEIGHT}`, '-framerate', String(FPS), '-i', 'pipe:0',
      '-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-i', audioPath,
      '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p',
      '-c:v', 'libx264', '-preset', 'slow', '-crf', '23', '-pix_fmt', 'yuv420p',
      '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709',
      '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', '-fflags', '+bitexact', '-map_metadata', '-1',
      target,
    ], { input: frames, maxBuffer: 1 << 20 });
    if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The style images
// ---------------------------------------------------------------------------------------------

const STYLE_SIZE = 384;

function canvas(fill) {
  const data = new Float32Array(STYLE_SIZE * STYLE_SIZE * 3);
  for (let i = 0; i < STYLE_SIZE * STYLE_SIZE; i++) data.set(fill, i * 3);
  return data;
}

function blend(data, x, y, color, alpha) {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= STYLE_SIZE || yi >= STYLE_SIZE) return;
  const i = (yi * STYLE_SIZE + xi) * 3;
  for (let c = 0; c < 3; c++) data[i + c] = mix(data[i + c], color[c], alpha);
}

function toPng(data) {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(data[i])));
  return encodePng({ width: STYLE_SIZE, height: STYLE_SIZE, data: bytes, channels: 3, depth: 8 });
}

/** Short thick strokes that follow a swirling flow field, in a night-blue and gold palette. */
function brushStrokes() {
  const rng = mulberry32(11);
  const palette = [[24, 42, 110], [38, 78, 160], [70, 120, 190], [235, 200, 70], [250, 230, 140], [20, 30, 60], [90, 150, 170]];
  const data = canvas([30, 50, 110]);
  for (let s = 0; s < 5200; s++) {
    let x = rng() * STYLE_SIZE;
    let y = rng() * STYLE_SIZE;
    const swirl = Math.sin(x * 0.02) + Math.cos(y * 0.025);
    const color = palette[Math.floor(rng() * palette.length)];
    const length = 10 + rng() * 18;
    const widthPx = 2 + rng() * 3;
    for (let k = 0; k < length; k++) {
      const angle = swirl * 1.8 + Math.sin((x + y) * 0.01) + k * 0.02;
      x += Math.cos(angle);
      y += Math.sin(angle);
      for (let w = -widthPx; w <= widthPx; w++) {
        const bristle = 0.7 + 0.3 * Math.sin(w * 2.7 + s);
        blend(data, x - Math.sin(angle) * w, y + Math.cos(angle) * w, color.map((c) => c * bristle), 0.85);
      }
    }
  }
  return data;
}

/** Voronoi tiles with dark grout, in a jewel palette (teal, gold, crimson). */
function mosaic() {
  const rng = mulberry32(23);
  const palette = [[20, 120, 120], [210, 160, 40], [170, 30, 50], [240, 220, 180], [30, 60, 110], [120, 170, 90]];
  const seeds = [];
  for (let i = 0; i < 420; i++) {
    seeds.push({ x: rng() * STYLE_SIZE, y: rng() * STYLE_SIZE, color: palette[Math.floor(rng() * palette.length)], tint: 0.8 + rng() * 0.35 });
  }
  const data = canvas([0, 0, 0]);
  for (let y = 0; y < STYLE_SIZE; y++) {
    for (let x = 0; x < STYLE_SIZE; x++) {
      let best = Infinity;
      let second = Infinity;
      let bestSeed = seeds[0];
      for (const s of seeds) {
        const d = (x - s.x) ** 2 + (y - s.y) ** 2;
        if (d < best) { second = best; best = d; bestSeed = s; } else if (d < second) second = d;
      }
      const edge = Math.sqrt(second) - Math.sqrt(best);
      const i = (y * STYLE_SIZE + x) * 3;
      const grout = edge < 1.6;
      for (let c = 0; c < 3; c++) data[i + c] = grout ? 35 : bestSeed.color[c] * bestSeed.tint * (0.92 + 0.08 * Math.sin(x * 0.7 + y * 0.3));
    }
  }
  return data;
}

/** Sepia ink wash: broad diluted washes, then sharp dark calligraphic strokes and splatters. */
function inkWash() {
  const rng = mulberry32(37);
  const paper = [236, 226, 204];
  const ink = [35, 28, 24];
  const data = canvas(paper);
  for (let w = 0; w < 28; w++) {
    const cx = rng() * STYLE_SIZE;
    const cy = rng() * STYLE_SIZE;
    const r = 30 + rng() * 70;
    const strength = 0.08 + rng() * 0.15;
    for (let y = Math.floor(cy - r); y < cy + r; y++) {
      for (let x = Math.floor(cx - r); x < cx + r; x++) {
        const d = Math.hypot(x - cx, y - cy) / r;
        const wobble = 0.85 + 0.15 * Math.sin(Math.atan2(y - cy, x - cx) * 5 + w);
        if (d < wobble) blend(data, x, y, ink, strength * (1 - d / wobble));
      }
    }
  }
  for (let s = 0; s < 60; s++) {
    let x = rng() * STYLE_SIZE;
    let y = rng() * STYLE_SIZE;
    let angle = rng() * Math.PI * 2;
    const steps = 40 + rng() * 120;
    for (let k = 0; k < steps; k++) {
      angle += (rng() - 0.5) * 0.25;
      x += Math.cos(angle) * 1.2;
      y += Math.sin(angle) * 1.2;
      const pressure = Math.sin((k / steps) * Math.PI) * (2 + rng() * 2.5);
      for (let w = -pressure; w <= pressure; w += 0.5) blend(data, x - Math.sin(angle) * w, y + Math.cos(angle) * w, ink, 0.9);
    }
  }
  for (let d = 0; d < 400; d++) {
    const x = rng() * STYLE_SIZE;
    const y = rng() * STYLE_SIZE;
    const r = rng() * 2.5;
    for (let yy = -r; yy <= r; yy++) for (let xx = -r; xx <= r; xx++) if (xx * xx + yy * yy <= r * r) blend(data, x + xx, y + yy, ink, 0.8);
  }
  return data;
}

function main() {
  fs.mkdirSync(path.join(SAMPLES, 'styles'), { recursive: true });
  makeClip(path.join(SAMPLES, 'sample-clip.mp4'));
  const styles = { 'brush-strokes': brushStrokes, mosaic, 'ink-wash': inkWash };
  for (const [name, paint] of Object.entries(styles)) {
    fs.writeFileSync(path.join(SAMPLES, 'styles', `${name}.png`), toPng(paint()));
  }
  for (const file of ['sample-clip.mp4', ...Object.keys(styles).map((n) => `styles/${n}.png`)]) {
    console.log(`${file}: ${fs.statSync(path.join(SAMPLES, file)).size} bytes`);
  }
}

main();
