/**
 * Protocol 4's chunks. UXP's WebSocket closes itself when a send cannot be buffered
 * (web-socket.md), and a 4K frame is 33–66 MB: so no wire message, either way, is larger than
 * MAX_WIRE_BYTES. A message whose wire would be larger is cut into `chunk` messages, each carrying
 * the next piece of the message as the binary wire lays it out (length prefix, header, payload),
 * made only when it is sent, so a sender holds one piece at a time beside the image itself.
 * The receiver copies the pieces into one buffer of the announced size and decodes the whole.
 */
import { CoherentStyleError } from '../engine/errors';
import type { ChunkMessage, Message } from './messages';
import { binaryParts, encodeMessage, MAX_HEADER_BYTES, requestIdOf, type DecodeFailure, type WireFormat, type WireMessage } from './protocol';
import { decodeUtf8 } from '../engine/utf8';

/** The largest wire message either side sends or accepts. */
export const MAX_WIRE_BYTES = 1 << 20;
/** Chunks a sender may have sent and not yet seen acknowledged. */
export const CHUNK_WINDOW = 2;
/** Room for a chunk's own header ({"v":4,"type":"chunk","seq":…,"total":…}) and the length prefix. */
const CHUNK_HEADER_ROOM = 1024;

/** Message bytes one chunk carries: its wire stays within MAX_WIRE_BYTES (on the text wire base64 makes 4 characters of 3 bytes). */
export function chunkPieceBytes(format: WireFormat): number {
  const room = MAX_WIRE_BYTES - CHUNK_HEADER_ROOM;
  return format === 'binary' ? room : Math.floor(room / 4) * 3;
}

/** A message on its way out: whole when its wire fits in MAX_WIRE_BYTES, else chunk by chunk. */
export class OutgoingMessage {
  private readonly head: Uint8Array;
  private readonly payload: Uint8Array | undefined;
  private readonly total: number;
  private readonly piece: number;
  /** At most the size of the whole message's wire. */
  private readonly wholeSize: number;
  private offset = 0;
  private seq = 0;
  readonly chunked: boolean;

  constructor(private readonly message: Message, private readonly format: WireFormat) {
    ({ head: this.head, payload: this.payload } = binaryParts(message));
    this.total = this.head.length + (this.payload?.length ?? 0);
    this.piece = chunkPieceBytes(format);
    // base64 turns each 3 payload bytes into 4 characters; `"payload":""` adds a dozen more.
    this.wholeSize = format === 'binary' ? this.total : this.total + Math.ceil((this.payload?.length ?? 0) / 3) + 16;
    this.chunked = this.wholeSize > MAX_WIRE_BYTES;
  }

  get done(): boolean {
    return this.chunked ? this.offset >= this.total : this.seq > 0;
  }

  /** At most the size of the next wire message. */
  get nextSize(): number {
    if (!this.chunked) return this.wholeSize;
    const bytes = Math.min(this.piece, this.total - this.offset);
    return CHUNK_HEADER_ROOM + (this.format === 'binary' ? bytes : Math.ceil(bytes / 3) * 4);
  }

  /** The next wire message: the whole message, or its next chunk. */
  take(): WireMessage {
    if (!this.chunked) {
      this.seq++;
      return encodeMessage(this.message, this.format);
    }
    const end = Math.min(this.total, this.offset + this.piece);
    const bytes = new Uint8Array(end - this.offset);
    // The piece may span the head and the payload.
    if (this.offset < this.head.length) bytes.set(this.head.subarray(this.offset, Math.min(end, this.head.length)));
    if (this.payload && end > this.head.length) {
      const from = Math.max(this.offset, this.head.length);
      bytes.set(this.payload.subarray(from - this.head.length, end - this.head.length), from - this.offset);
    }
    const chunk: ChunkMessage = { type: 'chunk', seq: this.seq++, total: this.total, bytes };
    this.offset = end;
    return encodeMessage(chunk, this.format);
  }
}

/** What a chunk completed: the whole message's bytes, or why the message it belongs to is refused. */
export type Assembled = { bytes: Uint8Array } | { failure: DecodeFailure };

/** Puts the chunks of one message at a time back together, within the receiver's message size limit. */
export class ChunkAssembler {
  private buffer: Uint8Array | undefined;
  private filled = 0;
  private nextSeq = 0;
  /** The request id of the message being assembled, read from its header in the first chunk. */
  private id: number | null = null;
  /** The rest of a refused message's chunks are dropped (and still acknowledged). */
  private discarding = false;

  constructor(private readonly maxMessageBytes: () => number) {}

  add(chunk: ChunkMessage): Assembled[] {
    const results: Assembled[] = [];
    if (chunk.seq === 0) {
      if (this.buffer) results.push(this.refuse(`a new message began after ${this.filled} of the previous one's ${this.buffer.length} bytes`));
      this.begin(chunk, results);
    } else if (this.discarding) {
      return results;
    } else if (!this.buffer) {
      results.push(this.refuse(`chunk ${chunk.seq} came without the chunks before it`));
    } else if (chunk.seq !== this.nextSeq || this.filled + chunk.bytes.length > this.buffer.length) {
      results.push(this.refuse(`chunk ${chunk.seq} does not continue the message (expected chunk ${this.nextSeq}, ${this.buffer.length - this.filled} bytes left)`));
    } else {
      this.append(chunk);
    }
    if (this.buffer && this.filled === this.buffer.length) {
      results.push({ bytes: this.buffer });
      this.buffer = undefined;
    }
    return results;
  }

  private begin(chunk: ChunkMessage, results: Assembled[]): void {
    this.discarding = false;
    this.id = requestIdIn(chunk.bytes);
    const limit = this.maxMessageBytes();
    if (chunk.total > limit) {
      results.push(this.refuse(`it is too large (${chunk.total} bytes, limit ${limit}); send smaller frames or raise the limit`));
      return;
    }
    if (chunk.bytes.length > chunk.total) {
      results.push(this.refuse(`its first chunk holds more than the ${chunk.total} bytes announced`));
      return;
    }
    this.buffer = new Uint8Array(chunk.total);
    this.filled = 0;
    this.nextSeq = 0;
    this.append(chunk);
  }

  private append(chunk: ChunkMessage): void {
    (this.buffer as Uint8Array).set(chunk.bytes, this.filled);
    this.filled += chunk.bytes.length;
    this.nextSeq++;
  }

  private refuse(why: string): Assembled {
    this.buffer = undefined;
    this.discarding = true;
    const error = new CoherentStyleError('PROTOCOL', `Malformed message: ${why}.`);
    return { failure: { id: this.id, code: error.code, message: error.message } };
  }
}

/** The request id in a message's header at the start of `bytes`, when the header is there and readable. */
function requestIdIn(bytes: Uint8Array): number | null {
  if (bytes.length < 4) return null;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (length > MAX_HEADER_BYTES || 4 + length > bytes.length) return null;
  try {
    return requestIdOf(JSON.parse(decodeUtf8(bytes.subarray(4, 4 + length))));
  } catch {
    return null;
  }
}
