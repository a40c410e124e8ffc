/**
 * The client side of the companion carrier: a MessageTransport over a standard WebSocket
 * (UXP's global WebSocket in the panel; the `ws` package's in Node tests and tools, which
 * implements the same interface).
 *
 * UXP's WebSocket reference says a send that cannot be buffered closes the socket, and leaves the
 * buffer's size unsaid. So this transport reports the socket's bufferedAmount, and the protocol's
 * link (messageLink.ts) hands over at most one chunk of at most 1 MiB at a time, into an empty buffer.
 */
import { CoherentStyleError } from '../engine/errors';
import type { MessageTransport, WireMessage } from './protocol';

/** The part of the WHATWG WebSocket this carrier uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  /** Bytes queued by send() and not yet transmitted. */
  readonly bufferedAmount: number;
  send(data: ArrayBuffer | string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

const OPEN = 1;

export type WebSocketFactory = (url: string) => WebSocketLike;

/** Opens the socket; rejects with a HOST error when it cannot connect (refused, wrong token, timeout). */
export function openWebSocketTransport(url: string, create: WebSocketFactory, timeoutMs = 5000): Promise<MessageTransport> {
  const socket = create(url);
  socket.binaryType = 'arraybuffer';
  const where = url.replace(/\?.*$/, '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      socket.onopen = socket.onclose = socket.onerror = null;
      try { socket.close(); } catch { /* already closed */ }
      reject(new CoherentStyleError('HOST', `Could not connect to the companion at ${where} (${why}). Start it with \`coherent-style serve\`.`));
    }
    socket.onerror = () => fail('connection refused or rejected');
    socket.onclose = (event) => fail(`closed with code ${event.code}`);
    socket.onopen = () => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      resolve(transportOver(socket));
    };
  });
}

function transportOver(socket: WebSocketLike): MessageTransport {
  const closeHandlers: Array<(reason: string) => void> = [];
  socket.onclose = (event) => {
    closeHandlers.splice(0).forEach((h) => h(`code ${event.code}${event.reason ? `: ${event.reason}` : ''}`));
  };
  socket.onerror = () => undefined; // onclose follows and reports it
  return {
    format: 'binary',
    get bufferedAmount() {
      return socket.bufferedAmount ?? 0;
    },
    send: (wire: WireMessage) => {
      if (socket.readyState !== OPEN) throw new Error('the WebSocket is not open');
      socket.send(wire);
    },
    onMessage: (handler) => { socket.onmessage = (event) => handler(event.data); },
    onClose: (handler) => { closeHandlers.push(handler); },
    close: () => socket.close(1000, 'bye'),
  };
}
