/**
 * The inference page's side of the carrier. Inside Premiere the page runs in a UXP WebView:
 * messages arrive as window 'message' events and go back through window.uxpHost.postMessage,
 * which serialises as JSON (so the text wire). In a browser the page can be framed by another
 * page (tests, the bench), which posts ArrayBuffers: replies go to the parent, transferred.
 * The wire format follows the first message received: a string means the text wire.
 *
 * Only the host may drive the page: inside the WebView that is window.uxpHost (the source UXP
 * gives the panel's messages), never a framing page, a sibling frame or an opener; in a browser
 * it is the framing page, and only when it has the page's own origin (what CSP frame-ancestors
 * 'self' would say, which a page loaded from disk cannot send as a header).
 */
import type { MessageTransport, WireFormat, WireMessage } from '../../protocol/protocol';

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
    const host = uxpHost();
    if (!fromHost(win, event, host, framed)) return;
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

function fromHost(win: Window, event: MessageEvent, uxpHost: UxpHost | undefined, framed: boolean): boolean {
  if (uxpHost) return (event.source as unknown) === uxpHost;
  // An opaque origin ('null': sandboxed frames, data: URLs) is anybody's.
  return framed && event.source === win.parent && event.origin !== 'null' && event.origin === win.location.origin;
}

function replyToParent(win: Window, origin: string): (wire: WireMessage) => void {
  return (wire) => {
    if (typeof wire === 'string') win.parent.postMessage(wire, origin);
    else win.parent.postMessage(wire, origin, [wire]);
  };
}
