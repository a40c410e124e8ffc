/**
 * StylizeService over the protocol: what the panel uses for the WebView inference page and for
 * the companion server alike; only the injected transport differs. Requests are matched to
 * replies by id; a dropped carrier fails every pending call (nothing waits forever), and
 * frames beyond the server's queue limit wait here instead of being refused there.
 */
import { sameTag } from './companionHandshake';
import type { CancelSignal } from '../engine/cancellation';
import { CancelledError, CoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { largestShortSideFor } from '../engine/inference/heldStyles';
import {
  SERVER_TYPES, type CapabilitiesMessage, type ClientMessage, type FarmProgressMessage,
  type ProgressMessage, type ServerMessage,
} from './messages';
import { MessageLink, type LinkStats } from './messageLink';
import { DEFAULT_MAX_MESSAGE_BYTES, errorFromMessage, type Decoded, type MessageTransport } from './protocol';
import type { FrameSettings, StyleSettings, StylizeService } from '../engine/inference/stylizeService';
import { wireFieldsOf } from './wireLook';
import { downscaleStyles, type StyleSource } from '../engine/look/mix';
import type { EncodeFramesSpec } from './endpointBackend';
import { farmRenderMessages, type FarmRenderSettings } from './farmRenderMessages';

export interface RemoteConnectOptions {
  /** Shown in the server's logs. */
  clientName?: string;
  /** How long to wait for the capabilities reply. */
  helloTimeoutMs?: number;
  /** Called for queued/running notices of frames. */
  onProgress?: (progress: ProgressMessage) => void;
  /** Called per finished frame: the whole round trip, and the part the stylizer computed. */
  onFrameTiming?: (timing: FrameTiming) => void;
  /** The hello asks the server to prove its identity with `expected` for `nonce`; nothing else is sent until it has. */
  serverProof?: { nonce: string; expected: string };
}

export interface FrameTiming {
  job: string;
  frame: number;
  roundTripMs: number;
  /** Undefined when the server does not report it. */
  computeMs?: number;
}

interface Pending {
  resolve(reply: ServerMessage): void;
  reject(error: Error): void;
}

type Request = ClientMessage extends infer M ? M extends { id: number } ? Omit<M, 'id'> : never : never;

export class RemoteStylizeService implements StylizeService {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closedBecause: CoherentStyleError | undefined;
  private capabilitiesReply: CapabilitiesMessage | undefined;
  private readonly frameCounters = new Map<string, number>();
  private framesInFlight = 0;
  private readonly frameWaiters: Array<() => void> = [];
  /** Progress listeners of farm renders, by job id. */
  private readonly farmListeners = new Map<string, (progress: FarmProgressMessage) => void>();

  private readonly link: MessageLink<ServerMessage>;

  private constructor(
    transport: MessageTransport,
    private readonly carrierName: string,
    private readonly onProgress?: (progress: ProgressMessage) => void,
    private readonly onFrameTiming?: (timing: FrameTiming) => void,
  ) {
    this.link = new MessageLink(transport, SERVER_TYPES, () => this.capabilitiesReply?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    this.link.onMessage((decoded) => this.receive(decoded));
    this.link.onClose((reason) => this.fail(new CoherentStyleError('HOST', `The ${carrierName} connection closed (${reason}).`)));
  }

  /** Opens a session: hello, then the server's capabilities (version, provider, modes, limits). */
  static async connect(transport: MessageTransport, carrierName: string, options: RemoteConnectOptions = {}): Promise<RemoteStylizeService> {
    const service = new RemoteStylizeService(transport, carrierName, options.onProgress, options.onFrameTiming);
    const timeoutMs = options.helloTimeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CoherentStyleError('HOST', `The ${carrierName} did not answer within ${timeoutMs / 1000} s.`)), timeoutMs);
    });
    try {
      const nonce = options.serverProof?.nonce;
      const reply = await Promise.race([service.request({ type: 'hello', client: options.clientName ?? 'coherent-style', ...(nonce ? { nonce } : {}) }), timeout]);
      const capabilities = expect(reply, 'capabilities');
      if (options.serverProof && !sameTag(capabilities.proof ?? '', options.serverProof.expected)) {
        throw new CoherentStyleError('HOST',
          `The program answering on the ${carrierName}'s port is not the ${carrierName} that announced it (it cannot prove it holds the access token; a crashed ${carrierName} may have left its file behind). Restart \`coherent-style serve\`.`);
      }
      service.capabilitiesReply = capabilities;
      return service;
    } catch (e) {
      service.fail(e as Error);
      service.link.close();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  get capabilities(): CapabilitiesMessage {
    return this.capabilitiesReply as CapabilitiesMessage;
  }

  get provider(): string {
    return this.capabilities.provider;
  }

  get providerLabel(): string {
    return this.capabilities.providerLabel;
  }

  /** What the link has sent so far: the largest wire message, the most bytes awaiting acknowledgement. */
  get linkStats(): LinkStats {
    return this.link.stats;
  }

  /** Prepares a mode's sessions on the server (first-frame latency moves to here). */
  async loadModel(mode: string): Promise<void> {
    expect(await this.request({ type: 'loadModel', mode }), 'ok');
  }

  async setStyle(jobId: string, style: StyleSource, settings: StyleSettings, signal?: CancelSignal): Promise<void> {
    const header = {
      type: 'setStyle', job: jobId, mode: settings.mode, styleShortSide: settings.styleShortSide,
      ...(settings.styleScale !== undefined ? { styleScale: settings.styleScale } : {}),
    } as const;
    const parts = downscaleStyles(style, largestShortSideFor(settings));
    parts.forEach((p) => this.checkSize(p.image));
    if (parts.length > 1) {
      // One message per style, in order; the server mixes once the last one has arrived.
      for (const [part, { image, weight }] of parts.entries()) {
        expect(await this.request({ ...header, mix: { part, of: parts.length, weight }, image }, signal), 'ok');
      }
    } else {
      expect(await this.request({ ...header, image: parts[0].image }, signal), 'ok');
    }
    this.frameCounters.set(jobId, 0);
  }

  async stylize(jobId: string, frame: RasterImage, settings: FrameSettings, signal?: CancelSignal): Promise<RasterImage> {
    this.checkSize(frame);
    const { frameIndex, styleWeights, ...controls } = settings;
    if (styleWeights) throw new CoherentStyleError('INVALID_ARGUMENT', 'A style mix keyframed over time is rendered in-process only (the command line); this carrier takes the job\'s mix.');
    const wireFrame = this.frameCounters.get(jobId) ?? 0;
    this.frameCounters.set(jobId, wireFrame + 1);
    await this.frameSlot(signal);
    const sent = Date.now();
    try {
      const reply = await this.request({
        type: 'stylize', job: jobId, frame: wireFrame, ...wireFieldsOf(controls),
        ...(controls.temporal && controls.temporal !== 'off' ? { clipFrame: frameIndex } : {}),
        image: frame,
      }, signal, () => this.sendQuietly({ type: 'cancel', job: jobId, frame: wireFrame }));
      const result = expect(reply, 'result');
      this.onFrameTiming?.({ job: jobId, frame: wireFrame, roundTripMs: Date.now() - sent, computeMs: result.computeMs });
      return result.image;
    } finally {
      this.releaseFrameSlot();
    }
  }

  /**
   * Renders on the companion's render farm (when capabilities.farm); resolves once the output is
   * complete on the shared storage. Aborting cancels the farm job (rendered frames are kept there).
   */
  async renderOnFarm(jobId: string, settings: FarmRenderSettings, onProgress: (progress: FarmProgressMessage) => void, signal?: CancelSignal): Promise<void> {
    if (!this.capabilities.farm) {
      throw new CoherentStyleError('FARM_UNREACHABLE', `The ${this.carrierName} renders on this computer only; start the companion with \`coherent-style serve --farm <redis url>\` to render on the farm.`);
    }
    const messages = farmRenderMessages(jobId, settings);
    messages.forEach((m) => this.checkSize(m.image));
    const cancel = () => this.sendQuietly({ type: 'cancel', job: jobId });
    // The style outside the matte and the parts of a mix go first, in order; the last message starts the render.
    for (const message of messages.slice(0, -1)) expect(await this.request(message, signal, cancel), 'ok');
    this.farmListeners.set(jobId, onProgress);
    try {
      expect(await this.request(messages[messages.length - 1], signal, cancel), 'ok');
    } finally {
      this.farmListeners.delete(jobId);
    }
  }

  /**
   * Has the companion encode a job folder's frames into a movie beside them (a format in
   * capabilities.encode); resolves once the movie is complete. Aborting stops ffmpeg there.
   */
  async encodeFrames(jobId: string, spec: EncodeFramesSpec, signal?: CancelSignal): Promise<void> {
    expect(await this.request({ type: 'encodeFrames', job: jobId, ...spec }, signal, () => this.sendQuietly({ type: 'cancel', job: jobId })), 'ok');
  }

  async endJob(jobId: string): Promise<void> {
    this.frameCounters.delete(jobId);
    if (this.closedBecause) return;
    expect(await this.request({ type: 'endJob', job: jobId }), 'ok');
  }

  async dispose(): Promise<void> {
    if (this.closedBecause) return;
    this.sendQuietly({ type: 'bye', reason: 'The panel closed the connection.' });
    this.fail(new CoherentStyleError('HOST', `The ${this.carrierName} connection was closed.`));
    this.link.close();
  }

  private request(message: Request, signal?: CancelSignal, onAbort?: () => void): Promise<ServerMessage> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise<ServerMessage>((resolve, reject) => {
      const stopListening = signal?.onAbort(() => {
        this.pending.delete(id);
        onAbort?.();
        reject(new CancelledError());
      }) ?? (() => undefined);
      this.pending.set(id, {
        resolve: (reply) => { stopListening(); resolve(reply); },
        reject: (error) => { stopListening(); reject(error); },
      });
      // Queued on the link; a carrier that cannot take it closes the link, which fails this request.
      this.link.send({ ...message, id } as ClientMessage);
    });
  }

  /** Sent without waiting for an answer; nothing to tell if the carrier is gone (its close fails the pending calls). */
  private sendQuietly(message: Request | ClientMessage): void {
    const withId = 'id' in message || message.type === 'bye' ? message : { ...message, id: this.nextId++ };
    this.link.send(withId as ClientMessage);
  }

  private receive(decoded: Decoded<ServerMessage>): void {
    if (!decoded.ok) {
      const error = new CoherentStyleError('PROTOCOL', `The ${this.carrierName} sent a bad reply: ${decoded.failure.message}`);
      if (decoded.failure.id !== null) this.settle(decoded.failure.id, (p) => p.reject(error));
      else this.fail(error);
      return;
    }
    const message = decoded.message;
    switch (message.type) {
      case 'progress':
        this.onProgress?.(message);
        return;
      case 'farmProgress':
        this.farmListeners.get(message.job)?.(message);
        return;
      case 'bye':
        this.fail(new CoherentStyleError('HOST', `The ${this.carrierName} ended the session: ${message.reason ?? 'no reason given'}`));
        return;
      case 'error':
        if (message.id === null) this.fail(errorFromMessage(message));
        else this.settle(message.id, (p) => p.reject(errorFromMessage(message)));
        return;
      default:
        this.settle(message.id, (p) => p.resolve(message));
    }
  }

  private settle(id: number, action: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return; // a reply to a request abandoned by its caller (cancelled)
    this.pending.delete(id);
    action(pending);
  }

  /** Fails every pending call; later calls fail at once with the same error. */
  private fail(error: Error): void {
    if (!this.closedBecause) {
      this.closedBecause = error instanceof CoherentStyleError ? error : new CoherentStyleError('HOST', error.message, { cause: error });
    }
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
    this.frameWaiters.splice(0).forEach((wake) => wake());
  }

  private checkSize(image: RasterImage): void {
    const bytes = image.width * image.height * image.channels * (image.bitDepth / 8);
    const limit = this.capabilities.maxMessageBytes - 65536;
    if (bytes > limit) {
      throw new CoherentStyleError('IMAGE_TOO_LARGE',
        `A ${image.width}×${image.height} ${image.bitDepth}-bit frame is ${bytes} bytes, more than the ${this.carrierName} accepts (${limit}). Use a smaller render size or 8-bit frames.`);
    }
  }

  private async frameSlot(signal?: CancelSignal): Promise<void> {
    while (this.framesInFlight >= this.capabilities.maxQueuedFrames && !this.closedBecause) {
      let stopListening = (): void => undefined;
      await new Promise<void>((wake) => {
        this.frameWaiters.push(wake);
        stopListening = signal?.onAbort(() => wake()) ?? stopListening;
      });
      stopListening();
      if (signal?.aborted) throw new CancelledError();
    }
    if (this.closedBecause) throw this.closedBecause;
    this.framesInFlight++;
  }

  private releaseFrameSlot(): void {
    this.framesInFlight--;
    // Every waiter re-checks; a waiter whose caller gave up simply returns.
    this.frameWaiters.splice(0).forEach((wake) => wake());
  }
}

function expect<T extends ServerMessage['type']>(reply: ServerMessage, type: T): Extract<ServerMessage, { type: T }> {
  if (reply.type !== type) throw new CoherentStyleError('PROTOCOL', `Expected a ${type} reply, got ${reply.type}.`);
  return reply as Extract<ServerMessage, { type: T }>;
}
