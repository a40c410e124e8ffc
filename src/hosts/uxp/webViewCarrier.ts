/**
 * The panel's GPU carrier: the inference page (dist/web/index.html) in a UXP WebView element,
 * which has WebGPU where the panel's own script context has none. The two sides talk through the
 * WebView message bridge (manifest webview.enableMessageBridge "localAndRemote"): the panel calls
 * webview.postMessage; the page answers through window.uxpHost.postMessage, which UXP delivers as
 * a 'message' event on the panel's `window` with `event.source` = the element (the
 * HTMLWebViewElement reference). Events on the element itself are heard too, once each, in case a
 * build delivers them there. The bridge serialises as JSON, so frames use the protocol's text
 * wire (base64 pixels). A WebView that never loads (not rendered: panel hidden, or the command
 * run without the panel) fails within loadTimeoutMs, so the chooser falls through to the next carrier.
 */
import { CoherentStyleError } from '../../engine/errors';
import type { MessageTransport, WireMessage } from '../../engine/protocol/protocol';
import { RemoteStylizeService } from '../../engine/protocol/remoteStylizeService';
import { hostApp } from './hostApp';

export const INFERENCE_PAGE_URL = 'plugin:/web/index.html';

/** The UXP HTMLWebViewElement members this carrier uses. */
interface WebViewElement extends HTMLElement {
  postMessage(message: unknown): void;
}

export interface WebViewCarrierOptions {
  /** Where the (invisible) WebView element lives; default document.body. */
  container?: HTMLElement;
  pageUrl?: string;
  /** Until the page has loaded ('loadstop'). */
  loadTimeoutMs?: number;
  /** Model load after the page loaded (the page answers hello once its default mode is ready). */
  timeoutMs?: number;
}

const DEFAULT_LOAD_TIMEOUT_MS = 10_000;

/** Opens the page and connects; rejects with a HOST error when the WebView cannot load it. */
export async function openWebViewService(options: WebViewCarrierOptions = {}): Promise<RemoteStylizeService> {
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
  (options.container ?? document.body).appendChild(webview);
  try {
    await loaded.finally(() => clearTimeout(timer));
    return await RemoteStylizeService.connect(webViewTransport(webview), 'WebView inference page', {
      clientName: `${hostApp().label} panel`, helloTimeoutMs: options.timeoutMs ?? 60_000,
    });
  } catch (e) {
    webview.remove();
    throw e;
  }
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
      webview.remove();
      closeHandlers.splice(0).forEach((h) => h('the panel closed the WebView'));
    },
  };
}
