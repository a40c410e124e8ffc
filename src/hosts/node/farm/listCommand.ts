/** `coherent-style farm list`: every render the farm holds, one line each. */
import type { CliEnvironment } from '../stylizeCommand';
import { parseCommandArgs, redisUrlOption, usageError } from './farmArgs';
import { FarmQueues } from './farmQueues';
import { describeStatus, listJobs } from './jobControl';
import { parseRedisUrl } from './redisUrl';

export const FARM_LIST_USAGE = 'Usage: coherent-style farm list --redis <url>';

export interface FarmListOptions {
  redis: string;
}

export function parseFarmListArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): FarmListOptions {
  const { values, positionals } = parseCommandArgs(args, { redis: { type: 'string' } }, FARM_LIST_USAGE);
  if (positionals.length > 0) throw usageError('`farm list` takes no arguments.', FARM_LIST_USAGE);
  return { redis: redisUrlOption(values, FARM_LIST_USAGE, env) };
}

export async function runFarmList(options: FarmListOptions, env: CliEnvironment): Promise<void> {
  const queues = await FarmQueues.open(parseRedisUrl(options.redis));
  try {
    const jobs = await listJobs(queues);
    if (jobs.length === 0) env.log('The farm holds no jobs.');
    for (const job of jobs) env.stdout.write(`${describeStatus(job)}\n`);
  } finally {
    await queues.close();
  }
}
