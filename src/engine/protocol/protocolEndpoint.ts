/**
 * The serving side of the protocol, shared by the WebView inference page and the companion
 * server: decodes each client's messages, drives a StylizeService, and answers every request
 * exactly once (ok / result / error). Bad input gets an error reply; nothing a client sends can
 * throw out of here or leave a request unanswered.
 *
 * Frames from all clients go through one FairScheduler (round-robin between clients), each
 * client may queue at most maxQueuedFrames, and job ids are namespaced per client so two
 * panels using the same job name never share style statistics.
 */
import { CancelledError, CoherentStyleError } from '../errors';
import { FairScheduler, type ScheduledTask } from './fairScheduler';
import {
  DEFAULT_MAX_MESSAGE_BYTES, SUPPORTED_VERSIONS, decodeClientMessage, encodeMessage, errorMessage,
  failureMessage, type CapabilitiesMessage, type ClientMessage, type MessageTransport, type ServerMessage, type SetStyleMessage, type StylizeMessage,
} from './protocol';
import type { StylizeService, WeightedStyle } from '../inference/stylizeService';

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
}

export interface EndpointLimits {
  maxMessageBytes: number;
  /** Frames a client may have queued or running at once. */
  maxQueuedFrames: number;
  /** Inferences running at once across all clients. */
  concurrency: number;
}

export const DEFAULT_ENDPOINT_LIMITS: EndpointLimits = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  maxQueuedFrames: 4,
  concurrency: 1,
};

export class ProtocolEndpoint {
  readonly limits: EndpointLimits;
  private readonly scheduler: FairScheduler;
  private readonly sessions = new Set<ClientSession>();
  private nextClient = 1;
  private closing = false;

  constructor(private readonly backend: EndpointBackend, limits: Partial<EndpointLimits> = {}) {
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
      (id) => ({ type: 'capabilities', id, ...this.describe() }), () => this.sessions.delete(session));
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

interface FrameWork {
  job: string;
  frame: number;
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
  /** Parts of style mixes still arriving, by job. */
  private readonly mixes = new Map<string, WeightedStyle[]>();
  private readonly frames = new Set<FrameWork>();

  constructor(
    private readonly id: string,
    private readonly transport: MessageTransport,
    private readonly backend: EndpointBackend,
    private readonly scheduler: FairScheduler,
    private readonly limits: EndpointLimits,
    private readonly capabilities: (id: number) => CapabilitiesMessage,
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
        this.reply(this.capabilities(message.id));
        return;
      case 'loadModel':
        await this.backend.loadModel(message.mode);
        this.reply({ type: 'ok', id: message.id });
        return;
      case 'setStyle':
        await this.setStyle(message);
        this.reply({ type: 'ok', id: message.id });
        return;
      case 'stylize':
        this.enqueue(message);
        return;
      case 'cancel':
        this.cancel(message.job, message.frame);
        this.reply({ type: 'ok', id: message.id });
        return;
      case 'endJob':
        this.cancel(message.job, undefined);
        this.jobs.delete(message.job);
        await this.backend.service.endJob(this.serviceJob(message.job));
        this.reply({ type: 'ok', id: message.id });
        return;
    }
  }

  /** A single style sets the job's style at once; the parts of a mix are held until the last arrives. */
  private async setStyle(message: SetStyleMessage): Promise<void> {
    const settings = { mode: message.mode, styleShortSide: message.styleShortSide, styleScale: message.styleScale };
    if (!message.mix) {
      this.mixes.delete(message.job);
      await this.backend.service.setStyle(this.serviceJob(message.job), message.image, settings);
      this.jobs.add(message.job);
      return;
    }
    const { part, of, weight } = message.mix;
    const held = part === 0 ? [] : this.mixes.get(message.job);
    if (!held || held.length !== part) {
      this.mixes.delete(message.job);
      throw new CoherentStyleError('PROTOCOL', `Style mix part ${part} of job "${message.job}" arrived out of order; send the parts 0..${of - 1} in order.`);
    }
    held.push({ image: message.image, weight });
    if (held.length < of) {
      this.mixes.set(message.job, held);
      return;
    }
    this.mixes.delete(message.job);
    await this.backend.service.setStyle(this.serviceJob(message.job), held, settings);
    this.jobs.add(message.job);
  }

  private enqueue(message: StylizeMessage): void {
    if (!this.jobs.has(message.job)) {
      throw new CoherentStyleError('PROTOCOL', `Job "${message.job}" has no style; send setStyle first.`);
    }
    const live = [...this.frames].filter((w) => !w.abort.signal.aborted).length;
    if (live >= this.limits.maxQueuedFrames) {
      throw new CoherentStyleError('PROTOCOL',
        `Too many frames in flight (limit ${this.limits.maxQueuedFrames}); wait for a result before sending more.`);
    }
    const work: FrameWork = {
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

  private async runFrame(work: FrameWork, message: StylizeMessage): Promise<void> {
    work.running = true;
    const started = Date.now();
    this.reply({ type: 'progress', id: work.requestId, job: work.job, frame: work.frame, state: 'running' });
    try {
      const image = await this.backend.service.stylize(this.serviceJob(work.job), message.image,
        { strength: message.strength, renderShortSide: message.renderShortSide, keepColors: message.keepColors }, work.abort.signal);
      if (work.abort.signal.aborted) throw new CancelledError();
      this.reply({ type: 'result', id: work.requestId, job: work.job, frame: work.frame, computeMs: Date.now() - started, image });
    } catch (e) {
      this.reply(errorMessage(work.requestId, work.abort.signal.aborted ? new CancelledError(`Frame ${work.frame} of job ${work.job} was cancelled.`) : e));
    } finally {
      this.frames.delete(work);
    }
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
    this.reply(errorMessage(work.requestId, new CancelledError(`Frame ${work.frame} of job ${work.job} was cancelled.`)));
  }

  /** Frees everything the client held: queued and running frames, its jobs' statistics. */
  private async release(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.drain(this.id);
    for (const work of this.frames) work.abort.abort(new CancelledError());
    this.frames.clear();
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
