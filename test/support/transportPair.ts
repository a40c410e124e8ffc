/**
 * Two MessageTransports wired back to back in memory, delivering asynchronously like a real
 * carrier; used to test the protocol's client and server against each other without a socket.
 */
import type { MessageTransport, WireFormat, WireMessage } from '../../src/protocol/protocol';

export interface TransportPair {
  client: MessageTransport;
  server: MessageTransport;
  /** Every message the server received, raw. */
  serverInbox: unknown[];
}

export function transportPair(format: WireFormat = 'binary'): TransportPair {
  const ends = [makeEnd(format), makeEnd(format)] as const;
  const serverInbox: unknown[] = [];
  ends[0].peer = ends[1];
  ends[1].peer = ends[0];
  ends[1].inbox = serverInbox;
  return { client: ends[0].transport, server: ends[1].transport, serverInbox };
}

interface End {
  transport: MessageTransport;
  peer?: End;
  inbox?: unknown[];
  deliver(wire: unknown): void;
  closed(reason: string): void;
}

function makeEnd(format: WireFormat): End {
  let onMessage: (wire: unknown) => void = () => undefined;
  const closeHandlers: Array<(reason: string) => void> = [];
  let open = true;
  const end: End = {
    deliver: (wire) => setTimeout(() => { if (open) { end.inbox?.push(wire); onMessage(wire); } }, 0),
    closed: (reason) => {
      if (!open) return;
      open = false;
      closeHandlers.forEach((h) => h(reason));
    },
    transport: {
      format,
      send: (wire: WireMessage) => {
        if (!open) throw new Error('closed');
        end.peer!.deliver(wire);
      },
      onMessage: (handler) => { onMessage = handler; },
      onClose: (handler) => { closeHandlers.push(handler); },
      close: () => {
        end.closed('closed locally');
        setTimeout(() => end.peer!.closed('closed by peer'), 0);
      },
    },
  };
  return end;
}
