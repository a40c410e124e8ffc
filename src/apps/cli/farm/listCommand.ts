/** `coherent-style farm list`: every render the farm holds, one line each. */
import type { Command } from 'commander';
import { requireOptions } from '../cliArgs';
import type { CliContext } from '../cliContext';
import type { CliEnvironment } from '../cliContext';
import { FarmQueues } from '../../../farm/farmQueues';
import { describeStatus, listJobs } from '../../../farm/jobControl';
import { MISSING_REDIS, parseRedisUrl, redisOption } from '../../../farm/redisUrl';

export interface FarmListOptions {
  redis: string;
}

export function registerFarmList(farm: Command, { env }: CliContext): void {
  farm.command('list')
    .description('every render the farm holds, one line each')
    .addOption(redisOption())
    .hook('preAction', requireOptions({ redis: MISSING_REDIS }))
    .action(async (options: FarmListOptions) => runFarmList(options, env));
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
