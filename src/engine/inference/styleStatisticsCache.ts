/**
 * A job's style statistics: its styles encoded by the mode's style_encoder at the size a render
 * needs, kept across jobs (keyed by mode, style pixels and size) so a style is encoded once per
 * size, and mixed by the job's (or a frame's) weights.
 */
import type { Tensor } from 'onnxruntime-common';
import { CoherentStyleError } from '../errors';
import type { PlanarRgb } from '../images/image';
import { reflectPadToMultiple } from '../images/padding';
import { resizePlanar, sizeForShortSide } from '../images/resize';
import { STYLE_INPUT, type ModelEntry } from './modelContract';
import type { ModelSessions } from './modelSessions';
import { LruCache } from './lruCache';
import { nextTurn } from './nextTurn';
import { styleShortSideFor } from './styleScale';
import { mixStyleStatistics, type StyleStatistics } from './styleMix';
import { mixWeightsOf } from '../look/mix';
import type { CancelSignal } from '../cancellation';

export const DEFAULT_STYLE_CACHE_ENTRIES = 16;

/** What a job's style is: the mode that encodes it, its images and the size they are encoded at. */
export interface JobStyle {
  entry: ModelEntry;
  /** The job's style images (planar, no larger than the encoder will use) with their cache keys and normalised weights. */
  styles: ReadonlyArray<{ planar: PlanarRgb; key: string; weight: number }>;
  /** A fixed encode size, or a scale relative to each frame's render size. */
  size: { shortSide: number } | { scale: number };
}

export class StyleStatisticsCache {
  private readonly cache: LruCache<StyleStatistics>;

  constructor(private readonly sessions: ModelSessions, entries = DEFAULT_STYLE_CACHE_ENTRIES) {
    this.cache = new LruCache(entries);
  }

  /** The job's style statistics (mixed by the frame's weights, if any) for frames rendered at `renderShortSide`, from cache where possible. */
  async statisticsFor(job: JobStyle, renderShortSide: number, signal?: CancelSignal, frameWeights?: readonly number[]): Promise<StyleStatistics> {
    const shortSide = 'scale' in job.size ? styleShortSideFor(job.size.scale, renderShortSide) : job.size.shortSide;
    const weights = mixWeightsOf(job.styles, frameWeights);
    const parts: Array<{ statistics: StyleStatistics; weight: number }> = [];
    for (const [i, style] of job.styles.entries()) {
      const key = `${job.entry.id}|${shortSide}|${style.key}`;
      let statistics = this.cache.get(key);
      if (!statistics) {
        await nextTurn();
        statistics = await this.encodeStyle(job.entry, style.planar, shortSide, signal);
        this.cache.set(key, statistics);
      }
      parts.push({ statistics, weight: weights[i] });
    }
    return mixStyleStatistics(parts);
  }

  private async encodeStyle(entry: ModelEntry, style: PlanarRgb, shortSide: number, signal?: CancelSignal): Promise<StyleStatistics> {
    const size = sizeForShortSide(style.width, style.height, shortSide);
    const resized = size.width === style.width && size.height === style.height ? style : resizePlanar(style, size.width, size.height);
    const { padded } = reflectPadToMultiple(resized, entry.sizeMultiple);
    const outputs = await this.sessions.run(entry, 'styleEncoder', 'style', padded,
      { [STYLE_INPUT]: this.sessions.tensor(padded.data, [1, 3, padded.height, padded.width]) }, signal);
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
}
