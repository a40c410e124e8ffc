/**
 * One frame through a mode's stylizer graph at its render size. Frames larger than the tile
 * budget are stylized in overlapping tiles (tiling.ts) that all share the whole frame's content
 * statistics, so tiles cannot drift apart in colour, and are feather-blended so no seam shows.
 */
import type { Tensor } from 'onnxruntime-common';
import { CoherentStyleError, throwIfCancelled } from '../errors';
import type { PlanarRgb } from '../images/image';
import { cropPlanar, reflectPadToMultiple } from '../images/padding';
import { resizePlanar } from '../images/resize';
import {
  ALPHA_INPUT, CONTENT_INPUT, CONTENT_MEAN, CONTENT_MEAN_OUTPUT, CONTENT_STD, CONTENT_STD_OUTPUT,
  STYLIZED_OUTPUT, USE_CONTENT_STATS, type ModelEntry,
} from './modelContract';
import type { ModelSessions, SessionRunPurpose } from './modelSessions';
import { nextTurn } from './nextTurn';
import type { StyleStatistics } from './styleMix';
import { planAlignedTiles, statisticsPassSize, TileBlender } from './tiling';
import type { CancelSignal } from '../cancellation';

/** Pixels per session run before a frame is tiled: a 720p frame plus 10%. It bounds the runtime's working memory (GPU or CPU), whatever the frame size. */
export const DEFAULT_MAX_TILE_PIXELS = Math.round(1280 * 720 * 1.1);
export const DEFAULT_TILE_OVERLAP = 64;

interface ContentStatistics {
  mean: Float32Array;
  std: Float32Array;
}

export class FramePass {
  constructor(
    private readonly sessions: ModelSessions,
    /** Most pixels (after padding) stylized in one session run; larger frames are tiled. */
    private readonly maxTilePixels = DEFAULT_MAX_TILE_PIXELS,
    /** Pixels neighbouring tiles share and blend across. */
    private readonly tileOverlap = DEFAULT_TILE_OVERLAP,
  ) {
    if (!(maxTilePixels >= 1)) throw new CoherentStyleError('INVALID_ARGUMENT', `maxTilePixels must be at least 1, got ${maxTilePixels}.`);
  }

  /**
   * One pass when the frame fits the tile budget. Otherwise the content statistics come from one
   * whole-frame pass at a size that fits the budget, then every tile is stylized with them and
   * feather-blended. Tiles are cut from the frame padded to the size multiple, at positions that
   * are multiples of it, so each tile's pooling grid lines up with the whole frame's and a tile
   * differs from the untiled result only near its edges, where the blend hides it.
   */
  async stylize(entry: ModelEntry, statistics: StyleStatistics, frame: PlanarRgb, strength: number, signal?: CancelSignal): Promise<PlanarRgb> {
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
      [CONTENT_INPUT]: this.sessions.tensor(image.data, [1, 3, image.height, image.width]),
      [ALPHA_INPUT]: this.sessions.tensor(Float32Array.of(strength), [1]),
      [CONTENT_MEAN]: this.sessions.tensor(content?.mean ?? new Float32Array(k), statsDims),
      [CONTENT_STD]: this.sessions.tensor(content?.std ?? new Float32Array(k).fill(1), statsDims),
      [USE_CONTENT_STATS]: this.sessions.tensor(Float32Array.of(content ? 1 : 0), [1]),
    };
    for (const [name, statistic] of statistics) feeds[name] = this.sessions.tensor(statistic.data, statistic.dims);
    const outputs = await this.sessions.run(entry, 'stylizer', purpose, image, feeds, signal);
    return {
      stylized: { width: image.width, height: image.height, data: (outputs[STYLIZED_OUTPUT] as Tensor).data as Float32Array },
      content: {
        mean: (outputs[CONTENT_MEAN_OUTPUT] as Tensor).data as Float32Array,
        std: (outputs[CONTENT_STD_OUTPUT] as Tensor).data as Float32Array,
      },
    };
  }
}
