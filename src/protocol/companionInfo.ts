/**
 * Where a running companion server announces itself, and what it writes there. Host-agnostic
 * because both sides need it: the node server writes the file, the panel (UXP) reads it to find
 * the port and the token. The file lives in the user's config folder, readable by the user only.
 */
import { z } from 'zod';
import { clientAuth } from './companionHandshake';

/** Overrides the announcement file's path (tests, unusual setups). */
export const COMPANION_FILE_ENV = 'COHERENT_STYLE_COMPANION_FILE';
export const COMPANION_FILE_NAME = 'companion.json';

export const companionInfoSchema = z.object({
  version: z.literal(1),
  host: z.literal('127.0.0.1'),
  port: z.number().int().min(1).max(65535),
  /** 64 hex characters; the key of the handshake's HMACs (never sent). */
  token: z.string().regex(/^[0-9a-f]{64}$/),
  pid: z.number().int().positive(),
  startedAt: z.string(),
});

export type CompanionInfo = z.infer<typeof companionInfoSchema>;

export interface PlatformFacts {
  platform: string;
  homeDir: string;
  env: Record<string, string | undefined>;
}

/** Node says "win32"; UXP's os.platform() is documented to answer "win32" or "win10" too. */
const isWindows = (platform: string) => platform.startsWith('win');

/** The folder per-user settings belong in on this platform. */
export function userConfigDir({ platform, homeDir, env }: PlatformFacts): string {
  if (isWindows(platform)) return joinPath(platform, env.APPDATA ?? joinPath(platform, homeDir, 'AppData', 'Roaming'), 'Coherent Style');
  if (platform === 'darwin') return joinPath(platform, homeDir, 'Library', 'Application Support', 'Coherent Style');
  return joinPath(platform, env.XDG_CONFIG_HOME || joinPath(platform, homeDir, '.config'), 'coherent-style');
}

export function companionInfoPath(facts: PlatformFacts): string {
  return facts.env[COMPANION_FILE_ENV] || joinPath(facts.platform, userConfigDir(facts), COMPANION_FILE_NAME);
}

/**
 * The URL a client opens (companionHandshake.ts): a nonce and an HMAC of it under the token, in
 * the query because UXP's WebSocket cannot set headers. The token itself never leaves the file.
 */
export function companionUrl(info: CompanionInfo, nonce: string): string {
  return `ws://${info.host}:${info.port}/?nonce=${nonce}&auth=${clientAuth(info.token, nonce)}`;
}

function joinPath(platform: string, ...parts: string[]): string {
  const separator = isWindows(platform) ? '\\' : '/';
  return parts.map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p)).join(separator);
}
