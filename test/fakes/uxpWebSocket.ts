/**
 * UXP's global WebSocket as its reference describes it (uxp-api/reference-js/global-members/
 * data-transfers/web-socket.md): readyState, binaryType, bufferedAmount that grows with send()
 * and shrinks as data goes out, and "if the data can't be sent (for example, because it needs to
 * be buffered but the buffer is full), the socket is closed automatically". The buffer's size is
 * not documented; `capacityBytes` sets it, by default 1 MiB, the protocol's largest wire message:
 * any larger send, or a send into a buffer it does not fit beside, closes the socket. Connections
 * reach an in-memory server (a companion's ProtocolEndpoint, say) registered for the URL's
 * host:port, so no port is opened. `largestSend` and `peakBufferedBytes` are what a test asserts
 * the panel's memory for the carrier by.
 */
import type { MessageTransport, WireMessage } from '../../src/protocol/protocol';

export interface SimSocketServer {
  accept(transport: MessageTransport): void;
}

/** The protocol's largest wire message (messageChunks.ts MAX_WIRE_BYTES). */
const DEFAULT_CAPACITY_BYTES = 1024 * 1024;

export const simSockets = {
  /** host:port → server. */
  servers: new Map<string, SimSocketServer>(),
  /** The send buffer of every socket. */
  capacityBytes: DEFAULT_CAPACITY_BYTES,
  /** How fast a buffer drains. */
  bytesPerMs: 64 * 1024,
  /** Every socket closed because its buffer overflowed. */
  overflows: 0,
  /** The largest single send() of any socket. */
  largestSend: 0,
  /** The most bytes any socket's buffer held at once. */
  peakBufferedBytes: 0,
};

/** Back to a small buffer and no traffic seen. */
export function resetSimSockets(): void {
  simSockets.servers.clear();
  Object.assign(simSockets, { capacityBytes: DEFAULT_CAPACITY_BYTES, bytesPerMs: 64 * 1024, overflows: 0, largestSend: 0, peakBufferedBytes: 0 });
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

const sizeOf = (data: ArrayBuffer | ArrayBufferView | string) =>
  (typeof data === 'string' ? data.length : data.byteLength);

const copyOf = (data: ArrayBuffer | ArrayBufferView | string): ArrayBuffer | string => {
  if (typeof data === 'string') return data;
  const view = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  return view.slice().buffer;
};

export class SimWebSocket {
  readyState = CONNECTING;
  bufferedAmount = 0;
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private serverHandler: ((wire: unknown) => void) | undefined;
  private readonly serverCloseHandlers: Array<(reason: string) => void> = [];
  private drainChain = Promise.resolve();

  constructor(readonly url: string) {
    const match = /^wss?:\/\/([^/]+)\//.exec(url);
    if (!match) throw new Error(`Invalid WebSocket url ${url}`);
    const server = simSockets.servers.get(match[1]);
    setTimeout(() => {
      if (!server) {
        this.onerror?.({ type: 'error' });
        this.finish(1006, '');
        return;
      }
      this.readyState = OPEN;
      server.accept(this.serverEnd());
      this.onopen?.({ type: 'open' });
    }, 1);
  }

  send(data: ArrayBuffer | ArrayBufferView | string): void {
    const size = sizeOf(data);
    if (this.readyState === CONNECTING) throw new Error('WebSocket is not open');
    // "This value does not reset to zero when the connection is closed; If you keep calling send(), this will continue to climb."
    if (this.readyState === CLOSED) {
      this.bufferedAmount += size;
      return;
    }
    simSockets.largestSend = Math.max(simSockets.largestSend, size);
    if (this.bufferedAmount + size > simSockets.capacityBytes) {
      simSockets.overflows++;
      this.finish(1009, 'send buffer full');
      return;
    }
    this.bufferedAmount += size;
    simSockets.peakBufferedBytes = Math.max(simSockets.peakBufferedBytes, this.bufferedAmount);
    const copy = copyOf(data);
    this.drainChain = this.drainChain.then(() => new Promise((resolve) => setTimeout(() => {
      if (this.readyState === OPEN) {
        this.bufferedAmount -= size;
        this.serverHandler?.(copy);
      }
      resolve();
    }, Math.ceil(size / simSockets.bytesPerMs))));
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === CLOSED) return;
    setTimeout(() => this.finish(code, reason), 0);
  }

  private finish(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.serverCloseHandlers.splice(0).forEach((h) => h(`code ${code}`));
    this.onclose?.({ code, reason });
  }

  /** The server's side of the connection. */
  private serverEnd(): MessageTransport {
    return {
      format: 'binary',
      send: (wire: WireMessage) => {
        const copy = copyOf(wire);
        setTimeout(() => { if (this.readyState === OPEN) this.onmessage?.({ data: copy }); }, 0);
      },
      onMessage: (handler) => { this.serverHandler = handler; },
      onClose: (handler) => { this.serverCloseHandlers.push(handler); },
      close: () => this.finish(1000, 'server closed'),
    };
  }
}
