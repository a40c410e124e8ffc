/**
 * UXP's global WebSocket as its reference describes it (uxp-api/reference-js/global-members/
 * data-transfers/web-socket.md): readyState, binaryType, bufferedAmount that grows with send()
 * and shrinks as data goes out, and "if the data can't be sent (for example, because it needs to
 * be buffered but the buffer is full), the socket is closed automatically". The buffer's size is
 * not documented; `capacityBytes` sets it. Connections reach an in-memory server (a companion's
 * ProtocolEndpoint, say) registered for the URL's host:port, so no port is opened.
 */
import type { MessageTransport, WireMessage } from '../../src/engine/protocol/protocol';

export interface SimSocketServer {
  accept(transport: MessageTransport): void;
}

export const simSockets = {
  /** host:port → server. */
  servers: new Map<string, SimSocketServer>(),
  /** The send buffer of every socket. */
  capacityBytes: 8 * 1024 * 1024,
  /** How fast a buffer drains. */
  bytesPerMs: 64 * 1024,
  /** Every socket closed because its buffer overflowed. */
  overflows: 0,
};

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
    if (this.readyState !== OPEN) throw new Error('WebSocket is not open');
    const size = sizeOf(data);
    if (this.bufferedAmount + size > simSockets.capacityBytes) {
      simSockets.overflows++;
      this.finish(1009, 'send buffer full');
      return;
    }
    this.bufferedAmount += size;
    const copy = copyOf(data);
    this.drainChain = this.drainChain.then(() => new Promise((resolve) => setTimeout(() => {
      this.bufferedAmount -= size;
      if (this.readyState === OPEN) this.serverHandler?.(copy);
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
