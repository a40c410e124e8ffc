/**
 * What the panel and the job pipeline call to stylize frames, whatever carries the work:
 * the in-process engine, the UXP WebView page (onnxruntime-web) or the companion server
 * (onnxruntime-node over WebSocket). All three implement this one interface.
 */
import type { RasterImage } from '../images/image';
import type { TemporalLevel } from '../temporal/stabilizer';
import type { CancelSignal } from '../cancellation';

/**
 * Style images are encoded at this short side at most: an 8K style took seconds of untiled work
 * and gigabytes, while 2048 is what style scale 1 needs for a 4K render (strokes keep their size
 * relative to the frame; styleScale.ts). The smallest keeps the statistics meaningful.
 */
export const MAX_STYLE_SHORT_SIDE = 2048;
export const MIN_STYLE_SHORT_SIDE = 32;

export interface StyleSettings {
  /** Mode id from models.json (artistic, artistic-soft, photorealistic). */
  mode: string;
  /** Short side the style image is resized to before its statistics are taken (MIN_ to MAX_STYLE_SHORT_SIDE; ignored when styleScale is given). */
  styleShortSide?: number;
  /**
   * Stroke size: the style is encoded at a size relative to each frame's render size (styleScale.ts),
   * so strokes keep their size relative to the frame from 720p to 4K; 1 = the default look at 720p.
   */
  styleScale?: number;
}

/** One style of a mix and its weight (weights are normalised to sum to 1). */
export interface WeightedStyle {
  image: RasterImage;
  weight: number;
}

/** One style image, or two to four mixed in style-statistics space. */
export type StyleSource = RasterImage | readonly WeightedStyle[];

export interface FrameSettings {
  /** Style strength 0..1: 0 is the frame untouched; see strength.ts for how it blends. */
  strength: number;
  /** Keep the frame's own colours: the stylized luma with the frame's chroma (images/keepColors.ts). */
  keepColors?: boolean;
  /** Short side the frame is stylized at (the output is resized back to the input's size); default: the mode's recommendation. */
  renderShortSide?: number;
  /**
   * Steadiness across the frames of a clip (temporal/stabilizer.ts); needs `frameIndex`. Frames of
   * one job must then come in clip order; default and for stills and previews: off.
   */
  temporal?: TemporalLevel;
  /** The frame's position in its clip (0-based), so the stabilizer knows which frames follow each other. */
  frameIndex?: number;
  /**
   * This frame's weights of the job's style mix, one per style (a mix keyframed over time,
   * look/lookKeyframes.ts); default: the job's. Carried by the in-process stylizer only.
   */
  styleWeights?: readonly number[];
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
