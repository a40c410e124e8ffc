/**
 * The cost of steadiness per 720p frame on the CPU: the lattice filter and the temporal stabilizer
 * (motion, trust, carry, detail), each beside the network's own session time for the same frames,
 * timed frame by frame in a fresh process (steadinessChild.ts; issue 19's gate: both together ≤ 25%
 * of the network).
 */
import * as path from 'node:path';
import { median, ms, runChild, table, type BenchSection } from './benchSupport';
import { STEADINESS_HEIGHT, STEADINESS_WIDTH, type SteadinessTimes } from './steadinessChild';

/** Timed frames per process, and processes: a median over several fresh processes holds still on a shared machine. */
const FRAMES = 8;
const PROCESSES = 3;

export const steadinessSection: BenchSection = {
  title: 'Steadiness cost per 720p frame (CPU)',
  async run(context) {
    const mode = context.registry.defaultMode.id;
    const all: SteadinessTimes = { network: [], lattice: [], stabilizer: [] };
    for (let p = 0; p < PROCESSES; p++) {
      const times = JSON.parse(await runChild([path.join(__dirname, 'steadinessChild.js'), context.modelsDir, mode, String(FRAMES)])) as SteadinessTimes;
      all.network.push(...times.network);
      all.lattice.push(...times.lattice);
      all.stabilizer.push(...times.stabilizer);
    }
    const [network, lattice, steady] = [median(all.network), median(all.lattice), median(all.stabilizer)];
    const both = median(all.lattice.map((t, i) => t + all.stabilizer[i]));
    const share = (value: number) => `${((100 * value) / network).toFixed(0)}%`;
    context.log(`  lattice ${ms(lattice)} ms, stabilizer ${ms(steady)} ms, network ${ms(network)} ms`);
    return [
      `Median milliseconds per ${STEADINESS_WIDTH}×${STEADINESS_HEIGHT} frame over ${PROCESSES} fresh processes × ${FRAMES} frames of a`,
      `panning synthetic clip (${mode}, onnxruntime-node CPU). Each frame is timed as a render pays for it: the`,
      'session run, then the lattice filter and the stabilizer (--temporal normal) on its output, on the same cores.',
      'Goal: lattice filter and stabilizer together ≤ 25% of the network.',
      '',
      table(['stage', 'ms', 'of the network'], [
        ['network (session.run)', ms(network), '100%'],
        ['lattice filter', ms(lattice), share(lattice)],
        ['stabilizer', ms(steady), share(steady)],
        ['both (median of the per-frame sums)', ms(both), `${share(both)} (goal ≤ 25%)`],
      ]),
    ].join('\n');
  },
};
