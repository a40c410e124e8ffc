/**
 * Browser stand-ins for the Spectrum UXP widgets the panel uses, for the panel harness only (the
 * plugin bundle never includes this: Premiere renders these tags natively). They follow UXP's
 * API, which differs from Spectrum Web Components': `sp-progressbar` (not `sp-progress-bar`), a
 * picker's items in an `<sp-menu slot="options">` child, `selectedIndex` and `change` on the
 * picker, `value` with `input`/`change` on the slider, `show-value` / `value-label`, labels in
 * `slot="label"`, and the `disabled` attribute. They draw with the Spectrum colour tokens of the
 * host theme (dark by default, light under prefers-color-scheme: light) at UXP's small sizes, so
 * the harness screenshot shows what an editor sees in Premiere.
 */

const THEME_CSS = `
:root {
  --sp-gray-50: #1d1d1d; --sp-gray-75: #262626; --sp-gray-100: #323232; --sp-gray-200: #3f3f3f;
  --sp-gray-300: #545454; --sp-gray-400: #707070; --sp-gray-500: #909090; --sp-gray-600: #b2b2b2;
  --sp-gray-700: #d1d1d1; --sp-gray-800: #ebebeb; --sp-gray-900: #ffffff;
  --sp-accent: #2680eb; --sp-accent-hover: #378ef0; --sp-negative: #e34850; --sp-on-accent: #ffffff;
  --sp-font: "Adobe Clean", "Source Sans Pro", "Segoe UI", system-ui, sans-serif;
}
@media (prefers-color-scheme: light) {
  :root {
    --sp-gray-50: #ffffff; --sp-gray-75: #fafafa; --sp-gray-100: #f5f5f5; --sp-gray-200: #eaeaea;
    --sp-gray-300: #d5d5d5; --sp-gray-400: #b3b3b3; --sp-gray-500: #8e8e8e; --sp-gray-600: #6e6e6e;
    --sp-gray-700: #4b4b4b; --sp-gray-800: #2c2c2c; --sp-gray-900: #000000;
    --sp-accent: #1473e6; --sp-accent-hover: #0d66d0; --sp-negative: #d7373f;
  }
}
sp-body, sp-heading, sp-detail, sp-label { font-family: var(--sp-font); color: var(--sp-gray-800); }
sp-body { display: block; font-size: 13px; line-height: 1.45; }
sp-body[size="s"], sp-body[size="S"] { font-size: 12px; }
sp-heading { display: block; font-size: 15px; font-weight: 700; }
sp-detail { display: block; font-size: 11px; font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; color: var(--sp-gray-600); }
sp-label { display: inline-block; font-size: 12px; color: var(--sp-gray-600); }
sp-divider { display: block; height: 1px; background: var(--sp-gray-300); }
sp-menu { display: block; }
`;

const HOST_CSS = `
:host { box-sizing: border-box; font-family: var(--sp-font); font-size: 12px; -webkit-user-select: none; user-select: none; }
:host([disabled]) { pointer-events: none; }
*, *::before, *::after { box-sizing: border-box; }
`;

/** A shadow-rooted element whose look is a stylesheet plus markup; `disabled` mirrors the attribute as in UXP. */
abstract class UxpWidget extends HTMLElement {
  protected readonly shadow: ShadowRoot;

  constructor(css: string, html: string) {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    this.shadow.innerHTML = `<style>${HOST_CSS}${css}</style>${html}`;
  }

  get disabled(): boolean { return this.hasAttribute('disabled'); }
  set disabled(on: boolean) { this.toggleAttribute('disabled', on); }

  protected shadowPart<T extends HTMLElement = HTMLElement>(name: string): T {
    return this.shadow.querySelector(`[part="${name}"]`) as T;
  }
}

class SpButton extends UxpWidget {
  constructor() {
    super(`
      :host { display: inline-flex; align-items: center; justify-content: center; height: 24px; min-width: 54px; padding: 0 12px;
        border-radius: 12px; border: 2px solid var(--sp-gray-700); color: var(--sp-gray-800); font-weight: 700; font-size: 12px;
        cursor: default; white-space: nowrap; }
      :host(:hover) { background: var(--sp-gray-200); }
      :host([variant="cta"]) { background: var(--sp-accent); border-color: var(--sp-accent); color: var(--sp-on-accent); }
      :host([variant="cta"]:hover) { background: var(--sp-accent-hover); border-color: var(--sp-accent-hover); }
      :host([variant="secondary"]) { border-color: var(--sp-gray-600); color: var(--sp-gray-700); }
      :host([variant="warning"]) { border-color: var(--sp-negative); color: var(--sp-negative); }
      :host([quiet]) { border-color: transparent; }
      :host([disabled]) { background: transparent; border-color: var(--sp-gray-300); color: var(--sp-gray-400); }
      :host([variant="cta"][disabled]) { background: var(--sp-gray-200); border-color: var(--sp-gray-200); }`,
    '<slot></slot>');
  }
}

class SpActionButton extends UxpWidget {
  constructor() {
    super(`
      :host { display: inline-flex; align-items: center; height: 24px; padding: 0 8px; border-radius: 4px;
        border: 1px solid var(--sp-gray-300); background: var(--sp-gray-75); color: var(--sp-gray-800); white-space: nowrap; }
      :host([quiet]) { border-color: transparent; background: transparent; }
      :host(:hover) { background: var(--sp-gray-200); }
      :host([disabled]) { color: var(--sp-gray-400); }`,
    '<slot></slot>');
  }
}

class SpMenuItem extends UxpWidget {
  constructor() {
    super(`
      :host { display: flex; align-items: center; min-height: 26px; padding: 3px 10px 3px 12px; color: var(--sp-gray-800);
        white-space: nowrap; cursor: default; }
      :host(:hover) { background: var(--sp-gray-200); }
      :host([disabled]) { color: var(--sp-gray-400); }
      [part="label"] { flex: 1; }
      [part="check"] { visibility: hidden; color: var(--sp-accent); margin-left: 12px; font-weight: 700; }
      :host([selected]) [part="check"] { visibility: visible; }`,
    '<span part="label"><slot></slot></span><span part="check">✓</span>');
  }

  get selected(): boolean { return this.hasAttribute('selected'); }
  set selected(on: boolean) { this.toggleAttribute('selected', on); }
  get value(): string { return this.getAttribute('value') ?? this.textContent?.trim() ?? ''; }
}

/** UXP's picker: a field showing the selected item (or the placeholder) that opens its `slot="options"` menu. */
class SpPicker extends UxpWidget {
  private readonly closeOnOutsideClick = (e: Event): void => {
    if (!e.composedPath().includes(this)) this.open = false;
  };

  constructor() {
    super(`
      :host { display: inline-block; position: relative; min-width: 96px; height: 24px; }
      [part="field"] { display: flex; align-items: center; height: 24px; padding: 0 8px 0 10px; border-radius: 4px;
        border: 1px solid var(--sp-gray-300); background: var(--sp-gray-75); color: var(--sp-gray-800); }
      :host(:hover) [part="field"] { border-color: var(--sp-gray-400); }
      :host([open]) [part="field"] { border-color: var(--sp-accent); }
      :host([disabled]) [part="field"] { color: var(--sp-gray-400); border-color: var(--sp-gray-200); background: transparent; }
      [part="text"] { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      [part="text"].placeholder { color: var(--sp-gray-500); font-style: italic; }
      [part="chevron"] { width: 8px; height: 8px; margin-left: 6px; border-right: 1.5px solid currentColor;
        border-bottom: 1.5px solid currentColor; transform: translateY(-2px) rotate(45deg); opacity: 0.8; }
      [part="popover"] { display: none; position: absolute; z-index: 10; left: 0; right: 0; top: 26px; padding: 4px 0;
        border-radius: 4px; border: 1px solid var(--sp-gray-300); background: var(--sp-gray-100);
        box-shadow: 0 1px 6px rgba(0, 0, 0, 0.4); }
      :host([open]) [part="popover"] { display: block; }`,
    '<div part="field"><span part="text"></span><span part="chevron"></span></div><div part="popover"><slot name="options"></slot></div>');
    this.shadowPart('field').addEventListener('click', () => { this.open = !this.open; });
    this.addEventListener('click', (e) => {
      const item = (e.target as Element).closest?.('sp-menu-item');
      if (!item || item.hasAttribute('disabled') || !this.contains(item)) return;
      this.choose(this.items().indexOf(item));
    });
    // The panel marks the selected item and renames items as its state changes.
    new MutationObserver(() => this.showSelection())
      .observe(this, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['selected', 'placeholder'] });
  }

  connectedCallback(): void {
    document.addEventListener('click', this.closeOnOutsideClick, true);
    this.showSelection();
  }

  disconnectedCallback(): void {
    document.removeEventListener('click', this.closeOnOutsideClick, true);
  }

  get open(): boolean { return this.hasAttribute('open'); }
  set open(on: boolean) { this.toggleAttribute('open', on && !this.disabled); }

  get selectedIndex(): number { return this.items().findIndex((i) => i.hasAttribute('selected')); }
  set selectedIndex(index: number) {
    this.items().forEach((item, i) => item.toggleAttribute('selected', i === index));
  }

  get value(): string | undefined {
    return (this.items()[this.selectedIndex] as unknown as SpMenuItem | undefined)?.value;
  }

  private items(): Element[] {
    return Array.from(this.querySelectorAll('sp-menu[slot="options"] > sp-menu-item'));
  }

  private choose(index: number): void {
    this.open = false;
    if (index < 0 || index === this.selectedIndex) return;
    this.selectedIndex = index;
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private showSelection(): void {
    const selected = this.items()[this.selectedIndex];
    const text = this.shadowPart('text');
    text.textContent = selected?.textContent?.trim() || this.getAttribute('placeholder') || '';
    text.classList.toggle('placeholder', !selected);
  }
}

function numberAttr(node: Element, name: string, fallback: number): number {
  const v = Number(node.getAttribute(name));
  return node.hasAttribute(name) && Number.isFinite(v) ? v : fallback;
}

/** Shared by the slider and the progress bar: label slot on the left, the value (with its unit) on the right. */
const LABEL_ROW_CSS = `
  [part="top"] { display: flex; align-items: baseline; min-height: 18px; color: var(--sp-gray-600); }
  [part="label"] { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  [part="value"] { margin-left: 8px; color: var(--sp-gray-700); font-variant-numeric: tabular-nums; }
  :host([show-value="false"]) [part="value"] { display: none; }`;

class SpSlider extends UxpWidget {
  private current = 0;

  static get observedAttributes(): string[] { return ['value', 'min', 'max', 'value-label']; }

  constructor() {
    super(`${LABEL_ROW_CSS}
      :host { display: block; min-width: 120px; }
      [part="track"] { position: relative; height: 22px; touch-action: none; }
      [part="rail"], [part="fill"] { position: absolute; top: 10px; height: 2px; border-radius: 1px; }
      [part="rail"] { left: 0; right: 0; background: var(--sp-gray-300); }
      [part="fill"] { left: 0; background: var(--sp-gray-700); }
      [part="handle"] { position: absolute; top: 4px; width: 14px; height: 14px; margin-left: -7px; border-radius: 50%;
        border: 2px solid var(--sp-gray-700); background: var(--sp-gray-100); }
      :host(:hover) [part="handle"] { border-color: var(--sp-gray-800); }
      :host([disabled]) [part="fill"], :host([disabled]) [part="handle"] { background: var(--sp-gray-300); border-color: var(--sp-gray-300); }
      :host([disabled]) [part="top"] { color: var(--sp-gray-400); }`,
    `<div part="top"><span part="label"><slot name="label"></slot></span><span part="value"></span></div>
     <div part="track"><div part="rail"></div><div part="fill"></div><div part="handle"></div></div>`);
    const track = this.shadowPart('track');
    track.addEventListener('pointerdown', (down) => {
      track.setPointerCapture(down.pointerId);
      const follow = (e: PointerEvent) => {
        const box = track.getBoundingClientRect();
        this.setFromUser(this.min + ((e.clientX - box.left) / box.width) * (this.max - this.min));
      };
      follow(down);
      track.addEventListener('pointermove', follow);
      track.addEventListener('pointerup', () => {
        track.removeEventListener('pointermove', follow);
        this.dispatchEvent(new Event('change', { bubbles: true }));
      }, { once: true });
    });
  }

  get min(): number { return numberAttr(this, 'min', 0); }
  get max(): number { return numberAttr(this, 'max', 100); }
  get value(): number { return this.current; }
  set value(v: number) {
    this.current = this.clamp(Number(v));
    this.draw();
  }

  attributeChangedCallback(name: string): void {
    if (name === 'value') this.current = this.clamp(numberAttr(this, 'value', this.min));
    this.draw();
  }

  connectedCallback(): void { this.draw(); }

  private clamp(v: number): number {
    const step = numberAttr(this, 'step', 1);
    const stepped = this.min + Math.round((v - this.min) / step) * step;
    return Math.min(this.max, Math.max(this.min, Number.isFinite(stepped) ? stepped : this.min));
  }

  private setFromUser(v: number): void {
    const next = this.clamp(v);
    if (next === this.current) return;
    this.value = next;
    this.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private draw(): void {
    const percent = this.max > this.min ? ((this.current - this.min) / (this.max - this.min)) * 100 : 0;
    this.shadowPart('fill').style.width = `${percent}%`;
    this.shadowPart('handle').style.left = `${percent}%`;
    this.shadowPart('value').textContent = `${this.current}${this.getAttribute('value-label') ?? ''}`;
  }
}

class SpProgressbar extends UxpWidget {
  static get observedAttributes(): string[] { return ['value', 'max', 'value-label']; }

  constructor() {
    super(`${LABEL_ROW_CSS}
      :host { display: block; min-width: 96px; }
      [part="track"] { height: 4px; border-radius: 2px; background: var(--sp-gray-300); overflow: hidden; }
      :host([size="small"]) [part="track"] { height: 2px; }
      [part="fill"] { height: 100%; background: var(--sp-accent); }`,
    '<div part="top"><span part="label"><slot name="label"></slot></span><span part="value"></span></div><div part="track"><div part="fill"></div></div>');
  }

  get value(): number { return numberAttr(this, 'value', 0); }
  set value(v: number) { this.setAttribute('value', String(v)); }

  attributeChangedCallback(): void { this.draw(); }
  connectedCallback(): void { this.draw(); }

  private draw(): void {
    const max = numberAttr(this, 'max', 100);
    const percent = max > 0 ? Math.min(100, Math.max(0, (this.value / max) * 100)) : 0;
    this.shadowPart('fill').style.width = `${percent}%`;
    this.shadowPart('value').textContent = this.getAttribute('value-label') ?? `${Math.round(percent)}%`;
  }
}

class SpTextfield extends UxpWidget {
  constructor() {
    super(`
      :host { display: inline-block; min-width: 80px; height: 24px; }
      input { width: 100%; height: 24px; padding: 0 8px; border-radius: 4px; border: 1px solid var(--sp-gray-300);
        background: var(--sp-gray-75); color: var(--sp-gray-800); font: inherit; outline: none; }
      input:hover { border-color: var(--sp-gray-400); }
      input:focus { border-color: var(--sp-accent); }
      input::placeholder { color: var(--sp-gray-500); font-style: italic; }
      :host([disabled]) input { color: var(--sp-gray-400); border-color: var(--sp-gray-200); }`,
    '<input part="input" type="text">');
    const input = this.shadowPart<HTMLInputElement>('input');
    input.addEventListener('input', () => this.dispatchEvent(new Event('input', { bubbles: true })));
    input.addEventListener('change', () => this.dispatchEvent(new Event('change', { bubbles: true })));
  }

  static get observedAttributes(): string[] { return ['placeholder', 'value', 'disabled']; }

  attributeChangedCallback(name: string, _old: string | null, next: string | null): void {
    const input = this.shadowPart<HTMLInputElement>('input');
    if (name === 'placeholder') input.placeholder = next ?? '';
    else if (name === 'value') input.value = next ?? '';
    else input.disabled = next !== null;
  }

  get value(): string { return this.shadowPart<HTMLInputElement>('input').value; }
  set value(v: string) { this.shadowPart<HTMLInputElement>('input').value = v; }
}

class SpCheckbox extends UxpWidget {
  constructor() {
    super(`
      :host { display: inline-flex; align-items: center; min-height: 24px; color: var(--sp-gray-800); }
      [part="box"] { width: 14px; height: 14px; margin-right: 8px; border-radius: 2px; border: 2px solid var(--sp-gray-600);
        display: flex; align-items: center; justify-content: center; color: var(--sp-on-accent); font-size: 10px; font-weight: 700; }
      :host([checked]) [part="box"] { background: var(--sp-gray-700); border-color: var(--sp-gray-700); }
      :host([disabled]) { color: var(--sp-gray-400); }`,
    '<span part="box"></span><slot></slot>');
    this.addEventListener('click', () => {
      this.checked = !this.checked;
      this.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }

  get checked(): boolean { return this.hasAttribute('checked'); }
  set checked(on: boolean) {
    this.toggleAttribute('checked', on);
    this.shadowPart('box').textContent = on ? '✓' : '';
  }
}

const WIDGETS: [string, CustomElementConstructor][] = [
  ['sp-button', SpButton],
  ['sp-action-button', SpActionButton],
  ['sp-menu-item', SpMenuItem],
  ['sp-picker', SpPicker],
  ['sp-slider', SpSlider],
  ['sp-progressbar', SpProgressbar],
  ['sp-textfield', SpTextfield],
  ['sp-checkbox', SpCheckbox],
];

/** Registers the widgets and the theme's typography once per document. */
export function defineUxpSpectrum(doc: Document = document): void {
  if (doc.defaultView?.customElements.get('sp-button')) return;
  const style = doc.createElement('style');
  style.textContent = THEME_CSS;
  doc.head.prepend(style);
  for (const [tag, widget] of WIDGETS) doc.defaultView!.customElements.define(tag, widget);
}
