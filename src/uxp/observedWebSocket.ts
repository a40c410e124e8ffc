/**
 * A WebSocketLike that forwards to UXP's WebSocket and remembers whether it ever opened, so a
 * failed connect can be told apart: never opened (refused, blocked, no answer) or opened and then
 * rejected (a handshake the companion refused).
 */
import type { WebSocketLike } from '../protocol/webSocketTransport';

export class ObservedWebSocket implements WebSocketLike {
  private wasOpened = false;
  private openHandler: ((event: unknown) => void) | null = null;

  constructor(private readonly socket: WebSocketLike) {}

  get opened(): boolean {
    return this.wasOpened;
  }
  get binaryType(): string { return this.socket.binaryType; }
  set binaryType(value: string) { this.socket.binaryType = value; }
  get readyState(): number { return this.socket.readyState; }
  get bufferedAmount(): number { return this.socket.bufferedAmount; }
  send(data: ArrayBuffer | string): void { this.socket.send(data); }
  close(code?: number, reason?: string): void { this.socket.close(code, reason); }

  get onopen(): ((event: unknown) => void) | null { return this.openHandler; }
  set onopen(handler: ((event: unknown) => void) | null) {
    this.openHandler = handler;
    this.socket.onopen = (event) => {
      this.wasOpened = true;
      this.openHandler?.(event);
    };
  }
  get onmessage(): WebSocketLike['onmessage'] { return this.socket.onmessage; }
  set onmessage(handler: WebSocketLike['onmessage']) { this.socket.onmessage = handler; }
  get onclose(): WebSocketLike['onclose'] { return this.socket.onclose; }
  set onclose(handler: WebSocketLike['onclose']) { this.socket.onclose = handler; }
  get onerror(): WebSocketLike['onerror'] { return this.socket.onerror; }
  set onerror(handler: WebSocketLike['onerror']) { this.socket.onerror = handler; }
}
