/**
 * `coherent-style serve`: runs the companion server until Ctrl-C or SIGTERM, then stops cleanly
 * (queued frames cancelled, the running one finished or aborted after a grace period, the
 * announcement file removed).
 */
import * as os from 'node:os';
import type { Command } from 'commander';
import { companionInfoPath } from '../../protocol/companionInfo';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../protocol/protocol';
import { DEFAULT_ENDPOINT_LIMITS } from '../../protocol/endpointBackend';
import { wholeNumber } from './cliArgs';
import type { CliContext } from './cliContext';
import { CompanionServer } from '../../companion/companionServer';
import { FarmForwarder } from '../../farm/farmForwarder';
import { parseRedisUrl } from '../../farm/redisUrl';
import { locateFfmpeg } from '../../node-io/ffmpeg';
import { startStylizerWorker } from '../../companion/stylizerWorker';
import { JobFolderEncoder } from '../../companion/jobFolderEncoder';
import type { FrameEncoderBackend } from '../../protocol/endpointBackend';

interface ServeOptions {
  port: number;
  models?: string;
  maxClients: number;
  maxQueue: number;
  maxMessageMb: number;
  graceSeconds: number;
  /** The farm's Redis URL: Apply jobs may then render on the farm. */
  farm?: string;
}

export interface ServeEnvironment {
  defaultModelsDir: string;
  /** Diagnostics (stderr). */
  log: (line: string) => void;
}

export interface ServeIo {
  stdout: NodeJS.WritableStream;
  /** Fires on Ctrl-C or SIGTERM (the CLI binds both to it). */
  signal: AbortSignal;
}

export function registerServe(program: Command, { env, io }: CliContext): void {
  program.command('serve')
    .description('run the companion server on 127.0.0.1 for the Premiere panel (Ctrl-C stops it)')
    .option('--port <n>', 'port to listen on (0: any free port)', wholeNumber('--port', 0, 65535), 0)
    .option('--models <dir>', 'the models folder')
    .option('--max-clients <n>', 'panels served at once', wholeNumber('--max-clients', 1, 64), 8)
    .option('--max-queue <n>', 'frames each client may queue', wholeNumber('--max-queue', 1, 64), DEFAULT_ENDPOINT_LIMITS.maxQueuedFrames)
    .option('--max-message-mb <n>', 'largest message accepted', wholeNumber('--max-message-mb', 1, 1024), Math.ceil(DEFAULT_MAX_MESSAGE_BYTES / 2 ** 20))
    .option('--grace-seconds <n>', 'how long the running frame may finish when stopping', wholeNumber('--grace-seconds', 0, 600), 10)
    .option('--farm <redis url>', "also render Apply jobs on the render farm with this Redis (rediss:// for TLS)")
    .addHelpText('after', `
It prints "listening on 127.0.0.1:<port>" and writes the port and a fresh access token to
${companionInfoPath({ platform: process.platform, homeDir: '~', env: {} })} (readable by you only;
override with COHERENT_STYLE_COMPANION_FILE).`)
    .action(async (options: ServeOptions) => {
      await runServe(options, { defaultModelsDir: env.defaultModelsDir, log: env.log }, { stdout: io.stdout, signal: io.signal });
    });
}

/** Runs the server; resolves once it has stopped after Ctrl-C or SIGTERM. */
async function runServe(options: ServeOptions, env: ServeEnvironment, io: ServeIo): Promise<void> {
  const modelsDir = options.models ?? env.defaultModelsDir;
  // The worker loads the default mode up front: the first hello reports the provider, and bad models fail now.
  const backend = await startStylizerWorker(modelsDir);
  const { service } = backend;
  const farmRedis = options.farm === undefined ? undefined : parseRedisUrl(options.farm);
  const farm = farmRedis && await FarmForwarder.open(farmRedis, { modelsDir, findFfmpeg: locateFfmpeg, log: env.log })
    .catch(async (e: unknown) => {
      await service.dispose();
      throw e;
    });
  const infoFile = companionInfoPath({ platform: process.platform, homeDir: os.homedir(), env: process.env });
  const encoder = movieEncoder(env.log);
  const server = await CompanionServer.start({ ...backend, ...(farm ? { farm } : {}), ...(encoder ? { encoder } : {}) }, {
    port: options.port,
    infoFile,
    maxClients: options.maxClients,
    limits: { maxQueuedFrames: options.maxQueue, maxMessageBytes: options.maxMessageMb * 2 ** 20 },
    log: env.log,
  }).catch(async (e: unknown) => {
    await farm?.close(); // its Redis connections would keep the process alive
    await service.dispose();
    throw e;
  });
  env.log(`Models: ${modelsDir} · ${service.providerLabel} · token in ${infoFile}${farmRedis ? ` · farm ${farmRedis.display}` : ''}`);
  io.stdout.write(`listening on 127.0.0.1:${server.port}\n`);

  // The CLI fires the signal on Ctrl-C and on SIGTERM alike.
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  env.log('Stopping: cancelling queued frames, finishing the running one…');
  await server.stop(options.graceSeconds * 1000);
  await farm?.close();
  await service.dispose();
  env.log('Stopped.');
}

/** The panel's movie outputs need ffmpeg; without one the companion still stylizes, and says why it encodes nothing. */
function movieEncoder(log: (line: string) => void): FrameEncoderBackend | undefined {
  try {
    return new JobFolderEncoder(locateFfmpeg());
  } catch (e) {
    log(`Movies are not encoded: ${(e as Error).message}`);
    return undefined;
  }
}
