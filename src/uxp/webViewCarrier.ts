/**
 * The panel's GPU carrier: the inference page (dist/web/index.html) in a UXP WebView element,
 * which has WebGPU where the panel's own script context has none. The two sides talk through the
 * WebView message bridge (manifest webview.enableMessageBridge "localAndRemote"): the panel calls
 * webview.postMessage; the page answers through window.uxpHost.postMessage, which UXP delivers as
 * a 'message' event on the panel's `window` with `event.source` = the element (the
 * HTMLWebViewElement reference). Events on the element itself are heard too, once each, in case a
 * build delivers them there. The bridge serialises as JSON, so frames use the protocol's text
 * wire (base64 pixels), and anything over 1 MiB in acknowledged chunks (messageLink.ts).
 *
 * The element lives in the panel's root node, the node create() and show() hand the panel ("used
 * to programmatically append or remove an appropriate container element", entrypoints/index.md),
 * not in document.body, which belongs to no panel. Without a mounted panel there is nowhere to
 * render it, so the carrier says so at once; a WebView that never loads (the panel hidden) fails
 * within loadTimeoutMs. Either way the chooser falls through to the next carrier.
 */
import { CoherentStyleError } from '../engine/errors';
import type { MessageTransport, WireMessage } from '../protocol/protocol';
import { RemoteStylizeService } from '../protocol/remoteStylizeService';
import { hostApp } from './hostApp';

export const INFERENCE_PAGE_URL = 'plugin:/web/index.html';

/** The UXP HTMLWebViewElement members this carrier uses. */
interface WebViewElement extends HTMLElement {
  postMessage(message: unknown): void;
}

export interface WebViewCarrierOptions {
  /** Where the (invisible) WebView element lives; default: the panel's root node (setWebViewHome). */
  container?: HTMLElement;
  pageUrl?: string;
  /** Until the page has loaded ('loadstop'). */
  loadTimeoutMs?: number;
  /** Model load after the page loaded (the page answers hello once its default mode is ready). */
  timeoutMs?: number;
}

const DEFAULT_LOAD_TIMEOUT_MS = 10_000;

/** The panel's root node while the panel is mounted, and the WebView elements open in it. */
let home: HTMLElement | undefined;
const openWebViews = new Set<HTMLElement>();

/**
 * Where WebViews live from now on: the root node the panel is mounted in (undefined once it is
 * unmounted). Open ones move with the panel, as its other elements do.
 */
export function setWebViewHome(root: HTMLElement | undefined): void {
  home = root;
  if (root) for (const webview of openWebViews) if (webview.parentNode !== root) root.appendChild(webview);
}

/** Opens the page and connects; rejects with a HOST error when the WebView cannot load it. */
export async function openWebViewService(options: WebViewCarrierOptions = {}): Promise<RemoteStylizeService> {
  const container = options.container ?? home;
  if (!container) {
    throw new CoherentStyleError('HOST', 'The WebView can only run inside the open Coherent Style panel (Window › UXP Plugins › Coherent Style), and the panel is not open.');
  }
  const webview = document.createElement('webview') as WebViewElement;
  webview.setAttribute('src', options.pageUrl ?? INFERENCE_PAGE_URL);
  webview.setAttribute('width', '1');
  webview.setAttribute('height', '1');
  webview.style.position = 'absolute';
  webview.style.opacity = '0';
  webview.style.pointerEvents = 'none';
  const loadTimeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loaded = new Promise<void>((resolve, reject) => {
    webview.addEventListener('loadstop', () => resolve(), { once: true });
    webview.addEventListener('loaderror', (event) => reject(new CoherentStyleError('HOST',
      `The WebView could not load the inference page (${(event as Event & { message?: string }).message ?? 'load error'}). Reinstall the plugin.`)), { once: true });
    timer = setTimeout(() => reject(new CoherentStyleError('HOST',
      `The WebView did not load the inference page within ${loadTimeoutMs / 1000} s (it is only rendered while the panel is open and visible).`)), loadTimeoutMs);
  });
  container.appendChild(webview);
  openWebViews.add(webview);
  try {
    await loaded.finally(() => clearTimeout(timer));
    return await RemoteStylizeService.connect(webViewTransport(webview), 'WebView inference page', {
      clientName: `${hostApp().label} panel`, helloTimeoutMs: options.timeoutMs ?? 60_000,
    });
  } catch (e) {
    removeWebView(webview);
    throw e;
  }
}

function removeWebView(webview: HTMLElement): void {
  openWebViews.delete(webview);
  webview.remove();
}

function webViewTransport(webview: WebViewElement): MessageTransport {
  const closeHandlers: Array<(reason: string) => void> = [];
  const listeners: Array<[EventTarget, (event: Event) => void]> = [];
  webview.addEventListener('loaderror', () => closeHandlers.splice(0).forEach((h) => h('the inference page failed')));
  return {
    format: 'text',
    send: (wire: WireMessage) => webview.postMessage(wire),
    onMessage: (handler) => {
      // An event that reaches both the element and window (bubbling) is one message.
      const seen = new WeakSet<Event>();
      const fromPage = (event: Event) => {
        if (seen.has(event)) return;
        seen.add(event);
        handler((event as MessageEvent).data);
      };
      const onWindow = (event: Event) => {
        if ((event as MessageEvent).source === (webview as unknown)) fromPage(event);
      };
      webview.addEventListener('message', fromPage);
      window.addEventListener('message', onWindow);
      listeners.push([webview, fromPage], [window, onWindow]);
    },
    onClose: (handler) => { closeHandlers.push(handler); },
    close: () => {
      listeners.splice(0).forEach(([target, listener]) => target.removeEventListener('message', listener));
      removeWebView(webview);
      closeHandlers.splice(0).forEach((h) => h('the panel closed the WebView'));
    },
  };
}
