/** `coherent-style farm status <id> [--follow]`: where a farm job stands, and why it failed. */
import type { CliEnvironment } from '../stylizeCommand';
import { jobKeyArgument, parseCommandArgs, redisUrlOption } from './farmArgs';
import { FarmQueues } from './farmQueues';
import { followJob } from './followJob';
import { describeStatus, readJobStatus } from './jobControl';
import { parseRedisUrl } from './redisUrl';
import { CoherentStyleError } from '../../../engine/errors';

export const FARM_STATUS_USAGE = 'Usage: coherent-style farm status <job id> --redis <url> [--follow]';

export interface FarmStatusOptions {
  key: string;
  redis: string;
  follow: boolean;
}

export function parseFarmStatusArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): FarmStatusOptions {
  const { values, positionals } = parseCommandArgs(args, { redis: { type: 'string' }, follow: { type: 'boolean' } }, FARM_STATUS_USAGE);
  return { key: jobKeyArgument(positionals, FARM_STATUS_USAGE), redis: redisUrlOption(values, FARM_STATUS_USAGE, env), follow: values.follow === true };
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
