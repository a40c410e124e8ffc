/**
 * A farm worker: takes chunk and assembly jobs from the farm's queues and runs them on this
 * machine. It runs only this project's two job types, validates every job's data before touching
 * the disk, renders with the models it has only when they are the submitter's, watches the job's
 * cancel flag while working, and reports progress. A worker that dies mid-chunk loses its lock;
 * after `stallMs` another worker takes the chunk over and renders only the frames still missing.
 */
import { Job, UnrecoverableError, Worker, type Processor } from 'bullmq';
import { CoherentStyleError, isCoherentStyleError, type ErrorCode } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { decodeImage } from '../engine/images/imageCodec';
import type { ModelRegistry } from '../engine/inference/modelRegistry';
import { sha256Hex } from '../engine/sha256';
import type { StylizeService } from '../engine/inference/stylizeService';
import type { FfmpegBinary } from '../node-io/ffmpeg';
import { assembleJob } from './assembly';
import { renderChunk } from './chunkRenderer';
import { ASSEMBLY_QUEUE, CHUNK_QUEUE, FARM_PREFIX, FarmQueues, reconnectingOptions } from './farmQueues';
import { modelDigest } from './jobKey';
import { ASSEMBLY_JOB, CHUNK_JOB, checkChunkWithinJob, parseAssemblyJob, parseChunkJob, type AssemblyJobData, type ChunkJobData } from './jobSchema';
import type { FarmRedis } from './redisUrl';
import type { StyleSource } from '../engine/look/mix';

export interface FarmWorkerOptions {
  redis: FarmRedis;
  /** Chunks rendered at once by this process. */
  concurrency: number;
  registry: ModelRegistry;
  service: StylizeService;
  findFfmpeg: () => FfmpegBinary;
  /** How long a silent worker keeps its job before another takes it over. */
  stallMs: number;
  log: (line: string) => void;
}

/** Failures that would fail again on any machine: no retry. */
const UNRECOVERABLE: readonly ErrorCode[] = ['INVALID_ARGUMENT', 'INVALID_IMAGE', 'UNSUPPORTED_FORMAT', 'IMAGE_TOO_LARGE', 'UNKNOWN_MODE', 'CANCELLED', 'FARM_JOB_FAILED'];
const CANCEL_POLL_MS = 250;
const PROGRESS_INTERVAL_MS = 500;
/** A full mix and a matte's outside style. */
const STYLE_CACHE_ENTRIES = 5;

/** The error BullMQ records for a job: the message with its code, "… [INVALID_IMAGE]". */
function jobError(e: unknown): Error {
  if (!isCoherentStyleError(e)) return e instanceof Error ? e : new Error(String(e));
  const text = `${e.message} [${e.code}]`;
  return UNRECOVERABLE.includes(e.code) ? new UnrecoverableError(text) : new Error(text);
}

export class FarmWorker {
  private readonly styles = new Map<string, RasterImage>();
  private readonly workers: Worker[];

  private constructor(private readonly queues: FarmQueues, private readonly options: FarmWorkerOptions) {
    const common = {
      prefix: FARM_PREFIX,
      connection: reconnectingOptions(options.redis),
      lockDuration: options.stallMs,
      stalledInterval: options.stallMs,
      maxStalledCount: 2,
    };
    this.workers = [
      new Worker(CHUNK_QUEUE, this.guarded((job, signal) => this.runChunk(job, signal)), { ...common, concurrency: options.concurrency }),
      new Worker(ASSEMBLY_QUEUE, this.guarded((job, signal) => this.runAssembly(job, signal)), { ...common, concurrency: 1 }),
    ];
    let lastError = '';
    let lastErrorAt = 0;
    for (const worker of this.workers) {
      worker.on('error', (e: Error) => {
        // A Redis outage makes every client complain; one line per distinct problem is enough.
        if (e.message === lastError && Date.now() - lastErrorAt < 10_000) return;
        lastError = e.message;
        lastErrorAt = Date.now();
        options.log(`Redis ${options.redis.display}: ${e.message} (retrying)`);
      });
      worker.on('failed', (job, e) => {
        if (job) options.log(`${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${e.message}`);
      });
    }
  }

  /** Checks Redis (fails fast when unreachable) and starts taking jobs. */
  static async start(options: FarmWorkerOptions): Promise<FarmWorker> {
    const queues = await FarmQueues.open(options.redis);
    const worker = new FarmWorker(queues, options);
    await Promise.all(worker.workers.map((w) => w.waitUntilReady()));
    return worker;
  }

  /** Stops taking jobs; `finishRunning` false gives running jobs back (their lock lapses, another worker resumes them). */
  async stop(finishRunning: boolean): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close(!finishRunning)));
    await this.queues.close();
  }

  private guarded(run: (job: Job, signal: AbortSignal) => Promise<unknown>): Processor {
    return async (job, _token, signal) => {
      try {
        return await run(job, signal ?? new AbortController().signal);
      } catch (e) {
        throw jobError(e);
      }
    };
  }

  /** An abort signal that fires when BullMQ cancels the job or `farm cancel` flags it. */
  private async watchCancel(key: string, jobSignal: AbortSignal): Promise<{ signal: AbortSignal; stop: () => void }> {
    const controller = new AbortController();
    const cancelled = () => controller.abort(new CoherentStyleError('CANCELLED', 'Cancelled with `coherent-style farm cancel`.'));
    if (await this.queues.isCancelled(key)) cancelled();
    jobSignal.addEventListener('abort', cancelled, { once: true });
    const timer = setInterval(() => {
      this.queues.isCancelled(key).then((yes) => { if (yes) cancelled(); }, () => undefined);
    }, CANCEL_POLL_MS);
    return { signal: controller.signal, stop: () => { clearInterval(timer); jobSignal.removeEventListener('abort', cancelled); } };
  }

  private async runChunk(job: Job, jobSignal: AbortSignal): Promise<unknown> {
    if (job.name !== CHUNK_JOB) throw new CoherentStyleError('INVALID_ARGUMENT', `Refusing a job of type "${job.name}" in the chunk queue; workers run only coherent-style farm jobs.`);
    const data = parseChunkJob(job.data);
    this.checkModels(data);
    const parent = await this.renderJobOf(job, data);
    const cancel = await this.watchCancel(data.key, jobSignal);
    try {
      const style = this.styleOf(parent, data);
      const outsideStyle = this.outsideStyleOf(parent, data);
      const { first, last } = data.frames;
      this.options.log(`Chunk ${job.id} (frames ${first}-${last}): started`);
      let lastReport = 0;
      const outcome = await renderChunk(data, style, String(job.id), {
        service: this.options.service,
        findFfmpeg: this.options.findFfmpeg,
        signal: cancel.signal,
        outsideStyle,
        onProgress: (p) => {
          const now = Date.now();
          if (p.done < p.total && now - lastReport < PROGRESS_INTERVAL_MS) return;
          lastReport = now;
          job.updateProgress({ done: p.done, total: p.total, fps: Math.round(p.fps * 100) / 100 }).catch(() => undefined);
        },
      });
      this.options.log(`Chunk ${job.id} (frames ${first}-${last}): done, ${outcome.rendered} rendered, ${outcome.alreadyThere} already there, ${outcome.seconds.toFixed(1)} s`);
      return outcome;
    } finally {
      cancel.stop();
    }
  }

  private async runAssembly(job: Job, jobSignal: AbortSignal): Promise<unknown> {
    if (job.name !== ASSEMBLY_JOB) throw new CoherentStyleError('INVALID_ARGUMENT', `Refusing a job of type "${job.name}" in the assembly queue; workers run only coherent-style farm jobs.`);
    const data = parseAssemblyJob(job.data);
    const cancel = await this.watchCancel(data.key, jobSignal);
    try {
      this.options.log(`Assembly ${job.id}: started → ${data.output.path}`);
      const started = Date.now();
      await job.updateProgress({ phase: 'assembling', done: 0, total: 0 });
      let lastReport = 0;
      await assembleJob(data, {
        findFfmpeg: this.options.findFfmpeg,
        signal: cancel.signal,
        onProgress: (done, total) => {
          const now = Date.now();
          if (done < total && now - lastReport < PROGRESS_INTERVAL_MS) return;
          lastReport = now;
          job.updateProgress({ phase: 'assembling', done, total }).catch(() => undefined);
        },
      });
      this.options.log(`Assembly ${job.id}: done → ${data.output.path}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { output: data.output.path };
    } finally {
      cancel.stop();
    }
  }

  private checkModels(data: ChunkJobData): void {
    const mode = this.options.registry.mode(data.render.mode);
    if (modelDigest(mode) !== data.render.modelSha256) {
      throw new CoherentStyleError('MODEL_MISSING',
        `This worker's "${mode.id}" model differs from the one the job was submitted with; install the same models on every farm machine.`);
    }
  }

  /** The chunk's render job (its parent), which the chunk must be part of. */
  private async renderJobOf(job: Job, data: ChunkJobData): Promise<AssemblyJobData> {
    const parent = await Job.fromId(this.queues.assembly, data.key);
    if (!parent) throw new CoherentStyleError('FARM_JOB_FAILED', `Chunk ${job.id} has no render job any more (it was cancelled or removed).`);
    const parentData = parseAssemblyJob(parent.data);
    checkChunkWithinJob(data, parentData);
    return parentData;
  }

  /**
   * The style images travel in the parent (assembly) job; each is checked against its digest and
   * cached. A single style is set as one image and a mix as weighted images, exactly as `stylize`
   * sets them, so farm frames equal a single-machine render byte for byte.
   */
  private styleOf(parent: AssemblyJobData, data: ChunkJobData): StyleSource {
    const wanted = data.render.styles;
    if (wanted.some((s) => !this.styles.has(s.sha256))) this.loadStyles(parent, data);
    const styles = wanted.map((s) => ({ image: this.styles.get(s.sha256)!, weight: s.weight }));
    return styles.length === 1 ? styles[0].image : styles;
  }

  /** The look outside the job's matte (--matte-style), carried and cached as the styles are. */
  private outsideStyleOf(parent: AssemblyJobData, data: ChunkJobData): RasterImage | undefined {
    const wanted = data.render.matte?.outsideStyle;
    if (wanted === undefined) return undefined;
    if (!this.styles.has(wanted)) this.cacheStyles([parent.outsideStyle], [wanted], data.key);
    return this.styles.get(wanted);
  }

  private loadStyles(parent: AssemblyJobData, data: ChunkJobData): void {
    this.cacheStyles(parent.styles, data.render.styles.map((s) => s.sha256), data.key);
  }

  /** Decodes carried style images, each of which must be the one its render wants (`wanted`, in order). */
  private cacheStyles(carried: ReadonlyArray<AssemblyJobData['outsideStyle']>, wanted: readonly string[], key: string): void {
    const mismatch = () => new CoherentStyleError('INVALID_ARGUMENT', `The style images of job ${key} do not match their SHA-256; submit the job again.`);
    const decoded = carried.map((style, i) => {
      if (!style || carried.length !== wanted.length || style.sha256 !== wanted[i]) throw mismatch();
      const bytes = new Uint8Array(Buffer.from(style.base64, 'base64'));
      if (sha256Hex(bytes) !== style.sha256) throw mismatch();
      return { sha256: style.sha256, image: decodeImage(bytes) };
    });
    for (const { sha256, image } of decoded) {
      this.styles.delete(sha256);
      if (this.styles.size >= STYLE_CACHE_ENTRIES) {
        const oldest = this.styles.keys().next().value;
        if (oldest !== undefined) this.styles.delete(oldest);
      }
      this.styles.set(sha256, image);
    }
  }
}
