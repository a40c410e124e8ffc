/**
 * The panel's side effects: it calls the PanelHost and the StylizeService and reports every
 * outcome to the store as an action. Every failure becomes a readable message, never a throw.
 */
import { CancelController } from '../engine/cancellation';
import { CancelledError, CoherentStyleError, isCoherentStyleError } from '../engine/errors';
import { decodeImage } from '../engine/images/imageCodec';
import { addPreset, deletePreset, renamePreset, setDefaultPreset, type Preset } from '../engine/look/presets';
import type { StylizeService } from '../engine/inference/stylizeService';
import { diagnosticsReport } from './diagnostics';
import { isFarmRenderer, type ApplyRenderer, type FarmRenderer, type PanelHost, type PreviewFrame, type StyleFile } from './panelHost';
import type { RasterImage } from '../engine/images/image';
import { renderStill } from '../engine/render/renderJob';
import { prefsOf, type PanelSection } from './panelLayout';
import { applyRequestOf } from './applyRequest';
import { panelLook, type ChosenStyle, type PanelStore } from './state';
import { lookControlsOf, type Look } from '../engine/look/look';

export interface PanelControllerOptions {
  host: PanelHost;
  /** Connects the carrier that runs the models (called once, on first use). */
  createStylizeService: () => Promise<StylizeService>;
  /** Connects to the render farm (a companion started with --farm); rejects where there is none. */
  connectFarm?: () => Promise<FarmRenderer>;
}

const PREVIEW_JOB = 'panel-preview';

export function describeError(e: unknown): string {
  if (isCoherentStyleError(e)) return e.message;
  return `Something went wrong: ${(e as Error)?.message ?? String(e)}`;
}

export class PanelController {
  private service: Promise<StylizeService> | undefined;
  private running: CancelController | undefined;
  private farm: Promise<FarmRenderer> | undefined;

  constructor(private readonly store: PanelStore, private readonly options: PanelControllerOptions) {}

  private get host(): PanelHost {
    return this.options.host;
  }

  /** Runs one user action; any error becomes the panel's message. */
  private async attempt(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.store.dispatch({ type: 'failed', text: e instanceof CancelledError ? 'Cancelled. Renders already finished stay on the timeline; nothing else was changed.' : describeError(e) });
    }
  }

  private stylizeService(): Promise<StylizeService> {
    this.service ??= this.options.createStylizeService().catch((e) => {
      this.service = undefined;
      throw e;
    });
    return this.service;
  }

  private farmRenderer(): Promise<FarmRenderer> {
    if (!this.options.connectFarm) return Promise.reject(new CoherentStyleError('FARM_UNREACHABLE', 'This host cannot reach a render farm.'));
    this.farm ??= this.options.connectFarm().catch((e) => {
      this.farm = undefined;
      throw e;
    });
    return this.farm;
  }

  /** Offers "Render on: farm" only while a companion serving the farm answers; quietly, as nothing was asked. */
  async checkFarm(): Promise<void> {
    if (!this.options.connectFarm || !(await this.host.capabilities()).includes('renderOnFarm')) return;
    const available = await this.farmRenderer().then(() => true, () => false);
    this.store.dispatch({ type: 'farmAvailability', available });
  }

  async init(): Promise<void> {
    await this.attempt(async () => {
      const [{ modes, defaultMode }, presets, recentStyles, gallery, prefs] = await Promise.all([
        this.host.listModes(), this.host.loadPresets(), this.host.recentStyles(), this.host.bundledStyles(), this.host.loadPanelPrefs(),
      ]);
      this.store.dispatch({ type: 'prefsLoaded', prefs });
      this.store.dispatch({ type: 'modesLoaded', modes, defaultMode });
      this.store.dispatch({ type: 'recentStylesLoaded', recentStyles });
      this.store.dispatch({ type: 'galleryLoaded', gallery });
      this.store.dispatch({ type: 'presetsLoaded', presets: presets.file, problem: presets.problem });
    });
    await this.checkFarm();
  }

  /** Reloads the project's presets (e.g. after another project became active), and looks for a farm again. */
  async refreshPresets(): Promise<void> {
    await this.attempt(async () => {
      const presets = await this.host.loadPresets();
      this.store.dispatch({ type: 'presetsLoaded', presets: presets.file, problem: presets.problem });
    });
    if (!this.store.getState().farmAvailable) await this.checkFarm();
  }

  private async useStyle(file: StyleFile): Promise<void> {
    const image = decodeImage(file.bytes); // an unreadable image is refused now, not at Apply
    this.store.dispatch({ type: 'styleChosen', style: { fileName: file.fileName, bytes: file.bytes, image } });
    this.store.dispatch({ type: 'recentStylesLoaded', recentStyles: await this.host.rememberStyle(file) });
  }

  async pickStyle(): Promise<void> {
    await this.attempt(async () => {
      const file = await this.host.pickStyleImage();
      if (file) await this.useStyle(file);
    });
  }

  /** Picks the second style of a mix (it is not added to the recent styles: those are looks on their own). */
  async pickMixStyle(): Promise<void> {
    await this.attempt(async () => {
      const file = await this.host.pickStyleImage();
      if (file) this.store.dispatch({ type: 'mixStyleChosen', style: { fileName: file.fileName, bytes: file.bytes, image: decodeImage(file.bytes) } });
    });
  }

  /** A bundled style from the gallery row: chosen exactly as its file would be (recent styles, presets and render records alike). */
  async chooseGalleryStyle(fileName: string): Promise<void> {
    await this.attempt(async () => {
      const file = this.store.getState().gallery.find((g) => g.fileName === fileName);
      if (file) await this.useStyle(file);
    });
  }

  async chooseRecentStyle(id: string): Promise<void> {
    await this.attempt(async () => this.useStyle(await this.host.loadRecentStyle(id)));
  }

  async choosePreset(id: string): Promise<void> {
    await this.attempt(async () => {
      const preset = this.store.getState().presets.presets.find((p) => p.id === id);
      if (!preset) return;
      const load = async (reference: Preset['style']): Promise<ChosenStyle> => {
        const bytes = await this.host.loadPresetStyle(reference);
        return { fileName: reference.fileName, bytes, image: decodeImage(bytes), presetStyle: reference };
      };
      const style = await load(preset.style);
      const mixStyle = preset.mix ? await load(preset.mix.style) : undefined;
      this.store.dispatch({ type: 'presetChosen', preset, style, mixStyle });
    });
  }

  async preview(): Promise<void> {
    await this.attempt(async () => {
      const { mode } = this.store.getState();
      if (!mode) return;
      const rendered = await this.renderPreview([mode]);
      if (rendered) this.store.dispatch({ type: 'previewFinished', original: rendered.original, stylized: rendered.frames[0] });
    });
  }

  /** One click: the frame at the playhead in every installed mode, side by side. */
  async compareModes(): Promise<void> {
    await this.attempt(async () => {
      const { modes } = this.store.getState();
      const rendered = await this.renderPreview(modes.map((m) => m.id));
      if (!rendered) return;
      const comparison = modes.map((m, i) => ({ mode: m.id, label: m.label, image: rendered.frames[i] }));
      this.store.dispatch({ type: 'comparisonFinished', original: rendered.original, comparison });
    });
  }

  /** The playhead frame and its stylized versions in the given modes, with the current look's other settings. */
  private async renderPreview(modeIds: readonly string[]): Promise<{ original: PreviewFrame; frames: RasterImage[] } | undefined> {
    const state = this.store.getState();
    if (!state.style || modeIds.length === 0) return undefined;
    this.store.dispatch({ type: 'previewStarted' });
    const original = await this.host.exportPreviewFrame(state.renderShortSide);
    const service = await this.stylizeService();
    const { image } = original;
    const frames: RasterImage[] = [];
    for (const mode of modeIds) {
      // A preview is one frame at the exported size (renderStill never steadies a still).
      const look = panelLook(state, mode) as Look;
      frames.push(await renderStill(service, PREVIEW_JOB, { ...look, renderShortSide: Math.min(image.width, image.height) }, image));
    }
    this.store.dispatch({ type: 'providerKnown', label: service.providerLabel });
    return { original, frames };
  }

  async apply(): Promise<void> {
    const { renderOn, job } = this.store.getState();
    const request = applyRequestOf(this.store.getState());
    if (!request || job.status !== 'idle') return;
    const abort = new CancelController();
    this.running = abort;
    this.store.dispatch({ type: 'jobStarted' });
    await this.attempt(async () => {
      try {
        const renderer: ApplyRenderer = renderOn === 'farm' ? { farm: await this.farmRenderer() } : await this.stylizeService();
        this.store.dispatch({ type: 'providerKnown', label: isFarmRenderer(renderer) ? 'the render farm' : renderer.providerLabel });
        const summary = await this.host.apply(renderer, request, {
          signal: abort.signal,
          onProgress: (progress) => this.store.dispatch({ type: 'jobProgress', progress }),
        });
        const firstApply = !this.store.getState().layout.applied;
        this.store.dispatch({ type: 'jobFinished', summary });
        // Not keeping the layout costs only the sections' state next time: the summary stays in view.
        if (firstApply) await this.savePrefs().catch(() => undefined);
      } catch (e) {
        if (renderOn === 'farm' && !(e instanceof CancelledError) && !(await this.farmStillReachable())) {
          throw new CoherentStyleError('FARM_UNREACHABLE', `${describeError(e)} The farm cannot be reached any more, so Render on is back to this computer; `
            + 'a farm job already started keeps running (`coherent-style farm list`). Restart `coherent-style serve --farm` to render on the farm again.', { cause: e });
        }
        throw e;
      }
    });
    this.running = undefined;
  }

  /** After a failed farm Apply: connects afresh (the old connection may be dead) and withdraws the farm when none answers. */
  private async farmStillReachable(): Promise<boolean> {
    const farm = await this.farm?.catch(() => undefined);
    this.farm = undefined;
    await farm?.dispose();
    await this.checkFarm();
    return this.store.getState().farmAvailable;
  }

  cancel(): void {
    if (!this.running) return;
    this.store.dispatch({ type: 'cancelRequested' });
    this.running.abort(new CancelledError());
  }

  async savePreset(name: string): Promise<void> {
    await this.attempt(async () => {
      const state = this.store.getState();
      if (!state.style || !state.mode) throw new CoherentStyleError('INVALID_ARGUMENT', 'Choose a style image and a mode before saving a preset.');
      const keep = (chosen: ChosenStyle) => chosen.presetStyle ?? this.host.keepStyleImage({ fileName: chosen.fileName, bytes: chosen.bytes });
      const style = await keep(state.style);
      const mix = state.mix ? { style: await keep(state.mix.style), share: state.mix.share } : undefined;
      const { file, preset } = addPreset(state.presets, { ...lookControlsOf(state), mode: state.mode, name, style, ...(mix ? { mix } : {}) });
      await this.host.savePresets(file);
      this.store.dispatch({ type: 'presetsChanged', presets: file, selectedPresetId: preset.id, notice: `Saved the preset "${preset.name}".` });
    });
  }

  async setProjectDefault(id: string | undefined): Promise<void> {
    await this.attempt(async () => {
      const file = setDefaultPreset(this.store.getState().presets, id);
      await this.host.savePresets(file);
      const name = file.presets.find((p) => p.id === id)?.name;
      this.store.dispatch({
        type: 'presetsChanged', presets: file, selectedPresetId: id,
        notice: name ? `"${name}" is now the project's default preset.` : 'The project has no default preset any more.',
      });
    });
  }

  async renamePreset(id: string, name: string): Promise<void> {
    await this.attempt(async () => {
      const file = renamePreset(this.store.getState().presets, id, name);
      await this.host.savePresets(file);
      this.store.dispatch({ type: 'presetsChanged', presets: file, selectedPresetId: id, notice: `Renamed the preset to "${name.trim()}".` });
    });
  }

  async deletePreset(id: string): Promise<void> {
    await this.attempt(async () => {
      const before = this.store.getState().presets;
      const name = before.presets.find((p) => p.id === id)?.name ?? id;
      const file = deletePreset(before, id);
      await this.host.savePresets(file);
      this.store.dispatch({ type: 'presetsChanged', presets: file, selectedPresetId: undefined, notice: `Deleted the preset "${name}".` });
    });
  }

  /** Opens or closes a section, and keeps that choice for the next session. */
  async toggleSection(section: PanelSection): Promise<void> {
    this.store.dispatch({ type: 'sectionToggled', section });
    await this.attempt(() => this.savePrefs());
  }

  private savePrefs(): Promise<void> {
    return this.host.savePanelPrefs(prefsOf(this.store.getState().layout));
  }

  /** Opens or closes the Diagnostics section; the first opening runs the checks. */
  async toggleDiagnostics(): Promise<void> {
    this.store.dispatch({ type: 'diagnosticsToggled' });
    const { open, checking, result } = this.store.getState().diagnostics;
    if (open && !checking && !result) await this.checkDiagnostics();
  }

  async checkDiagnostics(): Promise<void> {
    if (this.store.getState().diagnostics.checking) return;
    this.store.dispatch({ type: 'diagnosticsStarted' });
    await this.attempt(async () => {
      try {
        const result = await this.host.diagnose();
        const { lastError } = this.store.getState();
        this.store.dispatch({ type: 'diagnosticsFinished', result: lastError ? { ...result, lastError } : result, checkedAt: new Date() });
      } catch (e) {
        this.store.dispatch({ type: 'diagnosticsFailed' });
        throw e;
      }
    });
  }

  /** Copies the plain-text report of the latest check (with the carrier in use) to the clipboard. */
  async copyDiagnostics(): Promise<void> {
    await this.attempt(async () => {
      const { diagnostics, providerLabel } = this.store.getState();
      if (!diagnostics.result || !diagnostics.checkedAt) return;
      await this.host.copyText(diagnosticsReport(diagnostics.result, { runningOn: providerLabel, checkedAt: diagnostics.checkedAt }));
      this.store.dispatch({ type: 'diagnosticsCopied' });
    });
  }

  async dispose(): Promise<void> {
    this.running?.abort(new CancelledError());
    const service = await this.service?.catch(() => undefined);
    await service?.dispose();
    const farm = await this.farm?.catch(() => undefined);
    await farm?.dispose();
  }
}
