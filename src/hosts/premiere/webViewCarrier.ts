/**
 * The panel's GPU carrier: the inference page (dist/web/index.html) in a UXP WebView element,
 * which has WebGPU where the panel's own script context has none. The two sides talk through the
 * WebView message bridge (manifest webview.enableMessageBridge "localAndRemote"): the panel calls
 * webview.postMessage and hears 'message' events on the element; the page answers through
 * window.uxpHost.postMessage. The bridge serialises as JSON, so frames use the protocol's text
 * wire (base64 pixels).
 */
import { CoherentStyleError } from '../../engine/errors';
import type { MessageTransport, WireMessage } from '../../engine/protocol/protocol';
import { RemoteStylizeService } from '../../engine/protocol/remoteStylizeService';

export const INFERENCE_PAGE_URL = 'plugin:/web/index.html';

/** The UXP HTMLWebViewElement members this carrier uses. */
interface WebViewElement extends HTMLElement {
  postMessage(message: unknown): void;
}

export interface WebViewCarrierOptions {
  /** Where the (invisible) WebView element lives; default document.body. */
  container?: HTMLElement;
  pageUrl?: string;
  /** Page load plus model load (the page answers hello once its default mode is ready). */
  timeoutMs?: number;
}

/** Opens the page and connects; rejects with a HOST error when the WebView cannot load it. */
export async function openWebViewService(options: WebViewCarrierOptions = {}): Promise<RemoteStylizeService> {
  const webview = document.createElement('webview') as WebViewElement;
  webview.setAttribute('src', options.pageUrl ?? INFERENCE_PAGE_URL);
  webview.setAttribute('width', '1');
  webview.setAttribute('height', '1');
  webview.style.position = 'absolute';
  webview.style.opacity = '0';
  webview.style.pointerEvents = 'none';
  const loaded = new Promise<void>((resolve, reject) => {
    webview.addEventListener('loadstop', () => resolve(), { once: true });
    webview.addEventListener('loaderror', (event) => reject(new CoherentStyleError('HOST',
      `The WebView could not load the inference page (${(event as Event & { message?: string }).message ?? 'load error'}). Reinstall the plugin.`)), { once: true });
  });
  (options.container ?? document.body).appendChild(webview);
  try {
    await loaded;
    return await RemoteStylizeService.connect(webViewTransport(webview), 'WebView inference page', {
      clientName: 'Premiere panel', helloTimeoutMs: options.timeoutMs ?? 60_000,
    });
  } catch (e) {
    webview.remove();
    throw e;
  }
}

function webViewTransport(webview: WebViewElement): MessageTransport {
  const closeHandlers: Array<(reason: string) => void> = [];
  webview.addEventListener('loaderror', () => closeHandlers.splice(0).forEach((h) => h('the inference page failed')));
  return {
    format: 'text',
    send: (wire: WireMessage) => webview.postMessage(wire),
    onMessage: (handler) => webview.addEventListener('message', (event) => handler((event as MessageEvent).data)),
    onClose: (handler) => { closeHandlers.push(handler); },
    close: () => {
      webview.remove();
      closeHandlers.splice(0).forEach((h) => h('the panel closed the WebView'));
    },
  };
}
