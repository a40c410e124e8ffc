/**
 * The messages of the protocol (protocol.ts): each type's header as a zod schema, the TypeScript
 * types the two sides handle, and which side may send which. Pixels are not in the schemas: a
 * message that carries an image has its size here and its samples in the payload.
 */
import { z } from 'zod';
import { DEFAULT_MAX_PIXELS, type RasterImage } from '../engine/images/image';
import { MAX_STYLE_SHORT_SIDE, MIN_STYLE_SHORT_SIDE } from '../engine/inference/stylizeService';
import { NONCE_PATTERN } from './companionHandshake';
import { MAX_MIXED_STYLES, MAX_STYLE_WEIGHT } from '../engine/look/mix';
import { lookFields } from '../engine/look/look';
import { lookKeyframesSchema } from '../engine/look/lookKeyframes';
import { VIDEO_FORMATS } from '../engine/render/videoFormats';
import { wireFrameShape, wireLookShape, wireStyleShape } from './wireLook';

/** No side beyond 8K; the pixel limit is the engine's own (DEFAULT_MAX_PIXELS), checked before any pixel is touched. */
export const MAX_FRAME_SIDE = 8192;

export const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const jobId = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'must be letters, digits, . : _ or -');
const modeId = lookFields.mode;
const frameIndex = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Never relative (it would resolve against the companion's working folder): /…, C:\… or a \\server\share path. */
const absolutePath = (rule: string) => z.string().min(1).max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p), rule);
/** A file or folder on storage every farm machine sees at the same path. */
const sharedPath = absolutePath('must be an absolute path on storage every farm machine sees');
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const imageHeader = z.object({
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

export const headerSchemas = {
  hello: z.object({
    ...base, type: z.literal('hello'), id: requestId, client: z.string().max(200),
    /** Asks the server to prove it holds the companion token (see companionHandshake.ts). */
    nonce: z.string().regex(NONCE_PATTERN).optional(),
  }).strict(),
  loadModel: z.object({ ...base, type: z.literal('loadModel'), id: requestId, mode: modeId }).strict(),
  setStyle: z.object({
    ...base, type: z.literal('setStyle'), id: requestId, job: jobId, ...wireStyleShape,
    styleShortSide: z.number().int().min(MIN_STYLE_SHORT_SIDE).max(MAX_STYLE_SHORT_SIDE).optional(),
    /** One style of a mix: the job's style is set once all `of` parts (sent in order, same settings) have arrived. */
    mix: mixPart,
    image: imageHeader,
  }).strict(),
  stylize: z.object({
    ...base, type: z.literal('stylize'), id: requestId, job: jobId, frame: frameIndex, ...wireFrameShape,
    /** Steadiness (version 3): the frame is steadied against the job's earlier frames, `clipFrame` being its position in the clip. */
    clipFrame: frameIndex.optional(),
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
    ...base, type: z.literal('farmRender'), id: requestId, job: jobId, input: sharedPath, output: sharedPath, ...wireLookShape,
    /** Strength and mix over time (version 5), at the input's frame numbers; weights one per style of the mix. */
    keyframes: lookKeyframesSchema.optional(),
    /**
     * The look only inside a matte (version 5, `farm submit --matte`): a frame folder on shared
     * storage whose frame at position k is the input's at position k; `outsideStyle`: the style
     * outside it was sent first, as a message with matteStyle.
     */
    matte: z.object({ path: sharedPath, inverted: z.boolean(), outsideStyle: z.boolean() }).strict().optional(),
    /** This message's image is the style outside the matte (--matte-style), sent before the look's style or mix; answered ok at once. */
    matteStyle: z.literal(true).optional(),
    mix: mixPart,
    image: imageHeader,
  }).strict()
    .refine((m) => !m.matteStyle || (m.matte?.outsideStyle === true && !m.mix), { message: 'a matteStyle message carries the style outside the render\'s matte, not a mix part' }),
  /**
   * Version 5: the companion encodes a job folder's numbered PNG frames (`prefix` then 000001.png
   * on, `frameCount` of them, at `fps`) into the movie `output` beside them, under a temp name
   * renamed once complete; answered ok when the movie is there, or error. Only a job folder inside
   * a "Coherent Style Renders" folder is written, and `output` is a plain file name there.
   * `cancel` with the same job stops ffmpeg (nothing is left under the movie's name).
   */
  encodeFrames: z.object({
    ...base, type: z.literal('encodeFrames'), id: requestId, job: jobId,
    folder: absolutePath('must be an absolute path to a job folder in a "Coherent Style Renders" folder'),
    prefix: z.string().max(64).regex(/^[\w -]*$/, 'must be letters, digits, spaces, _ or -'),
    frameCount: z.number().int().positive().max(10_000_000),
    fps: z.object({ num: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), den: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(),
    format: z.enum(VIDEO_FORMATS),
    output: z.string().max(80).regex(/^[\w-][\w -]*\.(mov|mp4)$/, 'must be a file name ending in .mov or .mp4'),
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
    /** Version 5: the formats encodeFrames writes (none when the companion has no ffmpeg). */
    encode: z.array(z.enum(VIDEO_FORMATS)).max(VIDEO_FORMATS.length),
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
  /**
   * Version 4: one piece of a message too large for one wire message (messageChunks.ts). Its
   * payload is bytes `seq`·piece… of the whole message as the binary wire lays it out; seq 0
   * starts a message of `total` bytes, and the pieces of one message follow each other in order.
   */
  chunk: z.object({ ...base, type: z.literal('chunk'), seq: count, total: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(),
  /** Version 4: the receiver has taken chunk `seq`; the sender keeps at most CHUNK_WINDOW unacknowledged. */
  chunkAck: z.object({ ...base, type: z.literal('chunkAck'), seq: count }).strict(),
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
export type EncodeFramesMessage = Header<'encodeFrames'>;
export type FarmProgressMessage = Header<'farmProgress'>;
export type ResultMessage = WithImage<'result'>;
export type ErrorMessage = Header<'error'>;

/** A chunk's payload is raw message bytes, not pixels. */
export type ChunkMessage = Header<'chunk'> & { bytes: Uint8Array };
export type ChunkAckMessage = Header<'chunkAck'>;

export type ClientMessage = HelloMessage | LoadModelMessage | SetStyleMessage | StylizeMessage | CancelMessage | EndJobMessage | FarmRenderMessage | EncodeFramesMessage | ByeMessage;
export type ServerMessage = CapabilitiesMessage | OkMessage | ProgressMessage | FarmProgressMessage | ResultMessage | ErrorMessage | ByeMessage;
/** What the link between the two sides sends on its own account, in either direction. */
export type LinkMessage = ChunkMessage | ChunkAckMessage;
export type Message = ClientMessage | ServerMessage | LinkMessage;

export const CLIENT_TYPES: ReadonlySet<MessageType> = new Set<MessageType>(['hello', 'loadModel', 'setStyle', 'stylize', 'cancel', 'endJob', 'farmRender', 'encodeFrames', 'bye']);
export const SERVER_TYPES: ReadonlySet<MessageType> = new Set<MessageType>(['capabilities', 'ok', 'progress', 'farmProgress', 'result', 'error', 'bye']);
export const LINK_TYPES: ReadonlySet<MessageType> = new Set<MessageType>(['chunk', 'chunkAck']);
/** Messages whose payload is an image (the rest carry none, but chunks, whose payload is bytes). */
export const IMAGE_TYPES: ReadonlySet<MessageType> = new Set<MessageType>(['setStyle', 'stylize', 'farmRender', 'result']);
