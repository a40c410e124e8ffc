/**
 * What every CLI command may use: the environment (streams, models, the stylize service factory)
 * and the process's I/O. Commands import this module, never the program that lists them.
 */
import type { Command } from 'commander';
import type { ModelRegistry } from '../../engine/inference/modelRegistry';
import type { StylizeService } from '../../engine/inference/stylizeService';
import type { FfmpegBinary } from '../../node-io/ffmpeg';
import type { ProgressOutput } from '../../node-io/progressBar';

export interface CliEnvironment {
  stdout: ProgressOutput;
  /** One line for the user (status, warnings); goes to stderr so piped stdout stays clean. */
  log(line: string): void;
  signal: AbortSignal;
  /** The models folder used when --models is not given. */
  defaultModelsDir: string;
  createService(registry: ModelRegistry): StylizeService;
  findFfmpeg?: () => FfmpegBinary;
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  /** Cancels the command; the CLI binds it to SIGINT and SIGTERM. */
  signal: AbortSignal;
}

/** What every command's action may use. */
export interface CliContext {
  env: CliEnvironment;
  io: CliIo;
  /** The repository (or installed package) root: where models/, samples/ and out/ live. */
  packageRoot: string;
}

export type RegisterCommand = (program: Command, context: CliContext) => void;
