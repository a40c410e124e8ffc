/**
 * The client side of the companion carrier: a MessageTransport over a standard WebSocket
 * (UXP's global WebSocket in the panel; the `ws` package's in Node tests and tools, which
 * implements the same interface).
 *
 * Back-pressure: UXP's WebSocket reference says a send that cannot be buffered closes the socket.
 * So messages wait in a queue of our own and go to the socket only while its bufferedAmount is
 * low: a large frame is handed over when the buffer is empty, small ones while it holds less
 * than SMALL_BUFFER_BYTES. (A single frame larger than the host's buffer would still need chunking
 * in the protocol; see docs/premiere-checklist.md.)
 */
import { CoherentStyleError } from '../errors';
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

/** Messages join a non-empty socket buffer only while it stays under this. */
const SMALL_BUFFER_BYTES = 256 * 1024;
/** How often a full buffer is looked at again. */
const DRAIN_POLL_MS = 2;
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

const sizeOf = (wire: WireMessage) => (typeof wire === 'string' ? wire.length * 3 : wire.byteLength);

function transportOver(socket: WebSocketLike): MessageTransport {
  const closeHandlers: Array<(reason: string) => void> = [];
  const queue: WireMessage[] = [];
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  const pump = () => {
    drainTimer = undefined;
    while (queue.length > 0 && socket.readyState === OPEN) {
      const buffered = socket.bufferedAmount ?? 0;
      if (buffered > 0 && buffered + sizeOf(queue[0]) > SMALL_BUFFER_BYTES) {
        drainTimer = setTimeout(pump, DRAIN_POLL_MS);
        return;
      }
      socket.send(queue.shift()!);
    }
  };
  socket.onclose = (event) => {
    if (drainTimer) clearTimeout(drainTimer);
    queue.length = 0;
    closeHandlers.splice(0).forEach((h) => h(`code ${event.code}${event.reason ? `: ${event.reason}` : ''}`));
  };
  socket.onerror = () => undefined; // onclose follows and reports it
  return {
    format: 'binary',
    send: (wire: WireMessage) => {
      queue.push(wire);
      if (!drainTimer) pump();
    },
    onMessage: (handler) => { socket.onmessage = (event) => handler(event.data); },
    onClose: (handler) => { closeHandlers.push(handler); },
    close: () => socket.close(1000, 'bye'),
  };
}
