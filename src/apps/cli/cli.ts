/**
 * The coherent-style command line: parses the arguments, runs one command and turns the outcome
 * into an exit code a script can act on:
 *   0 success · 1 the work failed (bad input, models, ffmpeg, disk) · 2 usage error (fix the command) ·
 *   130 cancelled with Ctrl-C, 143 with SIGTERM (finished frames are kept; temp files are deleted).
 */
import * as path from 'node:path';
import { CommanderError } from 'commander';
import { CancelledError, isCoherentStyleError, type ErrorCode } from '../../engine/errors';
import type { ModelRegistry } from '../../engine/inference/modelRegistry';
import { InProcessStylizeService } from '../../engine/inference/stylizer';
import { usageError } from './cliArgs';
import { cliProgram } from './cliProgram';
import type { CliIo } from './cliContext';
import { redactCredentials } from '../../farm/redisUrl';
import { createOrtNodeRuntime } from '../../node-io/ortNodeRuntime';
import type { CliEnvironment } from './cliContext';

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
  // Compiled: dist-node/src/apps/cli; under ts-jest: src/apps/cli.
  const up = __dirname.split(path.sep).includes('dist-node') ? '../../../..' : '../../..';
  return path.resolve(__dirname, up);
}

// Read when the CLI loads, like its code (a test child drops its privileges after loading).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the compiled tree
const VERSION = (require(path.join(packageRoot(), 'package.json')) as { version: string }).version;

/** Commander's "error: unknown option '--x'" as a sentence. */
function commanderMessage(error: CommanderError): string {
  const text = error.message.replace(/^error: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Runs the CLI with injected streams and cancel signal; resolves to the exit code. */
export async function runCliWith(argv: readonly string[], given: CliIo): Promise<number> {
  // Whatever reaches stderr (commander's own messages included) may repeat a Redis URL the user typed.
  const io: CliIo = { ...given, stderr: { write: (text) => given.stderr.write(redactCredentials(text)) } };
  const env: CliEnvironment = {
    stdout: io.stdout,
    log: (line) => io.stderr.write(`${line}\n`),
    signal: io.signal,
    defaultModelsDir: path.join(packageRoot(), 'models'),
    createService: (registry: ModelRegistry) => new InProcessStylizeService(createOrtNodeRuntime(), registry),
  };
  try {
    const program = cliProgram({ env, io, packageRoot: packageRoot() }, VERSION);
    await program.parseAsync(argv.length > 0 ? [...argv] : ['--help'], { from: 'user' });
    return EXIT_OK;
  } catch (thrown) {
    let e = thrown;
    if (e instanceof CommanderError) {
      // Help and --version end the parse with a CommanderError too.
      if (e.exitCode === 0) return EXIT_OK;
      // A command group without its subcommand (`farm`): commander has printed its help to stderr.
      if (e.code === 'commander.help') return EXIT_USAGE;
      e = usageError(commanderMessage(e));
    }
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

/** 128 + SIGTERM's number, as shells report it: a command stopped by SIGTERM (a service manager, `kill`). */
export const EXIT_TERMINATED = 143;

/** The signals that stop a command, each with the exit code of a stop it ends. */
const STOP_SIGNALS: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: EXIT_CANCELLED, SIGTERM: EXIT_TERMINATED };

/**
 * The process entry point: Ctrl-C or SIGTERM cancels cleanly (temp files are deleted; the worker
 * and the companion finish what is running and stop), a second one exits at once.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const controller = new AbortController();
  let stoppedBy: keyof typeof STOP_SIGNALS | undefined;
  const onSignal = (signal: keyof typeof STOP_SIGNALS): void => {
    if (controller.signal.aborted) process.exit(STOP_SIGNALS[signal]);
    stoppedBy = signal;
    process.stderr.write(`\nCancelling… (${signal === 'SIGINT' ? 'press Ctrl-C' : 'send SIGTERM'} again to quit immediately)\n`);
    controller.abort(new CancelledError());
  };
  for (const signal of Object.keys(STOP_SIGNALS)) process.on(signal, onSignal);
  try {
    const code = await runCliWith(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
    return code === EXIT_CANCELLED && stoppedBy !== undefined ? STOP_SIGNALS[stoppedBy] : code;
  } finally {
    for (const signal of Object.keys(STOP_SIGNALS)) process.off(signal, onSignal);
  }
}
