/**
 * The cost of steadiness per 720p frame on the CPU: the lattice filter and the temporal stabilizer
 * (motion, trust, carry, detail), each beside the network's own session time for the same frame, in
 * one run on the same cores (issue 19's gate: both together ≤ 25% of the network).
 */
import * as path from 'node:path';
import { removeLattice } from '../src/engine/images/latticeFilter';
import type { PlanarRgb } from '../src/engine/images/image';
import { toPlanarRgb } from '../src/engine/images/planar';
import type { SessionRunTiming } from '../src/engine/inference/stylizer';
import { TemporalStabilizer } from '../src/engine/temporal/stabilizer';
import { syntheticImage } from '../test/support/syntheticImages';
import { readImageFile } from '../src/node-io/imageFiles';
import { CPU_RUNTIMES, median, ms, REPO_ROOT, service, table, timeRuns, type BenchContext, type BenchSection } from './benchSupport';

const WIDTH = 1280;
const HEIGHT = 720;

/** Frame t of a slow pan over a synthetic picture: what the stabilizer sees on a moving camera. */
function panFrame(t: number): PlanarRgb {
  const wide = toPlanarRgb(syntheticImage(WIDTH + 64, HEIGHT, { seed: 3 }));
  const data = new Float32Array(3 * WIDTH * HEIGHT);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < HEIGHT; y++) {
      const from = c * (WIDTH + 64) * HEIGHT + y * (WIDTH + 64) + 2 * t;
      data.set(wide.data.subarray(from, from + WIDTH), c * WIDTH * HEIGHT + y * WIDTH);
    }
  }
  return { width: WIDTH, height: HEIGHT, data };
}

async function networkMs(context: BenchContext): Promise<number> {
  const timings: SessionRunTiming[] = [];
  const stylizer = service(CPU_RUNTIMES[0].create(), context.registry, { onSessionRun: (t) => timings.push(t) });
  try {
    const mode = context.registry.defaultMode.id;
    await stylizer.setStyle('steadiness', await readImageFile(path.join(REPO_ROOT, 'samples/styles/brush-strokes.png')), { mode });
    const frame = syntheticImage(WIDTH, HEIGHT, { seed: 1 });
    await timeRuns(context, () => stylizer.stylize('steadiness', frame, { strength: 1, renderShortSide: HEIGHT }));
    return median(timings.filter((t) => t.purpose === 'frame').map((t) => t.milliseconds));
  } finally {
    await stylizer.dispose();
  }
}

export const steadinessSection: BenchSection = {
  title: 'Steadiness cost per 720p frame (CPU)',
  async run(context) {
    const frames = Array.from({ length: 4 }, (_, t) => panFrame(t));
    const lattice = median(await timeRuns(context, async () => removeLattice(frames[0])));
    let t = 0;
    const stabilizer = new TemporalStabilizer('normal');
    stabilizer.apply(t, frames[0], frames[0]);
    const steady = median(await timeRuns(context, async () => {
      t++;
      const frame = frames[t % frames.length];
      stabilizer.apply(t, frame, frame);
    }));
    const network = await networkMs(context);
    const share = (value: number) => `${((100 * value) / network).toFixed(0)}%`;
    context.log(`  lattice ${ms(lattice)} ms, stabilizer ${ms(steady)} ms, network ${ms(network)} ms`);
    return [
      `Median milliseconds per ${WIDTH}×${HEIGHT} frame, this process on the same cores as onnxruntime-node's`,
      `session (${context.registry.defaultMode.id}); the stabilizer on a panning synthetic clip at --temporal normal.`,
      'Goal: lattice filter and stabilizer together ≤ 25% of the network.',
      '',
      table(['stage', 'ms', 'of the network'], [
        ['network (session.run)', ms(network), '100%'],
        ['lattice filter', ms(lattice), share(lattice)],
        ['stabilizer', ms(steady), share(steady)],
        ['both', ms(lattice + steady), `${share(lattice + steady)} (goal ≤ 25%)`],
      ]),
    ].join('\n');
  },
};
