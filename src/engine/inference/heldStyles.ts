/**
 * The style images a stylizer keeps for its open jobs. A job needs its style only to encode it
 * again (a scaled style is encoded per render size), never above the largest size the encoder
 * will use, so each is kept downscaled to that short side; and all jobs together stay within one
 * memory budget per stylizer (for the companion: per server, whatever its clients open).
 */
import { CoherentStyleError } from '../errors';
import type { PlanarRgb, RasterImage } from '../images/image';
import { toPlanarRgb } from '../images/planar';
import { resizePlanar, sizeForShortSide } from '../images/resize';
import { MAX_STYLE_SHORT_SIDE, type StyleSettings } from './stylizeService';
import { REFERENCE_STYLE_SHORT_SIDE } from './styleScale';

/** Style memory a stylizer keeps for open jobs by default: sixteen 2048×2730 styles (float RGB). */
export const DEFAULT_MAX_HELD_STYLE_BYTES = 2 ** 30;

/** The largest short side a job's style is encoded at: its fixed size, else (scaled) the engine's maximum. */
export function largestEncodedShortSide(size: { shortSide: number } | { scale: number }): number {
  return 'shortSide' in size ? size.shortSide : MAX_STYLE_SHORT_SIDE;
}

/** The same for a job's StyleSettings, as a carrier's client reads them: all of a style it needs to send. */
export function largestShortSideFor(settings: Pick<StyleSettings, 'styleShortSide' | 'styleScale'>): number {
  return largestEncodedShortSide(settings.styleScale !== undefined ? { scale: settings.styleScale } : { shortSide: settings.styleShortSide ?? REFERENCE_STYLE_SHORT_SIDE });
}

/** The style as the encoder will take it: planar, no larger than `shortSide` on its short side (never upscaled). */
export function encodableStyle(image: RasterImage, shortSide: number): PlanarRgb {
  const planar = toPlanarRgb(image);
  const size = sizeForShortSide(planar.width, planar.height, shortSide);
  return size.width === planar.width && size.height === planar.height ? planar : resizePlanar(planar, size.width, size.height);
}

/** Bytes held per holder (a job's style), refused beyond the budget. */
export class HeldStyleBudget {
  private readonly bytesByHolder = new Map<object, number>();

  constructor(private readonly maxBytes: number = DEFAULT_MAX_HELD_STYLE_BYTES) {}

  /** Bytes held now. */
  get heldBytes(): number {
    let total = 0;
    for (const bytes of this.bytesByHolder.values()) total += bytes;
    return total;
  }

  /** Accounts for `styles` as held by `holder`, or refuses them when they do not fit beside what is held. */
  hold(holder: object, styles: readonly PlanarRgb[]): void {
    const bytes = styles.reduce((sum, s) => sum + s.data.byteLength, 0);
    const held = this.heldBytes;
    if (held + bytes > this.maxBytes) {
      const mib = (n: number) => Math.ceil(n / 2 ** 20);
      throw new CoherentStyleError('IMAGE_TOO_LARGE',
        `This style needs ${mib(bytes)} MiB while open jobs already hold ${mib(held)} MiB of styles (at most ${mib(this.maxBytes)} MiB here); finish or close other jobs, or use a smaller style image.`);
    }
    this.bytesByHolder.set(holder, bytes);
  }

  release(holder: object | undefined): void {
    if (holder) this.bytesByHolder.delete(holder);
  }

  clear(): void {
    this.bytesByHolder.clear();
  }
}
