/**
 * Runs in its own process so its peak RSS is the stylizer's alone:
 * `node dist-node/bench/peakRssChild.js <models dir> <mode>` prints a JSON report.
 */
import * as path from 'node:path';
import { OrtNodeRuntime } from '../src/node-io/ortNodeRuntime';
import { readImageFile } from '../src/node-io/imageFiles';
import { loadRegistry } from '../src/node-io/fsModelStore';
import { InProcessStylizeService } from '../src/engine/inference/stylizer';
import { syntheticImage } from '../test/support/syntheticImages';
import { REPO_ROOT } from './benchSupport';

async function main(): Promise<void> {
  const [modelsDir, mode] = process.argv.slice(2);
  let sessionRuns = 0;
  const stylizer = new InProcessStylizeService(new OrtNodeRuntime({ providers: ['cpu'] }), await loadRegistry(modelsDir), {
    onSessionRun: () => { sessionRuns++; },
  });
  await stylizer.setStyle('rss', await readImageFile(path.join(REPO_ROOT, 'samples/styles/brush-strokes.png')), { mode });
  const frame = syntheticImage(3840, 2160, { seed: 4 });
  const baselineRssBytes = process.memoryUsage().rss;
  sessionRuns = 0;
  const started = performance.now();
  await stylizer.stylize('rss', frame, { strength: 1, renderShortSide: 2160 });
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in kilobytes.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  await stylizer.dispose();
  process.stdout.write(JSON.stringify({ baselineRssBytes, peakRssBytes, seconds, sessionRuns }));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
