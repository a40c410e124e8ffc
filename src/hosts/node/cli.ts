/**
 * The coherent-style command line: parses the arguments, runs one command and turns the outcome
 * into an exit code a script can act on:
 *   0 success · 1 the work failed (bad input, models, ffmpeg, disk) · 2 usage error (fix the command) ·
 *   130 cancelled with Ctrl-C (finished frames are kept; temp files are deleted).
 */
import * as path from 'node:path';
import { CancelledError, isCoherentStyleError, type ErrorCode } from '../../engine/errors';
import type { ModelRegistry } from '../../engine/modelRegistry';
import { InProcessStylizeService } from '../../engine/stylizer';
import { parseCliArgs, USAGE, type CliCommand } from './cliArgs';
import { runDemo } from './demoCommand';
import { runFarmCommand } from './farm/farmCommand';
import { parseWorkerArgs, runWorker, WORKER_USAGE } from './farm/workerCommand';
import { runModelsCommand } from './modelsCommand';
import { createOrtNodeRuntime } from './ortNodeRuntime';
import { runServe, SERVE_USAGE } from './serveCommand';
import { runStylize, type CliEnvironment } from './stylizeCommand';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/** Errors the user fixes by changing the command line rather than the files or the machine. */
const USAGE_ERRORS: readonly ErrorCode[] = ['INVALID_ARGUMENT', 'UNKNOWN_MODE', 'OUTPUT_EXISTS'];

export function exitCodeFor(error: unknown): number {
  if (error instanceof CancelledError) return EXIT_CANCELLED;
  if (isCoherentStyleError(error) && USAGE_ERRORS.includes(error.code)) return EXIT_USAGE;
  return EXIT_FAILURE;
}

/** The repository (or installed package) root: where models/, samples/ and out/ live. */
export function packageRoot(): string {
  // Compiled: dist-node/src/hosts/node; under ts-jest: src/hosts/node.
  const up = __dirname.split(path.sep).includes('dist-node') ? '../../../..' : '../../..';
  return path.resolve(__dirname, up);
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  /** Cancels the command; the CLI binds it to SIGINT. */
  signal: AbortSignal;
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(packageRoot(), 'package.json')) as { version: string }).version;
}

async function runCommand(command: CliCommand, env: CliEnvironment, io: CliIo): Promise<void> {
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return;
    case 'version':
      io.stdout.write(`coherent-style ${version()}\n`);
      return;
    case 'models':
      await runModelsCommand(command, env, (line) => io.stdout.write(`${line}\n`));
      return;
    case 'demo':
      await runDemo(command, env, packageRoot());
      return;
    case 'serve':
      if (command.args.includes('--help') || command.args.includes('-h')) {
        io.stdout.write(`${SERVE_USAGE}\n`);
        return;
      }
      await runServe(command.args, { defaultModelsDir: env.defaultModelsDir, log: env.log }, { stdout: io.stdout, signal: io.signal });
      return;
    case 'farm':
      await runFarmCommand(command.args, env);
      return;
    case 'worker':
      if (command.args.includes('--help') || command.args.includes('-h')) {
        io.stdout.write(`${WORKER_USAGE}\n`);
        return;
      }
      await runWorker(parseWorkerArgs(command.args), env);
      return;
    case 'stylize': {
      const { mode, result } = await runStylize(command, env);
      if (result.total > 0) {
        env.log(`Done: ${result.rendered} frame${result.rendered === 1 ? '' : 's'} with ${mode.id} in ${result.seconds.toFixed(1)} s → ${command.out}`);
      }
    }
  }
}

/** Runs the CLI with injected streams and cancel signal; resolves to the exit code. */
export async function runCliWith(argv: readonly string[], io: CliIo): Promise<number> {
  const env: CliEnvironment = {
    stdout: io.stdout,
    log: (line) => io.stderr.write(`${line}\n`),
    signal: io.signal,
    defaultModelsDir: path.join(packageRoot(), 'models'),
    createService: (registry: ModelRegistry) => new InProcessStylizeService(createOrtNodeRuntime(), registry),
  };
  try {
    await runCommand(parseCliArgs(argv), env, io);
    return EXIT_OK;
  } catch (e) {
    const code = exitCodeFor(e);
    if (code === EXIT_CANCELLED) {
      // A command may say more precisely what was kept (the farm: the job runs on).
      const said = (e as Error).message;
      io.stderr.write(`\n${said !== new CancelledError().message ? said : 'Cancelled. Finished frames are kept; run the same command again to resume a frame-folder render.'}\n`);
    } else if (isCoherentStyleError(e)) {
      io.stderr.write(`coherent-style: ${e.message} [${e.code}]\n`);
    } else {
      io.stderr.write(`coherent-style: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    }
    return code;
  }
}

/** The process entry point: Ctrl-C cancels cleanly, a second Ctrl-C exits at once. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
    process.stderr.write('\nCancelling… (press Ctrl-C again to quit immediately)\n');
    controller.abort(new CancelledError());
  };
  process.on('SIGINT', onSigint);
  try {
    return await runCliWith(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
