/**
 * `coherent-style serve`: runs the companion server until Ctrl-C or SIGTERM, then stops cleanly
 * (queued frames cancelled, the running one finished or aborted after a grace period, the
 * announcement file removed).
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { companionInfoPath } from '../../engine/companionInfo';
import { CoherentStyleError } from '../../engine/errors';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../engine/protocol';
import { DEFAULT_ENDPOINT_LIMITS } from '../../engine/protocolEndpoint';
import { CompanionServer } from './companionServer';
import { startStylizerWorker } from './stylizerWorker';

export const SERVE_USAGE = `Usage: coherent-style serve [--port N] [--models <dir>] [--max-clients N]
                            [--max-queue N] [--max-message-mb N] [--grace-seconds N]
Runs the companion server on 127.0.0.1 for the Premiere panel (leave it running; Ctrl-C stops it).
It prints "listening on 127.0.0.1:<port>" and writes the port and a fresh access token to
${companionInfoPath({ platform: process.platform, homeDir: '~', env: {} })} (readable by you only;
override with COHERENT_STYLE_COMPANION_FILE).`;

export interface ServeOptions {
  port: number;
  models?: string;
  maxClients: number;
  maxQueue: number;
  maxMessageBytes: number;
  graceMs: number;
}

export interface ServeEnvironment {
  defaultModelsDir: string;
  /** Diagnostics (stderr). */
  log: (line: string) => void;
}

export interface ServeIo {
  stdout: NodeJS.WritableStream;
  /** Fires on Ctrl-C (the CLI binds SIGINT to it); SIGTERM is handled here. */
  signal: AbortSignal;
}

export function parseServeArgs(args: readonly string[]): ServeOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' }, models: { type: 'string' }, 'max-clients': { type: 'string' },
        'max-queue': { type: 'string' }, 'max-message-mb': { type: 'string' }, 'grace-seconds': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw usage((e as Error).message);
  }
  return {
    port: integer(values.port, '--port', 0, 0, 65535),
    models: values.models,
    maxClients: integer(values['max-clients'], '--max-clients', 8, 1, 64),
    maxQueue: integer(values['max-queue'], '--max-queue', DEFAULT_ENDPOINT_LIMITS.maxQueuedFrames, 1, 64),
    maxMessageBytes: integer(values['max-message-mb'], '--max-message-mb', Math.ceil(DEFAULT_MAX_MESSAGE_BYTES / 2 ** 20), 1, 1024) * 2 ** 20,
    graceMs: integer(values['grace-seconds'], '--grace-seconds', 10, 0, 600) * 1000,
  };
}

/** Runs the server; resolves once it has stopped after Ctrl-C or SIGTERM. */
export async function runServe(args: readonly string[], env: ServeEnvironment, io: ServeIo): Promise<void> {
  const options = parseServeArgs(args);
  const modelsDir = options.models ?? env.defaultModelsDir;
  // The worker loads the default mode up front: the first hello reports the provider, and bad models fail now.
  const backend = await startStylizerWorker(modelsDir);
  const { service } = backend;
  const infoFile = companionInfoPath({ platform: process.platform, homeDir: os.homedir(), env: process.env });
  const server = await CompanionServer.start(backend, {
    port: options.port,
    infoFile,
    maxClients: options.maxClients,
    limits: { maxQueuedFrames: options.maxQueue, maxMessageBytes: options.maxMessageBytes },
    log: env.log,
  }).catch(async (e) => {
    await service.dispose();
    throw e;
  });
  env.log(`Models: ${modelsDir} · ${service.providerLabel} · token in ${infoFile}`);
  io.stdout.write(`listening on 127.0.0.1:${server.port}\n`);

  let stop: () => void = () => undefined;
  await new Promise<void>((resolve) => {
    stop = resolve;
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  io.signal.removeEventListener('abort', stop);
  process.off('SIGTERM', stop);
  env.log('Stopping: cancelling queued frames, finishing the running one…');
  await server.stop(options.graceMs);
  await service.dispose();
  env.log('Stopped.');
}

function integer(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw usage(`${flag} must be a whole number from ${min} to ${max}, got "${text}".`);
  return value;
}

function usage(message: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `${message}\n${SERVE_USAGE}`);
}
