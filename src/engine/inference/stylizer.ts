/**
 * The in-process StylizeService: holds each job's style and steadiness state and takes a frame
 * from its own size to render size and back, with strength and keep-colours at the frame's size.
 * The models run in the parts it is made of: the sessions (modelSessions.ts), the style
 * statistics cache (styleStatisticsCache.ts) and the frame pass with its tiling (framePass.ts).
 */
import { CoherentStyleError, throwIfCancelled } from '../errors';
import type { PlanarRgb, RasterImage } from '../images/image';
import type { ModelRegistry } from './modelRegistry';
import { fromPlanarRgb, rasterTargetOf, toPlanarRgb } from '../images/planar';
import { resizePlanar, sizeForShortSide } from '../images/resize';
import type { InferenceRuntime } from './runtime';
import { ModelSessions, type SessionRunTiming } from './modelSessions';
import { StyleStatisticsCache, type JobStyle } from './styleStatisticsCache';
import { FramePass } from './framePass';
import { nextTurn } from './nextTurn';
import { styleDigest } from '../look/renderRecord';
import type { FrameSettings, StyleSettings, StylizeService } from './stylizeService';
import { checkFrameSize, checkRenderSize, checkShortSide, checkStrength, checkStyleSettings } from './stylizeChecks';
import { backToRenderSize, checkStyleScale, contentShortSideFor, contentSizeFor, REFERENCE_STYLE_SHORT_SIDE } from './styleScale';
import { encodableStyle, HeldStyleBudget, largestEncodedShortSide } from './heldStyles';
import { blendTowardsInput, pixelRampWeight } from './strength';
import { withOriginalColors } from '../images/keepColors';
import { removeLatticeInPlace } from '../images/latticeFilter';
import { TemporalStabilizer } from '../temporal/stabilizer';
import type { CancelSignal } from '../cancellation';
import { normaliseStyleSource, type StyleSource } from '../look/mix';

export type { SessionRunTiming } from './modelSessions';

export const DEFAULT_STYLE_SHORT_SIDE = REFERENCE_STYLE_SHORT_SIDE;

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

/** What a frame's stylization depends on besides the frame, and may change from frame to frame (keyframes). */
type FrameLook = Pick<FrameSettings, 'strength' | 'styleWeights'>;

/** Numbers print exactly (the shortest text that reads back as the same number), so joined weights compare as the weights. */
const sameLook = (a: FrameLook, b: FrameLook): boolean =>
  a.strength === b.strength && String(a.styleWeights) === String(b.styleWeights);

interface OpenJob extends JobStyle {
  /** The job's steadiness state between frames, made by its first frame with a temporal level. */
  stabilizer?: TemporalStabilizer<FrameLook>;
}

/** The image at a size: itself when it has it already. */
const resizedTo = (image: PlanarRgb, size: { width: number; height: number }): PlanarRgb =>
  (image.width === size.width && image.height === size.height ? image : resizePlanar(image, size.width, size.height));

export class InProcessStylizeService implements StylizeService {
  private readonly jobs = new Map<string, OpenJob>();
  private readonly sessions: ModelSessions;
  private readonly styleStatistics: StyleStatisticsCache;
  private readonly framePass: FramePass;
  private readonly heldStyles: HeldStyleBudget;
  private disposed = false;

  constructor(runtime: InferenceRuntime, private readonly registry: ModelRegistry, options: InProcessStylizerOptions = {}) {
    this.sessions = new ModelSessions(runtime, registry, options.onSessionRun);
    this.styleStatistics = new StyleStatisticsCache(this.sessions, options.styleCacheEntries);
    this.heldStyles = new HeldStyleBudget(options.maxHeldStyleBytes);
    this.framePass = new FramePass(this.sessions, options.maxTilePixels, options.tileOverlap);
  }

  /** The execution provider of the most recently loaded session ('cpu', 'cuda', 'webgpu', 'wasm', …); undefined before any. */
  get provider(): string | undefined {
    return this.sessions.provider;
  }

  get providerLabel(): string {
    return this.sessions.providerLabel;
  }

  /** Loads (and verifies) both graphs of a mode ahead of the first job, so the provider is known and the first frame is not slow. */
  async prepare(modeId: string): Promise<void> {
    await this.sessions.prepare(this.registry.mode(modeId));
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
    const job: OpenJob = {
      entry,
      styles: weighted.map(({ image, weight }) => ({ planar: encodableStyle(image, largestEncodedShortSide(size)), key: styleDigest(image), weight })),
      size,
    };
    this.heldStyles.hold(job, job.styles.map((s) => s.planar));
    try {
      // Encoded now (as the mode's usual render size needs it), so a style the model refuses fails before any frame.
      await this.styleStatistics.statisticsFor(job, contentShortSideFor(settings.styleScale ?? 1, entry.recommendedShortSide), signal);
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
    const delatticed = await this.stylizedContent(job, content, settings, signal);
    const steadied = stabilizer ? await this.steadied(job, stabilizer, settings, content, delatticed, signal) : delatticed;
    const stylized = backToRenderSize(steadied, atRenderSize, content);
    throwIfCancelled(signal);
    await nextTurn();
    const atFrameSize = resizedTo(stylized, frame);
    // Both finish at the frame's own size, so the input's full-resolution chroma and detail survive.
    const recoloured = settings.keepColors ? withOriginalColors(atFrameSize, frame) : atFrameSize;
    return blendTowardsInput(frame, recoloured, pixelRampWeight(settings.strength));
  }

  /** The content (at the size the network takes it) stylized with a look. */
  private async stylizedContent(job: OpenJob, content: PlanarRgb, look: FrameLook, signal?: CancelSignal): Promise<PlanarRgb> {
    const statistics = await this.styleStatistics.statisticsFor(job, Math.min(content.width, content.height), signal, look.styleWeights);
    const stylized = await this.framePass.stylize(job.entry, statistics, content, look.strength, signal);
    removeLatticeInPlace(stylized);
    return stylized;
  }

  /**
   * The stylized content steadied. When the look changed since the frame the stabilizer carries
   * (keyframes), the content is stylized at that frame's look too, so the stabilizer steadies only
   * flicker and lets the change of look through on its frame (a second pass on such frames only).
   */
  private async steadied(
    job: OpenJob, stabilizer: TemporalStabilizer<FrameLook>, settings: FrameSettings, content: PlanarRgb, stylized: PlanarRgb, signal?: CancelSignal,
  ): Promise<PlanarRgb> {
    const index = settings.frameIndex as number;
    const look: FrameLook = { strength: settings.strength, styleWeights: settings.styleWeights };
    const carried = stabilizer.carriedLook(index);
    const atCarriedLook = carried && !sameLook(carried, look) ? await this.stylizedContent(job, content, carried, signal) : stylized;
    return stabilizer.apply(index, content, stylized, look, atCarriedLook);
  }

  /** The job's stabilizer when the frame is steadied (at render size, where the network's own flicker is). */
  private stabilizerFor(job: OpenJob, settings: FrameSettings): TemporalStabilizer<FrameLook> | undefined {
    const level = settings.temporal ?? 'off';
    if (level === 'off') return undefined;
    if (!Number.isInteger(settings.frameIndex) || (settings.frameIndex as number) < 0) {
      throw new CoherentStyleError('INVALID_ARGUMENT', `A steadied frame needs its position in the clip (a whole number of at least 0), got ${settings.frameIndex}.`);
    }
    job.stabilizer ??= new TemporalStabilizer<FrameLook>(level);
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
    await this.sessions.releaseAll();
  }

  private checkUsable(): void {
    if (this.disposed) throw new CoherentStyleError('INVALID_ARGUMENT', 'This stylizer has been shut down.');
  }
}
