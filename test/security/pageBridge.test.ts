/**
 * Who may drive the inference page. Inside the UXP WebView only window.uxpHost (the source UXP
 * gives the panel's messages); in a browser only a framing page of the page's own origin. A
 * framing page, a sibling frame or an opener must be ignored. The window here is a stand-in with
 * just what pageBridge.ts reads (addEventListener, parent, location, uxpHost); the whole page
 * runs in Chromium in test/e2e/inferencePage.test.ts.
 */
import type { MessageTransport } from '../../src/protocol/protocol';
import { listenForClient } from '../../src/apps/inference-page/pageBridge';

interface Sender { postMessage(message: unknown): void }

function pageWindow(options: { uxpHost?: Sender; parent?: object; origin?: string }) {
  const target = new EventTarget();
  const win = Object.assign(target, {
    uxpHost: options.uxpHost,
    location: { origin: options.origin ?? 'http://127.0.0.1:8080' },
    parent: undefined as unknown,
  });
  win.parent = options.parent ?? win;
  return win;
}

function deliver(win: EventTarget, data: unknown, source: unknown, origin: string): void {
  const event = new MessageEvent('message', { data, origin });
  Object.defineProperty(event, 'source', { value: source });
  win.dispatchEvent(event);
}

function listen(win: EventTarget): { transports: MessageTransport[]; received: unknown[] } {
  const transports: MessageTransport[] = [];
  const received: unknown[] = [];
  listenForClient(win as unknown as Window, (transport) => {
    transports.push(transport);
    transport.onMessage((wire) => received.push(wire));
  });
  return { transports, received };
}

describe('inside the UXP WebView', () => {
  const uxpHost: Sender = { postMessage: () => undefined };

  it.each([
    ['a framing page', { postMessage: () => undefined }, 'https://evil.example'],
    ['a sibling frame', { postMessage: () => undefined }, 'http://127.0.0.1:8080'],
    ['a window without source', null, 'null'],
  ])('ignores %s', (_name, source, origin) => {
    const win = pageWindow({ uxpHost });
    const { transports } = listen(win);
    deliver(win, '{"v":2,"type":"hello","id":1,"client":"evil"}', source, origin);
    expect(transports).toEqual([]);
  });

  it('serves the panel, whose messages come from uxpHost', () => {
    const win = pageWindow({ uxpHost });
    const { transports, received } = listen(win);
    deliver(win, 'hello', uxpHost, 'com.coherentstyle.premiere');
    deliver(win, 'ignored', { postMessage: () => undefined }, 'https://evil.example');
    expect(transports).toHaveLength(1);
    expect(received).toEqual(['hello']);
  });
});

describe('in a browser frame', () => {
  const parent = { postMessage: () => undefined };

  it.each([
    ['a framing page of another origin', parent, 'https://evil.example'],
    ['a framing page with an opaque origin', parent, 'null'],
    ['a sibling frame of the same origin', { postMessage: () => undefined }, 'http://127.0.0.1:8080'],
  ])('ignores %s', (_name, source, origin) => {
    const win = pageWindow({ parent });
    const { transports } = listen(win);
    deliver(win, 'hello', source, origin);
    expect(transports).toEqual([]);
  });

  it('serves a same-origin framing page', () => {
    const win = pageWindow({ parent });
    const { transports } = listen(win);
    deliver(win, 'hello', parent, 'http://127.0.0.1:8080');
    expect(transports).toHaveLength(1);
  });

  it('ignores every window when it is not framed and has no uxpHost', () => {
    const win = pageWindow({});
    const { transports } = listen(win);
    deliver(win, 'hello', { postMessage: () => undefined }, 'http://127.0.0.1:8080');
    expect(transports).toEqual([]);
  });
});
