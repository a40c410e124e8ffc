/**
 * The farm's Redis address: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS.
 * The password only ever goes to the Redis client; everything a person or a log sees uses the
 * redacted form, so credentials never reach logs, errors or job data.
 */
import { isIP } from 'node:net';
import type { RedisOptions } from 'bullmq';
import { Option } from 'commander';
import { CoherentStyleError } from '../engine/errors';

/** Read when --redis is not given, so the password need not appear on a command line (and in `ps`). */
export const REDIS_URL_ENV = 'COHERENT_STYLE_REDIS_URL';

/** The --redis option every farm command takes; the environment variable stands in for it. */
export function redisOption(): Option {
  return new Option('--redis <url>', "the farm's Redis, e.g. redis://farm-redis:6379 (rediss:// for TLS)").env(REDIS_URL_ENV);
}

/** What to say when neither --redis nor the environment variable gives the address. */
export const MISSING_REDIS = `Missing --redis <url> (or set ${REDIS_URL_ENV}): the farm's Redis, e.g. redis://farm-redis:6379.`;

export interface FarmRedis {
  /** Client options, password included: hand to BullMQ only. */
  connection: RedisOptions;
  /** The URL with its password replaced by ***: for messages. */
  display: string;
}

const DEFAULT_PORT = 6379;

export function parseRedisUrl(text: string): FarmRedis {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // The text may hold a password, so it is not repeated here.
    throw new CoherentStyleError('INVALID_ARGUMENT', 'The Redis address is not a URL; write it as redis://host:6379 (or rediss:// for TLS, redis://:password@host:6379 with a password).');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The Redis address must start with redis:// or rediss:// (TLS), not ${url.protocol}//.`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new CoherentStyleError('INVALID_ARGUMENT', 'The Redis address names no host; write it as redis://host:6379.');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `The Redis database must be a number such as /0, got /${dbText}.`);
  }
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const tls = url.protocol === 'rediss:';
  const connection: RedisOptions = {
    host,
    port,
    ...(dbText !== '' ? { db: Number(dbText) } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    // Certificates are checked against the host name (SNI), never skipped.
    ...(tls ? { tls: isIP(host) ? {} : { servername: host } } : {}),
  };
  return { connection, display: redactedRedisUrl(url) };
}

function redactedRedisUrl(url: URL): string {
  const credentials = url.username || url.password
    ? `${url.username}${url.password ? ':***' : ''}@`
    : '';
  const port = url.port === '' ? DEFAULT_PORT : url.port;
  return `${url.protocol}//${credentials}${url.hostname}:${port}${url.pathname === '/' ? '' : url.pathname}`;
}

/**
 * Any text with the credentials of every URL in it replaced by ***: `redis://user:pw@host` becomes
 * `redis://user:***@host`, `redis://pw@host` becomes `redis://***@host`. For messages that may
 * repeat what the user typed (commander's "unknown option '--redis=redis://:pw@…'").
 */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*)@/gi, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return `${scheme}${colon >= 0 ? `${userInfo.slice(0, colon)}:***` : '***'}@`;
  });
}
