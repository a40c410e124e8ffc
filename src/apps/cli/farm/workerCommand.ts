/**
 * `coherent-style worker`: one per machine (or per GPU). Runs farm jobs until Ctrl-C or SIGTERM;
 * the first signal finishes the running chunk and stops, a second stops at once (the chunk's
 * lock then lapses and another worker resumes it, skipping the frames already written).
 */
import type { Command } from 'commander';
import { InProcessStylizeService } from '../../../engine/inference/stylizer';
import { requireOptions, wholeNumber } from '../cliArgs';
import type { CliContext } from '../cliContext';
import { locateFfmpeg } from '../../../node-io/ffmpeg';
import { createOrtNodeRuntime } from '../../../node-io/ortNodeRuntime';
import type { CliEnvironment } from '../cliContext';
import { loadRegistry } from '../../../node-io/fsModelStore';
import { FarmWorker } from '../../../farm/farmWorker';
import { MISSING_REDIS, parseRedisUrl, redisOption } from '../../../farm/redisUrl';

export interface WorkerOptions {
  redis: string;
  concurrency: number;
  models?: string;
  /** CPU threads per inference session; undefined: onnxruntime's choice. */
  threads?: number;
  stallSeconds: number;
}

export function registerWorker(program: Command, { env }: CliContext): void {
  program.command('worker')
    .description('render chunks of farm jobs on this machine until Ctrl-C or SIGTERM')
    .addOption(redisOption())
    .option('--concurrency <n>', 'chunks rendered at once', wholeNumber('--concurrency', 1, 64), 1)
    .option('--models <dir>', 'the models folder (the same models as the submitters)')
    .option('--threads <n>', "CPU threads per inference session (default: onnxruntime's choice)", wholeNumber('--threads', 1, 256))
    .option('--stall-seconds <n>', 'how long a worker that died keeps its chunk before another takes it over', wholeNumber('--stall-seconds', 1, 3600), 30)
    .addHelpText('after', `
Input and output paths must be the same on every machine (shared storage). The first signal
finishes the running chunk and stops; a second stops at once (the chunk goes back to the farm).`)
    .hook('preAction', requireOptions({ redis: MISSING_REDIS }))
    .action(async (options: WorkerOptions) => runWorker(options, env));
}

export async function runWorker(options: WorkerOptions, env: CliEnvironment): Promise<void> {
  const redis = parseRedisUrl(options.redis);
  const modelsDir = options.models ?? env.defaultModelsDir;
  const registry = await loadRegistry(modelsDir);
  const service = new InProcessStylizeService(createOrtNodeRuntime({ intraOpNumThreads: options.threads }), registry);
  let worker: FarmWorker | undefined;
  try {
    await service.prepare(registry.defaultMode.id);
    worker = await FarmWorker.start({
      redis, concurrency: options.concurrency, registry, service, findFfmpeg: env.findFfmpeg ?? locateFfmpeg, stallMs: options.stallSeconds * 1000, log: env.log,
    });
    env.log(`Worker ready: ${redis.display} · ${service.providerLabel} · models ${modelsDir} · concurrency ${options.concurrency}`);
    // The CLI cancels on Ctrl-C and SIGTERM alike, and quits at once on a second one.
    await new Promise<void>((resolve) => {
      if (env.signal.aborted) resolve();
      env.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    env.log('Stopping: finishing the running chunk (signal again to stop now; the chunk then goes back to the farm)…');
    await worker.stop(true);
    worker = undefined;
    env.log('Worker stopped.');
  } finally {
    await worker?.stop(false);
    await service.dispose();
  }
}
