/**
 * The panel's DOM, built once from Spectrum UXP widgets and updated from each new state. What the
 * editor chooses lives in the store: user input goes to the handlers, and the store's state comes
 * back through render(). Sections (one module each) scroll above a footer that never scrolls away,
 * so Apply, its progress line and the latest message stay in view at the panel's smallest size.
 */
import type { PanelSection } from '../panelLayout';
import type { PanelState } from '../state';
import { createApplyFooter, type ApplyHandlers } from './applyFooter';
import { createDiagnosticsSection, type DiagnosticsHandlers } from './diagnosticsSection';
import { createLookSection, type LookHandlers } from './lookSection';
import { createOverTimeSection, type OverTimeHandlers } from './overTimeSection';
import { createPresetSection, type PresetHandlers } from './presetSection';
import { createRegionSection, type RegionHandlers } from './regionSection';
import { createPreviewSection, type PreviewHandlers } from './previewSection';
import { createStyleSection, type StyleHandlers } from './styleSection';
import { el, type SectionView } from './widgets';

export type ViewHandlers = StyleHandlers & PresetHandlers & LookHandlers & OverTimeHandlers & RegionHandlers & PreviewHandlers & ApplyHandlers & DiagnosticsHandlers & {
  toggleSection(section: PanelSection): void;
};

export interface PanelView {
  render(state: PanelState): void;
  /** Moves the panel, as it is, into another root element (nothing when it is already there). */
  moveTo(root: HTMLElement): void;
  destroy(): void;
}

export function createPanelView(root: HTMLElement, handlers: ViewHandlers): PanelView {
  const doc = root.ownerDocument;
  const toggle = (section: PanelSection) => () => handlers.toggleSection(section);
  const provider = el(doc, 'sp-body', { size: 's', class: 'cs-provider' });
  const sections: SectionView[] = [
    createStyleSection(doc, handlers, toggle('style')),
    createLookSection(doc, handlers, toggle('look')),
    createOverTimeSection(doc, handlers, toggle('overTime')),
    createRegionSection(doc, handlers, toggle('region')),
    createPreviewSection(doc, handlers, toggle('preview')),
    createPresetSection(doc, handlers, toggle('presets')),
  ];
  const diagnostics = createDiagnosticsSection(doc, handlers);
  const footer = createApplyFooter(doc, handlers);
  const scrolled = el(doc, 'div', { class: 'cs-scroll' });
  scrolled.append(...sections.map((s) => s.node), provider, diagnostics.node);
  const panel = el(doc, 'div', { class: 'cs-panel' });
  panel.append(scrolled, footer.node);
  root.appendChild(panel);

  return {
    render(state) {
      for (const part of [...sections, diagnostics, footer]) part.render(state);
      provider.textContent = state.providerLabel ? `Running on ${state.providerLabel}` : '';
    },
    moveTo(newRoot) {
      if (panel.parentNode !== newRoot) newRoot.appendChild(panel);
    },
    destroy() {
      panel.remove();
    },
  };
}
