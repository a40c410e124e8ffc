/** `coherent-style farm cancel <id>`: stop a farm job everywhere; finished frames are kept. */
import type { CliEnvironment } from '../stylizeCommand';
import { jobKeyArgument, parseCommandArgs, redisUrlOption } from './farmArgs';
import { FarmQueues } from './farmQueues';
import { cancelJob } from './jobControl';
import { parseRedisUrl } from './redisUrl';

export const FARM_CANCEL_USAGE = 'Usage: coherent-style farm cancel <job id> --redis <url>';

export interface FarmCancelOptions {
  key: string;
  redis: string;
}

export function parseFarmCancelArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): FarmCancelOptions {
  const { values, positionals } = parseCommandArgs(args, { redis: { type: 'string' } }, FARM_CANCEL_USAGE);
  return { key: jobKeyArgument(positionals, FARM_CANCEL_USAGE), redis: redisUrlOption(values, FARM_CANCEL_USAGE, env) };
}

export async function runFarmCancel(options: FarmCancelOptions, env: CliEnvironment): Promise<void> {
  const queues = await FarmQueues.open(parseRedisUrl(options.redis));
  try {
    const outcome = await cancelJob(queues, options.key);
    env.log(outcome === 'already-finished'
      ? `Job ${options.key} had already finished; nothing to cancel.`
      : `Cancelled job ${options.key}. Frames already rendered are kept; submitting the same render again resumes it.`);
  } finally {
    await queues.close();
  }
}
