/** `coherent-style farm cancel <id>`: stop a farm job everywhere; finished frames are kept. */
import type { Command } from 'commander';
import { parseFarmJobKey, requireOptions } from '../cliArgs';
import type { CliContext } from '../cliContext';
import type { CliEnvironment } from '../cliContext';
import { FarmQueues } from '../../../farm/farmQueues';
import { cancelJob } from '../../../farm/jobControl';
import { MISSING_REDIS, parseRedisUrl, redisOption } from '../../../farm/redisUrl';

export interface FarmCancelOptions {
  key: string;
  redis: string;
}

export function registerFarmCancel(farm: Command, { env }: CliContext): void {
  farm.command('cancel')
    .description('stop a farm job on every worker; finished frames are kept')
    .argument('<job id>', 'as printed by `farm submit`', parseFarmJobKey)
    .addOption(redisOption())
    .hook('preAction', requireOptions({ redis: MISSING_REDIS }))
    .action(async (key: string, options: Omit<FarmCancelOptions, 'key'>) => runFarmCancel({ key, ...options }, env));
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
