/**
 * The inference page's side of the carrier. Inside Premiere the page runs in a UXP WebView:
 * messages arrive as window 'message' events and go back through window.uxpHost.postMessage,
 * which serialises as JSON (so the text wire). In a browser the page can be framed by another
 * page (tests, the bench), which posts ArrayBuffers: replies go to the parent, transferred.
 * The wire format follows the first message received: a string means the text wire.
 */
import type { MessageTransport, WireFormat, WireMessage } from '../../engine/protocol/protocol';

interface UxpHost {
  postMessage(message: unknown): void;
}

/** Calls `onClient` once with a transport, when the first message from the host or parent arrives. */
export function listenForClient(win: Window, onClient: (transport: MessageTransport) => void): void {
  // UXP may install window.uxpHost after the page's scripts start: read it when it is needed.
  const uxpHost = () => (win as unknown as { uxpHost?: UxpHost }).uxpHost;
  const framed = win.parent !== win;
  let handler: ((wire: unknown) => void) | undefined;
  /** Messages that arrive before the endpoint is ready (the engine is still loading models). */
  const early: unknown[] = [];
  let connected = false;

  win.addEventListener('message', (event: MessageEvent) => {
    // Only the panel (UXP host) or the framing page may talk to the page.
    const host = uxpHost();
    if (!host && !(framed && event.source === win.parent)) return;
    if (!connected) {
      connected = true;
      const format: WireFormat = typeof event.data === 'string' ? 'text' : 'binary';
      onClient({
        format,
        send: host ? (wire: WireMessage) => sendToHost(win, wire) : replyToParent(win, event.origin),
        onMessage: (h) => {
          handler = h;
          early.splice(0).forEach((wire) => h(wire));
        },
        // A WebView or frame lives as long as the page; there is no close event to report.
        onClose: () => undefined,
        close: () => undefined,
      });
    }
    if (handler) handler(event.data);
    else early.push(event.data);
  });
}

function sendToHost(win: Window, wire: WireMessage): void {
  const host = (win as unknown as { uxpHost?: UxpHost }).uxpHost;
  if (!host) throw new Error('window.uxpHost is gone; the panel cannot be answered');
  host.postMessage(wire);
}

function replyToParent(win: Window, origin: string): (wire: WireMessage) => void {
  const target = origin && origin !== 'null' ? origin : '*';
  return (wire) => {
    if (typeof wire === 'string') win.parent.postMessage(wire, target);
    else win.parent.postMessage(wire, target, [wire]);
  };
}
