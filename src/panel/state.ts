/**
 * The panel's state and the only way it changes: a small store of actions and a pure reducer, so
 * every behaviour of the panel can be unit-tested without a DOM or a host.
 */
import { z } from 'zod';
import type { RasterImage } from '../engine/images/image';
import { emptyPresetFile, presetLook, type Preset, type PresetFile } from '../engine/look/presets';
import {
  LOOK_DEFAULTS, lookControlsOf, lookOf, lookShape, MAX_STYLE_SCALE, MIN_STYLE_SCALE, type Look, type LookSettings,
} from '../engine/look/look';
import { mixOfShare } from '../engine/look/mix';
import type { Diagnostics } from './diagnostics';
import type { ApplyProgress, ModeOption, PreviewFrame, RecentStyle, RenderOn, StyleFile } from './panelHost';
import { initialOutputChoice, outputReducer, type OutputAction, type OutputChoice } from './outputChoice';
import { changeTransition, INITIAL_TRANSITION, type Transition, type TransitionChange } from './transition';
import { initialRegion, regionReducer, type RegionAction, type RegionState } from './region';
import { firstUseLayout, layoutFromPrefs, markApplied, revealSection, toggleSection, type PanelLayout, type PanelSection } from './panelLayout';

/** Render sizes offered (short side in pixels); undefined means the sequence's own size. */
export const RENDER_SIZES: readonly { label: string; shortSide: number | undefined }[] = [
  { label: 'Sequence size', shortSide: undefined },
  { label: '1080p', shortSide: 1080 },
  { label: '720p', shortSide: 720 },
  { label: '540p', shortSide: 540 },
  { label: '360p (fast)', shortSide: 360 },
];

export interface ChosenStyle {
  fileName: string;
  /** The file as chosen (shown as it is, kept with presets). */
  bytes: Uint8Array;
  /** Its pixels, decoded once when it was chosen (every preview and Apply uses them). */
  image: RasterImage;
  /** Set when the style came from a preset (so saving again reuses the kept copy). */
  presetStyle?: Preset['style'];
}

/** The preview frame in one mode, for Compare modes. */
export interface ComparedMode {
  mode: string;
  label: string;
  image: RasterImage;
}

export type JobStatus = 'idle' | 'running' | 'cancelling';

/**
 * The look the panel opens with, a documented preset of the Look: its defaults at 80% strength
 * (a first preview that keeps the clip recognisable) and 720p (quick to preview and render). The
 * command line and the farm start from the Look's own defaults: full strength at the mode's size.
 */
export const PANEL_STARTING_LOOK = { ...LOOK_DEFAULTS, strength: 0.8, renderShortSide: 720 } as const satisfies Omit<LookSettings, 'mode'>;

/** The panel's look (every control of the Look but the mode, which is unknown until the modes load) and the rest of its state. */
export interface PanelState extends Omit<LookSettings, 'mode'> {
  modes: ModeOption[];
  mode: string | undefined;
  /** The short side Apply exports and stylizes at; undefined: the sequence's own size. */
  renderShortSide: number | undefined;
  /**
   * Where Apply renders; 'farm' only while a connected companion serves farm renders. Not kept in
   * presets: whether a farm is reachable depends on the machine, and presets travel with the project.
   */
  renderOn: RenderOn;
  farmAvailable: boolean;
  /** What Apply writes (image sequence or a movie the companion encodes); per render, not in presets. */
  output: OutputChoice;
  /** Steadiness (the Look's temporal) applies to Apply's renders: previews are single frames and never steadied. */
  style: ChosenStyle | undefined;
  /** A second style mixed in; `share` is its weight, the first style has 1 − share. */
  mix: { style: ChosenStyle; share: number } | undefined;
  /** The look over each clip's length, ending at the look above (per render: not in presets). */
  transition: Transition;
  /** Where Apply's look goes (region.ts); per render, not kept in presets. */
  region: RegionState;
  presets: PresetFile;
  selectedPresetId: string | undefined;
  recentStyles: RecentStyle[];
  /** The style images bundled with the plugin, offered in the gallery row. */
  gallery: StyleFile[];
  /** Which sections are open (and which the editor chose, kept between sessions). */
  layout: PanelLayout;
  /** The playhead frame stylized with the current settings, or (comparison) in every installed mode. */
  preview: { running: boolean; original?: PreviewFrame; stylized?: RasterImage; comparison?: ComparedMode[] };
  job: { status: JobStatus; progress?: ApplyProgress };
  providerLabel: string | undefined;
  /** The Diagnostics disclosure: closed by default; checked when first opened and on "Check again". */
  diagnostics: { open: boolean; checking: boolean; result?: Diagnostics; checkedAt?: Date };
  /** The latest outcome or problem, in words the editor can act on. */
  message: { kind: 'info' | 'error'; text: string } | undefined;
  /** The last problem reported, kept after its message is dismissed (Diagnostics shows it). */
  lastError: string | undefined;
}

export const initialState: PanelState = {
  ...PANEL_STARTING_LOOK,
  modes: [],
  mode: undefined,
  renderOn: 'local',
  farmAvailable: false,
  output: initialOutputChoice,
  style: undefined,
  mix: undefined,
  transition: INITIAL_TRANSITION,
  region: initialRegion,
  presets: emptyPresetFile(),
  selectedPresetId: undefined,
  recentStyles: [],
  gallery: [],
  layout: firstUseLayout,
  preview: { running: false },
  job: { status: 'idle' },
  providerLabel: undefined,
  diagnostics: { open: false, checking: false },
  message: undefined,
  lastError: undefined,
};

/**
 * A change of the Look's controls that need no rule of the panel's own (mode: only an installed
 * one; render size: undefined is the sequence's; strength and stroke size: clamped to their
 * bounds, as sliders send them): checked by the Look's schema, and ignored when out of range.
 */
export type LookChange = Partial<Omit<LookSettings, 'mode' | 'renderShortSide' | 'strength' | 'styleScale'>>;
const lookChangeSchema = z.strictObject(lookShape).omit({ mode: true, renderShortSide: true, strength: true, styleScale: true }).partial();

export type PanelAction =
  | { type: 'modesLoaded'; modes: ModeOption[]; defaultMode: string }
  | { type: 'modeChosen'; mode: string }
  | { type: 'strengthChanged'; strength: number }
  | { type: 'renderSizeChosen'; shortSide: number | undefined }
  | { type: 'renderOnChosen'; renderOn: RenderOn }
  | { type: 'farmAvailability'; available: boolean }
  | OutputAction
  | { type: 'lookChanged'; change: LookChange }
  | { type: 'mixStyleChosen'; style: ChosenStyle }
  | { type: 'mixShareChanged'; share: number }
  | { type: 'mixCleared' }
  | { type: 'transitionChanged'; change: TransitionChange }
  | { type: 'styleScaleChanged'; styleScale: number }
  | { type: 'styleChosen'; style: ChosenStyle }
  | { type: 'recentStylesLoaded'; recentStyles: RecentStyle[] }
  | { type: 'galleryLoaded'; gallery: StyleFile[] }
  | { type: 'prefsLoaded'; prefs: unknown }
  | { type: 'sectionToggled'; section: PanelSection }
  | { type: 'presetsLoaded'; presets: PresetFile; problem?: string }
  | { type: 'presetChosen'; preset: Preset; style: ChosenStyle; mixStyle?: ChosenStyle }
  | { type: 'presetsChanged'; presets: PresetFile; selectedPresetId: string | undefined; notice: string }
  | { type: 'previewStarted' }
  | { type: 'previewFinished'; original: PreviewFrame; stylized: RasterImage }
  | { type: 'comparisonFinished'; original: PreviewFrame; comparison: ComparedMode[] }
  | { type: 'jobStarted' }
  | { type: 'jobProgress'; progress: ApplyProgress }
  | { type: 'cancelRequested' }
  | { type: 'jobFinished'; summary: string }
  | { type: 'providerKnown'; label: string }
  | { type: 'diagnosticsToggled' }
  | { type: 'diagnosticsStarted' }
  | { type: 'diagnosticsFinished'; result: Diagnostics; checkedAt: Date }
  | { type: 'diagnosticsFailed' }
  | { type: 'diagnosticsCopied' }
  | { type: 'failed'; text: string }
  | { type: 'messageDismissed' }
  | RegionAction;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export function reducer(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'modesLoaded': {
      const keep = action.modes.some((m) => m.id === state.mode);
      return { ...state, modes: action.modes, mode: keep ? state.mode : action.defaultMode };
    }
    case 'modeChosen':
      return state.modes.some((m) => m.id === action.mode) ? { ...state, mode: action.mode, selectedPresetId: undefined } : state;
    case 'strengthChanged':
      return Number.isFinite(action.strength) ? { ...state, strength: clamp01(action.strength), selectedPresetId: undefined } : state;
    case 'renderSizeChosen':
      return { ...state, renderShortSide: action.shortSide, selectedPresetId: undefined };
    case 'renderOnChosen':
      return action.renderOn === 'farm' && !state.farmAvailable ? state : { ...state, renderOn: action.renderOn };
    case 'farmAvailability':
      return { ...state, farmAvailable: action.available, renderOn: action.available ? state.renderOn : 'local' };
    case 'outputChosen':
    case 'movieFormatsKnown': {
      const output = outputReducer(state.output, action);
      return output === state.output ? state : { ...state, output };
    }
    case 'mixStyleChosen':
      return { ...state, mix: { style: action.style, share: state.mix?.share ?? 0.5 }, selectedPresetId: undefined };
    case 'mixShareChanged':
      return state.mix && Number.isFinite(action.share)
        ? { ...state, mix: { ...state.mix, share: clamp01(action.share) }, selectedPresetId: undefined } : state;
    case 'mixCleared':
      return { ...state, mix: undefined, selectedPresetId: undefined };
    case 'transitionChanged':
      return { ...state, transition: changeTransition(state.transition, action.change) };
    case 'lookChanged': {
      const change = lookChangeSchema.safeParse(action.change);
      return change.success ? { ...state, ...change.data, selectedPresetId: undefined } : state;
    }
    case 'styleScaleChanged':
      return Number.isFinite(action.styleScale)
        ? { ...state, styleScale: Math.min(MAX_STYLE_SCALE, Math.max(MIN_STYLE_SCALE, action.styleScale)), selectedPresetId: undefined } : state;
    case 'styleChosen':
      return { ...state, style: action.style, selectedPresetId: undefined, preview: { running: false }, message: undefined };
    case 'recentStylesLoaded':
      return { ...state, recentStyles: action.recentStyles };
    case 'galleryLoaded':
      return { ...state, gallery: action.gallery };
    case 'prefsLoaded':
      return { ...state, layout: layoutFromPrefs(action.prefs) };
    case 'sectionToggled':
      return { ...state, layout: toggleSection(state.layout, action.section) };
    case 'presetsLoaded': {
      const selected = action.presets.presets.some((p) => p.id === state.selectedPresetId) ? state.selectedPresetId : undefined;
      return {
        ...state,
        presets: action.presets,
        selectedPresetId: selected,
        message: action.problem ? { kind: 'error', text: action.problem } : state.message,
      };
    }
    case 'presetChosen': {
      const known = state.modes.length === 0 || state.modes.some((m) => m.id === action.preset.mode);
      const { mode, ...look } = presetLook(action.preset).settings;
      return {
        ...state,
        ...look,
        selectedPresetId: action.preset.id,
        style: action.style,
        mode: known ? mode : state.mode,
        renderShortSide: look.renderShortSide,
        mix: action.preset.mix && action.mixStyle ? { style: action.mixStyle, share: action.preset.mix.share } : undefined,
        preview: { running: false },
        message: known ? undefined
          : { kind: 'error', text: `The preset "${action.preset.name}" uses the mode "${action.preset.mode}", which is not installed; the current mode is kept.` },
      };
    }
    case 'presetsChanged':
      return { ...state, presets: action.presets, selectedPresetId: action.selectedPresetId, message: { kind: 'info', text: action.notice } };
    case 'previewStarted':
      return { ...state, preview: { ...state.preview, running: true }, layout: revealSection(state.layout, 'preview'), message: undefined };
    case 'previewFinished':
      return { ...state, preview: { running: false, original: action.original, stylized: action.stylized } };
    case 'comparisonFinished':
      return { ...state, preview: { running: false, original: action.original, comparison: action.comparison } };
    case 'jobStarted':
      return { ...state, job: { status: 'running' }, message: undefined };
    case 'jobProgress':
      return state.job.status === 'idle' ? state : { ...state, job: { ...state.job, progress: action.progress } };
    case 'cancelRequested':
      return state.job.status === 'running' ? { ...state, job: { ...state.job, status: 'cancelling' } } : state;
    case 'jobFinished':
      return { ...state, job: { status: 'idle' }, layout: markApplied(state.layout), message: { kind: 'info', text: action.summary } };
    case 'providerKnown':
      return { ...state, providerLabel: action.label };
    case 'diagnosticsToggled':
      return { ...state, diagnostics: { ...state.diagnostics, open: !state.diagnostics.open } };
    case 'diagnosticsStarted':
      return { ...state, diagnostics: { ...state.diagnostics, checking: true } };
    case 'diagnosticsFinished':
      return { ...state, diagnostics: { ...state.diagnostics, checking: false, result: action.result, checkedAt: action.checkedAt } };
    case 'diagnosticsFailed':
      return { ...state, diagnostics: { ...state.diagnostics, checking: false } };
    case 'diagnosticsCopied':
      return { ...state, message: { kind: 'info', text: 'Copied the diagnostics report to the clipboard.' } };
    case 'failed':
      return { ...state, job: { status: 'idle' }, preview: { ...state.preview, running: false }, message: { kind: 'error', text: action.text }, lastError: action.text };
    case 'messageDismissed':
      return { ...state, message: undefined };
    case 'regionChanged':
    case 'matteSourcesListed':
      return { ...state, region: regionReducer(state.region, action) };
  }
}

/** The panel's translation of its state into a Look, in `mode` (default: the chosen one); undefined until a style and a mode are chosen. */
export function panelLook(state: PanelState, mode = state.mode): Look | undefined {
  if (!state.style || !mode) return undefined;
  const styles = mixOfShare(state.style.image, state.mix && { style: state.mix.style.image, share: state.mix.share });
  return lookOf({ ...lookControlsOf(state), mode, style: styles.map(({ style, weight }) => ({ image: style, weight })) });
}

/** What the Apply / Preview buttons need, with the reason when they cannot run. */
export function readiness(state: PanelState): { canRun: boolean; reason?: string } {
  if (state.job.status !== 'idle') return { canRun: false, reason: 'A render is in progress.' };
  if (!state.style) return { canRun: false, reason: 'Choose a style image first.' };
  if (!state.mode) return { canRun: false, reason: 'No style models are installed.' };
  return { canRun: true };
}

export type Listener = (state: PanelState) => void;

export class PanelStore {
  private state: PanelState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: PanelState = initialState) {
    this.state = initial;
  }

  getState(): PanelState {
    return this.state;
  }

  dispatch(action: PanelAction): void {
    const next = reducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
