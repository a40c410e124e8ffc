/**
 * The inference page in Chromium as a UXP WebView holds it (html-web-view-element.md, "Load local
 * content onto WebView"): the page is the top-level document of the plugin's own folder (web/ and
 * models/ beside each other, as in dist/), loaded without query parameters as
 * `<webview src="plugin:/web/index.html">` is; files come from that folder alone, with no server
 * headers (a file has none: no cross-origin isolation); "WebView does not support JS localStorage
 * APIs if local contents are loaded"; and the panel talks to it only through window.uxpHost, whose
 * messages are "stringified & parsed by JSON", UXP adding uxpHost once the page's script has run.
 *
 * The folder is served at an origin of its own (a host Chromium never resolves), through
 * Playwright's routing, so any request outside it is seen.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { MessageTransport, WireMessage } from '../../../src/protocol/protocol';

/** The plugin folder's origin in the test; the WebView's own for local content is undocumented. */
export const PLUGIN_ORIGIN = 'https://coherent-style.plugin.invalid';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json',
};

/** Serves `folders` (name → directory) under PLUGIN_ORIGIN; anything else there is a 404. */
export async function routePluginFolder(context: BrowserContext, folders: Record<string, string>): Promise<void> {
  await context.route(`${PLUGIN_ORIGIN}/**`, async (route) => {
    const [, top, ...rest] = new URL(route.request().url()).pathname.split('/');
    const root = folders[top];
    const file = root ? path.resolve(root, ...rest.map(decodeURIComponent)) : '';
    const body = root && file.startsWith(root + path.sep) ? await readFile(file).catch(() => undefined) : undefined;
    if (!body) await route.fulfill({ status: 404 });
    else await route.fulfill({ status: 200, body, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
}

/** Makes localStorage throw, as for local content in a UXP WebView. */
export const NO_LOCAL_STORAGE = (): void => {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('localStorage is not available to local content in a UXP WebView', 'SecurityError');
    },
  });
};

/**
 * The panel's end of the page's message bridge: messages go in as 'message' events on the page's
 * window with window.uxpHost as their source, and come out through window.uxpHost.postMessage,
 * both through JSON, each in order. Call after the page has loaded.
 */
export async function uxpHostTransport(page: Page): Promise<MessageTransport> {
  let handler: (wire: unknown) => void = () => undefined;
  const closeHandlers: Array<(reason: string) => void> = [];
  await page.exposeFunction('__toPanel', (message: unknown) => handler(message));
  await page.evaluate(() => {
    const host = { postMessage: (message: unknown) => (window as unknown as { __toPanel(m: unknown): void }).__toPanel(JSON.parse(JSON.stringify(message))) };
    (window as unknown as { uxpHost: unknown }).uxpHost = host;
  });
  let sending = Promise.resolve();
  return {
    format: 'text',
    send: (wire: WireMessage) => {
      const data = JSON.parse(JSON.stringify(wire)) as unknown;
      sending = sending.then(() => page.evaluate((message) => {
        // A MessageEvent may not name a plain object as its source; UXP's event does (window.uxpHost).
        const event = new Event('message');
        Object.defineProperties(event, {
          data: { value: message },
          source: { value: (window as unknown as { uxpHost: unknown }).uxpHost },
          origin: { value: 'com.coherentstyle.premiere' },
        });
        window.dispatchEvent(event);
      }, data)).catch((e: Error) => closeHandlers.splice(0).forEach((h) => h(e.message)));
    },
    onMessage: (h) => { handler = h; },
    onClose: (h) => { closeHandlers.push(h); },
    close: () => undefined,
  };
}
