/**
 * The one protocol between the panel and a remote stylizer (the WebView inference page over
 * postMessage, the companion server over WebSocket). Host-agnostic: every carrier encodes and
 * decodes with these functions, so validation lives in one place.
 *
 * A message is a JSON header, validated with zod, plus an optional pixel payload:
 *  - binary wire (carriers that take ArrayBuffer): u32 little-endian header length, the UTF-8
 *    JSON header, then the raw samples (8-bit, or 16-bit little-endian);
 *  - text wire (carriers that only take strings, e.g. the UXP WebView bridge): one JSON object,
 *    the header plus the payload as base64 in `payload`.
 * Requests carry an `id`; replies name the request they answer. Anything that fails validation
 * becomes a DecodeFailure the receiver turns into an `error` reply, never an exception.
 */
import { z } from 'zod';
import { decodeBase64, encodeBase64 } from './base64';
import { decodeUtf8, encodeUtf8 } from '../utf8';
import { CoherentStyleError, isCoherentStyleError, type ErrorCode } from '../errors';
import { DEFAULT_MAX_PIXELS, type BitDepth, type Channels, type RasterImage } from '../images/image';
import { describeSchemaIssues } from '../schemaIssues';
import { MAX_STYLE_SHORT_SIDE, MIN_STYLE_SHORT_SIDE } from '../inference/stylizeService';
import { TEMPORAL_LEVELS } from '../temporal/stabilizer';
import { MAX_STYLE_SCALE, MIN_STYLE_SCALE } from '../inference/styleScale';
import { MAX_MIXED_STYLES, MAX_STYLE_WEIGHT } from '../inference/styleMix';
import { NONCE_PATTERN } from './companionHandshake';

/**
 * 2: hello carries a nonce and capabilities the companion's proof of the token
 * (companionHandshake.ts); farm renders (farmRender, farmProgress) and `farm` in capabilities; the
 * editor controls (keepColors, styleScale, style mixes). Version 1 is refused: its panels cannot
 * answer the companion's handshake, and the WebView page ships with the panel.
 */
export const PROTOCOL_VERSION = 3;
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** No side beyond 8K; the pixel limit is the engine's own (DEFAULT_MAX_PIXELS), checked before any pixel is touched. */
export const MAX_FRAME_SIDE = 8192;
/** Default size cap of one message: a 4K frame at 16-bit RGBA plus its header. */
export const DEFAULT_MAX_MESSAGE_BYTES = 3840 * 2160 * 4 * 2 + (1 << 20);
/** A header is a few hundred bytes; anything near this is hostile. */
const MAX_HEADER_BYTES = 64 * 1024;

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const jobId = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'must be letters, digits, . : _ or -');
const modeId = z.string().min(1).max(64);
const frameIndex = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * A file or folder on storage every farm machine sees at the same path, so never relative (it
 * would resolve against the companion's working folder): /…, C:\… or a \\server\share path.
 */
const sharedPath = z.string().min(1).max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p), 'must be an absolute path on storage every farm machine sees');
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const imageHeader = z.object({
  width: z.number().int().positive().max(MAX_FRAME_SIDE),
  height: z.number().int().positive().max(MAX_FRAME_SIDE),
  channels: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  bitDepth: z.union([z.literal(8), z.literal(16)]),
}).refine((h) => h.width * h.height <= DEFAULT_MAX_PIXELS, { message: `frames are limited to ${DEFAULT_MAX_PIXELS} pixels (8K UHD with margin)` });

const base = { v: z.number().int() };

/** One style image of a mix, sent as its own message (each within the message size cap), parts 0..of-1 in order. */
const mixPart = z.object({
  part: z.number().int().nonnegative(), of: z.number().int().min(2).max(MAX_MIXED_STYLES), weight: z.number().nonnegative().max(MAX_STYLE_WEIGHT),
}).strict().refine((m) => m.part < m.of, { message: 'part must be below of' }).optional();

const headerSchemas = {
  hello: z.object({
    ...base, type: z.literal('hello'), id: requestId, client: z.string().max(200),
    /** Asks the server to prove it holds the companion token (see companionHandshake.ts). */
    nonce: z.string().regex(NONCE_PATTERN).optional(),
  }).strict(),
  loadModel: z.object({ ...base, type: z.literal('loadModel'), id: requestId, mode: modeId }).strict(),
  setStyle: z.object({
    ...base, type: z.literal('setStyle'), id: requestId, job: jobId, mode: modeId,
    styleShortSide: z.number().int().min(MIN_STYLE_SHORT_SIDE).max(MAX_STYLE_SHORT_SIDE).optional(),
    styleScale: z.number().min(MIN_STYLE_SCALE).max(MAX_STYLE_SCALE).optional(),
    /** One style of a mix: the job's style is set once all `of` parts (sent in order, same settings) have arrived. */
    mix: mixPart,
    image: imageHeader,
  }).strict(),
  stylize: z.object({
    ...base, type: z.literal('stylize'), id: requestId, job: jobId, frame: frameIndex,
    strength: z.number().min(0).max(1), renderShortSide: z.number().int().min(16).max(MAX_FRAME_SIDE).optional(),
    keepColors: z.boolean().optional(),
    /** Steadiness (version 3): the frame is steadied against the job's earlier frames, `clipFrame` being its position in the clip. */
    temporal: z.enum(TEMPORAL_LEVELS).optional(), clipFrame: frameIndex.optional(),
    image: imageHeader,
  }).strict().refine((m) => (m.temporal ?? 'off') === 'off' || m.clipFrame !== undefined, { message: 'a steadied frame needs clipFrame' }),
  cancel: z.object({ ...base, type: z.literal('cancel'), id: requestId, job: jobId, frame: frameIndex.optional() }).strict(),
  endJob: z.object({ ...base, type: z.literal('endJob'), id: requestId, job: jobId }).strict(),
  bye: z.object({ ...base, type: z.literal('bye'), reason: z.string().max(500).optional() }).strict(),
  /**
   * A render on the render farm (companion started with --farm): `input` (a video or a frame
   * folder) and `output` (a video file or a folder) on shared storage; the image is the style.
   * Answered by farmProgress messages, then ok when the output is complete, or error; `cancel`
   * with the same job cancels it on the farm. The same render sent again follows the farm job
   * already running (or finds it done) instead of rendering twice. A style mix is sent as `of`
   * farmRender messages with `mix`, in order: each part but the last is answered ok at once; the
   * last (whose settings count) submits the render and is answered as above.
   */
  farmRender: z.object({
    ...base, type: z.literal('farmRender'), id: requestId, job: jobId, input: sharedPath, output: sharedPath, mode: modeId,
    strength: z.number().min(0).max(1), renderShortSide: z.number().int().min(16).max(MAX_FRAME_SIDE).optional(),
    keepColors: z.boolean().optional(), styleScale: z.number().min(MIN_STYLE_SCALE).max(MAX_STYLE_SCALE).optional(),
    temporal: z.enum(TEMPORAL_LEVELS).optional(),
    mix: mixPart,
    image: imageHeader,
  }).strict(),
  capabilities: z.object({
    ...base, type: z.literal('capabilities'), id: requestId,
    versions: z.array(z.number().int()),
    runtime: z.string().max(100),
    provider: z.string().max(100),
    /** GPU adapter or device description, when known. */
    adapter: z.string().max(300).optional(),
    providerLabel: z.string().max(100),
    modes: z.array(z.object({ id: modeId, label: z.string().max(200) })).max(64),
    defaultMode: modeId,
    maxMessageBytes: z.number().int().positive(),
    maxQueuedFrames: z.number().int().positive(),
    /** Whether farmRender is served (the companion was started with --farm). */
    farm: z.boolean(),
    /** HMAC of the hello's nonce under the companion token; absent when none was asked for. */
    proof: z.string().regex(NONCE_PATTERN).optional(),
  }).strict(),
  ok: z.object({ ...base, type: z.literal('ok'), id: requestId }).strict(),
  progress: z.object({
    ...base, type: z.literal('progress'), id: requestId, job: jobId, frame: frameIndex,
    state: z.enum(['queued', 'running']), queuePosition: z.number().int().nonnegative().optional(),
  }).strict(),
  /** Where a farm render stands; sent about once a second until its ok or error. */
  farmProgress: z.object({
    ...base, type: z.literal('farmProgress'), id: requestId, job: jobId,
    /** The farm's own job id (for `coherent-style farm status`). */
    farmJob: jobId,
    state: z.enum(['waiting', 'rendering', 'assembling']),
    frames: z.object({ done: count, total: count }).strict(),
    /** The farm's overall rate, measured over the last seconds. */
    fps: z.number().nonnegative(),
    etaSeconds: z.number().nonnegative().nullable(),
    chunks: z.object({ total: count, done: count, running: count, failed: count }).strict(),
  }).strict(),
  result: z.object({
    ...base, type: z.literal('result'), id: requestId, job: jobId, frame: frameIndex,
    /** Time the stylizer spent on the frame; the rest of a round trip is the carrier's. */
    computeMs: z.number().nonnegative().optional(),
    image: imageHeader,
  }).strict(),
  error: z.object({
    ...base, type: z.literal('error'), id: requestId.nullable(),
    code: z.string().max(40), message: z.string().max(2000),
  }).strict(),
} as const;

export type MessageType = keyof typeof headerSchemas;
type Header<T extends MessageType> = Omit<z.infer<(typeof headerSchemas)[T]>, 'v' | 'image'>;
/** Messages that carry pixels hold them as a RasterImage in place of the wire's image header. */
type WithImage<T extends MessageType> = Header<T> & { image: RasterImage };

export type HelloMessage = Header<'hello'>;
export type LoadModelMessage = Header<'loadModel'>;
export type SetStyleMessage = WithImage<'setStyle'>;
export type StylizeMessage = WithImage<'stylize'>;
export type CancelMessage = Header<'cancel'>;
export type EndJobMessage = Header<'endJob'>;
export type ByeMessage = Header<'bye'>;
export type CapabilitiesMessage = Header<'capabilities'>;
export type OkMessage = Header<'ok'>;
export type ProgressMessage = Header<'progress'>;
export type FarmRenderMessage = WithImage<'farmRender'>;
export type FarmProgressMessage = Header<'farmProgress'>;
export type ResultMessage = WithImage<'result'>;
export type ErrorMessage = Header<'error'>;

export type ClientMessage = HelloMessage | LoadModelMessage | SetStyleMessage | StylizeMessage | CancelMessage | EndJobMessage | FarmRenderMessage | ByeMessage;
export type ServerMessage = CapabilitiesMessage | OkMessage | ProgressMessage | FarmProgressMessage | ResultMessage | ErrorMessage | ByeMessage;
export type Message = ClientMessage | ServerMessage;

const CLIENT_TYPES = new Set<MessageType>(['hello', 'loadModel', 'setStyle', 'stylize', 'cancel', 'endJob', 'farmRender', 'bye']);
const SERVER_TYPES = new Set<MessageType>(['capabilities', 'ok', 'progress', 'farmProgress', 'result', 'error', 'bye']);
const IMAGE_TYPES = new Set<MessageType>(['setStyle', 'stylize', 'farmRender', 'result']);

export type WireFormat = 'binary' | 'text';
export type WireMessage = ArrayBuffer | string;

/**
 * What a carrier gives the protocol: the panel's WebView bridge, a WebSocket, the page's
 * postMessage endpoint. `format` says whether it can carry ArrayBuffers.
 */
export interface MessageTransport {
  readonly format: WireFormat;
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
  const image = 'image' in message ? message.image : undefined;
  const header: Record<string, unknown> = { v: PROTOCOL_VERSION, ...message };
  if (image) header.image = { width: image.width, height: image.height, channels: image.channels, bitDepth: image.bitDepth };
  const payload = image ? samplesAsBytes(image) : undefined;
  if (format === 'text') {
    if (payload) header.payload = encodeBase64(payload);
    return JSON.stringify(header);
  }
  const headerBytes = encodeUtf8(JSON.stringify(header));
  const wire = new Uint8Array(4 + headerBytes.length + (payload?.length ?? 0));
  new DataView(wire.buffer).setUint32(0, headerBytes.length, true);
  wire.set(headerBytes, 4);
  if (payload) wire.set(payload, 4 + headerBytes.length);
  return wire.buffer;
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
  return decodeAs(wire, limits, CLIENT_TYPES) as Decoded<ClientMessage>;
}

export function decodeServerMessage(wire: unknown, limits: DecodeLimits): Decoded<ServerMessage> {
  return decodeAs(wire, limits, SERVER_TYPES) as Decoded<ServerMessage>;
}

function decodeAs(wire: unknown, limits: DecodeLimits, allowed: Set<MessageType>): Decoded<Message> {
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

function validate(header: unknown, payload: Uint8Array | undefined, allowed: Set<MessageType>): Message {
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

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function samplesAsBytes(image: RasterImage): Uint8Array {
  const { data } = image;
  if (data instanceof Uint8Array) return data;
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * 2);
  const view = new DataView(bytes.buffer);
  data.forEach((sample, i) => view.setUint16(i * 2, sample, true));
  return bytes;
}

function samplesFromLittleEndian(bytes: Uint8Array): Uint16Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const samples = new Uint16Array(bytes.length / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getUint16(i * 2, true);
  return samples;
}

function asBytes(wire: unknown): Uint8Array | undefined {
  if (wire instanceof ArrayBuffer) return new Uint8Array(wire);
  if (ArrayBuffer.isView(wire)) return new Uint8Array(wire.buffer, wire.byteOffset, wire.byteLength);
  // ArrayBuffers from another realm (an iframe, a worker) fail instanceof.
  if (Object.prototype.toString.call(wire) === '[object ArrayBuffer]') return new Uint8Array(wire as ArrayBuffer);
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw protocol('the header is not valid JSON');
  }
}

function requestIdOf(header: unknown): number | null {
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
