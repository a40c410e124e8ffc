/**
 * The parts of style mixes as a client sends them (setStyle or farmRender with `mix`, one message
 * per style, in order): held per job until the last part arrives, then handed over together.
 */
import { CoherentStyleError } from '../engine/errors';
import type { FarmRenderMessage, SetStyleMessage } from './messages';
import type { StyleSource, WeightedStyle } from '../engine/look/mix';

export class MixParts {
  private readonly held = new Map<string, WeightedStyle[]>();

  /** At most `maxMixes` partial mixes at once (one per job the client may open). */
  constructor(private readonly maxMixes: number) {}

  /** A single style at once; a mix once its last part has arrived, undefined while parts are missing. */
  collect(message: SetStyleMessage | FarmRenderMessage): StyleSource | undefined {
    if (!message.mix) {
      this.held.delete(message.job);
      return message.image;
    }
    const { part, of, weight } = message.mix;
    if (part === 0 && !this.held.has(message.job) && this.held.size >= this.maxMixes) {
      throw new CoherentStyleError('PROTOCOL', `Too many style mixes in progress (limit ${this.maxMixes}); send the parts of one mix before starting another.`);
    }
    const parts = part === 0 ? [] : this.held.get(message.job);
    if (!parts || parts.length !== part) {
      this.held.delete(message.job);
      throw new CoherentStyleError('PROTOCOL', `Style mix part ${part} of job "${message.job}" arrived out of order; send the parts 0..${of - 1} in order.`);
    }
    parts.push({ image: message.image, weight });
    if (parts.length < of) {
      this.held.set(message.job, parts);
      return undefined;
    }
    this.held.delete(message.job);
    return parts;
  }

  /** Drops a job's partial mix (its render was cancelled). */
  forget(job: string): void {
    this.held.delete(job);
  }
}
