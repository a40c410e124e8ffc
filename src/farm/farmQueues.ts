/**
 * The farm's BullMQ queues on one Redis: `chunks` (frame ranges to render) and `assembly` (one
 * parent job per render, run when all its chunks are done). Opening checks the server once with
 * no retries, so an unreachable Redis fails at once with its (redacted) address; afterwards the
 * clients reconnect on their own, so a Redis restart pauses a job instead of failing it.
 */
import { FlowProducer, Queue, type RedisOptions } from 'bullmq';
import { CoherentStyleError } from '../engine/errors';
import type { FarmRedis } from './redisUrl';

/** Key prefix of everything the farm keeps in Redis. */
export const FARM_PREFIX = 'coherent-style';
export const CHUNK_QUEUE = 'chunks';
export const ASSEMBLY_QUEUE = 'assembly';

const CONNECT_TIMEOUT_MS = 5000;
/** Reconnect delays grow to this cap, so clients notice a restarted Redis within seconds. */
const MAX_RECONNECT_DELAY_MS = 3000;

export function reconnectingOptions(redis: FarmRedis): RedisOptions {
  return {
    ...redis.connection,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt: number) => Math.min(250 * attempt, MAX_RECONNECT_DELAY_MS),
  };
}

/** Fails fast with FARM_UNREACHABLE when Redis does not answer (refused, timeout, TLS, password). */
async function checkReachable(redis: FarmRedis): Promise<void> {
  const probe = new Queue(CHUNK_QUEUE, {
    prefix: FARM_PREFIX,
    connection: { ...redis.connection, connectTimeout: CONNECT_TIMEOUT_MS, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false },
  });
  let firstError: Error | undefined;
  probe.on('error', (e: Error) => { firstError ??= e; });
  try {
    await probe.waitUntilReady();
  } catch (e) {
    const reason = (firstError ?? (e as Error)).message;
    throw new CoherentStyleError('FARM_UNREACHABLE',
      `Cannot reach the farm's Redis at ${redis.display} (${reason}). Check that redis-server runs there, the port and password are right, and this machine may connect to it.`,
      { cause: e });
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/** Redis key that marks a job cancelled; workers look at it before and during each job. */
export function cancelFlagKey(key: string): string {
  return `${FARM_PREFIX}:cancelled:${key}`;
}

export class FarmQueues {
  readonly chunks: Queue;
  readonly assembly: Queue;
  readonly flows: FlowProducer;

  private constructor(readonly redis: FarmRedis, onError: (e: Error) => void) {
    const options = { prefix: FARM_PREFIX, connection: reconnectingOptions(redis) };
    this.chunks = new Queue(CHUNK_QUEUE, options);
    this.assembly = new Queue(ASSEMBLY_QUEUE, options);
    this.flows = new FlowProducer(options);
    this.chunks.on('error', onError);
    this.assembly.on('error', onError);
    this.flows.on('error', onError);
  }

  /** Checks Redis (fast failure), then opens the queues. `onError` hears connection trouble later on. */
  static async open(redis: FarmRedis, onError: (e: Error) => void = () => undefined): Promise<FarmQueues> {
    await checkReachable(redis);
    return new FarmQueues(redis, onError);
  }

  async isCancelled(key: string): Promise<boolean> {
    return (await (await this.chunks.getBackend().client).get(cancelFlagKey(key))) !== null;
  }

  async close(): Promise<void> {
    await Promise.all([this.chunks.close(), this.assembly.close(), this.flows.close()]);
  }
}
