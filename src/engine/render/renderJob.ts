/**
 * The render job, the one owner of a render's sequence for every app (the CLI's stylize and mode
 * strip, a farm chunk, an Apply in Premiere or After Effects, the panel's preview): the style is
 * set while the first frames are read, every frame is stylized in clip order by the job pipeline
 * (jobPipeline.ts: frames in order, few in flight, atomic writes), and the service's jobs are
 * ended, always, also after a failure or a cancel. A resumed render skips the frames its output
 * already holds, and stylizes unwritten the frames the stabilizer needs before each stretch
 * (warmUp.ts). Progress comes as one RenderProgress, frames found done counted as done.
 *
 * State a render keeps from frame to frame (the stabilizer's previous output, a stage that runs on
 * frame t while the network runs frame t+1) belongs to the JobSession below: one per render, its
 * frame step called one frame at a time, in clip order, by the pipeline's serial stylizer stage.
 * Today the stabilizer keeps that state in the service's job (one per job id).
 */
import type { CancelSignal } from '../cancellation';
import type { RasterImage } from '../images/image';
import { styleSettingsOf, type StylizeService } from '../inference/stylizeService';
import type { Look } from '../look/look';
import { frameStylizer, type FrameStylizer, type LookPlacement, type RenderJobIds } from './frameStylizer';
import { framesStillNeeded, runJob, type FrameSink, type FrameSource, type JobResult, type ResumableFrameSink } from './jobPipeline';
import type { RenderProgress } from './renderProgress';
import { runStreamedJob, type StreamedSource } from './streamedJob';
import { withWarmUp } from './warmUp';

/** Where a render's frames go; a sink that makes one file of them (a video) completes or removes it. */
export interface RenderSink extends FrameSink {
  /** After the last frame is written: completes the output. */
  finish?(): Promise<void>;
  /** After a failure or cancel: removes what is not complete. */
  abort?(): Promise<void>;
}

/** The frames a render reads: from a source that reads any of them, or a producer that makes them in order. */
export type RenderSource = FrameSource | StreamedSource<unknown>;

export interface OpenedFrames {
  source: RenderSource;
  /** Releases what the source holds (a decoder); called after the job, whatever its outcome. */
  close?(): Promise<void>;
}

export interface RenderJobOptions {
  service: StylizeService;
  /** Names the job in the service; a matte's outside style is the job `<jobId>-outside`. */
  jobId: string;
  /** The look every frame gets (an app's input translated: engine/look/look.ts). */
  look: Look;
  /** The look over time and the region it covers; default: constant, the whole frame. */
  placement?: LookPlacement;
  /** The frame numbers of the clip, in order: a frame's position is its index for the stabilizer and the matte. */
  clip: readonly number[];
  /** The frames to render, in clip order; default: the whole clip. */
  frames?: readonly number[];
  /** Resuming: the frames this holds are not rendered again (they count as done). */
  resume?: Pick<ResumableFrameSink, 'hasValid'>;
  sink: RenderSink;
  /**
   * Opens the frames to read, in clip order (those to render and their warm-up); called once,
   * and only when a frame is left to render.
   */
  open(read: readonly number[]): OpenedFrames | Promise<OpenedFrames>;
  /** Told, before anything is stylized, how many of the frames a resume found already rendered. */
  onResume?(alreadyRendered: number, total: number): void;
  onProgress?(progress: RenderProgress): void;
  /** Most frames decoded at once (jobPipeline.ts); default 2. */
  maxInFlight?: number;
  signal?: CancelSignal;
}

export interface RenderResult {
  /** The frames to render, those already rendered included. */
  total: number;
  rendered: number;
  alreadyRendered: number;
  seconds: number;
}

/** One render's jobs in the service, from setStyle to endJob, and the step each frame goes through. */
class JobSession {
  readonly ids: RenderJobIds;
  private readonly setUp: Promise<void>;

  constructor(private readonly service: StylizeService, options: RenderJobOptions) {
    const outside = options.placement?.region?.outsideStyle;
    const styleSettings = styleSettingsOf(options.look);
    const ids: RenderJobIds = { look: options.jobId, ...(outside ? { outside: `${options.jobId}-outside` } : {}) };
    this.ids = ids;
    this.setUp = (async () => {
      await service.setStyle(ids.look, options.look.styles, styleSettings, options.signal);
      if (outside && ids.outside) await service.setStyle(ids.outside, outside, styleSettings, options.signal);
    })();
    // A failure surfaces through the first frame, or through failure() when no frame got that far.
    this.setUp.catch(() => undefined);
  }

  /** The job's frame step: each frame waits for the style, then is stylized with the look. */
  frameStep(look: Look, placement: LookPlacement, clip: readonly number[]): FrameStylizer {
    const position = new Map(clip.map((n, i) => [n, i]));
    const stylize = frameStylizer(this.service, this.ids, look, placement, (n) => position.get(n) ?? 0);
    return async (frame, signal, n) => {
      await this.setUp;
      return stylize(frame, signal, n);
    };
  }

  /** Why the style could not be set, once its setup has settled; undefined when it was set. */
  async failure(): Promise<{ error: unknown } | undefined> {
    return this.setUp.then(() => undefined, (error: unknown) => ({ error }));
  }

  async end(): Promise<void> {
    await this.setUp.catch(() => undefined);
    for (const id of [this.ids.look, this.ids.outside]) {
      // Ending is tidying up: a carrier that lost the job (or never set it) has nothing to forget.
      if (id !== undefined) await this.service.endJob(id).catch(() => undefined);
    }
  }
}

function isStreamed(source: RenderSource): source is StreamedSource<unknown> {
  return 'produce' in source;
}

/** Renders the job's frames into its sink; resolves once the output is complete, removes what is not otherwise. */
export async function runRenderJob(options: RenderJobOptions): Promise<RenderResult> {
  try {
    return await renderFrames(options);
  } catch (e) {
    await options.sink.abort?.();
    throw e;
  }
}

async function renderFrames(options: RenderJobOptions): Promise<RenderResult> {
  const { clip, sink, signal, onProgress } = options;
  const frames = options.frames ?? clip;
  const total = frames.length;
  const needed = options.resume ? await framesStillNeeded(options.resume, frames, signal) : [...frames];
  const alreadyRendered = total - needed.length;
  if (options.resume) options.onResume?.(alreadyRendered, total);
  if (needed.length === 0) {
    onProgress?.({ done: total, total, fps: 0, etaSeconds: 0 });
    return { total, rendered: 0, alreadyRendered, seconds: 0 };
  }

  const { frames: read, warmUp } = withWarmUp(clip, needed, options.look.temporal);
  const session = new JobSession(options.service, options);
  let opened: OpenedFrames | undefined;
  try {
    opened = await options.open(read);
    const job = {
      sink,
      warmUp,
      stylize: session.frameStep(options.look, options.placement ?? {}, clip),
      maxInFlight: options.maxInFlight,
      signal,
      onProgress: onProgress && ((p: RenderProgress) => onProgress({ ...p, done: alreadyRendered + p.done, total })),
    };
    const { source } = opened;
    const result: JobResult = isStreamed(source) ? await runStreamedJob({ ...source, ...job }) : await runJob({ ...job, source });
    await sink.finish?.();
    return { total, rendered: result.rendered, alreadyRendered, seconds: result.seconds };
  } catch (e) {
    // A style that could not be set is the cause, whichever frame ran into it.
    throw (await session.failure())?.error ?? e;
  } finally {
    await opened?.close?.();
    await session.end();
  }
}

/** One still through a render job (a preview, a tile of a mode strip): the stylized image. */
export async function renderStill(service: StylizeService, jobId: string, look: Look, image: RasterImage, signal?: CancelSignal): Promise<RasterImage> {
  let stylized: RasterImage | undefined;
  // A still has no neighbours to steady it against.
  await runRenderJob({
    service, jobId, look: { ...look, temporal: 'off' }, clip: [0], signal,
    sink: { write: async (_n, frame) => { stylized = frame; } },
    open: () => ({ source: { count: 1, read: async () => image } }),
  });
  return stylized as RasterImage;
}
