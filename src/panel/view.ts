/**
 * The panel's DOM, built once from Spectrum UXP widgets (sp-button, sp-picker, sp-slider,
 * sp-progressbar…) with plain DOM calls UXP supports, then updated from each new state.
 * What the editor chooses lives in the store: user input goes to the handlers, and the store's
 * state comes back through render(). The view keeps only what the display needs between renders
 * (the finished run's bar until its summary goes, the chosen preset's id, cached image URLs).
 */
import { encodeBase64 } from '../engine/protocol/base64';
import type { RasterImage } from '../engine/images/image';
import { encodePng } from '../engine/images/imageCodec';
import { describeDiagnostics } from './diagnostics';
import type { ApplyProgress, RenderOn } from './panelHost';
import { describeProgress, progressFraction, readiness, RENDER_SIZES, type PanelState } from './state';
import { MAX_STYLE_SCALE, MIN_STYLE_SCALE } from '../engine/inference/styleScale';
import type { TemporalLevel } from '../engine/temporal/stabilizer';

export interface ViewHandlers {
  pickStyle(): void;
  chooseRecentStyle(id: string): void;
  choosePreset(id: string): void;
  chooseMode(mode: string): void;
  setStrength(strength: number): void;
  setKeepColors(keepColors: boolean): void;
  pickMixStyle(): void;
  setMixShare(share: number): void;
  clearMix(): void;
  setStyleScale(styleScale: number): void;
  chooseRenderSize(shortSide: number | undefined): void;
  chooseTemporal(temporal: TemporalLevel): void;
  chooseRenderOn(renderOn: RenderOn): void;
  preview(): void;
  compareModes(): void;
  apply(): void;
  cancel(): void;
  savePreset(name: string): void;
  setProjectDefault(id: string | undefined): void;
  renamePreset(id: string, name: string): void;
  deletePreset(id: string): void;
  dismissMessage(): void;
  toggleDiagnostics(): void;
  checkDiagnostics(): void;
  copyDiagnostics(): void;
}

export interface PanelView {
  render(state: PanelState): void;
  /** Moves the panel, as it is, into another root element (nothing when it is already there). */
  moveTo(root: HTMLElement): void;
  destroy(): void;
}

interface Option {
  value: string;
  label: string;
}

type Doc = Document;

function el<K extends string>(doc: Doc, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An sp-picker whose menu is rebuilt only when its options change. */
class Picker {
  readonly node: HTMLElement;
  private readonly menu: HTMLElement;
  private options: Option[] = [];
  private key = '';

  constructor(private readonly doc: Doc, label: string, placeholder: string, onChoose: (value: string) => void) {
    this.node = el(doc, 'sp-picker', { label, placeholder, size: 's', class: 'cs-picker' });
    this.menu = el(doc, 'sp-menu', { slot: 'options' });
    this.node.appendChild(this.menu);
    this.node.addEventListener('change', () => {
      const index = (this.node as unknown as { selectedIndex?: number }).selectedIndex ?? -1;
      const option = this.options[index];
      if (option) onChoose(option.value);
    });
  }

  update(options: Option[], selected: string | undefined, disabled = false): void {
    const key = JSON.stringify(options);
    if (key !== this.key) {
      this.key = key;
      this.options = options;
      this.menu.replaceChildren(...options.map((o) => el(this.doc, 'sp-menu-item', { value: o.value }, o.label)));
    }
    this.options.forEach((o, i) => {
      const item = this.menu.children[i];
      if (o.value === selected) item.setAttribute('selected', '');
      else item.removeAttribute('selected');
    });
    setDisabled(this.node, disabled || options.length === 0);
  }
}

function setDisabled(node: HTMLElement, disabled: boolean): void {
  if (disabled) node.setAttribute('disabled', '');
  else node.removeAttribute('disabled');
}

function button(doc: Doc, label: string, variant: string, onClick: () => void): HTMLElement {
  const node = el(doc, 'sp-button', { variant, size: 's' }, label);
  node.addEventListener('click', () => {
    if (!node.hasAttribute('disabled')) onClick();
  });
  return node;
}

function section(doc: Doc, title: string, ...children: HTMLElement[]): HTMLElement {
  const node = el(doc, 'section', { class: 'cs-section' });
  node.append(el(doc, 'sp-detail', { class: 'cs-section-title' }, title), ...children);
  return node;
}

function row(doc: Doc, ...children: HTMLElement[]): HTMLElement {
  const node = el(doc, 'div', { class: 'cs-row' });
  node.append(...children);
  return node;
}

/** A label beside its control, the label column the same width in every section. */
function field(doc: Doc, label: string, control: HTMLElement): HTMLElement {
  control.classList.add('cs-field-control');
  return row(doc, el(doc, 'sp-label', { class: 'cs-field-label' }, label), control);
}

/** An image with its caption under it (the preview pair). */
function captioned(doc: Doc, img: HTMLElement, caption: string): HTMLElement {
  const node = el(doc, 'div', { class: 'cs-preview-frame' });
  node.append(img, el(doc, 'sp-body', { size: 's', class: 'cs-caption' }, caption));
  return node;
}

/** What the bar says once a render is done: the frame count and speed of the last clip's stylize phase. */
function describeFinished(p: ApplyProgress | undefined): string {
  if (!p) return 'Done';
  const fps = p.fps > 0 ? ` · ${p.fps.toFixed(1)} fps` : '';
  return `Done · ${p.total} frames${fps}`;
}

/** Data URL for an <img>, cached per object: an encoded file is shown as it is; pixels are encoded to PNG once. */
const imageUrls = new WeakMap<object, string>();
function imageUrl(image: RasterImage | Uint8Array): string {
  let url = imageUrls.get(image);
  if (!url) {
    const file = image instanceof Uint8Array ? image : encodePng(image);
    const isJpeg = file[0] === 0xff && file[1] === 0xd8;
    url = `data:image/${isJpeg ? 'jpeg' : 'png'};base64,${encodeBase64(file)}`;
    imageUrls.set(image, url);
  }
  return url;
}

function setImage(img: HTMLElement, source: RasterImage | Uint8Array | undefined): void {
  if (source) img.setAttribute('src', imageUrl(source));
  else img.removeAttribute('src');
  img.classList.toggle('cs-empty', !source);
}

const SEQUENCE_SIZE = 'sequence';
const STEADINESS_CHOICES: ReadonlyArray<{ value: TemporalLevel; label: string }> = [
  { value: 'off', label: 'Off (every frame on its own)' },
  { value: 'normal', label: 'Normal' },
  { value: 'strong', label: 'Strong (still shots)' },
];
const RENDER_ON_OPTIONS: Option[] = [{ value: 'local', label: 'This computer' }, { value: 'farm', label: 'Render farm' }];

export function createPanelView(root: HTMLElement, handlers: ViewHandlers): PanelView {
  const doc = root.ownerDocument;
  const panel = el(doc, 'div', { class: 'cs-panel' });

  // Style image
  const styleThumb = el(doc, 'img', { class: 'cs-style-thumb', alt: 'Style image' });
  const styleName = el(doc, 'sp-body', { size: 's', class: 'cs-style-name' });
  const styleInfo = el(doc, 'div', { class: 'cs-style-info' });
  styleInfo.append(styleName, button(doc, 'Choose image…', 'secondary', handlers.pickStyle));
  const recent = new Picker(doc, 'Recent styles', 'Choose…', handlers.chooseRecentStyle);
  const styleSection = section(doc, 'STYLE IMAGE',
    row(doc, styleThumb, styleInfo),
    field(doc, 'Recent', recent.node));

  // Presets
  const presets = new Picker(doc, 'Presets', 'No preset chosen', handlers.choosePreset);
  const presetName = el(doc, 'sp-textfield', { placeholder: 'Preset name', size: 's', class: 'cs-preset-name' });
  const nameValue = () => ((presetName as unknown as { value?: string }).value ?? '').trim();
  let selectedPresetId: string | undefined;
  const saveButton = button(doc, 'Save', 'secondary', () => handlers.savePreset(nameValue()));
  const defaultButton = button(doc, 'Make default', 'secondary', () => handlers.setProjectDefault(selectedPresetId));
  defaultButton.setAttribute('title', 'Make this preset the project default');
  const renameButton = button(doc, 'Rename', 'secondary', () => selectedPresetId && handlers.renamePreset(selectedPresetId, nameValue()));
  const deleteButton = button(doc, 'Delete', 'warning', () => selectedPresetId && handlers.deletePreset(selectedPresetId));
  const presetSection = section(doc, 'PRESETS', field(doc, 'Preset', presets.node),
    row(doc, presetName, saveButton), row(doc, defaultButton, renameButton, deleteButton));

  // Settings
  const mode = new Picker(doc, 'Mode', 'No models installed', handlers.chooseMode);
  const modeDescription = el(doc, 'sp-body', { size: 's', class: 'cs-mode-description' });
  const strength = el(doc, 'sp-slider', { min: '0', max: '100', step: '1', 'show-value': 'true', 'value-label': '%', class: 'cs-strength' });
  strength.appendChild(el(doc, 'sp-label', { slot: 'label' }, 'Strength'));
  strength.addEventListener('change', () => handlers.setStrength(Number((strength as unknown as { value: number }).value) / 100));
  const size = new Picker(doc, 'Render size', 'Render size', (v) => handlers.chooseRenderSize(v === SEQUENCE_SIZE ? undefined : Number(v)));
  const steadiness = new Picker(doc, 'Steadiness', 'Steadiness', (v) => handlers.chooseTemporal(v as TemporalLevel));
  steadiness.node.setAttribute('title', 'Carries each frame\'s look into the next along the motion, so brush strokes stay put instead of flickering');
  // Advanced: closed by default so the panel stays usable at its smallest size.
  const keepColors = el(doc, 'sp-checkbox', { size: 's', class: 'cs-keep-colors' }, 'Keep original colours');
  keepColors.addEventListener('change', () => handlers.setKeepColors(!!(keepColors as unknown as { checked: boolean }).checked));
  const styleScale = el(doc, 'sp-slider', {
    min: String(MIN_STYLE_SCALE * 100), max: String(MAX_STYLE_SCALE * 100), step: '25', 'show-value': 'true', 'value-label': '%', class: 'cs-style-scale',
  });
  styleScale.appendChild(el(doc, 'sp-label', { slot: 'label' }, 'Stroke size'));
  styleScale.addEventListener('change', () => handlers.setStyleScale(Number((styleScale as unknown as { value: number }).value) / 100));
  const mixThumb = el(doc, 'img', { class: 'cs-style-thumb', alt: 'Style mixed in' });
  const mixName = el(doc, 'sp-body', { size: 's', class: 'cs-style-name' });
  const mixClear = button(doc, 'Remove', 'secondary', handlers.clearMix);
  const mixInfo = el(doc, 'div', { class: 'cs-style-info' });
  mixInfo.append(mixName, row(doc, button(doc, 'Mix with…', 'secondary', handlers.pickMixStyle), mixClear));
  const mixShare = el(doc, 'sp-slider', { min: '0', max: '100', step: '5', 'show-value': 'true', 'value-label': '%', class: 'cs-mix-share' });
  mixShare.appendChild(el(doc, 'sp-label', { slot: 'label' }, 'Second style'));
  mixShare.addEventListener('change', () => handlers.setMixShare(Number((mixShare as unknown as { value: number }).value) / 100));
  const advanced = el(doc, 'div', { class: 'cs-advanced cs-hidden' });
  advanced.append(keepColors, styleScale, row(doc, mixThumb, mixInfo), mixShare);
  const advancedToggle = el(doc, 'sp-action-button', { quiet: '', size: 's', class: 'cs-advanced-toggle', 'aria-expanded': 'false' }, 'Advanced ▸');
  advancedToggle.addEventListener('click', () => {
    const open = advanced.classList.contains('cs-hidden');
    advanced.classList.toggle('cs-hidden', !open);
    advancedToggle.setAttribute('aria-expanded', String(open));
    advancedToggle.textContent = open ? 'Advanced ▾' : 'Advanced ▸';
  });
  const settingsSection = section(doc, 'LOOK', field(doc, 'Mode', mode.node), modeDescription, strength, field(doc, 'Render size', size.node),
    field(doc, 'Steadiness', steadiness.node), advancedToggle, advanced);

  // Preview
  const previewButton = button(doc, 'Preview', 'secondary', handlers.preview);
  const compareButton = button(doc, 'Compare modes', 'secondary', handlers.compareModes);
  compareButton.setAttribute('title', 'Stylize the frame at the playhead in every mode, side by side');
  const comparisonGrid = el(doc, 'div', { class: 'cs-comparison cs-hidden' });
  let shownComparison: PanelState['preview']['comparison'];
  const original = el(doc, 'img', { class: 'cs-preview-image', alt: 'Original frame' });
  const stylized = el(doc, 'img', { class: 'cs-preview-image', alt: 'Stylized frame' });
  const previewRow = el(doc, 'div', { class: 'cs-preview' });
  previewRow.append(captioned(doc, original, 'Original'), captioned(doc, stylized, 'Stylized'));
  const previewHint = el(doc, 'sp-body', { size: 's', class: 'cs-hint' }, 'Stylizes the frame at the playhead of the selected clip.');
  const previewSection = section(doc, 'PREVIEW', row(doc, previewButton, compareButton), previewHint, previewRow, comparisonGrid);

  // Apply
  const applyButton = button(doc, 'Apply to selection', 'cta', handlers.apply);
  const cancelButton = button(doc, 'Cancel', 'secondary', handlers.cancel);
  const progress = el(doc, 'sp-progressbar', { max: '100', value: '0', class: 'cs-progress' });
  const progressText = el(doc, 'sp-label', { slot: 'label', class: 'cs-progress-text' });
  progress.appendChild(progressText);
  // "Render on" shows only while a farm is reachable: most editors never see it.
  const renderOn = new Picker(doc, 'Render on', 'Render on', (v) => handlers.chooseRenderOn(v as RenderOn));
  const renderOnField = field(doc, 'Render on', renderOn.node);
  const applySection = section(doc, 'APPLY', renderOnField, row(doc, applyButton, cancelButton), progress);
  // A finished run keeps its bar, saying how it went, for as long as its summary message shows.
  let wasBusy = false;
  let runStylize: ApplyProgress | undefined;
  let runValue = 0;
  let finished: { message: PanelState['message']; text: string } | undefined;

  // Messages and status
  const message = el(doc, 'div', { class: 'cs-message', role: 'status' });
  const messageText = el(doc, 'sp-body', { size: 's', class: 'cs-message-text' });
  const dismiss = el(doc, 'sp-action-button', { quiet: '', size: 's' }, 'Dismiss');
  dismiss.addEventListener('click', handlers.dismissMessage);
  message.append(messageText, dismiss);
  const provider = el(doc, 'sp-body', { size: 's', class: 'cs-provider' });

  // Diagnostics: a closed disclosure at the bottom, so the panel stays short at its minimum size.
  const diagnosticsToggle = el(doc, 'sp-action-button', { quiet: '', size: 's', class: 'cs-disclosure', 'aria-expanded': 'false' });
  diagnosticsToggle.addEventListener('click', handlers.toggleDiagnostics);
  const diagnosticsLines = el(doc, 'div', { class: 'cs-diagnostics-lines' });
  const checkButton = button(doc, 'Check again', 'secondary', handlers.checkDiagnostics);
  const copyButton = button(doc, 'Copy report', 'secondary', handlers.copyDiagnostics);
  const diagnosticsBody = el(doc, 'div', { class: 'cs-diagnostics' });
  diagnosticsBody.append(diagnosticsLines, row(doc, checkButton, copyButton));
  const diagnosticsSection = el(doc, 'section', { class: 'cs-section cs-diagnostics-section' });
  diagnosticsSection.append(diagnosticsToggle, diagnosticsBody);
  let diagnosticsKey = '';

  panel.append(styleSection, presetSection, settingsSection, previewSection, applySection, message, provider, diagnosticsSection);
  root.appendChild(panel);

  return {
    render(state: PanelState): void {
      const busy = state.job.status !== 'idle';
      const ready = readiness(state);

      setImage(styleThumb, state.style?.bytes);
      styleName.textContent = state.style?.fileName ?? 'No style image chosen';
      recent.update(state.recentStyles.map((r) => ({ value: r.id, label: r.fileName })), undefined, busy);

      if (state.selectedPresetId !== selectedPresetId) {
        // Choosing a preset puts its name in the field, ready for Rename.
        (presetName as unknown as { value: string }).value = state.presets.presets.find((p) => p.id === state.selectedPresetId)?.name ?? '';
      }
      selectedPresetId = state.selectedPresetId;
      presets.update(state.presets.presets.map((p) => ({
        value: p.id, label: p.id === state.presets.defaultPresetId ? `${p.name} (project default)` : p.name,
      })), state.selectedPresetId, busy);
      setDisabled(saveButton, busy || !state.style || !state.mode);
      for (const b of [defaultButton, renameButton, deleteButton]) setDisabled(b, busy || !state.selectedPresetId);

      mode.update(state.modes.map((m) => ({ value: m.id, label: m.label })), state.mode, busy);
      modeDescription.textContent = state.modes.find((m) => m.id === state.mode)?.description ?? '';
      strength.setAttribute('value', String(Math.round(state.strength * 100)));
      (strength as unknown as { value: number }).value = Math.round(state.strength * 100);
      setDisabled(strength, busy);
      (keepColors as unknown as { checked: boolean }).checked = state.keepColors;
      if (state.keepColors) keepColors.setAttribute('checked', ''); else keepColors.removeAttribute('checked');
      setDisabled(keepColors, busy);
      styleScale.setAttribute('value', String(Math.round(state.styleScale * 100)));
      (styleScale as unknown as { value: number }).value = Math.round(state.styleScale * 100);
      setDisabled(styleScale, busy);
      setImage(mixThumb, state.mix?.style.bytes);
      // No placeholder without a second style: "No second style" says it, and an empty image draws as broken.
      mixThumb.classList.toggle('cs-hidden', !state.mix);
      mixName.textContent = state.mix ? state.mix.style.fileName : 'No second style';
      setDisabled(mixClear, busy || !state.mix);
      mixShare.classList.toggle('cs-hidden', !state.mix);
      mixShare.setAttribute('value', String(Math.round((state.mix?.share ?? 0.5) * 100)));
      (mixShare as unknown as { value: number }).value = Math.round((state.mix?.share ?? 0.5) * 100);
      setDisabled(mixShare, busy);
      steadiness.update([...STEADINESS_CHOICES], state.temporal, busy);
      size.update(RENDER_SIZES.map((s) => ({ value: s.shortSide === undefined ? SEQUENCE_SIZE : String(s.shortSide), label: s.label }))
        .concat(state.renderShortSide !== undefined && !RENDER_SIZES.some((s) => s.shortSide === state.renderShortSide)
          ? [{ value: String(state.renderShortSide), label: `${state.renderShortSide}p` }] : []),
      state.renderShortSide === undefined ? SEQUENCE_SIZE : String(state.renderShortSide), busy);

      setDisabled(previewButton, !ready.canRun || state.preview.running);
      previewButton.textContent = state.preview.running ? 'Previewing…' : 'Preview';
      setDisabled(compareButton, !ready.canRun || state.preview.running || state.modes.length < 2);
      setImage(original, state.preview.original?.file);
      setImage(stylized, state.preview.stylized);
      const { comparison } = state.preview;
      if (comparison !== shownComparison) {
        shownComparison = comparison;
        comparisonGrid.replaceChildren();
        if (comparison && state.preview.original) {
          const tile = (source: RasterImage | Uint8Array, label: string) => {
            const img = el(doc, 'img', { class: 'cs-preview-image', alt: label });
            setImage(img, source);
            return captioned(doc, img, label);
          };
          comparisonGrid.append(tile(state.preview.original.file, 'Original'), ...comparison.map((c) => tile(c.image, c.label)));
        }
      }
      comparisonGrid.classList.toggle('cs-hidden', !comparison);
      previewRow.classList.toggle('cs-hidden', !state.preview.original || !!comparison);
      previewHint.classList.toggle('cs-hidden', !!state.preview.original);

      renderOnField.classList.toggle('cs-hidden', !state.farmAvailable);
      renderOn.update(RENDER_ON_OPTIONS, state.renderOn, busy);

      setDisabled(applyButton, !ready.canRun);
      applyButton.setAttribute('title', ready.reason ?? 'Stylize the selected clips and place the renders above them');
      setDisabled(cancelButton, state.job.status !== 'running');
      const p = state.job.progress;
      if (busy) {
        if (!wasBusy) runStylize = undefined;
        if (p?.phase === 'stylize') runStylize = p;
        runValue = Math.round(progressFraction(p) * 100);
        finished = undefined;
      } else if (wasBusy && state.message?.kind === 'info') {
        finished = { message: state.message, text: describeFinished(runStylize) };
      } else if (finished && state.message !== finished.message) {
        finished = undefined;
      }
      wasBusy = busy;
      progress.setAttribute('value', String(busy || finished ? runValue : 0));
      progress.classList.toggle('cs-hidden', !busy && !finished);
      progressText.textContent = state.job.status === 'cancelling' ? 'Cancelling…'
        : busy ? (p ? describeProgress(p) : 'Starting…') : finished?.text ?? '';

      message.classList.toggle('cs-hidden', !state.message);
      message.classList.toggle('cs-error', state.message?.kind === 'error');
      messageText.textContent = state.message?.text ?? '';
      provider.textContent = state.providerLabel ? `Running on ${state.providerLabel}` : '';

      const diagnostics = state.diagnostics;
      diagnosticsToggle.textContent = `${diagnostics.open ? '▾' : '▸'} Diagnostics`;
      diagnosticsToggle.setAttribute('aria-expanded', String(diagnostics.open));
      diagnosticsBody.classList.toggle('cs-hidden', !diagnostics.open);
      const lines = diagnostics.result ? describeDiagnostics(diagnostics.result) : [diagnostics.checking ? 'Checking…' : 'Not checked yet.'];
      const key = JSON.stringify(lines);
      if (key !== diagnosticsKey) {
        diagnosticsKey = key;
        diagnosticsLines.replaceChildren(...lines.map((line) => el(doc, 'sp-body', { size: 's', class: 'cs-diagnostics-line' }, line)));
      }
      setDisabled(checkButton, diagnostics.checking);
      checkButton.textContent = diagnostics.checking ? 'Checking…' : 'Check again';
      setDisabled(copyButton, diagnostics.checking || !diagnostics.result);
    },
    moveTo(newRoot: HTMLElement): void {
      if (panel.parentNode !== newRoot) newRoot.appendChild(panel);
    },
    destroy(): void {
      panel.remove();
    },
  };
}
