/**
 * The style images of a farm render as a client sends them: the style outside its matte first
 * (a farmRender with matteStyle) when the render has one, then the look's style or the parts of its
 * mix (MixParts). Held per job until the render's last message arrives, then handed over together.
 */
import { CoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import type { StyleSource } from '../engine/look/mix';
import type { FarmRenderMessage } from './messages';
import { MixParts } from './mixParts';

export interface FarmRenderStyles {
  style: StyleSource;
  outsideStyle?: RasterImage;
}

export class FarmRenderParts {
  private readonly mixes: MixParts;
  private readonly outsideStyles = new Map<string, RasterImage>();

  /** At most `maxRenders` renders with parts still arriving (one per job the client may open). */
  constructor(private readonly maxRenders: number) {
    this.mixes = new MixParts(maxRenders);
  }

  /** The render's styles once its last message has arrived; undefined while parts are missing. */
  collect(message: FarmRenderMessage): FarmRenderStyles | undefined {
    const { job } = message;
    if (message.matteStyle) {
      if (!this.outsideStyles.has(job) && this.outsideStyles.size >= this.maxRenders) {
        throw new CoherentStyleError('PROTOCOL', `Too many farm renders in progress (limit ${this.maxRenders}); send the styles of one render before starting another.`);
      }
      this.outsideStyles.set(job, message.image);
      return undefined;
    }
    let style: StyleSource | undefined;
    try {
      style = this.mixes.collect(message);
    } catch (e) {
      this.outsideStyles.delete(job);
      throw e;
    }
    if (style === undefined) return undefined;
    const outsideStyle = this.outsideStyles.get(job);
    this.outsideStyles.delete(job);
    const wanted = message.matte?.outsideStyle === true;
    if (wanted !== (outsideStyle !== undefined)) {
      throw new CoherentStyleError('PROTOCOL', wanted
        ? `The style outside the matte of farm render "${job}" did not arrive; send it (a farmRender with matteStyle) before the look's style.`
        : `Farm render "${job}" was sent a style outside its matte, but its matte takes none (matte.outsideStyle is not true).`);
    }
    return { style, ...(outsideStyle ? { outsideStyle } : {}) };
  }

  /** Drops a job's held styles (its render was cancelled). */
  forget(job: string): void {
    this.mixes.forget(job);
    this.outsideStyles.delete(job);
  }
}
