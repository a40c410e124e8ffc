/**
 * The coherent-style command line as a commander program. Each command is declared, with its
 * options and its action, by one module's `register` function listed in COMMANDS: adding a command
 * is a new module and one line here.
 */
import { Command } from 'commander';
import { registerDemo } from './demoCommand';
import { registerFarm } from './farm/farmCommand';
import { registerWorker } from './farm/workerCommand';
import { registerModels } from './modelsCommand';
import { registerServe } from './serveCommand';
import type { CliContext, RegisterCommand } from './cliContext';
import { registerStylize } from './stylizeCommand';

const COMMANDS: readonly RegisterCommand[] = [registerStylize, registerModels, registerDemo, registerServe, registerFarm, registerWorker];

/**
 * The program for one run. Commander does not exit the process or print errors itself: a usage
 * mistake surfaces as a CommanderError (cli.ts turns it into exit code 2 and one line on stderr).
 */
export function cliProgram(context: CliContext, version: string): Command {
  const program = new Command('coherent-style')
    .description('Temporally coherent neural style transfer for images, videos and frame folders.')
    .version(`coherent-style ${version}`, '--version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      outputError: () => undefined,
    })
    .addHelpText('after', `
The output kind of stylize follows --out: .png/.jpg → image, .mp4/.m4v/.mkv/.mov/.mxf → video (its
format: --format), a name without an extension → a folder of numbered PNGs (re-running into it resumes,
skipping finished frames); other extensions are refused. --frames takes
0-based inclusive frame numbers ("10-19", "10-" to the end, "7" for one frame), seconds ("2.5s-4s",
end excluded) or timecode ("00:00:02:12-00:00:04:00", both ends included).`);
  for (const register of COMMANDS) register(program, context);
  return program;
}
