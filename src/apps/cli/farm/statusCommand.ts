/** `coherent-style farm status <id> [--follow]`: where a farm job stands, and why it failed. */
import type { Command } from 'commander';
import { CoherentStyleError } from '../../../engine/errors';
import { parseFarmJobKey, requireOptions } from '../cliArgs';
import type { CliContext } from '../cliContext';
import type { CliEnvironment } from '../cliContext';
import { FarmQueues } from '../../../farm/farmQueues';
import { followJob } from '../../../farm/followJob';
import { describeStatus, readJobStatus } from '../../../farm/jobControl';
import { MISSING_REDIS, parseRedisUrl, redisOption } from '../../../farm/redisUrl';

export interface FarmStatusOptions {
  key: string;
  redis: string;
  follow: boolean;
}

export function registerFarmStatus(farm: Command, { env }: CliContext): void {
  farm.command('status')
    .description("where a farm job stands (chunks, frames, failures); --follow until it ends")
    .argument('<job id>', 'as printed by `farm submit`', parseFarmJobKey)
    .addOption(redisOption())
    .option('--follow', 'follow the job until it ends (Ctrl-C stops following, not the job)', false)
    .hook('preAction', requireOptions({ redis: MISSING_REDIS }))
    .action(async (key: string, options: Omit<FarmStatusOptions, 'key'>) => runFarmStatus({ key, ...options }, env));
}

export async function runFarmStatus(options: FarmStatusOptions, env: CliEnvironment): Promise<void> {
  const queues = await FarmQueues.open(parseRedisUrl(options.redis));
  try {
    if (options.follow) {
      await followJob(queues, options.key, env);
      return;
    }
    const status = await readJobStatus(queues, options.key);
    if (!status) throw new CoherentStyleError('INVALID_ARGUMENT', `The farm has no job ${options.key}; \`coherent-style farm list\` shows the jobs it has.`);
    env.stdout.write(`${describeStatus(status)}\n`);
    for (const f of status.failures) {
      env.stdout.write(`  failed ${f.index >= 0 ? `chunk ${f.index} (frames ${f.frames})` : 'assembly'}: ${f.reason}\n`);
    }
  } finally {
    await queues.close();
  }
}
