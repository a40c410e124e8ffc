/**
 * The PREVIEW section: the frame at the playhead stylized with the current look (and the original),
 * or in every installed mode side by side ("Compare modes"). Frames take the panel's whole width.
 */
import type { RasterImage } from '../../engine/images/image';
import { readiness, type PanelState } from '../state';
import { button, captioned, collapsibleSection, el, row, setDisabled, setImage, type SectionView } from './widgets';

export interface PreviewHandlers {
  preview(): void;
  compareModes(): void;
}

function previewSummary(state: PanelState): string {
  if (state.preview.running) return 'Previewing…';
  if (state.preview.comparison) return 'Modes compared';
  return state.preview.original ? 'Frame previewed' : 'Not previewed yet';
}

/** Compare modes' tiles: the original, then each mode, rebuilt only for a new comparison. */
function comparisonGrid(doc: Document): { node: HTMLElement; render(state: PanelState): void } {
  const node = el(doc, 'div', { class: 'cs-comparison cs-hidden' });
  let shown: PanelState['preview']['comparison'];
  const tile = (source: RasterImage | Uint8Array, label: string) => {
    const img = el(doc, 'img', { class: 'cs-preview-image', alt: label });
    setImage(img, source);
    return captioned(doc, img, label);
  };
  return {
    node,
    render(state) {
      const { comparison, original } = state.preview;
      if (comparison !== shown) {
        shown = comparison;
        node.replaceChildren(...(comparison && original ? [tile(original.file, 'Original'), ...comparison.map((c) => tile(c.image, c.label))] : []));
      }
      node.classList.toggle('cs-hidden', !comparison);
    },
  };
}

export function createPreviewSection(doc: Document, handlers: PreviewHandlers, onToggle: () => void): SectionView {
  const section = collapsibleSection(doc, 'preview', 'PREVIEW', onToggle);
  const previewButton = button(doc, 'Preview', 'secondary', handlers.preview);
  const compareButton = button(doc, 'Compare modes', 'secondary', handlers.compareModes);
  compareButton.setAttribute('title', 'Stylize the frame at the playhead in every mode, side by side');
  const hint = el(doc, 'sp-body', { size: 's', class: 'cs-hint' }, 'Stylizes the frame at the playhead of the selected clip.');
  const stylized = el(doc, 'img', { class: 'cs-preview-image', alt: 'Stylized frame' });
  const original = el(doc, 'img', { class: 'cs-preview-image', alt: 'Original frame' });
  const frames = el(doc, 'div', { class: 'cs-preview' });
  frames.append(captioned(doc, stylized, 'Stylized'), captioned(doc, original, 'Original'));
  const comparison = comparisonGrid(doc);
  section.body.append(row(doc, previewButton, compareButton), hint, frames, comparison.node);

  return {
    node: section.node,
    render(state) {
      const canRun = readiness(state).canRun;
      section.update(state.layout.open.preview, previewSummary(state));
      setDisabled(previewButton, !canRun || state.preview.running);
      previewButton.textContent = state.preview.running ? 'Previewing…' : 'Preview';
      setDisabled(compareButton, !canRun || state.preview.running || state.modes.length < 2);
      setImage(original, state.preview.original?.file);
      setImage(stylized, state.preview.stylized);
      comparison.render(state);
      frames.classList.toggle('cs-hidden', !state.preview.original || !!state.preview.comparison);
      hint.classList.toggle('cs-hidden', !!state.preview.original);
    },
  };
}
