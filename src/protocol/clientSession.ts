/**
 * One client of a ProtocolEndpoint: decodes its messages (through its MessageLink, so chunks are
 * put back together first), drives the StylizeService, and answers every request exactly once
 * (ok / result / error). Bad input gets an error reply; nothing a client sends can throw out of
 * here or leave a request unanswered. Its frames and style encodings wait their turn in the
 * endpoint's FairScheduler, its job ids are namespaced (two panels using the same job name never
 * share style statistics), and it holds at most the limits' frames, jobs and farm renders.
 */
import { CancelController } from '../engine/cancellation';
import { CancelledError, CoherentStyleError } from '../engine/errors';
import type { FairScheduler, ScheduledTask } from './fairScheduler';
import { MessageLink } from './messageLink';
import { CLIENT_TYPES, type CapabilitiesMessage, type ClientMessage, type FarmRenderMessage, type ServerMessage, type SetStyleMessage, type StylizeMessage } from './messages';
import { errorMessage, failureMessage, type Decoded, type MessageTransport } from './protocol';
import type { EndpointBackend, EndpointLimits } from './endpointBackend';
import { FarmRenderParts, type FarmRenderStyles } from './farmRenderParts';
import { MixParts } from './mixParts';
import { FrameEncodes } from './frameEncodes';
import type { StyleSource } from '../engine/look/mix';
import { frameSettingsOfWire, lookOfWire } from './wireLook';

/** Farm renders a client may follow at once (each is one polling loop on the companion). */
const MAX_FARM_RENDERS_PER_CLIENT = 4;

interface FarmFollow {
  /** Known from the first progress report on. */
  farmJob?: string;
  /** Stops following (the farm job runs on). */
  abort: CancelController;
  cancelled: boolean;
}

/** A frame to stylize, or (frame undefined) a style to encode. */
interface FrameWork {
  job: string;
  frame: number | undefined;
  requestId: number;
  abort: CancelController;
  task: ScheduledTask;
  running: boolean;
}

export class ClientSession {
  private greeted = false;
  private closed = false;
  /** Wire job ids whose style is set. */
  private readonly jobs = new Set<string>();
  /** Parts of style mixes still arriving, by job (setStyle), and of farm renders' styles (farmRender). */
  private readonly mixes: MixParts;
  private readonly farmParts: FarmRenderParts;
  private readonly frames = new Set<FrameWork>();
  /** Farm renders being followed, by wire job id. */
  private readonly farmRenders = new Map<string, FarmFollow>();
  private readonly encodes: FrameEncodes;

  private readonly link: MessageLink<ClientMessage>;

  constructor(
    private readonly id: string,
    transport: MessageTransport,
    private readonly backend: EndpointBackend,
    private readonly scheduler: FairScheduler,
    private readonly limits: EndpointLimits,
    private readonly capabilities: (id: number, nonce: string | undefined) => CapabilitiesMessage,
    private readonly onGone: () => void,
  ) {
    this.link = new MessageLink(transport, CLIENT_TYPES, () => limits.maxMessageBytes);
    this.mixes = new MixParts(limits.maxJobs);
    this.farmParts = new FarmRenderParts(limits.maxJobs);
    this.encodes = new FrameEncodes(backend.encoder);
    this.link.onMessage((decoded) => this.receive(decoded));
    this.link.onClose(() => void this.release());
  }

  cancelQueued(): void {
    for (const work of this.frames) {
      if (!work.running && this.scheduler.remove(this.id, work.task)) this.finishCancelled(work);
    }
  }

  abortRunning(): void {
    for (const work of this.frames) if (work.running) work.abort.abort(new CancelledError());
    this.stopFollowingFarm();
    this.encodes.abortAll();
  }

  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.reply({ type: 'bye', reason });
    await this.release();
    this.link.close();
  }

  private receive(decoded: Decoded<ClientMessage>): void {
    if (this.closed) return;
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
          const style = this.mixes.collect(message);
          if (style === undefined) this.reply({ type: 'ok', id: message.id });
          else this.enqueueStyle(message, style);
        }
        return;
      case 'stylize':
        this.enqueue(message);
        return;
      case 'cancel':
        this.farmParts.forget(message.job);
        if (this.farmRenders.has(message.job)) await this.cancelFarmRender(message.job);
        else if (this.encodes.has(message.job)) this.encodes.cancel(message.job);
        else this.cancel(message.job, message.frame);
        this.reply({ type: 'ok', id: message.id });
        return;
      case 'farmRender':
        {
          const styles = this.farmParts.collect(message);
          if (styles === undefined) this.reply({ type: 'ok', id: message.id });
          else await this.followFarmRender(message, styles);
        }
        return;
      case 'encodeFrames':
        await this.encodes.encode(message, this.jobs.has(message.job) || this.farmRenders.has(message.job));
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

  private checkRoomInFlight(): void {
    const live = [...this.frames].filter((w) => !w.abort.signal.aborted).length;
    if (live >= this.limits.maxQueuedFrames) {
      throw new CoherentStyleError('PROTOCOL',
        `Too many frames in flight (limit ${this.limits.maxQueuedFrames}); wait for a result before sending more.`);
    }
  }

  /** Style encoding is heavy work too: it waits its turn in the scheduler like a frame. */
  private enqueueStyle(message: SetStyleMessage, style: StyleSource): void {
    this.checkRoomInFlight();
    const open = new Set([...this.jobs, ...[...this.frames].map((w) => w.job)]);
    if (!open.has(message.job) && open.size >= this.limits.maxJobs) {
      throw new CoherentStyleError('PROTOCOL',
        `Too many jobs open (limit ${this.limits.maxJobs}); end a job with endJob before starting another.`);
    }
    const work: FrameWork = {
      job: message.job, frame: undefined, requestId: message.id, abort: new CancelController(), running: false,
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
      job: message.job, frame: message.frame, requestId: message.id, abort: new CancelController(), running: false,
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
        frameSettingsOfWire(message),
        work.abort.signal);
      if (work.abort.signal.aborted) throw new CancelledError();
      this.reply({ type: 'result', id: work.requestId, job: work.job, frame: work.frame, computeMs: Date.now() - started, image });
    } catch (e) {
      this.reply(errorMessage(work.requestId, work.abort.signal.aborted ? new CancelledError(`Frame ${work.frame} of job ${work.job} was cancelled.`) : e));
    } finally {
      this.frames.delete(work);
    }
  }

  private async followFarmRender(message: FarmRenderMessage, { style, outsideStyle }: FarmRenderStyles): Promise<void> {
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
    const follow: FarmFollow = { abort: new CancelController(), cancelled: false };
    this.farmRenders.set(message.job, follow);
    try {
      const { input, output, keyframes, matte } = message;
      follow.farmJob = await farm.submit({
        input, output, look: lookOfWire(message, style), ...(keyframes ? { keyframes } : {}),
        ...(matte ? { matte: { path: matte.path, inverted: matte.inverted, ...(outsideStyle ? { outsideStyle } : {}) } } : {}),
      }, follow.abort.signal);
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
    this.encodes.abortAll();
    for (const job of this.jobs) await this.backend.service.endJob(this.serviceJob(job)).catch(() => undefined);
    this.jobs.clear();
    this.onGone();
  }

  private serviceJob(job: string): string {
    return `${this.id}:${job}`;
  }

  /** Queued on the link; a carrier that is gone releases this session through the link's onClose. */
  private reply(message: ServerMessage): void {
    if (this.closed) return;
    this.link.send(message);
  }
}
