/**
 * `coherent-style worker`: one per machine (or per GPU). Runs farm jobs until Ctrl-C or SIGTERM;
 * the first signal finishes the running chunk and stops, a second stops at once (the chunk's
 * lock then lapses and another worker resumes it, skipping the frames already written).
 */
import { InProcessStylizeService } from '../../../engine/inference/stylizer';
import { locateFfmpeg } from '../ffmpeg';
import { createOrtNodeRuntime } from '../ortNodeRuntime';
import { loadRegistry, type CliEnvironment } from '../stylizeCommand';
import { parseCommandArgs, redisUrlOption, usageError, wholeNumber } from './farmArgs';
import { FarmWorker } from './farmWorker';
import { parseRedisUrl } from './redisUrl';

export const WORKER_USAGE = `Usage: coherent-style worker --redis <url> [--concurrency 1] [--models <dir>] [--threads N]
                          [--stall-seconds 30]
Takes chunks of farm jobs and renders them with the best provider on this machine. Input and
output paths must be the same on every machine (shared storage). --stall-seconds: how long a
worker that died keeps its chunk before another worker takes it over.`;

/** 128 + SIGTERM's number, as shells report it. */
const EXIT_SIGTERM = 143;

export interface WorkerOptions {
  redis: string;
  concurrency: number;
  models?: string;
  /** CPU threads per inference session; undefined: onnxruntime's choice. */
  threads?: number;
  stallSeconds: number;
}

export function parseWorkerArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): WorkerOptions {
  const { values, positionals } = parseCommandArgs(args, {
    redis: { type: 'string' }, concurrency: { type: 'string' }, models: { type: 'string' }, threads: { type: 'string' }, 'stall-seconds': { type: 'string' },
  }, WORKER_USAGE);
  if (positionals.length > 0) throw usageError('`worker` takes no input; jobs come from the farm.', WORKER_USAGE);
  return {
    redis: redisUrlOption(values, WORKER_USAGE, env),
    concurrency: wholeNumber(values.concurrency, '--concurrency', 1, 1, 64, WORKER_USAGE),
    models: typeof values.models === 'string' ? values.models : undefined,
    threads: values.threads === undefined ? undefined : wholeNumber(values.threads, '--threads', 0, 1, 256, WORKER_USAGE),
    stallSeconds: wholeNumber(values['stall-seconds'], '--stall-seconds', 30, 1, 3600, WORKER_USAGE),
  };
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
    await new Promise<void>((resolve) => {
      if (env.signal.aborted) resolve();
      env.signal.addEventListener('abort', () => resolve(), { once: true });
      process.once('SIGTERM', () => {
        // The CLI already quits on a second Ctrl-C; a second SIGTERM does the same.
        process.once('SIGTERM', () => process.exit(EXIT_SIGTERM));
        resolve();
      });
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
