/**
 * What the panel and the job pipeline call to stylize frames, whatever carries the work:
 * the in-process engine, the UXP WebView page (onnxruntime-web) or the companion server
 * (onnxruntime-node over WebSocket). All three implement this one interface.
 */
import type { RasterImage } from '../images/image';
import type { CancelSignal } from '../cancellation';
import { FRAME_CONTROLS, lookControlsOf, type LookSettings, type STYLE_CONTROLS } from '../look/look';
import type { StyleSource } from '../look/mix';

/**
 * Style images are encoded at this short side at most: an 8K style took seconds of untiled work
 * and gigabytes, while 2048 is what style scale 1 needs for a 4K render (strokes keep their size
 * relative to the frame; styleScale.ts). The smallest keeps the statistics meaningful.
 */
export const MAX_STYLE_SHORT_SIDE = 2048;
export const MIN_STYLE_SHORT_SIDE = 32;

type StyleControls = (typeof STYLE_CONTROLS)[number];

/** What setStyle takes: a look's style controls (styleSettingsOf); a carrier's caller may leave styleScale out. */
export type StyleSettings = Pick<LookSettings, 'mode'> & Partial<Pick<LookSettings, 'styleScale'>> & {
  /** Short side the style image is resized to before its statistics are taken (MIN_ to MAX_STYLE_SHORT_SIDE; ignored when styleScale is given). */
  styleShortSide?: number;
};

/**
 * What stylize takes per frame: a look's other controls (frameSettingsOf). Absent ones are the
 * engine's own: colours not kept, the mode's recommended render size, not steadied. A steadied frame
 * whose strength or style weights differ from the frame before is stylized at both looks, so the
 * stabilizer passes the change through on that frame instead of trailing it (temporal/stabilizer.ts).
 */
export type FrameSettings = Pick<LookSettings, 'strength'> & Partial<Omit<LookSettings, StyleControls | 'strength'>> & {
  /** The frame's position in its clip (0-based), so the stabilizer knows which frames follow each other; needed when steadied. */
  frameIndex?: number;
  /**
   * This frame's weights of the job's style mix, one per style (a mix keyframed over time,
   * look/lookKeyframes.ts); default: the job's. Carried by the in-process stylizer only.
   */
  styleWeights?: readonly number[];
};

/** A look's settings for setStyle. */
export function styleSettingsOf(look: LookSettings): StyleSettings {
  return { mode: look.mode, styleScale: look.styleScale };
}

/** A look's settings for each frame's stylize (the same for every frame; a render adds its position and keyframes). */
export function frameSettingsOf(look: LookSettings): FrameSettings {
  return lookControlsOf(look, FRAME_CONTROLS) as FrameSettings;
}

export interface StylizeService {
  /** The execution provider that runs the models ('webgpu', 'cuda', 'wasm', 'cpu', …); undefined before a model is loaded. */
  readonly provider: string | undefined;
  /** Shown to the editor, e.g. "GPU · WebGPU", "CPU · wasm", "CPU · onnxruntime-node". */
  readonly providerLabel: string;
  /** Computes (or fetches from cache) the style statistics for a job; call once per job. */
  setStyle(jobId: string, style: StyleSource, settings: StyleSettings, signal?: CancelSignal): Promise<void>;
  /** Stylizes one frame of a job whose style is set; the result has the frame's width and height. */
  stylize(jobId: string, frame: RasterImage, settings: FrameSettings, signal?: CancelSignal): Promise<RasterImage>;
  /** Forgets a job's style statistics. */
  endJob(jobId: string): Promise<void>;
  dispose(): Promise<void>;
}
