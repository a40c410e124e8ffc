/**
 * One side's end of a carrier, as both the panel (RemoteStylizeService) and a server
 * (ProtocolEndpoint) use it: messages go out in order, each whole or in chunks (messageChunks.ts),
 * and come in whole, chunks put back together, every one validated.
 *
 * Back-pressure, per wire message: a chunk goes to the carrier only while fewer than CHUNK_WINDOW
 * chunks wait for their acknowledgement (so a carrier without a buffer count, the WebView bridge,
 * is bounded too), and only into an empty send buffer where the carrier counts one (UXP's
 * WebSocket closes itself when a send overflows it); small messages may join a buffer holding
 * less than SMALL_BUFFER_BYTES. Acknowledgements go first, between the chunks of a message.
 */
import type { ChunkAckMessage, LinkMessage, Message, MessageType } from './messages';
import { LINK_TYPES } from './messages';
import { ChunkAssembler, CHUNK_WINDOW, MAX_WIRE_BYTES, OutgoingMessage } from './messageChunks';
import { decodeMessage, encodeMessage, type Decoded, type MessageTransport } from './protocol';

/** Small messages join a non-empty send buffer only while it stays under this. */
const SMALL_BUFFER_BYTES = 256 * 1024;
/** How often a full send buffer is looked at again (carriers have no drain event). */
const DRAIN_POLL_MS = 2;

/** What the link has done so far, for tests and Diagnostics. */
export interface LinkStats {
  /** The largest wire message handed to the carrier. */
  largestSend: number;
  /** The most chunk bytes that were sent and not yet acknowledged at once. */
  peakUnacknowledged: number;
  chunksSent: number;
}

export class MessageLink<In extends Message> {
  private readonly queue: OutgoingMessage[] = [];
  private readonly acks: number[] = [];
  /** Sizes of the chunks sent and not yet acknowledged, oldest first. */
  private readonly unacknowledged: number[] = [];
  private readonly assembler: ChunkAssembler;
  private readonly accepted: ReadonlySet<MessageType>;
  private readonly closeHandlers: Array<(reason: string) => void> = [];
  private handler: (decoded: Decoded<In>) => void = () => undefined;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  readonly stats: LinkStats = { largestSend: 0, peakUnacknowledged: 0, chunksSent: 0 };

  /**
   * `accepts`: the message types the other side may send; `maxMessageBytes`: the largest whole
   * message accepted (asked each time: a client learns the server's from its capabilities).
   */
  constructor(private readonly transport: MessageTransport, private readonly accepts: ReadonlySet<MessageType>, private readonly maxMessageBytes: () => number) {
    this.assembler = new ChunkAssembler(maxMessageBytes);
    this.accepted = new Set([...accepts, ...LINK_TYPES]);
    transport.onClose((reason) => this.ended(reason));
  }

  /** Queues a message; it goes out after those queued before it. Nothing is sent once the link has closed. */
  send(message: Message): void {
    if (this.closed) return;
    this.queue.push(new OutgoingMessage(message, this.transport.format));
    this.pump();
  }

  /**
   * The single receiver of every incoming message, whole or refused with the reason. The link
   * listens from here on: a carrier may hand over messages that came early at once (pageBridge.ts).
   */
  onMessage(handler: (decoded: Decoded<In>) => void): void {
    this.handler = handler;
    this.transport.onMessage((wire) => this.receive(wire));
  }

  /** Called once when the carrier goes away or a send fails. */
  onClose(handler: (reason: string) => void): void {
    this.closeHandlers.push(handler);
  }

  close(): void {
    this.transport.close();
  }

  private receive(wire: unknown): void {
    if (this.closed) return;
    const size = typeof wire === 'string' ? wire.length : (wire as { byteLength?: unknown })?.byteLength;
    if (typeof size === 'number' && size > MAX_WIRE_BYTES) {
      this.deliver({ ok: false, failure: { id: null, code: 'PROTOCOL', message: `Malformed message: ${size} bytes in one piece; protocol 4 sends at most ${MAX_WIRE_BYTES} at a time (larger messages in chunks).` } });
      return;
    }
    const decoded = decodeMessage(wire, { maxMessageBytes: MAX_WIRE_BYTES }, this.accepted) as Decoded<In | LinkMessage>;
    if (!decoded.ok || !LINK_TYPES.has(decoded.message.type)) {
      this.deliver(decoded as Decoded<In>);
      return;
    }
    const message = decoded.message as LinkMessage;
    if (message.type === 'chunkAck') {
      this.acknowledged();
      return;
    }
    this.acks.push(message.seq);
    this.pump();
    for (const result of this.assembler.add(message)) {
      this.deliver('bytes' in result ? decodeMessage(result.bytes, { maxMessageBytes: this.maxMessageBytes() }, this.accepts) as Decoded<In> : { ok: false, failure: result.failure });
    }
  }

  private deliver(decoded: Decoded<In>): void {
    this.handler(decoded);
  }

  private acknowledged(): void {
    // An acknowledgement of nothing is ignored: it could only let this side send sooner.
    this.unacknowledged.shift();
    this.pump();
  }

  private pump(): void {
    if (this.drainTimer !== undefined) return;
    while (!this.closed) {
      const ack = this.acks.length > 0;
      const next = this.queue[0];
      if (!ack && !next) return;
      if (!ack && next.chunked && this.unacknowledged.length >= CHUNK_WINDOW) return; // an acknowledgement resumes it
      const size = ack ? 64 : next.nextSize;
      if (!this.bufferHasRoom(size)) {
        this.drainTimer = setTimeout(() => {
          this.drainTimer = undefined;
          this.pump();
        }, DRAIN_POLL_MS);
        return;
      }
      const wire = ack ? encodeMessage({ type: 'chunkAck', seq: this.acks.shift() as number } satisfies ChunkAckMessage, this.transport.format) : next.take();
      if (!ack && next.chunked) this.sentChunk(typeof wire === 'string' ? wire.length : wire.byteLength);
      if (!ack && next.done) this.queue.shift();
      if (!this.hand(wire)) return;
    }
  }

  private bufferHasRoom(size: number): boolean {
    const buffered = this.transport.bufferedAmount ?? 0;
    return buffered === 0 || (size <= SMALL_BUFFER_BYTES && buffered + size <= SMALL_BUFFER_BYTES);
  }

  private sentChunk(bytes: number): void {
    this.unacknowledged.push(bytes);
    this.stats.chunksSent++;
    this.stats.peakUnacknowledged = Math.max(this.stats.peakUnacknowledged, this.unacknowledged.reduce((sum, n) => sum + n, 0));
  }

  /** Gives one wire message to the carrier; a carrier that refuses it is treated as gone. */
  private hand(wire: string | ArrayBuffer): boolean {
    this.stats.largestSend = Math.max(this.stats.largestSend, typeof wire === 'string' ? wire.length : wire.byteLength);
    try {
      this.transport.send(wire);
      return true;
    } catch (e) {
      this.ended(`could not send: ${(e as Error)?.message ?? String(e)}`);
      return false;
    }
  }

  private ended(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.drainTimer !== undefined) clearTimeout(this.drainTimer);
    this.queue.length = 0;
    this.acks.length = 0;
    this.closeHandlers.splice(0).forEach((h) => h(reason));
  }
}
