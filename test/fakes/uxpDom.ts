/**
 * The part of UXP's DOM the panel and the WebView carrier use, as Adobe's reference describes it
 * (uxp-api/reference-js/global-members/html-dom, html-elements, html-events), and no more: elements
 * with attributes, children, classList, style and events; a document; a window; and the
 * <webview> element (html-web-view-element.md). Its behaviour follows that page, including what
 * the carrier must not rely on:
 *  - the element loads its src only once it is in a panel's root node (entrypoints/index.md: the
 *    root node create() gets is where a panel "append[s] or remove[s] an appropriate container
 *    element"; anything elsewhere, document.body included, belongs to no panel and is not
 *    rendered), and only when the simulated WebView renders at all (`webViewRenders`; a hidden
 *    panel or a panel-less command does not): it fires 'loadstop' (or 'loaderror') then; moved
 *    into another root it keeps its page (what UXP does then is to be tried, checklist A3);
 *  - the page's messages (window.uxpHost.postMessage) reach the plugin as a 'message' event on
 *    `window` whose `source` is the element, never on the element itself;
 *  - postMessage serialises through JSON; `webViewTraffic` counts what crosses the bridge (the
 *    largest message, and the bytes posted and not yet delivered, either way).
 * The page behind a <webview> is a test-supplied function (`webViewPages`). A <dialog> opens
 * with uxpShowModal (html-dialog-element.md), whose promise settles when it is closed.
 */

type Listener = (event: SimEvent) => void;

export class SimEvent {
  target: SimEventTarget | undefined;
  constructor(readonly type: string, init: Record<string, unknown> = {}) {
    Object.assign(this, init);
  }
}

export class SimEventTarget {
  private readonly listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>();
  addEventListener(type: string, listener: Listener, options?: boolean | { once?: boolean }): void {
    const list = this.listeners.get(type) ?? [];
    if (list.some((l) => l.listener === listener)) return;
    list.push({ listener, once: typeof options === 'object' && Boolean(options.once) });
    this.listeners.set(type, list);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l.listener !== listener));
  }
  dispatchEvent(event: SimEvent): boolean {
    event.target ??= this;
    for (const entry of [...(this.listeners.get(event.type) ?? [])]) {
      if (entry.once) this.removeEventListener(event.type, entry.listener);
      entry.listener.call(this, event);
    }
    return true;
  }
}

class SimClassList {
  constructor(private readonly element: SimElement) {}
  private get names(): string[] {
    return (this.element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  }
  contains(name: string): boolean {
    return this.names.includes(name);
  }
  add(...names: string[]): void {
    this.element.setAttribute('class', [...new Set([...this.names, ...names])].join(' '));
  }
  remove(...names: string[]): void {
    this.element.setAttribute('class', this.names.filter((n) => !names.includes(n)).join(' '));
  }
  toggle(name: string, force?: boolean): boolean {
    const on = force ?? !this.contains(name);
    if (on) this.add(name);
    else this.remove(name);
    return on;
  }
}

export class SimElement extends SimEventTarget {
  readonly children: SimElement[] = [];
  parentNode: SimElement | null = null;
  readonly style: Record<string, string> = {};
  readonly classList = new SimClassList(this);
  readonly dataset: Record<string, string> = {};
  private readonly attributes = new Map<string, string>();
  private text = '';
  value: unknown = undefined;
  selectedIndex = -1;

  constructor(readonly ownerDocument: SimDocument, readonly tagName: string) {
    super();
  }
  get isConnected(): boolean {
    if (this === this.ownerDocument.documentElement) return true;
    let node = this.parentNode;
    while (node && node !== this.ownerDocument.documentElement) node = node.parentNode;
    return node !== null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name.toLowerCase());
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  set textContent(value: string) {
    this.children.splice(0).forEach((c) => { c.parentNode = null; });
    this.text = String(value ?? '');
  }
  appendChild<T extends SimElement>(child: T): T {
    child.parentNode?.removeChild(child);
    child.parentNode = this;
    this.children.push(child);
    if (child.isConnected) child.connected();
    return child;
  }
  append(...nodes: Array<SimElement | string>): void {
    for (const node of nodes) {
      if (typeof node === 'string') this.text += node;
      else this.appendChild(node);
    }
  }
  replaceChildren(...nodes: SimElement[]): void {
    this.children.splice(0).forEach((c) => { c.parentNode = null; });
    this.text = '';
    this.append(...nodes);
  }
  removeChild<T extends SimElement>(child: T): T {
    const index = this.children.indexOf(child);
    if (index >= 0) this.children.splice(index, 1);
    child.parentNode = null;
    return child;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }
  /** Every element under this one (depth first), for tests to find widgets by text or tag. */
  descendants(): SimElement[] {
    return this.children.flatMap((c) => [c, ...c.descendants()]);
  }
  click(): void {
    this.dispatchEvent(new SimEvent('click'));
  }
  /** Called when the element (or an ancestor) joins the document. */
  protected connected(): void {
    for (const child of this.children) child.connected();
  }
}

/** The page behind a <webview>: it gets the messages the plugin posts and a `send` to answer (window.uxpHost.postMessage). */
export type WebViewPage = (send: (message: unknown) => void) => { onMessage(message: unknown): void };

export class SimWebViewElement extends SimElement {
  private page: { onMessage(message: unknown): void } | undefined;
  private loading = false;

  postMessage(message: unknown): void {
    if (!this.page) throw new Error('postMessage: the WebView has no page loaded');
    const dom = this.ownerDocument.dom;
    const copy = crossBridge(dom, message);
    setTimeout(() => {
      dom.webViewTraffic.inFlightBytes -= copy.bytes;
      this.page?.onMessage(copy.value);
    }, 0);
  }
  protected override connected(): void {
    super.connected();
    const dom = this.ownerDocument.dom;
    if (this.loading || !dom.webViewRenders || !this.inPanelRoot()) return;
    this.loading = true;
    const url = this.getAttribute('src') ?? '';
    setTimeout(() => {
      const factory = dom.webViewPages[url];
      if (!factory) {
        this.dispatchEvent(new SimEvent('loaderror', { url, code: -1100, message: `${url} not found` }));
        return;
      }
      this.page = factory((message) => {
        const copy = crossBridge(dom, message);
        setTimeout(() => {
          dom.webViewTraffic.inFlightBytes -= copy.bytes;
          dom.window.dispatchEvent(new SimEvent('message', { data: copy.value, origin: url, source: this }));
        }, 0);
      });
      this.dispatchEvent(new SimEvent('loadstop', { url }));
    }, 5);
  }
  private inPanelRoot(): boolean {
    const roots = this.ownerDocument.dom.panelRoots;
    for (let node = this.parentNode; node; node = node.parentNode) if (roots.has(node)) return true;
    return false;
  }
}

/** A message through the bridge: "stringified & parsed by JSON", counted while on its way. */
function crossBridge(dom: SimDom, message: unknown): { value: unknown; bytes: number } {
  const text = JSON.stringify(message);
  const traffic = dom.webViewTraffic;
  traffic.largestMessage = Math.max(traffic.largestMessage, text.length);
  traffic.inFlightBytes += text.length;
  traffic.peakInFlightBytes = Math.max(traffic.peakInFlightBytes, traffic.inFlightBytes);
  return { value: JSON.parse(text) as unknown, bytes: text.length };
}

export class SimDialogElement extends SimElement {
  open = false;
  private settle: ((value: unknown) => void) | undefined;
  uxpShowModal(_options?: object): Promise<unknown> {
    this.open = true;
    return new Promise((resolve) => { this.settle = resolve; });
  }
  close(returnValue?: unknown): void {
    this.open = false;
    this.settle?.(returnValue);
  }
}

export class SimDocument extends SimEventTarget {
  readonly documentElement: SimElement;
  readonly body: SimElement;
  constructor(readonly dom: SimDom) {
    super();
    this.documentElement = new SimElement(this, 'HTML');
    this.body = new SimElement(this, 'BODY');
    this.documentElement.appendChild(this.body);
  }
  createElement(tag: string): SimElement {
    const upper = tag.toUpperCase();
    if (upper === 'WEBVIEW') return new SimWebViewElement(this, upper);
    if (upper === 'DIALOG') return new SimDialogElement(this, upper);
    return new SimElement(this, upper);
  }
  getElementById(id: string): SimElement | null {
    return this.documentElement.descendants().find((e) => e.getAttribute('id') === id) ?? null;
  }
  /** What the host gives a panel's create() and show(): a root node in the document, the panel's own. */
  createPanelRoot(): SimElement {
    const root = this.createElement('div');
    this.dom.panelRoots.add(root);
    this.body.appendChild(root);
    return root;
  }
}

export interface SimDom {
  window: SimEventTarget;
  document: SimDocument;
  /** False: a <webview> never loads (the panel is hidden, or a command runs without it). */
  webViewRenders: boolean;
  /** The pages <webview src> URLs lead to. */
  webViewPages: Record<string, WebViewPage>;
  /** Root nodes the host gave panels (createPanelRoot); a <webview> renders only inside one. */
  panelRoots: Set<SimElement>;
  webViewTraffic: { largestMessage: number; inFlightBytes: number; peakInFlightBytes: number };
}

export function createSimDom(options: Partial<Pick<SimDom, 'webViewRenders' | 'webViewPages'>> = {}): SimDom {
  const dom = {
    window: new SimEventTarget(), webViewRenders: options.webViewRenders ?? true, webViewPages: options.webViewPages ?? {},
    panelRoots: new Set<SimElement>(), webViewTraffic: { largestMessage: 0, inFlightBytes: 0, peakInFlightBytes: 0 },
  } as SimDom;
  dom.document = new SimDocument(dom);
  return dom;
}
