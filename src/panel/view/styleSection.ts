/**
 * The STYLE section: the chosen style image, "Choose image…", the gallery row of the styles bundled
 * with the plugin (one click picks one), and the recent styles.
 */
import type { StyleFile } from '../panelHost';
import type { PanelState } from '../state';
import { button, collapsibleSection, el, field, Picker, row, setImage, type SectionView } from './widgets';

export interface StyleHandlers {
  pickStyle(): void;
  chooseGalleryStyle(fileName: string): void;
  chooseRecentStyle(id: string): void;
}

/** "brush-strokes.png" → "Brush strokes" */
export function galleryLabel(fileName: string): string {
  const words = fileName.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The gallery row: a thumbnail per bundled style, the chosen one marked. */
function galleryRow(doc: Document, onChoose: (fileName: string) => void): { node: HTMLElement; render(state: PanelState): void } {
  const node = el(doc, 'div', { class: 'cs-gallery' });
  let shown: StyleFile[] | undefined;
  let markedFor: PanelState['style'] | null = null;
  const tiles: HTMLElement[] = [];
  return {
    node,
    render(state) {
      if (state.gallery !== shown) {
        shown = state.gallery;
        markedFor = null;
        tiles.splice(0, tiles.length, ...state.gallery.map((style) => {
          const label = galleryLabel(style.fileName);
          const tile = el(doc, 'div', { class: 'cs-gallery-tile', role: 'button', title: `Use the bundled style "${label}"`, 'data-file': style.fileName });
          const img = el(doc, 'img', { class: 'cs-gallery-thumb', alt: label });
          setImage(img, style.bytes);
          tile.append(img, el(doc, 'sp-body', { size: 's', class: 'cs-gallery-name' }, label));
          tile.addEventListener('click', () => {
            if (!tile.hasAttribute('disabled')) onChoose(style.fileName);
          });
          return tile;
        }));
        node.replaceChildren(...tiles);
        node.classList.toggle('cs-hidden', tiles.length === 0);
      }
      if (state.style !== markedFor) {
        markedFor = state.style;
        state.gallery.forEach((style, i) => tiles[i].classList.toggle('cs-selected', !!state.style && sameBytes(state.style.bytes, style.bytes)));
      }
      const busy = state.job.status !== 'idle';
      for (const tile of tiles) {
        if (busy) tile.setAttribute('disabled', '');
        else tile.removeAttribute('disabled');
      }
    },
  };
}

export function createStyleSection(doc: Document, handlers: StyleHandlers, onToggle: () => void): SectionView {
  const section = collapsibleSection(doc, 'style', 'STYLE', onToggle);
  const thumb = el(doc, 'img', { class: 'cs-style-thumb', alt: 'Style image' });
  const name = el(doc, 'sp-body', { size: 's', class: 'cs-style-name' });
  const info = el(doc, 'div', { class: 'cs-style-info' });
  info.append(name, button(doc, 'Choose image…', 'secondary', handlers.pickStyle));
  const gallery = galleryRow(doc, handlers.chooseGalleryStyle);
  const recent = new Picker(doc, 'Recent styles', 'Choose…', handlers.chooseRecentStyle);
  const recentField = field(doc, 'Recent', recent.node);
  section.body.append(row(doc, thumb, info), gallery.node, recentField);

  return {
    node: section.node,
    render(state) {
      const busy = state.job.status !== 'idle';
      section.update(state.layout.open.style, state.style?.fileName ?? 'None chosen');
      setImage(thumb, state.style?.bytes);
      name.textContent = state.style?.fileName ?? 'No style image chosen';
      gallery.render(state);
      recent.update(state.recentStyles.map((r) => ({ value: r.id, label: r.fileName })), undefined, busy);
      recentField.classList.toggle('cs-hidden', state.recentStyles.length === 0);
    },
  };
}
