/**
 * The WebView carrier against UXP's WebView as its reference describes it (test/fakes/uxpDom.ts):
 * it lives in the panel's root node (nothing outside a panel is rendered), the page's answers
 * arrive on `window` with the element as source, the page finds window.uxpHost only after it
 * started, and a WebView that never renders fails in bounded time.
 */
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import { INFERENCE_PAGE_URL, openWebViewService, setWebViewHome } from '../../src/uxp/webViewCarrier';
import { listenForClient } from '../../src/apps/inference-page/pageBridge';
import { createSimDom, SimEvent, SimEventTarget, type SimDom, type SimElement, type WebViewPage } from '../fakes/uxpDom';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';

const globals = globalThis as unknown as { window?: unknown; document?: unknown };
let dom: SimDom;

/** The inference page's bridge (the real one) behind the simulated WebView; UXP adds uxpHost after the page's script ran. */
const inferencePage: WebViewPage = (send) => {
  const pageWindow = new SimEventTarget() as SimEventTarget & { parent?: unknown; uxpHost?: unknown };
  pageWindow.parent = pageWindow;
  const endpoint = new ProtocolEndpoint(offsetBackend(new OffsetStylizer()));
  listenForClient(pageWindow as unknown as Window, (transport) => endpoint.accept(transport));
  const uxpHost = { postMessage: send };
  pageWindow.uxpHost = uxpHost;
  return { onMessage: (message) => pageWindow.dispatchEvent(new SimEvent('message', { data: message, source: uxpHost, origin: 'plugin-id' })) };
};

/** A simulated UXP DOM with a mounted panel's root node as the WebView's home. */
function install(options: Parameters<typeof createSimDom>[0]): SimElement {
  dom = createSimDom(options);
  globals.window = dom.window;
  globals.document = dom.document;
  const root = dom.document.createPanelRoot();
  setWebViewHome(root as unknown as HTMLElement);
  return root;
}
afterEach(() => {
  setWebViewHome(undefined);
  delete globals.window;
  delete globals.document;
});

test('connects through the messages UXP delivers on window from a WebView in the panel, and stylizes a frame', async () => {
  const root = install({ webViewPages: { [INFERENCE_PAGE_URL]: inferencePage } });
  const service = await openWebViewService({ loadTimeoutMs: 2000, timeoutMs: 2000 });
  expect(root.children.map((e) => e.tagName)).toEqual(['WEBVIEW']);
  expect(dom.document.body.children).toEqual([root]);
  try {
    await service.setStyle('job', { width: 4, height: 4, channels: 3, bitDepth: 8, data: new Uint8Array(48) }, { mode: 'artistic' });
    const out = await service.stylize('job', { width: 4, height: 4, channels: 3, bitDepth: 8, data: new Uint8Array(48).fill(10) }, { strength: 1 });
    expect([out.width, out.height]).toEqual([4, 4]);
  } finally {
    await service.dispose();
  }
});

test('ignores window messages from any other source', async () => {
  install({ webViewPages: { [INFERENCE_PAGE_URL]: inferencePage } });
  const stray = setInterval(() => dom.window.dispatchEvent(new SimEvent('message', { data: 'not for you', source: {} })), 5);
  try {
    const service = await openWebViewService({ loadTimeoutMs: 2000, timeoutMs: 2000 });
    await service.dispose();
  } finally {
    clearInterval(stray);
  }
});

test('a WebView that never renders fails within its load timeout, and the element is removed', async () => {
  const root = install({ webViewRenders: false, webViewPages: { [INFERENCE_PAGE_URL]: inferencePage } });
  await expect(openWebViewService({ loadTimeoutMs: 300 })).rejects.toThrow(/did not load the inference page within 0\.3 s/);
  expect(root.children).toHaveLength(0);
}, 5000);

test('a WebView outside every panel root (document.body) is never rendered', async () => {
  install({ webViewPages: { [INFERENCE_PAGE_URL]: inferencePage } });
  const body = dom.document.body as unknown as HTMLElement;
  await expect(openWebViewService({ container: body, loadTimeoutMs: 300 })).rejects.toThrow(/did not load the inference page/);
});

test('with no panel mounted the carrier says so at once, creating no element', async () => {
  install({ webViewPages: { [INFERENCE_PAGE_URL]: inferencePage } });
  setWebViewHome(undefined);
  await expect(openWebViewService()).rejects.toThrow(/only run inside the open Coherent Style panel/);
  expect(dom.document.body.descendants().filter((e) => e.tagName === 'WEBVIEW')).toEqual([]);
});

test('an open WebView moves with the panel into a new root node, and keeps serving', async () => {
  const first = install({ webViewPages: { [INFERENCE_PAGE_URL]: inferencePage } });
  const service = await openWebViewService({ loadTimeoutMs: 2000, timeoutMs: 2000 });
  const second = dom.document.createPanelRoot();
  setWebViewHome(second as unknown as HTMLElement);
  expect([first.children.length, second.children.map((e) => e.tagName)]).toEqual([0, ['WEBVIEW']]);
  await service.setStyle('job', { width: 4, height: 4, channels: 3, bitDepth: 8, data: new Uint8Array(48) }, { mode: 'artistic' });
  await service.dispose();
  expect(second.children).toHaveLength(0);
});
