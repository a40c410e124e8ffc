/**
 * The one protocol between the panel and a remote stylizer (the WebView inference page over
 * postMessage, the companion server over WebSocket). Host-agnostic: every carrier encodes and
 * decodes with these functions, so validation lives in one place. The messages themselves are in
 * messages.ts; a message too large for one wire message travels in chunks (messageChunks.ts,
 * messageLink.ts).
 *
 * A message is a JSON header, validated with zod, plus an optional payload (an image's samples,
 * or a chunk's bytes):
 *  - binary wire (carriers that take ArrayBuffer): u32 little-endian header length, the UTF-8
 *    JSON header, then the payload (samples 8-bit, or 16-bit little-endian);
 *  - text wire (carriers that only take strings, e.g. the UXP WebView bridge): one JSON object,
 *    the header plus the payload as base64 in `payload`.
 * Requests carry an `id`; replies name the request they answer. Anything that fails validation
 * becomes a DecodeFailure the receiver turns into an `error` reply, never an exception.
 */
import type { z } from 'zod';
import { decodeBase64, encodeBase64 } from '../engine/base64';
import { decodeUtf8, encodeUtf8 } from '../engine/utf8';
import { CoherentStyleError, isCoherentStyleError, type ErrorCode } from '../engine/errors';
import type { BitDepth, Channels, RasterImage } from '../engine/images/image';
import { describeSchemaIssues } from '../engine/schemaIssues';
import {
  CLIENT_TYPES, IMAGE_TYPES, SERVER_TYPES, headerSchemas, imageHeader, requestId,
  type ClientMessage, type ErrorMessage, type Message, type MessageType, type ServerMessage,
} from './messages';
import { asBytes, samplesAsBytes, samplesFromLittleEndian } from './wireSamples';

/**
 * 5: a farm render may carry keyframes (strength and mix over time); the companion encodes a job
 *    folder's frames into a movie (`encodeFrames`, capabilities `encode`).
 * 4: a message larger than one wire message (MAX_WIRE_BYTES, 1 MiB) travels as `chunk` messages,
 * each acknowledged (`chunkAck`); every wire message, either way, is at most 1 MiB.
 * 3: steadiness (`temporal`, `clipFrame`). 2: the companion's proof of its token in the hello,
 * farm renders, the editor controls. Each side speaks its own version only: a panel and a companion
 * (or an inference page) of different releases are told to update both.
 */
export const PROTOCOL_VERSION = 5;
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** Default size cap of one whole message (reassembled from its chunks): a 4K frame at 16-bit RGBA plus its header. */
export const DEFAULT_MAX_MESSAGE_BYTES = 3840 * 2160 * 4 * 2 + (1 << 20);
/** A header is a few hundred bytes; anything near this is hostile. */
export const MAX_HEADER_BYTES = 64 * 1024;

export type WireFormat = 'binary' | 'text';
export type WireMessage = ArrayBuffer | string;

/**
 * What a carrier gives the protocol: the panel's WebView bridge, a WebSocket, the page's
 * postMessage endpoint. `format` says whether it can carry ArrayBuffers.
 */
export interface MessageTransport {
  readonly format: WireFormat;
  /**
   * Bytes handed to send() and not yet transmitted (a WebSocket's bufferedAmount); absent where
   * send() hands each message on at once. The link sends large pieces only into an empty buffer.
   */
  readonly bufferedAmount?: number;
  send(wire: WireMessage): void;
  /** Registers the single receiver of every incoming message (raw: validated by decode*). */
  onMessage(handler: (wire: unknown) => void): void;
  /** Called once when the carrier goes away (closed, crashed, navigated). */
  onClose(handler: (reason: string) => void): void;
  close(): void;
}

export interface DecodeLimits {
  maxMessageBytes: number;
}

export type Decoded<M> = { ok: true; message: M } | { ok: false; failure: DecodeFailure };

/** Why a message was refused, with the request id when the header got far enough to have one. */
export interface DecodeFailure {
  id: number | null;
  code: ErrorCode;
  message: string;
}

// ---------------------------------------------------------------- encoding

export function encodeMessage(message: Message, format: WireFormat): WireMessage {
  if (format === 'text') {
    const { header, payload } = headerAndPayload(message);
    if (payload) header.payload = encodeBase64(payload);
    return JSON.stringify(header);
  }
  const { head, payload } = binaryParts(message);
  const wire = new Uint8Array(head.length + (payload?.length ?? 0));
  wire.set(head);
  if (payload) wire.set(payload, head.length);
  return wire.buffer;
}

/** The binary wire of a message in two parts, uncopied: length prefix and header, then the payload (a view of the samples). */
export function binaryParts(message: Message): { head: Uint8Array; payload: Uint8Array | undefined } {
  const { header, payload } = headerAndPayload(message);
  const headerBytes = encodeUtf8(JSON.stringify(header));
  const head = new Uint8Array(4 + headerBytes.length);
  new DataView(head.buffer).setUint32(0, headerBytes.length, true);
  head.set(headerBytes, 4);
  return { head, payload };
}

function headerAndPayload(message: Message): { header: Record<string, unknown>; payload: Uint8Array | undefined } {
  if (message.type === 'chunk') {
    const { bytes, ...rest } = message;
    return { header: { v: PROTOCOL_VERSION, ...rest }, payload: bytes };
  }
  const image = 'image' in message ? message.image : undefined;
  const header: Record<string, unknown> = { v: PROTOCOL_VERSION, ...message };
  if (image) header.image = { width: image.width, height: image.height, channels: image.channels, bitDepth: image.bitDepth };
  return { header, payload: image ? samplesAsBytes(image) : undefined };
}

/** An error reply for a failure; `id` null when the request could not be identified. */
export function errorMessage(id: number | null, error: unknown): ErrorMessage {
  const known = isCoherentStyleError(error);
  return {
    type: 'error', id,
    code: known ? error.code : 'INFERENCE_FAILED',
    message: (known ? error.message : `The stylizer failed: ${(error as Error)?.message ?? String(error)}`).slice(0, 2000),
  };
}

export function failureMessage(failure: DecodeFailure): ErrorMessage {
  return { type: 'error', id: failure.id, code: failure.code, message: failure.message };
}

/** Turns an error reply back into the error the service's caller sees. */
export function errorFromMessage(reply: ErrorMessage): CoherentStyleError {
  return new CoherentStyleError(reply.code as ErrorCode, reply.message);
}

// ---------------------------------------------------------------- decoding

export function decodeClientMessage(wire: unknown, limits: DecodeLimits): Decoded<ClientMessage> {
  return decodeMessage(wire, limits, CLIENT_TYPES) as Decoded<ClientMessage>;
}

export function decodeServerMessage(wire: unknown, limits: DecodeLimits): Decoded<ServerMessage> {
  return decodeMessage(wire, limits, SERVER_TYPES) as Decoded<ServerMessage>;
}

/** Decodes one message of the `allowed` types (a side's own, or those with the link's). */
export function decodeMessage(wire: unknown, limits: DecodeLimits, allowed: ReadonlySet<MessageType>): Decoded<Message> {
  let id: number | null = null;
  try {
    const { header, payload } = split(wire, limits, (seen) => { id = requestIdOf(seen); });
    const message = validate(header, payload, allowed);
    return { ok: true, message };
  } catch (e) {
    const error = isCoherentStyleError(e) ? e : new CoherentStyleError('PROTOCOL', `Malformed message: ${(e as Error).message}`);
    return { ok: false, failure: { id, code: error.code, message: error.message } };
  }
}

interface SplitWire {
  header: unknown;
  payload: Uint8Array | undefined;
}

/** Splits a wire message; onHeader sees the parsed header before the payload is decoded. */
function split(wire: unknown, limits: DecodeLimits, onHeader: (header: unknown) => void): SplitWire {
  if (typeof wire === 'string') {
    // base64 grows the payload by 4/3; the limit applies to the decoded message size.
    if (wire.length > Math.ceil(limits.maxMessageBytes * 4 / 3) + MAX_HEADER_BYTES) throw tooLarge(wire.length, limits);
    const header = parseJson(wire);
    onHeader(header);
    if (!isRecord(header) || header.payload === undefined) return { header, payload: undefined };
    const { payload, ...rest } = header;
    if (typeof payload !== 'string') throw protocol('payload must be a base64 string');
    return { header: rest, payload: decodeBase64(payload) };
  }
  const bytes = asBytes(wire);
  if (!bytes) throw protocol('a message must be an ArrayBuffer or a string');
  if (bytes.length > limits.maxMessageBytes) throw tooLarge(bytes.length, limits);
  if (bytes.length < 4) throw protocol('the message is shorter than its 4-byte header length');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (headerLength > MAX_HEADER_BYTES || 4 + headerLength > bytes.length) {
    throw protocol(`the header length ${headerLength} does not fit the ${bytes.length}-byte message`);
  }
  let headerText: string;
  try {
    headerText = decodeUtf8(bytes.subarray(4, 4 + headerLength));
  } catch {
    throw protocol('the header is not UTF-8');
  }
  const header = parseJson(headerText);
  onHeader(header);
  const payload = bytes.length > 4 + headerLength ? bytes.subarray(4 + headerLength) : undefined;
  return { header, payload };
}

function validate(header: unknown, payload: Uint8Array | undefined, allowed: ReadonlySet<MessageType>): Message {
  if (!isRecord(header)) throw protocol('the header must be a JSON object');
  if (!SUPPORTED_VERSIONS.includes(header.v as number)) {
    throw new CoherentStyleError('PROTOCOL',
      `Unsupported protocol version ${JSON.stringify(header.v)}; this side speaks version ${SUPPORTED_VERSIONS.join(', ')}. Update the plugin and the companion to the same release.`);
  }
  const type = header.type as MessageType;
  if (typeof type !== 'string' || !allowed.has(type)) throw protocol(`unexpected message type ${JSON.stringify(header.type)}`);
  const parsed = headerSchemas[type].safeParse(header);
  if (!parsed.success) throw protocol(`${type}: ${describeSchemaIssues(parsed.error)}`);
  const { v: _version, ...fields } = parsed.data as Record<string, unknown> & { v: number };
  if (type === 'chunk') {
    if (!payload?.length) throw protocol('a chunk carries no bytes');
    return { ...fields, bytes: payload } as unknown as Message;
  }
  if (!IMAGE_TYPES.has(type)) {
    if (payload) throw protocol(`${type} carries no pixels, yet ${payload.length} payload bytes followed`);
    return fields as unknown as Message;
  }
  const image = imageFromPayload(fields.image as z.infer<typeof imageHeader>, payload);
  return { ...fields, image } as unknown as Message;
}

function imageFromPayload(h: z.infer<typeof imageHeader>, payload: Uint8Array | undefined): RasterImage {
  const expected = h.width * h.height * h.channels * (h.bitDepth / 8);
  const got = payload?.length ?? 0;
  if (got !== expected) {
    throw protocol(`a ${h.width}×${h.height} ${h.channels}-channel ${h.bitDepth}-bit image needs ${expected} payload bytes, got ${got}`);
  }
  const bytes = payload as Uint8Array;
  const data = h.bitDepth === 8 ? bytes : samplesFromLittleEndian(bytes);
  return { width: h.width, height: h.height, channels: h.channels as Channels, bitDepth: h.bitDepth as BitDepth, data };
}

// ---------------------------------------------------------------- helpers

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw protocol('the header is not valid JSON');
  }
}

/** The request id of a parsed header, when it has a valid one. */
export function requestIdOf(header: unknown): number | null {
  if (!isRecord(header)) return null;
  return requestId.safeParse(header.id).success ? (header.id as number) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tooLarge(bytes: number, limits: DecodeLimits): CoherentStyleError {
  return new CoherentStyleError('PROTOCOL',
    `The message is too large (${bytes} bytes, limit ${limits.maxMessageBytes}); send smaller frames or raise the limit.`);
}

function protocol(why: string): CoherentStyleError {
  return new CoherentStyleError('PROTOCOL', `Malformed message: ${why}.`);
}
