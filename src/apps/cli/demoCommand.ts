/**
 * `coherent-style demo`: the bundled sample clip through the default mode with the bundled default
 * style, into out/sample-stylized.mp4 plus out/sample-side-by-side.png (source | stylized, middle frame).
 * The render size is picked by timing a few frames first, so the demo finishes within its time budget
 * on a small CPU-only machine whatever the installed models cost per frame.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CoherentStyleError } from '../../engine/errors';
import type { RasterImage } from '../../engine/images/image';
import { parseSize, type DemoCommand, type StylizeCommand } from './cliArgs';
import type { CliContext } from './cliContext';
import { frameNumberSpan } from '../../node-io/frameSpan';
import { writeImageFile } from '../../node-io/imageFiles';
import { locateFfmpeg } from '../../node-io/ffmpeg';
import { runStylize } from './stylizeCommand';
import type { CliEnvironment } from './cliContext';
import { probeVideo } from '../../node-io/videoProbe';
import { LOOK_DEFAULTS } from '../../engine/look/look';

export const DEMO_CLIP = 'samples/sample-clip.mp4';
export const DEMO_STYLE = 'samples/styles/brush-strokes.png';
/** The style the demo suggests next: another bundled one, to show the look change. */
const NEXT_STYLE = 'samples/styles/ink-wash.png';
/** Whole-demo budget for the render itself (the requirement is under 5 minutes end to end). */
const RENDER_BUDGET_SECONDS = 210;
/** Short sides tried, largest first; the clip is 640×360, so 360 is its native size. */
const CANDIDATE_SIZES = [360, 288, 240, 192, 144, 96];
const CALIBRATION_FRAMES = 4;
/** Headroom for the encoder sharing the cores and for machine load changing after the measurement. */
const SAFETY_FACTOR = 1.5;

/** Two images next to each other (same height), as 8-bit RGB. */
export function sideBySide(left: RasterImage, right: RasterImage): RasterImage {
  if (left.height !== right.height || left.bitDepth !== 8 || right.bitDepth !== 8) {
    throw new CoherentStyleError('INVALID_ARGUMENT', 'Side-by-side images need the same height and 8-bit samples.');
  }
  const width = left.width + right.width;
  const data = new Uint8Array(width * left.height * 3);
  for (let y = 0; y < left.height; y++) {
    for (const [img, x0] of [[left, 0], [right, left.width]] as const) {
      for (let x = 0; x < img.width; x++) {
        const s = (y * img.width + x) * img.channels;
        const d = (y * width + x0 + x) * 3;
        const gray = img.channels < 3;
        data[d] = img.data[s];
        data[d + 1] = img.data[gray ? s : s + 1];
        data[d + 2] = img.data[gray ? s : s + 2];
      }
    }
  }
  return { width, height: left.height, channels: 3, bitDepth: 8, data };
}

/** Seconds per frame at one render size, measured between the first and last of a few frames. */
async function secondsPerFrame(base: StylizeCommand, size: number, env: CliEnvironment): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'coherent-style-demo-'));
  try {
    const written: number[] = [];
    const quiet: CliEnvironment = { ...env, stdout: { isTTY: false, write: () => true }, log: () => undefined };
    await runStylize({ ...base, out: path.join(dir, 'frames'), size, frames: frameNumberSpan(0, CALIBRATION_FRAMES - 1) }, quiet,
      { onWritten: () => written.push(Date.now()) });
    return (written[written.length - 1] - written[0]) / 1000 / (written.length - 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The largest candidate size whose projected render fits the budget: frame cost is measured once at
 * the largest size and scaled by pixel count for the smaller ones (stylizing is close to linear in pixels).
 */
async function pickRenderSize(base: StylizeCommand, frameCount: number, env: CliEnvironment): Promise<number> {
  const measuredSize = CANDIDATE_SIZES[0];
  const measured = await secondsPerFrame(base, measuredSize, env);
  for (const size of CANDIDATE_SIZES) {
    const projected = measured * (size / measuredSize) ** 2 * frameCount * SAFETY_FACTOR;
    if (projected <= RENDER_BUDGET_SECONDS || size === CANDIDATE_SIZES[CANDIDATE_SIZES.length - 1]) {
      env.log(`  ${measured.toFixed(2)} s/frame at short side ${measuredSize} → short side ${size}, about ${Math.ceil(projected)} s for the clip`);
      return size;
    }
  }
  return CANDIDATE_SIZES[CANDIDATE_SIZES.length - 1];
}

export async function runDemo(command: DemoCommand, env: CliEnvironment, root: string): Promise<void> {
  const modelsDir = command.models ?? env.defaultModelsDir;
  if (!(await stat(path.join(modelsDir, 'models.json')).catch(() => undefined))) {
    throw new CoherentStyleError('MODEL_MISSING',
      `The demo needs the trained models, but ${path.join(modelsDir, 'models.json')} does not exist. Install the models into models/ (see models/README.md), or point --models at a models folder.`);
  }
  const outDir = command.out ?? path.join(root, 'out');
  await mkdir(outDir, { recursive: true }).catch((e: Error) => {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot create the output folder ${outDir} (${e.message}).`, { cause: e });
  });
  const clip = path.join(root, DEMO_CLIP);
  const base: StylizeCommand = {
    input: clip, style: path.join(root, DEMO_STYLE), out: path.join(outDir, 'sample-stylized.mp4'),
    ...LOOK_DEFAULTS, overwrite: true, models: modelsDir,
  };
  const started = Date.now();
  const info = await probeVideo((env.findFfmpeg ?? locateFfmpeg)(), clip, env.signal);
  let size = command.size;
  if (size === undefined) {
    env.log('Timing a few frames to pick a render size that fits the demo budget…');
    size = await pickRenderSize(base, info.frameCount, env);
  }
  env.log(`Rendering ${DEMO_CLIP} with ${path.basename(DEMO_STYLE)} at short side ${size}.`);

  const middle = Math.floor(info.frameCount / 2);
  let original: RasterImage | undefined;
  let stylized: RasterImage | undefined;
  const { mode } = await runStylize({ ...base, size }, env, {
    onRead: (n, frame) => { if (n === middle) original = frame; },
    onWritten: (n, frame) => { if (n === middle) stylized = frame; },
  });
  const comparison = path.join(outDir, 'sample-side-by-side.png');
  if (original && stylized) await writeImageFile(comparison, sideBySide(original, stylized));
  env.log(`Demo done in ${((Date.now() - started) / 1000).toFixed(0)} s with the ${mode.id} mode:`);
  env.log(`  ${base.out}`);
  env.log(`  ${comparison} (frame ${middle}: source | stylized)`);
  const here = (file: string): string => path.relative(process.cwd(), path.join(root, file)) || '.';
  env.log('');
  env.log('Next, stylize a clip of your own (the output keeps its frame rate, frame count and audio):');
  env.log(`  npx coherent-style stylize <your clip.mp4> --style ${here(NEXT_STYLE)} --out ${here('out')}/my-clip.mp4`);
  env.log('`npx coherent-style models list` shows the modes; `npx coherent-style stylize --help` has more examples.');
}

export function registerDemo(program: Command, { env, packageRoot }: CliContext): void {
  program.command('demo')
    .description(`stylize the bundled sample clip with the bundled style into out/ (${DEMO_CLIP}, ${DEMO_STYLE})`)
    .option('--out <dir>', 'the folder to write into (default: out/)')
    .option('--size <short side>', 'short side to render at (default: the largest that fits the time budget)', parseSize)
    .option('--models <dir>', 'the models folder')
    .action(async (options: DemoCommand) => {
      await runDemo(options, env, packageRoot);
    });
}
