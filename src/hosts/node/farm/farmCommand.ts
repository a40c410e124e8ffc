/** `coherent-style farm submit|status|cancel|list`: picks the subcommand's module. */
import type { CliEnvironment } from '../stylizeCommand';
import { FARM_CANCEL_USAGE, parseFarmCancelArgs, runFarmCancel } from './cancelCommand';
import { usageError } from './farmArgs';
import { FARM_LIST_USAGE, parseFarmListArgs, runFarmList } from './listCommand';
import { FARM_STATUS_USAGE, parseFarmStatusArgs, runFarmStatus } from './statusCommand';
import { FARM_SUBMIT_USAGE, parseFarmSubmitArgs, runFarmSubmit } from './submitCommand';

const FARM_USAGE = [FARM_SUBMIT_USAGE, FARM_STATUS_USAGE, FARM_CANCEL_USAGE, FARM_LIST_USAGE].join('\n');

export async function runFarmCommand(args: readonly string[], env: CliEnvironment): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || rest.includes('--help')) {
    env.stdout.write(`${FARM_USAGE}\n`);
    return;
  }
  switch (subcommand) {
    case 'submit':
      return runFarmSubmit(parseFarmSubmitArgs(rest), env);
    case 'status':
      return runFarmStatus(parseFarmStatusArgs(rest), env);
    case 'cancel':
      return runFarmCancel(parseFarmCancelArgs(rest), env);
    case 'list':
      return runFarmList(parseFarmListArgs(rest), env);
    default:
      throw usageError(`Unknown farm command "${subcommand}"; use submit, status, cancel or list.`, FARM_USAGE);
  }
}
