/**
 * StylizeService over the protocol: what the panel uses for the WebView inference page and for
 * the companion server alike; only the injected transport differs. Requests are matched to
 * replies by id; a dropped carrier fails every pending call (nothing waits forever), and
 * frames beyond the server's queue limit wait here instead of being refused there.
 */
import { sameTag } from './companionHandshake';
import { CancelledError, CoherentStyleError } from '../errors';
import type { RasterImage } from '../images/image';
import {
  DEFAULT_MAX_MESSAGE_BYTES, decodeServerMessage, encodeMessage, errorFromMessage,
  type CapabilitiesMessage, type ClientMessage, type FarmProgressMessage, type FarmRenderMessage, type MessageTransport,
  type ProgressMessage, type ServerMessage,
} from './protocol';
import type { FrameSettings, StyleSettings, StyleSource, StylizeService, WeightedStyle } from '../inference/stylizeService';

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

/** A farm render: input and output on the farm's shared storage, the style's pixels, the settings. */
/** A farm render's settings; `style` is one image or a weighted mix (sent as one farmRender message per style). */
export type FarmRenderSettings = Omit<FarmRenderMessage, 'type' | 'id' | 'job' | 'image' | 'mix'> & { style: StyleSource };

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

  private constructor(
    private readonly transport: MessageTransport,
    private readonly carrierName: string,
    private readonly onProgress?: (progress: ProgressMessage) => void,
    private readonly onFrameTiming?: (timing: FrameTiming) => void,
  ) {
    transport.onMessage((wire) => this.receive(wire));
    transport.onClose((reason) => this.fail(new CoherentStyleError('HOST', `The ${carrierName} connection closed (${reason}).`)));
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
      transport.close();
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

  /** Prepares a mode's sessions on the server (first-frame latency moves to here). */
  async loadModel(mode: string): Promise<void> {
    expect(await this.request({ type: 'loadModel', mode }), 'ok');
  }

  async setStyle(jobId: string, style: StyleSource, settings: StyleSettings, signal?: AbortSignal): Promise<void> {
    const header = {
      type: 'setStyle', job: jobId, mode: settings.mode, styleShortSide: settings.styleShortSide,
      ...(settings.styleScale !== undefined ? { styleScale: settings.styleScale } : {}),
    } as const;
    if (Array.isArray(style) && style.length > 1) {
      const parts = style as readonly WeightedStyle[];
      parts.forEach((p) => this.checkSize(p.image));
      // One message per style, in order; the server mixes once the last one has arrived.
      for (const [part, { image, weight }] of parts.entries()) {
        expect(await this.request({ ...header, mix: { part, of: parts.length, weight }, image }, signal), 'ok');
      }
    } else {
      const image = Array.isArray(style) ? (style as readonly WeightedStyle[])[0].image : style as RasterImage;
      this.checkSize(image);
      expect(await this.request({ ...header, image }, signal), 'ok');
    }
    this.frameCounters.set(jobId, 0);
  }

  async stylize(jobId: string, frame: RasterImage, settings: FrameSettings, signal?: AbortSignal): Promise<RasterImage> {
    this.checkSize(frame);
    if (settings.styleWeights) throw new CoherentStyleError('INVALID_ARGUMENT', 'A style mix keyframed over time is rendered in-process only (the command line); this carrier takes the job\'s mix.');
    const frameIndex = this.frameCounters.get(jobId) ?? 0;
    this.frameCounters.set(jobId, frameIndex + 1);
    await this.frameSlot(signal);
    const sent = Date.now();
    try {
      const reply = await this.request({
        type: 'stylize', job: jobId, frame: frameIndex, strength: settings.strength, renderShortSide: settings.renderShortSide,
        ...(settings.keepColors ? { keepColors: true } : {}),
        ...(settings.temporal && settings.temporal !== 'off' ? { temporal: settings.temporal, clipFrame: settings.frameIndex } : {}),
        image: frame,
      }, signal, () => this.sendQuietly({ type: 'cancel', job: jobId, frame: frameIndex }));
      const result = expect(reply, 'result');
      this.onFrameTiming?.({ job: jobId, frame: frameIndex, roundTripMs: Date.now() - sent, computeMs: result.computeMs });
      return result.image;
    } finally {
      this.releaseFrameSlot();
    }
  }

  /**
   * Renders on the companion's render farm (when capabilities.farm); resolves once the output is
   * complete on the shared storage. Aborting cancels the farm job (rendered frames are kept there).
   */
  async renderOnFarm(jobId: string, settings: FarmRenderSettings, onProgress: (progress: FarmProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    if (!this.capabilities.farm) {
      throw new CoherentStyleError('FARM_UNREACHABLE', `The ${this.carrierName} renders on this computer only; start the companion with \`coherent-style serve --farm <redis url>\` to render on the farm.`);
    }
    const { style, ...header } = settings;
    const parts = Array.isArray(style) ? style as readonly WeightedStyle[] : [{ image: style as RasterImage, weight: 1 }];
    parts.forEach((p) => this.checkSize(p.image));
    const cancel = () => this.sendQuietly({ type: 'cancel', job: jobId });
    const message = (part: number) => ({
      type: 'farmRender', job: jobId, ...header, image: parts[part].image,
      ...(parts.length > 1 ? { mix: { part, of: parts.length, weight: parts[part].weight } } : {}),
    } as const);
    // The parts of a mix go first, in order; the last one starts the render.
    for (let part = 0; part < parts.length - 1; part++) expect(await this.request(message(part), signal, cancel), 'ok');
    this.farmListeners.set(jobId, onProgress);
    try {
      expect(await this.request(message(parts.length - 1), signal, cancel), 'ok');
    } finally {
      this.farmListeners.delete(jobId);
    }
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
    this.transport.close();
  }

  private request(message: Request, signal?: AbortSignal, onAbort?: () => void): Promise<ServerMessage> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise<ServerMessage>((resolve, reject) => {
      const abort = () => {
        this.pending.delete(id);
        onAbort?.();
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, {
        resolve: (reply) => { signal?.removeEventListener('abort', abort); resolve(reply); },
        reject: (error) => { signal?.removeEventListener('abort', abort); reject(error); },
      });
      try {
        this.transport.send(encodeMessage({ ...message, id } as ClientMessage, this.transport.format));
      } catch (e) {
        this.pending.delete(id);
        reject(new CoherentStyleError('HOST', `Could not send to the ${this.carrierName}: ${(e as Error).message}`, { cause: e }));
      }
    });
  }

  private sendQuietly(message: Request | ClientMessage): void {
    const withId = 'id' in message || message.type === 'bye' ? message : { ...message, id: this.nextId++ };
    try {
      this.transport.send(encodeMessage(withId as ClientMessage, this.transport.format));
    } catch {
      // Nothing to tell: the carrier is gone and its onClose fails the pending calls.
    }
  }

  private receive(wire: unknown): void {
    const maxMessageBytes = this.capabilitiesReply?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const decoded = decodeServerMessage(wire, { maxMessageBytes });
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

  private async frameSlot(signal?: AbortSignal): Promise<void> {
    while (this.framesInFlight >= this.capabilities.maxQueuedFrames && !this.closedBecause) {
      await new Promise<void>((wake) => {
        this.frameWaiters.push(wake);
        signal?.addEventListener('abort', () => wake(), { once: true });
      });
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
