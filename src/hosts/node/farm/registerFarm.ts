/**
 * `farm …` and `worker` in the commander program. Their options are parsed by the farm's own
 * command modules (node:util parseArgs with their usage texts), so commander passes every word on.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cliProgram';
import { runFarmCommand } from './farmCommand';
import { parseWorkerArgs, runWorker, WORKER_USAGE } from './workerCommand';

function passThrough(program: Command, name: string, description: string): Command {
  return program.command(name)
    .description(description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[words...]');
}

export function registerFarm(program: Command, { env }: CliContext): void {
  passThrough(program, 'farm', 'submit, follow, list or cancel render-farm jobs (farm --help)')
    .action(async (words: string[]) => runFarmCommand(words, env));
}

export function registerWorker(program: Command, { env }: CliContext): void {
  passThrough(program, 'worker', 'render chunks of farm jobs on this machine (worker --help)')
    .action(async (words: string[]) => {
      if (words.includes('--help') || words.includes('-h')) {
        env.stdout.write(`${WORKER_USAGE}\n`);
        return;
      }
      await runWorker(parseWorkerArgs(words), env);
    });
}
