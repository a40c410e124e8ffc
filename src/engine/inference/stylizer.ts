/**
 * The in-process StylizeService: runs a mode's style_encoder once per style and its stylizer per
 * frame through an injected InferenceRuntime. Frames larger than the tile budget are stylized in
 * overlapping tiles that all share the whole frame's content statistics, so tiles cannot drift
 * apart in colour, and are feather-blended so no seam shows.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { CoherentStyleError, throwIfCancelled } from '../errors';
import type { PlanarRgb, RasterImage } from '../images/image';
import {
  ALPHA_INPUT, CONTENT_INPUT, CONTENT_MEAN, CONTENT_MEAN_OUTPUT, CONTENT_STD, CONTENT_STD_OUTPUT,
  STYLE_INPUT, STYLIZED_OUTPUT, USE_CONTENT_STATS, type ModelEntry,
} from './modelContract';
import type { GraphKind, ModelRegistry } from './modelRegistry';
import { cropPlanar, reflectPadToMultiple } from '../images/padding';
import { fromPlanarRgb, rasterTargetOf, toPlanarRgb } from '../images/planar';
import { resizePlanar, sizeForShortSide } from '../images/resize';
import { providerLabel, type CreatedSession, type InferenceRuntime } from './runtime';
import { LruCache } from './lruCache';
import { SerialQueue } from '../render/serialQueue';
import { styleDigest } from '../look/renderRecord';
import type { FrameSettings, StyleSettings, StylizeService } from './stylizeService';
import { checkFrameSize, checkRenderSize, checkShortSide, checkStrength, checkStyleSettings } from './stylizeChecks';
import { backToRenderSize, checkStyleScale, contentShortSideFor, contentSizeFor, REFERENCE_STYLE_SHORT_SIDE, styleShortSideFor } from './styleScale';
import { mixStyleStatistics, type StyleStatistics } from './styleMix';
import { encodableStyle, HeldStyleBudget, largestEncodedShortSide } from './heldStyles';
import { planAlignedTiles, statisticsPassSize, TileBlender } from './tiling';
import { blendTowardsInput, pixelRampWeight } from './strength';
import { withOriginalColors } from '../images/keepColors';
import { removeLattice } from '../images/latticeFilter';
import { TemporalStabilizer } from '../temporal/stabilizer';
import type { CancelSignal } from '../cancellation';
import { type StyleSource, mixWeightsOf, normaliseStyleSource } from '../look/mix';

/** UXP does not document `performance`; the in-process carrier runs this in the panel. */
const now = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

export const DEFAULT_STYLE_SHORT_SIDE = REFERENCE_STYLE_SHORT_SIDE;
/** Pixels per session run before a frame is tiled: a 720p frame plus 10%. It bounds the runtime's working memory (GPU or CPU), whatever the frame size. */
export const DEFAULT_MAX_TILE_PIXELS = Math.round(1280 * 720 * 1.1);
export const DEFAULT_TILE_OVERLAP = 64;
export const DEFAULT_STYLE_CACHE_ENTRIES = 16;

/** Why a session ran: the bench separates pure inference time from the pipeline around it. */
export type SessionRunPurpose = 'style' | 'frame' | 'statistics' | 'tile';

export interface SessionRunTiming {
  mode: string;
  graph: GraphKind;
  purpose: SessionRunPurpose;
  /** The (padded) input size the session ran at. */
  width: number;
  height: number;
  /** Duration of session.run alone. */
  milliseconds: number;
}

export interface InProcessStylizerOptions {
  /** Most pixels (after padding) stylized in one session run; larger frames are tiled. */
  maxTilePixels?: number;
  /** Pixels neighbouring tiles share and blend across. */
  tileOverlap?: number;
  /** Style statistics kept across jobs (keyed by mode, style pixels and size). */
  styleCacheEntries?: number;
  /** Called after every session.run with its duration. */
  onSessionRun?: (timing: SessionRunTiming) => void;
  /** Bytes the open jobs' style images may take together (heldStyles.ts); default DEFAULT_MAX_HELD_STYLE_BYTES. */
  maxHeldStyleBytes?: number;
}

interface ContentStatistics {
  mean: Float32Array;
  std: Float32Array;
}

interface JobStyle {
  entry: ModelEntry;
  /** The job's style images (planar, no larger than the encoder will use) with their cache keys and normalised weights. */
  styles: ReadonlyArray<{ planar: PlanarRgb; key: string; weight: number }>;
  /** A fixed encode size, or a scale relative to each frame's render size. */
  size: { shortSide: number } | { scale: number };
  /** The job's steadiness state between frames, made by its first frame with a temporal level. */
  stabilizer?: TemporalStabilizer;
}

interface LoadedSession {
  created: CreatedSession;
  /** Runs on one session are serialised: a single run saturates the device, and some runtimes refuse overlapping runs. */
  queue: SerialQueue;
}

/** Lets the host's event loop run between heavy stages (a server keeps answering other clients). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The image at a size: itself when it has it already. */
const resizedTo = (image: PlanarRgb, size: { width: number; height: number }): PlanarRgb =>
  (image.width === size.width && image.height === size.height ? image : resizePlanar(image, size.width, size.height));

export class InProcessStylizeService implements StylizeService {
  private readonly sessions = new Map<string, Promise<LoadedSession>>();
  private readonly jobs = new Map<string, JobStyle>();
  private readonly styleCache: LruCache<StyleStatistics>;
  private readonly heldStyles: HeldStyleBudget;
  private readonly maxTilePixels: number;
  private readonly tileOverlap: number;
  private loadedProvider: string | undefined;
  private disposed = false;

  constructor(
    private readonly runtime: InferenceRuntime,
    private readonly registry: ModelRegistry,
    private readonly options: InProcessStylizerOptions = {},
  ) {
    this.maxTilePixels = options.maxTilePixels ?? DEFAULT_MAX_TILE_PIXELS;
    this.tileOverlap = options.tileOverlap ?? DEFAULT_TILE_OVERLAP;
    this.styleCache = new LruCache(options.styleCacheEntries ?? DEFAULT_STYLE_CACHE_ENTRIES);
    this.heldStyles = new HeldStyleBudget(options.maxHeldStyleBytes);
    if (!(this.maxTilePixels >= 1)) throw new CoherentStyleError('INVALID_ARGUMENT', `maxTilePixels must be at least 1, got ${this.maxTilePixels}.`);
  }

  /** The execution provider of the most recently loaded session ('cpu', 'cuda', 'webgpu', 'wasm', …); undefined before any. */
  get provider(): string | undefined {
    return this.loadedProvider;
  }

  get providerLabel(): string {
    return this.loadedProvider === undefined ? this.runtime.name : providerLabel(this.loadedProvider, this.runtime.name);
  }

  /** Loads (and verifies) both graphs of a mode ahead of the first job, so the provider is known and the first frame is not slow. */
  async prepare(modeId: string): Promise<void> {
    const entry = this.registry.mode(modeId);
    await Promise.all([this.session(entry, 'styleEncoder'), this.session(entry, 'stylizer')]);
  }

  async setStyle(jobId: string, style: StyleSource, settings: StyleSettings, signal?: CancelSignal): Promise<void> {
    this.checkUsable();
    const entry = this.registry.mode(settings.mode);
    const weighted = normaliseStyleSource(style);
    checkStyleSettings(entry, weighted.map(({ image }) => image), settings.styleShortSide);
    if (settings.styleScale !== undefined) checkStyleScale(settings.styleScale);
    for (const { image } of weighted) checkFrameSize(image, 'style image');
    throwIfCancelled(signal);
    const size = settings.styleScale !== undefined ? { scale: settings.styleScale } : { shortSide: settings.styleShortSide ?? DEFAULT_STYLE_SHORT_SIDE };
    const job: JobStyle = {
      entry,
      styles: weighted.map(({ image, weight }) => ({ planar: encodableStyle(image, largestEncodedShortSide(size)), key: styleDigest(image), weight })),
      size,
    };
    this.heldStyles.hold(job, job.styles.map((s) => s.planar));
    try {
      // Encoded now (as the mode's usual render size needs it), so a style the model refuses fails before any frame.
      await this.statisticsFor(job, contentShortSideFor(settings.styleScale ?? 1, entry.recommendedShortSide), signal);
    } catch (e) {
      this.heldStyles.release(job);
      throw e;
    }
    this.heldStyles.release(this.jobs.get(jobId));
    this.jobs.set(jobId, job);
  }

  /** Bytes the open jobs' style images take (each kept at most as large as the encoder uses it). */
  get heldStyleBytes(): number {
    return this.heldStyles.heldBytes;
  }

  async stylize(jobId: string, frame: RasterImage, settings: FrameSettings, signal?: CancelSignal): Promise<RasterImage> {
    checkFrameSize(frame, 'frame');
    const stylized = await this.stylizePlanar(jobId, toPlanarRgb(frame), settings, signal);
    await nextTurn();
    return fromPlanarRgb(stylized, rasterTargetOf(frame));
  }

  /** Stylizes planar RGB; the result has the input's size. */
  async stylizePlanar(jobId: string, frame: PlanarRgb, settings: FrameSettings, signal?: CancelSignal): Promise<PlanarRgb> {
    this.checkUsable();
    const job = this.jobs.get(jobId);
    if (!job) throw new CoherentStyleError('INVALID_ARGUMENT', `No style is set for job "${jobId}"; choose a style first.`);
    checkStrength(settings.strength);
    checkShortSide('The render size', settings.renderShortSide);
    throwIfCancelled(signal);

    // Strength 0 is the clip untouched, not the network's reconstruction of it.
    if (settings.strength === 0) return { width: frame.width, height: frame.height, data: Float32Array.from(frame.data) };

    const { entry } = job;
    const render = sizeForShortSide(frame.width, frame.height, settings.renderShortSide ?? entry.recommendedShortSide);
    checkRenderSize(entry, frame, render);
    await nextTurn();
    const atRenderSize = resizedTo(frame, render);
    await nextTurn();
    const stabilizer = this.stabilizerFor(job, settings);
    const content = 'scale' in job.size ? resizedTo(atRenderSize, contentSizeFor(job.size.scale, render)) : atRenderSize;
    const delatticed = removeLattice(await this.stylizeAtRenderSize(job, content, settings, signal));
    const stylized = backToRenderSize(stabilizer ? stabilizer.apply(settings.frameIndex as number, content, delatticed) : delatticed, atRenderSize, content);
    throwIfCancelled(signal);
    await nextTurn();
    const atFrameSize = resizedTo(stylized, frame);
    // Both finish at the frame's own size, so the input's full-resolution chroma and detail survive.
    const recoloured = settings.keepColors ? withOriginalColors(atFrameSize, frame) : atFrameSize;
    return blendTowardsInput(frame, recoloured, pixelRampWeight(settings.strength));
  }

  /** The job's stabilizer when the frame is steadied (at render size, where the network's own flicker is). */
  private stabilizerFor(job: JobStyle, settings: FrameSettings): TemporalStabilizer | undefined {
    const level = settings.temporal ?? 'off';
    if (level === 'off') return undefined;
    if (!Number.isInteger(settings.frameIndex) || (settings.frameIndex as number) < 0) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `A steadied frame needs its position in the clip (a whole number of at least 0), got ${settings.frameIndex}.`);
    }
    job.stabilizer ??= new TemporalStabilizer(level);
    return job.stabilizer;
  }

  async endJob(jobId: string): Promise<void> {
    this.heldStyles.release(this.jobs.get(jobId));
    this.jobs.delete(jobId);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.jobs.clear();
    this.heldStyles.clear();
    const loaded = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    // Released through each session's queue, so runs already in progress finish first.
    await Promise.all(loaded.map((s) => (s.status === 'fulfilled' ? s.value.queue.run(() => s.value.created.session.release()) : undefined)));
  }

  private checkUsable(): void {
    if (this.disposed) throw new CoherentStyleError('INVALID_ARGUMENT', 'This stylizer has been shut down.');
  }

  /** The mode's session for one graph, created (from verified bytes) on first use and then reused. */
  private session(entry: ModelEntry, graph: GraphKind): Promise<LoadedSession> {
    const key = `${entry.id}/${graph}`;
    let loading = this.sessions.get(key);
    if (!loading) {
      loading = this.registry.loadGraph(entry, graph)
        .then((bytes) => this.runtime.createSession(bytes))
        .then((created) => {
          this.loadedProvider = created.provider;
          return { created, queue: new SerialQueue() };
        });
      // A failed load is not cached, so a repaired install works without a restart.
      loading.catch(() => this.sessions.delete(key));
      this.sessions.set(key, loading);
    }
    return loading;
  }

  private async run(
    entry: ModelEntry, graph: GraphKind, purpose: SessionRunPurpose, size: { width: number; height: number },
    feeds: Record<string, Tensor>, signal?: CancelSignal,
  ): Promise<InferenceSession.OnnxValueMapType> {
    const { created, queue } = await this.session(entry, graph);
    return queue.run(async () => {
      throwIfCancelled(signal);
      const started = now();
      let outputs: InferenceSession.OnnxValueMapType;
      try {
        outputs = await created.session.run(feeds);
      } catch (e) {
        throw new CoherentStyleError('INFERENCE_FAILED',
          `The ${entry.label} model failed on a ${size.width}×${size.height} image (${(e as Error).message}). Try a smaller render size.`,
          { cause: e });
      }
      this.options.onSessionRun?.({ mode: entry.id, graph, purpose, width: size.width, height: size.height, milliseconds: now() - started });
      return outputs;
    });
  }

  /** The job's style statistics (mixed by the frame's weights, if any) for frames rendered at `renderShortSide`, from cache where possible. */
  private async statisticsFor(job: JobStyle, renderShortSide: number, signal?: CancelSignal, frameWeights?: readonly number[]): Promise<StyleStatistics> {
    const shortSide = 'scale' in job.size ? styleShortSideFor(job.size.scale, renderShortSide) : job.size.shortSide;
    const weights = mixWeightsOf(job.styles, frameWeights);
    const parts: Array<{ statistics: StyleStatistics; weight: number }> = [];
    for (const [i, style] of job.styles.entries()) {
      const key = `${job.entry.id}|${shortSide}|${style.key}`;
      let statistics = this.styleCache.get(key);
      if (!statistics) {
        await nextTurn();
        statistics = await this.encodeStyle(job.entry, style.planar, shortSide, signal);
        this.styleCache.set(key, statistics);
      }
      parts.push({ statistics, weight: weights[i] });
    }
    return mixStyleStatistics(parts);
  }

  private async encodeStyle(entry: ModelEntry, style: PlanarRgb, shortSide: number, signal?: CancelSignal): Promise<StyleStatistics> {
    const size = sizeForShortSide(style.width, style.height, shortSide);
    const resized = size.width === style.width && size.height === style.height ? style : resizePlanar(style, size.width, size.height);
    const { padded } = reflectPadToMultiple(resized, entry.sizeMultiple);
    const outputs = await this.run(entry, 'styleEncoder', 'style', padded,
      { [STYLE_INPUT]: this.runtime.createTensor(padded.data, [1, 3, padded.height, padded.width]) }, signal);
    const statistics = new Map<string, { data: Float32Array; dims: readonly number[] }>();
    for (const name of entry.styleStatistics) {
      const tensor = outputs[name] as Tensor | undefined;
      if (!tensor) {
        throw new CoherentStyleError('MANIFEST_INVALID',
          `The ${entry.label} style encoder has no output "${name}" listed in models.json. Reinstall the plugin.`);
      }
      // Copied out of the runtime's buffer so the cache holds plain arrays that outlive the tensor.
      statistics.set(name, { data: Float32Array.from(tensor.data as Float32Array), dims: [...tensor.dims] });
    }
    return statistics;
  }

  /**
   * One stylizer run on an image whose sides are multiples of the model's size multiple (callers
   * pad or pick such sizes); `content` given → use those statistics instead of the image's own.
   */
  private async runStylizer(
    entry: ModelEntry, statistics: StyleStatistics, image: PlanarRgb, strength: number, content: ContentStatistics | undefined,
    purpose: SessionRunPurpose, signal?: CancelSignal,
  ): Promise<{ stylized: PlanarRgb; content: ContentStatistics }> {
    const k = entry.contentStatChannels;
    const statsDims = [1, k, 1, 1];
    const feeds: Record<string, Tensor> = {
      [CONTENT_INPUT]: this.runtime.createTensor(image.data, [1, 3, image.height, image.width]),
      [ALPHA_INPUT]: this.runtime.createTensor(Float32Array.of(strength), [1]),
      [CONTENT_MEAN]: this.runtime.createTensor(content?.mean ?? new Float32Array(k), statsDims),
      [CONTENT_STD]: this.runtime.createTensor(content?.std ?? new Float32Array(k).fill(1), statsDims),
      [USE_CONTENT_STATS]: this.runtime.createTensor(Float32Array.of(content ? 1 : 0), [1]),
    };
    for (const [name, statistic] of statistics) feeds[name] = this.runtime.createTensor(statistic.data, statistic.dims);
    const outputs = await this.run(entry, 'stylizer', purpose, image, feeds, signal);
    return {
      stylized: { width: image.width, height: image.height, data: (outputs[STYLIZED_OUTPUT] as Tensor).data as Float32Array },
      content: {
        mean: (outputs[CONTENT_MEAN_OUTPUT] as Tensor).data as Float32Array,
        std: (outputs[CONTENT_STD_OUTPUT] as Tensor).data as Float32Array,
      },
    };
  }

  /**
   * One pass when the frame fits the tile budget. Otherwise the content statistics come from one
   * whole-frame pass at a size that fits the budget, then every tile is stylized with them and
   * feather-blended. Tiles are cut from the frame padded to the size multiple, at positions that
   * are multiples of it, so each tile's pooling grid lines up with the whole frame's and a tile
   * differs from the untiled result only near its edges, where the blend hides it.
   */
  private async stylizeAtRenderSize(job: JobStyle, frame: PlanarRgb, { strength, styleWeights }: FrameSettings, signal?: CancelSignal): Promise<PlanarRgb> {
    const { entry } = job;
    const statistics = await this.statisticsFor(job, Math.min(frame.width, frame.height), signal, styleWeights);
    const multiple = entry.sizeMultiple;
    const { padded, crop } = reflectPadToMultiple(frame, multiple);
    const tiles = planAlignedTiles(padded.width, padded.height, this.maxTilePixels, this.tileOverlap, multiple);
    let stylized: PlanarRgb;
    if (tiles.length === 1) {
      stylized = (await this.runStylizer(entry, statistics, padded, strength, undefined, 'frame', signal)).stylized;
    } else {
      const overview = statisticsPassSize(frame.width, frame.height, this.maxTilePixels, multiple);
      const { content } = await this.runStylizer(entry, statistics, resizePlanar(frame, overview.width, overview.height), strength, undefined, 'statistics', signal);
      const blender = new TileBlender(padded.width, padded.height, this.tileOverlap);
      for (const tile of tiles) {
        throwIfCancelled(signal);
        await nextTurn();
        blender.add(tile, (await this.runStylizer(entry, statistics, cropPlanar(padded, tile), strength, content, 'tile', signal)).stylized);
      }
      stylized = blender.result();
    }
    return crop.width === padded.width && crop.height === padded.height ? stylized : cropPlanar(stylized, crop);
  }
}
