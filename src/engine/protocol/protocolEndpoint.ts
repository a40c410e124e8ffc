/**
 * The serving side of the protocol, shared by the WebView inference page and the companion
 * server: decodes each client's messages, drives a StylizeService, and answers every request
 * exactly once (ok / result / error). Bad input gets an error reply; nothing a client sends can
 * throw out of here or leave a request unanswered.
 *
 * Style encodings and frames from all clients go through one FairScheduler (round-robin between
 * clients), each client may have at most maxQueuedFrames of them in flight and maxJobs jobs open,
 * and job ids are namespaced per client so two panels using the same job name never share
 * style statistics.
 */
import { CancelledError, CoherentStyleError } from '../errors';
import { FairScheduler, type ScheduledTask } from './fairScheduler';
import {
  DEFAULT_MAX_MESSAGE_BYTES, SUPPORTED_VERSIONS, decodeClientMessage, encodeMessage, errorMessage,
  failureMessage, type CapabilitiesMessage, type ClientMessage, type FarmProgressMessage, type FarmRenderMessage,
  type MessageTransport, type ServerMessage, type SetStyleMessage, type StylizeMessage,
} from './protocol';
import type { StyleSource, StylizeService, WeightedStyle } from '../inference/stylizeService';
import type { TemporalLevel } from '../temporal/stabilizer';

/** A farm render as the endpoint hands it to the farm: paths on shared storage, the style's pixels (one image or a weighted mix). */
export interface FarmRenderSpec {
  input: string;
  output: string;
  mode: string;
  strength: number;
  renderShortSide?: number;
  keepColors?: boolean;
  styleScale?: number;
  temporal?: TemporalLevel;
  style: StyleSource;
}

export type FarmRenderProgress = Omit<FarmProgressMessage, 'type' | 'id' | 'job'>;

/** The render farm behind a companion started with --farm. */
export interface FarmBackend {
  /** Puts the render on the farm, or finds the same render already there; resolves to its farm job id. */
  submit(spec: FarmRenderSpec, signal: AbortSignal): Promise<string>;
  /**
   * Follows a farm job, reporting progress, until its output is complete (then resolves) or it
   * fails or is cancelled (rejects). Aborting stops following only: the job runs on.
   */
  follow(farmJob: string, onProgress: (progress: FarmRenderProgress) => void, signal: AbortSignal): Promise<void>;
  /** Stops a farm job on every worker; finished frames are kept. */
  cancel(farmJob: string): Promise<void>;
}

/** What the endpoint serves: a stylizer plus the facts the capabilities reply reports. */
export interface EndpointBackend {
  readonly service: StylizeService;
  readonly runtime: string;
  readonly provider: string;
  readonly adapter?: string;
  readonly modes: ReadonlyArray<{ id: string; label: string }>;
  readonly defaultMode: string;
  /** Prepares a mode's sessions ahead of the first frame; UNKNOWN_MODE for a mode not installed. */
  loadModel(mode: string): Promise<void>;
  /** Present when farm renders are served. */
  readonly farm?: FarmBackend;
}

/** Farm renders a client may follow at once (each is one polling loop on the companion). */
const MAX_FARM_RENDERS_PER_CLIENT = 4;

export interface EndpointLimits {
  maxMessageBytes: number;
  /** Frames and style encodings a client may have queued or running at once. */
  maxQueuedFrames: number;
  /** Jobs (styles set and not ended) a client may hold at once; each keeps style statistics in memory. */
  maxJobs: number;
  /** Inferences running at once across all clients. */
  concurrency: number;
}

export const DEFAULT_ENDPOINT_LIMITS: EndpointLimits = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  maxQueuedFrames: 4,
  maxJobs: 16,
  concurrency: 1,
};

/** A server that can prove who it is: the companion answers a hello's nonce with an HMAC under its token. */
export interface ServerIdentity {
  prove(nonce: string): string;
}

export class ProtocolEndpoint {
  readonly limits: EndpointLimits;
  private readonly scheduler: FairScheduler;
  private readonly sessions = new Set<ClientSession>();
  private nextClient = 1;
  private closing = false;

  constructor(private readonly backend: EndpointBackend, limits: Partial<EndpointLimits> = {}, private readonly identity?: ServerIdentity) {
    this.limits = { ...DEFAULT_ENDPOINT_LIMITS, ...limits };
    this.scheduler = new FairScheduler(this.limits.concurrency);
  }

  /** Serves one client over its transport until it says bye or the transport closes. */
  accept(transport: MessageTransport): void {
    if (this.closing) {
      transport.close();
      return;
    }
    const session = new ClientSession(`c${this.nextClient++}`, transport, this.backend, this.scheduler, this.limits,
      (id, nonce) => ({
        type: 'capabilities', id, ...this.describe(),
        ...(nonce !== undefined && this.identity ? { proof: this.identity.prove(nonce) } : {}),
      }), () => this.sessions.delete(session));
    this.sessions.add(session);
  }

  /** What a hello is answered with: version, runtime, provider (and adapter), modes, limits. */
  describe(): Omit<CapabilitiesMessage, 'type' | 'id'> {
    const b = this.backend;
    return {
      versions: [...SUPPORTED_VERSIONS], runtime: b.runtime, provider: b.provider,
      ...(b.adapter ? { adapter: b.adapter } : {}), providerLabel: b.service.providerLabel,
      modes: b.modes.map((m) => ({ id: m.id, label: m.label })), defaultMode: b.defaultMode,
      maxMessageBytes: this.limits.maxMessageBytes, maxQueuedFrames: this.limits.maxQueuedFrames,
      farm: b.farm !== undefined,
    };
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  /**
   * Stops serving: queued frames are cancelled (each gets a CANCELLED error reply), running
   * ones finish within graceMs or are aborted, then every client gets bye and is closed.
   */
  async shutdown(graceMs: number, reason = 'The stylizer is shutting down.'): Promise<void> {
    this.closing = true;
    for (const session of this.sessions) session.cancelQueued();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      this.scheduler.whenIdle().then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), graceMs); }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      for (const session of this.sessions) session.abortRunning();
      await this.scheduler.whenIdle();
    }
    for (const session of [...this.sessions]) await session.close(reason);
  }
}

interface FarmFollow {
  /** Known from the first progress report on. */
  farmJob?: string;
  /** Stops following (the farm job runs on). */
  abort: AbortController;
  cancelled: boolean;
}

/** A frame to stylize, or (frame undefined) a style to encode. */
interface FrameWork {
  job: string;
  frame: number | undefined;
  requestId: number;
  abort: AbortController;
  task: ScheduledTask;
  running: boolean;
}

class ClientSession {
  private greeted = false;
  private closed = false;
  /** Wire job ids whose style is set. */
  private readonly jobs = new Set<string>();
  /** Parts of style mixes still arriving, by job: for setStyle and for farmRender. */
  private readonly mixes = new Map<string, WeightedStyle[]>();
  private readonly farmMixes = new Map<string, WeightedStyle[]>();
  private readonly frames = new Set<FrameWork>();
  /** Farm renders being followed, by wire job id. */
  private readonly farmRenders = new Map<string, FarmFollow>();

  constructor(
    private readonly id: string,
    private readonly transport: MessageTransport,
    private readonly backend: EndpointBackend,
    private readonly scheduler: FairScheduler,
    private readonly limits: EndpointLimits,
    private readonly capabilities: (id: number, nonce: string | undefined) => CapabilitiesMessage,
    private readonly onGone: () => void,
  ) {
    transport.onMessage((wire) => this.receive(wire));
    transport.onClose(() => void this.release());
  }

  cancelQueued(): void {
    for (const work of this.frames) {
      if (!work.running && this.scheduler.remove(this.id, work.task)) this.finishCancelled(work);
    }
  }

  abortRunning(): void {
    for (const work of this.frames) if (work.running) work.abort.abort(new CancelledError());
    this.stopFollowingFarm();
  }

  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.reply({ type: 'bye', reason });
    await this.release();
    this.transport.close();
  }

  private receive(wire: unknown): void {
    if (this.closed) return;
    const decoded = decodeClientMessage(wire, this.limits);
    if (!decoded.ok) {
      this.reply(failureMessage(decoded.failure));
      return;
    }
    const message = decoded.message;
    void this.handle(message).catch((e) => {
      if ('id' in message) this.reply(errorMessage(message.id, e));
    });
  }

  private async handle(message: ClientMessage): Promise<void> {
    if (message.type === 'bye') {
      await this.close('Goodbye.');
      return;
    }
    if (message.type !== 'hello' && !this.greeted) {
      throw new CoherentStyleError('PROTOCOL', `Send hello before ${message.type}.`);
    }
    switch (message.type) {
      case 'hello':
        this.greeted = true;
        this.reply(this.capabilities(message.id, message.nonce));
        return;
      case 'loadModel':
        await this.backend.loadModel(message.mode);
        this.reply({ type: 'ok', id: message.id });
        return;
      case 'setStyle':
        {
          const style = this.collectStyle(message, this.mixes);
          if (style === undefined) this.reply({ type: 'ok', id: message.id });
          else this.enqueueStyle(message, style);
        }
        return;
      case 'stylize':
        this.enqueue(message);
        return;
      case 'cancel':
        this.farmMixes.delete(message.job);
        if (this.farmRenders.has(message.job)) await this.cancelFarmRender(message.job);
        else this.cancel(message.job, message.frame);
        this.reply({ type: 'ok', id: message.id });
        return;
      case 'farmRender':
        {
          const style = this.collectStyle(message, this.farmMixes);
          if (style === undefined) this.reply({ type: 'ok', id: message.id });
          else await this.followFarmRender(message, style);
        }
        return;
      case 'endJob':
        this.cancel(message.job, undefined);
        this.jobs.delete(message.job);
        await this.backend.service.endJob(this.serviceJob(message.job));
        this.reply({ type: 'ok', id: message.id });
        return;
    }
  }

  private checkRoomInFlight(): void {
    const live = [...this.frames].filter((w) => !w.abort.signal.aborted).length;
    if (live >= this.limits.maxQueuedFrames) {
      throw new CoherentStyleError('PROTOCOL',
        `Too many frames in flight (limit ${this.limits.maxQueuedFrames}); wait for a result before sending more.`);
    }
  }

  /** Style encoding is heavy work too: it waits its turn in the scheduler like a frame. */
  /**
   * A single style is set at once; the parts of a mix are held (at most one partial mix per job the
   * client may open) until the last arrives, then set together. Undefined while parts are missing.
   */
  private collectStyle(message: SetStyleMessage | FarmRenderMessage, mixes: Map<string, WeightedStyle[]>): StyleSource | undefined {
    if (!message.mix) {
      mixes.delete(message.job);
      return message.image;
    }
    const { part, of, weight } = message.mix;
    if (part === 0 && !mixes.has(message.job) && mixes.size >= this.limits.maxJobs) {
      throw new CoherentStyleError('PROTOCOL', `Too many style mixes in progress (limit ${this.limits.maxJobs}); send the parts of one mix before starting another.`);
    }
    const held = part === 0 ? [] : mixes.get(message.job);
    if (!held || held.length !== part) {
      mixes.delete(message.job);
      throw new CoherentStyleError('PROTOCOL', `Style mix part ${part} of job "${message.job}" arrived out of order; send the parts 0..${of - 1} in order.`);
    }
    held.push({ image: message.image, weight });
    if (held.length < of) {
      mixes.set(message.job, held);
      return undefined;
    }
    mixes.delete(message.job);
    return held;
  }

  private enqueueStyle(message: SetStyleMessage, style: StyleSource): void {
    this.checkRoomInFlight();
    const open = new Set([...this.jobs, ...[...this.frames].map((w) => w.job)]);
    if (!open.has(message.job) && open.size >= this.limits.maxJobs) {
      throw new CoherentStyleError('PROTOCOL',
        `Too many jobs open (limit ${this.limits.maxJobs}); end a job with endJob before starting another.`);
    }
    const work: FrameWork = {
      job: message.job, frame: undefined, requestId: message.id, abort: new AbortController(), running: false,
      task: { run: () => this.runStyle(work, message, style) },
    };
    this.frames.add(work);
    this.scheduler.enqueue(this.id, work.task);
  }

  private async runStyle(work: FrameWork, message: SetStyleMessage, style: StyleSource): Promise<void> {
    work.running = true;
    try {
      await this.backend.service.setStyle(this.serviceJob(work.job), style,
        { mode: message.mode, styleShortSide: message.styleShortSide, styleScale: message.styleScale }, work.abort.signal);
      if (work.abort.signal.aborted) throw new CancelledError();
      this.jobs.add(work.job);
      this.reply({ type: 'ok', id: work.requestId });
    } catch (e) {
      // A style encoded just before its cancel would otherwise stay in the service, owned by nobody.
      if (work.abort.signal.aborted && !this.jobs.has(work.job)) await this.backend.service.endJob(this.serviceJob(work.job)).catch(() => undefined);
      this.reply(errorMessage(work.requestId, work.abort.signal.aborted ? new CancelledError(`Setting the style of job ${work.job} was cancelled.`) : e));
    } finally {
      this.frames.delete(work);
    }
  }

  private enqueue(message: StylizeMessage): void {
    if (!this.jobs.has(message.job)) {
      throw new CoherentStyleError('PROTOCOL', `Job "${message.job}" has no style; send setStyle first.`);
    }
    this.checkRoomInFlight();
    const work: FrameWork & { frame: number } = {
      job: message.job, frame: message.frame, requestId: message.id, abort: new AbortController(), running: false,
      task: { run: () => this.runFrame(work, message) },
    };
    this.frames.add(work);
    this.scheduler.enqueue(this.id, work.task);
    if (!work.running) {
      this.reply({ type: 'progress', id: message.id, job: message.job, frame: message.frame, state: 'queued',
        queuePosition: this.scheduler.queued(this.id) - 1 });
    }
  }

  private async runFrame(work: FrameWork & { frame: number }, message: StylizeMessage): Promise<void> {
    work.running = true;
    const started = Date.now();
    this.reply({ type: 'progress', id: work.requestId, job: work.job, frame: work.frame, state: 'running' });
    try {
      const image = await this.backend.service.stylize(this.serviceJob(work.job), message.image,
        { strength: message.strength, renderShortSide: message.renderShortSide, keepColors: message.keepColors, temporal: message.temporal, frameIndex: message.clipFrame },
        work.abort.signal);
      if (work.abort.signal.aborted) throw new CancelledError();
      this.reply({ type: 'result', id: work.requestId, job: work.job, frame: work.frame, computeMs: Date.now() - started, image });
    } catch (e) {
      this.reply(errorMessage(work.requestId, work.abort.signal.aborted ? new CancelledError(`Frame ${work.frame} of job ${work.job} was cancelled.`) : e));
    } finally {
      this.frames.delete(work);
    }
  }

  private async followFarmRender(message: FarmRenderMessage, style: StyleSource): Promise<void> {
    const farm = this.backend.farm;
    if (!farm) {
      throw new CoherentStyleError('FARM_UNREACHABLE', 'This companion renders on this computer only; start it with `coherent-style serve --farm <redis url>` to render on the farm.');
    }
    if (this.farmRenders.has(message.job) || this.jobs.has(message.job)) {
      throw new CoherentStyleError('PROTOCOL', `Job "${message.job}" is already in use; give the farm render its own job id.`);
    }
    if (this.farmRenders.size >= MAX_FARM_RENDERS_PER_CLIENT) {
      throw new CoherentStyleError('PROTOCOL', `Too many farm renders followed at once (limit ${MAX_FARM_RENDERS_PER_CLIENT}); wait for one to finish.`);
    }
    const follow: FarmFollow = { abort: new AbortController(), cancelled: false };
    this.farmRenders.set(message.job, follow);
    try {
      const { input, output, mode, strength, renderShortSide, keepColors, styleScale, temporal } = message;
      follow.farmJob = await farm.submit({ input, output, mode, strength, renderShortSide, keepColors, styleScale, temporal, style }, follow.abort.signal);
      // A cancel that came while the render was being submitted applies now that the job has an id.
      if (follow.cancelled) await farm.cancel(follow.farmJob);
      else await farm.follow(follow.farmJob, (progress) => this.reply({ type: 'farmProgress', id: message.id, job: message.job, ...progress }), follow.abort.signal);
      if (follow.cancelled) throw new CancelledError();
      this.reply({ type: 'ok', id: message.id });
    } catch (e) {
      if (!follow.cancelled) throw e;
      this.reply(errorMessage(message.id, new CancelledError(`The farm render of job ${message.job} was cancelled; frames already rendered are kept on the farm's storage.`)));
    } finally {
      this.farmRenders.delete(message.job);
    }
  }

  /** Cancels a farm render on the farm (once it has an id: see followFarmRender). */
  private async cancelFarmRender(job: string): Promise<void> {
    const follow = this.farmRenders.get(job) as FarmFollow;
    if (follow.cancelled) return;
    follow.cancelled = true;
    if (follow.farmJob === undefined) return;
    await this.backend.farm?.cancel(follow.farmJob);
    follow.abort.abort(new CancelledError());
  }

  /** Stops following this client's farm renders; their farm jobs run on. */
  private stopFollowingFarm(): void {
    for (const follow of this.farmRenders.values()) follow.abort.abort(new CancelledError());
  }

  /** Cancels a job's frames (or one frame); PROTOCOL error when the job is unknown. */
  private cancel(job: string, frame: number | undefined): void {
    const matching = [...this.frames].filter((w) => w.job === job && (frame === undefined || w.frame === frame));
    if (!this.jobs.has(job) && matching.length === 0) {
      throw new CoherentStyleError('PROTOCOL', `There is no job "${job}" to cancel.`);
    }
    for (const work of matching) {
      if (!work.running && this.scheduler.remove(this.id, work.task)) this.finishCancelled(work);
      else work.abort.abort(new CancelledError());
    }
  }

  private finishCancelled(work: FrameWork): void {
    this.frames.delete(work);
    const what = work.frame === undefined ? `Setting the style of job ${work.job}` : `Frame ${work.frame} of job ${work.job}`;
    this.reply(errorMessage(work.requestId, new CancelledError(`${what} was cancelled.`)));
  }

  /** Frees everything the client held: queued and running frames, its jobs' statistics. */
  private async release(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.drain(this.id);
    for (const work of this.frames) work.abort.abort(new CancelledError());
    this.frames.clear();
    this.stopFollowingFarm();
    for (const job of this.jobs) await this.backend.service.endJob(this.serviceJob(job)).catch(() => undefined);
    this.jobs.clear();
    this.onGone();
  }

  private serviceJob(job: string): string {
    return `${this.id}:${job}`;
  }

  private reply(message: ServerMessage): void {
    if (this.closed) return;
    try {
      this.transport.send(encodeMessage(message, this.transport.format));
    } catch {
      // The carrier is gone; its onClose releases this session.
    }
  }
}
