/**
 * The panel's building blocks: Spectrum UXP widgets (sp-button, sp-picker, sp-slider…) made and
 * updated with the plain DOM calls UXP supports, and the collapsible section every part of the
 * panel sits in. Each section module (styleSection.ts, lookSection.ts…) builds its part from these.
 */
import { encodeBase64 } from '../../engine/base64';
import type { RasterImage } from '../../engine/images/image';
import { encodePng } from '../../engine/images/imageCodec';
import type { PanelState } from '../state';

/** One part of the panel: its element, updated from each new state. */
export interface SectionView {
  node: HTMLElement;
  render(state: PanelState): void;
}

export interface Option {
  value: string;
  label: string;
}

export function el(doc: Document, tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function setDisabled(node: HTMLElement, disabled: boolean): void {
  if (disabled) node.setAttribute('disabled', '');
  else node.removeAttribute('disabled');
}

export function button(doc: Document, label: string, variant: string, onClick: () => void): HTMLElement {
  const node = el(doc, 'sp-button', { variant, size: 's' }, label);
  node.addEventListener('click', () => {
    if (!node.hasAttribute('disabled')) onClick();
  });
  return node;
}

export function row(doc: Document, ...children: HTMLElement[]): HTMLElement {
  const node = el(doc, 'div', { class: 'cs-row' });
  node.append(...children);
  return node;
}

/** A label beside its control, the label column the same width in every section. */
export function field(doc: Document, label: string, control: HTMLElement): HTMLElement {
  control.classList.add('cs-field-control');
  return row(doc, el(doc, 'sp-label', { class: 'cs-field-label' }, label), control);
}

/** An image with its caption under it (preview frames, compared modes). */
export function captioned(doc: Document, img: HTMLElement, caption: string): HTMLElement {
  const node = el(doc, 'div', { class: 'cs-preview-frame' });
  node.append(img, el(doc, 'sp-body', { size: 's', class: 'cs-caption' }, caption));
  return node;
}

/** An sp-picker whose menu is rebuilt only when its options change. */
export class Picker {
  readonly node: HTMLElement;
  private readonly menu: HTMLElement;
  private options: Option[] = [];
  private key = '';

  constructor(private readonly doc: Document, label: string, placeholder: string, onChoose: (value: string) => void) {
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

/** An sp-slider with its label; `onChange` gets the value the editor let go at. */
export function slider(doc: Document, attrs: Record<string, string>, label: string, onChange: (value: number) => void): { node: HTMLElement; label: HTMLElement } {
  const node = el(doc, 'sp-slider', { 'show-value': 'true', ...attrs });
  const labelNode = el(doc, 'sp-label', { slot: 'label' }, label);
  node.appendChild(labelNode);
  node.addEventListener('change', () => onChange(sliderValue(node)));
  return { node, label: labelNode };
}

export function sliderValue(node: HTMLElement): number {
  return Number((node as unknown as { value: number }).value);
}

/** Sets a slider's value both ways UXP reads it (the attribute before connection, the property after). */
export function setSliderValue(node: HTMLElement, value: number): void {
  node.setAttribute('value', String(value));
  (node as unknown as { value: number }).value = value;
}

export function setChecked(node: HTMLElement, checked: boolean): void {
  (node as unknown as { checked: boolean }).checked = checked;
  if (checked) node.setAttribute('checked', '');
  else node.removeAttribute('checked');
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

/** Shows the image, or hides the element: an <img> without a source draws as a broken image. */
export function setImage(img: HTMLElement, source: RasterImage | Uint8Array | undefined): void {
  if (source) img.setAttribute('src', imageUrl(source));
  else img.removeAttribute('src');
  img.classList.toggle('cs-hidden', !source);
}

/** A titled section that opens and closes from its header, which also sums up what is set inside. */
export interface CollapsibleSection {
  node: HTMLElement;
  body: HTMLElement;
  update(open: boolean, summary: string): void;
}

export function collapsibleSection(doc: Document, id: string, title: string, onToggle: () => void): CollapsibleSection {
  const node = el(doc, 'section', { class: 'cs-section', 'data-section': id });
  const header = el(doc, 'div', { class: 'cs-section-header', role: 'button', 'aria-expanded': 'true' });
  const heading = el(doc, 'sp-detail', { class: 'cs-section-title' }, title);
  const summary = el(doc, 'sp-body', { size: 's', class: 'cs-section-summary' });
  header.append(heading, summary);
  header.addEventListener('click', onToggle);
  const body = el(doc, 'div', { class: 'cs-section-body' });
  node.append(header, body);
  return {
    node,
    body,
    update(open, summaryText) {
      header.setAttribute('aria-expanded', String(open));
      heading.textContent = `${open ? '▾' : '▸'} ${title}`;
      body.classList.toggle('cs-hidden', !open);
      // Open, the section shows its settings; closed, the header says what they are.
      summary.textContent = open ? '' : summaryText;
    },
  };
}
