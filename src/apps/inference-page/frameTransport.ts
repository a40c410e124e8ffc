/**
 * The client side of the page carrier in a browser: the inference page in an iframe, spoken to
 * with postMessage (ArrayBuffers transferred on the binary wire). Tests and the bench use it;
 * inside the UXP hosts the WebView bridge (src/uxp/webViewCarrier.ts) plays this part.
 */
import type { MessageTransport, WireFormat, WireMessage } from '../../protocol/protocol';

/** Adds a hidden iframe showing `pageUrl` and resolves once it has loaded. */
export async function loadFrame(pageUrl: string, parent: HTMLElement = document.body): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = pageUrl;
  frame.style.display = 'none';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  parent.appendChild(frame);
  await loaded;
  return frame;
}

export function frameTransport(frame: HTMLIFrameElement, format: WireFormat): MessageTransport {
  const target = frame.contentWindow;
  if (!target) throw new Error('The inference frame has no window (not attached to a document).');
  const origin = new URL(frame.src, location.href).origin;
  let listener: ((event: MessageEvent) => void) | undefined;
  const closeHandlers: Array<(reason: string) => void> = [];
  return {
    format,
    send: (wire: WireMessage) => {
      if (typeof wire === 'string') target.postMessage(wire, origin);
      else target.postMessage(wire, origin, [wire]);
    },
    onMessage: (handler) => {
      listener = (event: MessageEvent) => {
        if (event.source === target) handler(event.data);
      };
      window.addEventListener('message', listener);
    },
    onClose: (handler) => { closeHandlers.push(handler); },
    close: () => {
      if (listener) window.removeEventListener('message', listener);
      closeHandlers.splice(0).forEach((h) => h('the inference frame was closed'));
    },
  };
}
