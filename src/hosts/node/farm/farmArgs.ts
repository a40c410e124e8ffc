/** Option parsing shared by the farm's commands (node:util parseArgs, like `serve`). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CoherentStyleError } from '../../../engine/errors';
import { REDIS_URL_ENV } from './redisUrl';

export type ParsedValues = Record<string, string | boolean | undefined>;

export function usageError(message: string, usage: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `${message}\n${usage}`);
}

export function parseCommandArgs(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): { values: ParsedValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true }) as { values: ParsedValues; positionals: string[] };
  } catch (e) {
    throw usageError((e as Error).message, usage);
  }
}

/** --redis, else $COHERENT_STYLE_REDIS_URL (keeps a password off the command line). */
export function redisUrlOption(values: ParsedValues, usage: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = typeof values.redis === 'string' ? values.redis : env[REDIS_URL_ENV];
  if (!url) throw usageError(`Missing --redis <url> (or set ${REDIS_URL_ENV}): the farm's Redis, e.g. redis://farm-redis:6379.`, usage);
  return url;
}

export function wholeNumber(text: string | boolean | undefined, flag: string, fallback: number, min: number, max: number, usage: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw usageError(`${flag} must be a whole number from ${min} to ${max}, got "${String(text)}".`, usage);
  }
  return value;
}

export function jobKeyArgument(positionals: readonly string[], usage: string): string {
  if (positionals.length !== 1 || !/^cs-[0-9a-f]{32}$/.test(positionals[0])) {
    throw usageError('Give one job id as printed by `coherent-style farm submit` (cs- and 32 hex digits).', usage);
  }
  return positionals[0];
}
