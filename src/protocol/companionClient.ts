/**
 * Connecting to the companion server the way every client must: a fresh nonce, the token's HMAC
 * in the URL (never the token), and a hello that only counts once the server has proved it holds
 * the same token (companionHandshake.ts). Used by the panel's companion carrier and by Node tools.
 */
import { newNonce, serverProof } from './companionHandshake';
import { companionUrl, type CompanionInfo } from './companionInfo';
import { RemoteStylizeService, type RemoteConnectOptions } from './remoteStylizeService';
import { openWebSocketTransport, type WebSocketFactory } from './webSocketTransport';

export interface CompanionConnectOptions extends Omit<RemoteConnectOptions, 'serverProof'> {
  /** How long to wait for the socket to open. */
  openTimeoutMs?: number;
}

export async function connectCompanion(info: CompanionInfo, createSocket: WebSocketFactory, options: CompanionConnectOptions = {}): Promise<RemoteStylizeService> {
  const nonce = newNonce();
  const transport = await openWebSocketTransport(companionUrl(info, nonce), createSocket, options.openTimeoutMs);
  return RemoteStylizeService.connect(transport, 'companion', { ...options, serverProof: { nonce, expected: serverProof(info.token, nonce) } });
}
