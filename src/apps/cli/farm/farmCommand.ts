/** `coherent-style farm submit|status|cancel|list`: the render farm's commands under one name. */
import type { Command } from 'commander';
import type { CliContext } from '../cliContext';
import { registerFarmCancel } from './cancelCommand';
import { registerFarmList } from './listCommand';
import { registerFarmStatus } from './statusCommand';
import { registerFarmSubmit } from './submitCommand';

export function registerFarm(program: Command, context: CliContext): void {
  const farm = program.command('farm')
    .description('submit, follow, list or cancel render-farm jobs (BullMQ on Redis)')
    .addHelpText('after', `
Every farm command takes --redis <url>, or reads it from COHERENT_STYLE_REDIS_URL (which keeps a
password off the command line).`);
  for (const register of [registerFarmSubmit, registerFarmStatus, registerFarmCancel, registerFarmList]) register(farm, context);
}
