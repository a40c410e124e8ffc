/**
 * Runs in its own process, so steadiness is timed as a render pays for it: frame by frame along a
 * 720p pan, the network's session run, then the lattice filter and the stabilizer on that output,
 * on the cores the session has just used and without the heap that earlier bench sections leave.
 * `node dist-node/bench/steadinessChild.js <models dir> <mode> <frames>` prints per-frame milliseconds as JSON.
 */
import * as path from 'node:path';
import type { PlanarRgb } from '../src/engine/images/image';
import { removeLatticeInPlace } from '../src/engine/images/latticeFilter';
import { toPlanarRgb } from '../src/engine/images/planar';
import type { SessionRunTiming } from '../src/engine/inference/stylizer';
import { TemporalStabilizer } from '../src/engine/temporal/stabilizer';
import { loadRegistry } from '../src/node-io/fsModelStore';
import { readImageFile } from '../src/node-io/imageFiles';
import { OrtNodeRuntime } from '../src/node-io/ortNodeRuntime';
import { syntheticImage } from '../test/support/syntheticImages';
import { REPO_ROOT, service } from './benchSupport';

export const STEADINESS_WIDTH = 1280;
export const STEADINESS_HEIGHT = 720;
/**
 * Frames stylized before the timed ones: the first has nothing to steady, and the stabilizer's loops
 * take some five frames to be fully compiled (about twice as slow before), a cost a render pays once.
 */
const WARM_UP_FRAMES = 6;

export interface SteadinessTimes {
  network: number[];
  lattice: number[];
  stabilizer: number[];
}

/** Frame t of a slow pan (2 samples a frame) over a synthetic picture: what the stabilizer sees on a moving camera. */
function panFrames(count: number): PlanarRgb[] {
  const [width, height, wideWidth] = [STEADINESS_WIDTH, STEADINESS_HEIGHT, STEADINESS_WIDTH + 2 * count];
  const wide = toPlanarRgb(syntheticImage(wideWidth, height, { seed: 3 }));
  return Array.from({ length: count }, (_, t) => {
    const data = new Float32Array(3 * width * height);
    for (let row = 0; row < 3 * height; row++) data.set(wide.data.subarray(row * wideWidth + 2 * t, row * wideWidth + 2 * t + width), row * width);
    return { width, height, data };
  });
}

const copyOf = (image: PlanarRgb): PlanarRgb => ({ ...image, data: Float32Array.from(image.data) });

async function main(): Promise<void> {
  const [modelsDir, mode, frameCount] = process.argv.slice(2);
  const sessionRuns: SessionRunTiming[] = [];
  const stylizer = service(new OrtNodeRuntime({ providers: ['cpu'] }), await loadRegistry(modelsDir), { onSessionRun: (t) => sessionRuns.push(t) });
  await stylizer.setStyle('steadiness', await readImageFile(path.join(REPO_ROOT, 'samples/styles/brush-strokes.png')), { mode });
  const stabilizer = new TemporalStabilizer('normal');
  const times: SteadinessTimes = { network: [], lattice: [], stabilizer: [] };
  const frames = panFrames(WARM_UP_FRAMES + Number(frameCount));
  for (const [t, frame] of frames.entries()) {
    sessionRuns.length = 0;
    const stylized = await stylizer.stylizePlanar('steadiness', frame, { strength: 1, renderShortSide: STEADINESS_HEIGHT });
    // The service has filtered its own output; the timed filter runs on a copy of it.
    const filtered = copyOf(stylized);
    const latticeStarted = performance.now();
    removeLatticeInPlace(filtered);
    const stabilizerStarted = performance.now();
    stabilizer.apply(t, frame, filtered);
    const ended = performance.now();
    if (t < WARM_UP_FRAMES) continue;
    times.network.push(sessionRuns.filter((run) => run.purpose === 'frame').reduce((sum, run) => sum + run.milliseconds, 0));
    times.lattice.push(stabilizerStarted - latticeStarted);
    times.stabilizer.push(ended - stabilizerStarted);
  }
  await stylizer.dispose();
  process.stdout.write(JSON.stringify(times));
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
