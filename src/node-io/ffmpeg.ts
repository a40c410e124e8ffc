/**
 * Finding and running the ffmpeg binary. Lookup order: FFMPEG_PATH, then PATH, then the binary
 * shipped by the @ffmpeg-installer/ffmpeg npm package, so the CLI works on a machine without a
 * system ffmpeg and a user can still point it at their own build.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { CoherentStyleError, CancelledError } from '../engine/errors';

export interface FfmpegBinary {
  path: string;
  /** Where it was found, for `--verbose`-style messages: 'FFMPEG_PATH', 'PATH' or '@ffmpeg-installer/ffmpeg'. */
  foundVia: 'FFMPEG_PATH' | 'PATH' | '@ffmpeg-installer/ffmpeg';
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const candidate of process.platform === 'win32' ? [`${name}.exe`, name] : [name]) {
      const full = path.join(dir, candidate);
      if (isExecutable(full)) return full;
    }
  }
  return undefined;
}

function installerBinary(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const installed = require('@ffmpeg-installer/ffmpeg') as { path: string };
    return isExecutable(installed.path) ? installed.path : undefined;
  } catch {
    return undefined;
  }
}

export function locateFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegBinary {
  const configured = env.FFMPEG_PATH;
  if (configured) {
    if (!isExecutable(configured)) {
      throw new CoherentStyleError('FFMPEG_MISSING',
        `FFMPEG_PATH is set to ${configured}, but no executable ffmpeg is there. Fix or unset FFMPEG_PATH.`);
    }
    return { path: configured, foundVia: 'FFMPEG_PATH' };
  }
  const onPath = findOnPath('ffmpeg', env.PATH);
  if (onPath) return { path: onPath, foundVia: 'PATH' };
  const shipped = installerBinary();
  if (shipped) return { path: shipped, foundVia: '@ffmpeg-installer/ffmpeg' };
  throw new CoherentStyleError('FFMPEG_MISSING',
    'Video needs ffmpeg, and none was found. Install ffmpeg (or `npm install @ffmpeg-installer/ffmpeg`), or set FFMPEG_PATH to its binary.');
}

/**
 * A local file as an ffmpeg input: `file:` plus the absolute path, with only the file and pipe
 * protocols allowed. A file named `tcp:127.0.0.1:47999` or `http://…` is otherwise read by
 * ffmpeg as that protocol's URL, and it connects to the address.
 */
export function inputFileArgs(file: string): string[] {
  return ['-protocol_whitelist', 'file,pipe', '-i', localFile(file)];
}

/** A local file as an ffmpeg output: never a protocol URL, whatever its name. */
export function localFile(file: string): string {
  return `file:${path.resolve(file)}`;
}

export interface FfmpegResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
}

/** Runs ffmpeg to completion, collecting its output; the signal kills it and rejects with CancelledError. */
export function runFfmpeg(ffmpeg: FfmpegBinary, args: readonly string[], signal?: AbortSignal): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    // spawn's own signal option kills ffmpeg on cancel.
    const child = spawn(ffmpeg.path, ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      reject(signal?.aborted ? new CancelledError() : ffmpegStartError(ffmpeg, e));
    });
    child.on('close', (exitCode) => {
      if (signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode });
    });
  });
}

export function ffmpegStartError(ffmpeg: FfmpegBinary, e: Error): CoherentStyleError {
  return new CoherentStyleError('FFMPEG_MISSING', `Could not start ffmpeg at ${ffmpeg.path} (${e.message}). Set FFMPEG_PATH to a working ffmpeg.`, { cause: e });
}

/** The last meaningful line of ffmpeg's stderr: what to quote when it fails. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.length > 0 ? lines[lines.length - 1] : 'no message';
}
