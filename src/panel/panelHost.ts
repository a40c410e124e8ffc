/**
 * What the panel needs from the application it runs in. Premiere implements it in
 * src/apps/premiere/premierePanelHost.ts; a browser harness can implement it with fakes, so the
 * same panel runs (and is tested) outside Premiere. The panel never imports a host module.
 */
import type { RasterImage } from '../engine/images/image';
import type { Preset, PresetFile } from '../engine/look/presets';
import type { StylizeService } from '../engine/inference/stylizeService';
import type { Look } from '../engine/look/look';
import type { KeyframeEase, LookKeyframes } from '../engine/look/lookKeyframes';
import type { CancelSignal } from '../engine/cancellation';
import type { RenderProgress } from '../engine/render/renderProgress';
import type { Diagnostics } from './diagnostics';
import type { PanelPrefs } from './panelLayout';
import type { PanelOutputFormat } from './outputChoice';
import type { VideoFormat } from '../engine/render/videoFormats';

export interface ModeOption {
  id: string;
  label: string;
  description: string;
}

export interface StyleFile {
  fileName: string;
  bytes: Uint8Array;
}

/** The frame under the playhead: its exported file (shown as it is) and its pixels (stylized). */
export interface PreviewFrame {
  image: RasterImage;
  /** The encoded file the host exported (PNG). */
  file: Uint8Array;
}

/** A style image the editor used before, kept by the host (by content hash). */
export interface RecentStyle {
  id: string;
  fileName: string;
}

/**
 * 'stylize' covers exporting too: each frame is stylized while the next one exports. A farm render
 * exports every frame first ('export'), then 'stylize' follows the farm. 'encode': the companion
 * encodes the frames into a movie (a movie Output).
 */
export type ApplyPhase = 'export' | 'stylize' | 'encode' | 'import' | 'place';

/**
 * What an Apply renders: the Look, and what the panel adds to it for a render (how the look moves
 * along each clip, where it goes, what is written). Each host translates it into a render job.
 */
export interface ApplyRequest {
  look: Look;
  /**
   * The look changes along each clip: from `start` at its first frame to the Look (its strength and
   * mix) at its last. `share` is the second style's share of a two-style mix at the start.
   */
  overTime?: { start: { strength: number; share?: number }; ease: KeyframeEase };
  /** What is written: numbered PNG stills (absent or 'png'), or a movie the companion encodes from them. */
  output?: PanelOutputFormat;
  /** Where the look goes: inside a matte the host renders to frames (absent: the whole frame). */
  matte?: MatteRequest;
}

/**
 * A matte as Apply asks for it: `source` is a MatteSource id the host listed (a video track in
 * Premiere, a layer in After Effects); outside it the frame stays as it was, or gets `outsideStyle`.
 */
export interface MatteRequest {
  source: string;
  invert: boolean;
  outsideStyle?: RasterImage;
}

/** Something the host can render as a matte, as the panel offers it: "V3", "2. Subject mask". */
export interface MatteSource {
  id: string;
  label: string;
}

/** Where Apply renders: with the panel's own carrier, or on the render farm behind the companion. */
export type RenderOn = 'local' | 'farm';

/** A farm render: its Look, its input and output folders on storage every farm machine sees. */
export interface FarmRenderRequest {
  input: string;
  output: string;
  look: Look;
  /** Strength and mix over time, at the input folder's frame numbers. */
  keyframes?: LookKeyframes;
  /** The look only inside a matte: a frame folder beside `input` (its frame k for the input's frame k), and the style outside it, if any. */
  matte?: { path: string; inverted: boolean; outsideStyle?: RasterImage };
}

/** How a farm render goes, as the farm reports it. */
export interface FarmRenderProgress extends FarmStanding {
  frames: { done: number; total: number };
  /** The farm's overall rate. */
  fps: number;
  etaSeconds: number | null;
}

/**
 * The render farm, reached through a companion started with `coherent-style serve --farm`: the
 * protocol's RemoteStylizeService is one, in these terms rather than the wire's.
 */
export interface FarmRenderer {
  /** Resolves once the output is complete on shared storage; aborting cancels the farm job. */
  renderOnFarm(jobId: string, request: FarmRenderRequest, onProgress: (progress: FarmRenderProgress) => void, signal?: CancelSignal): Promise<void>;
  dispose(): Promise<void>;
}

/** What renders an Apply's frames: a StylizeService here, or the farm. */
export type ApplyRenderer = StylizeService | { farm: FarmRenderer };

export function isFarmRenderer(renderer: ApplyRenderer): renderer is { farm: FarmRenderer } {
  return 'farm' in renderer && !('stylize' in renderer);
}

/** Where a farm render stands (chunks of frames spread over the farm's workers). */
export interface FarmStanding {
  /** The farm's own job id (for `coherent-style farm status`). */
  farmJob: string;
  state: 'waiting' | 'rendering' | 'assembling';
  chunks: { total: number; done: number; running: number; failed: number };
}

/** An Apply's progress: the current clip's phase, counted in frames (its render: the render job's own progress). */
export interface ApplyProgress extends RenderProgress {
  clipIndex: number;
  clipCount: number;
  clipName: string;
  phase: ApplyPhase;
  /** Present while the farm renders. */
  farm?: FarmStanding;
}

/**
 * What a host can do beyond what every host does; the panel learns which host it runs in only
 * through this list. 'renderOnFarm': Apply can render on the farm behind the companion.
 * 'movieOutput': Apply can write a movie (encoded by the companion) instead of numbered stills.
 */
export type HostCapability = 'renderOnFarm' | 'movieOutput';

export interface PanelHost {
  /** The host's capabilities (a call, so a host behind a message bridge can answer it too). */
  capabilities(): Promise<readonly HostCapability[]>;
  /** The movie formats Apply can write now: those a running companion encodes (none when no companion answers). */
  movieFormats(): Promise<readonly VideoFormat[]>;
  /** The installed modes (models.json) and the default one. */
  listModes(): Promise<{ modes: ModeOption[]; defaultMode: string }>;
  /** The frame under the playhead at the render size (the selected clip alone when it covers the playhead). */
  exportPreviewFrame(renderShortSide: number | undefined, signal?: CancelSignal): Promise<PreviewFrame>;
  /** What can be a matte now (the active sequence's video tracks, the active comp's layers), top first. */
  matteSources(): Promise<MatteSource[]>;
  /** Stylizes every selected video clip as requested (here or on the farm) and places the renders; resolves to a sentence for the editor. */
  apply(renderer: ApplyRenderer, request: ApplyRequest, options: { signal?: CancelSignal; onProgress?: (p: ApplyProgress) => void }): Promise<string>;
  loadPresets(): Promise<{ file: PresetFile; problem?: string }>;
  savePresets(file: PresetFile): Promise<void>;
  /** Keeps a style image with the project for a preset. */
  keepStyleImage(style: StyleFile): Promise<Preset['style']>;
  loadPresetStyle(style: Preset['style']): Promise<Uint8Array>;
  /** Opens the file picker; undefined when the editor cancels. */
  pickStyleImage(): Promise<StyleFile | undefined>;
  recentStyles(): Promise<RecentStyle[]>;
  loadRecentStyle(id: string): Promise<StyleFile>;
  rememberStyle(style: StyleFile): Promise<RecentStyle[]>;
  /** The style images shipped with the plugin, for the gallery row (picking one is like picking its file). */
  bundledStyles(): Promise<StyleFile[]>;
  /** The panel's own settings as last saved (PanelPrefs, checked by the panel); undefined before the first save. */
  loadPanelPrefs(): Promise<unknown>;
  savePanelPrefs(prefs: PanelPrefs): Promise<void>;
  /** Versions, each carrier tried once and the models found (seconds: it opens every carrier). */
  diagnose(): Promise<Diagnostics>;
  /** Puts plain text on the system clipboard. */
  copyText(text: string): Promise<void>;
}
