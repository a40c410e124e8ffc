/**
 * Loading the plugin registers its entry points with UXP exactly once, under the manifest's ids,
 * and the command reports failures as a message for the editor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fakeUxpState, resetFakeUxp } from '../../fakes/uxp';
import { resetFakePremiere } from '../../fakes/premierepro';
import { createSimDom } from '../../fakes/uxpDom';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../manifest.json'), 'utf8')) as { entrypoints: { type: string; id: string }[] };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-entry-'));
  resetFakePremiere();
  resetFakeUxp({ dataFolder: path.join(dir, 'data'), pluginFolder: path.join(dir, 'plugin') });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('entry points are set up once with the ids the manifest declares', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fakes are reset: main.ts sets up entry points on load
  require('../../../src/apps/premiere/main');
  expect(fakeUxpState.setupCalls).toBe(1);
  const setup = fakeUxpState.entrypoints!;
  const declared = (type: string) => manifest.entrypoints.filter((e) => e.type === type).map((e) => e.id);
  expect(Object.keys(setup.panels ?? {})).toEqual(declared('panel'));
  expect(Object.keys(setup.commands ?? {})).toEqual(declared('command'));
});

test('the command tells the editor why no carrier can run the models', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fakes are reset
  const { runApplyCommand } = require('../../../src/apps/premiere/main') as typeof import('../../../src/apps/premiere/main');
  const shown: string[] = [];
  const text = await runApplyCommand(async (t) => { shown.push(t); });
  expect(shown).toEqual([text]);
  expect(text).toMatch(/^No way to run the style models is available \(webview \(WebGPU\): The WebView can only run inside the open Coherent Style panel .*companion: The companion is not running/);
});

test('the panel mounts on create alone (UXP may never call show again, nor hide), and only once', async () => {
  const dom = createSimDom();
  const globals = globalThis as unknown as { window?: unknown; document?: unknown };
  Object.assign(globals, { window: dom.window, document: dom.document });
  try {
    const { registerEntrypoints } = await import('../../../src/apps/premiere/main');
    if (!fakeUxpState.entrypoints) registerEntrypoints(); // already loaded by an earlier test
    const panel = fakeUxpState.entrypoints!.panels!.coherentStylePanel;
    const root = dom.document.createElement('div');
    dom.document.body.appendChild(root);
    await panel.create?.(root as unknown as HTMLElement);
    expect(root.children).toHaveLength(1);
    await panel.show?.(root as unknown as HTMLElement);
    expect(root.children).toHaveLength(1);
    await panel.destroy?.(root as unknown as HTMLElement);
  } finally {
    delete globals.window;
    delete globals.document;
  }
});

test('create again with a new root node (no destroy before it, as in Premiere) moves the panel there, not leaving it blank', async () => {
  const dom = createSimDom();
  const globals = globalThis as unknown as { window?: unknown; document?: unknown };
  Object.assign(globals, { window: dom.window, document: dom.document });
  try {
    const { registerEntrypoints } = await import('../../../src/apps/premiere/main');
    if (!fakeUxpState.entrypoints) registerEntrypoints(); // already loaded by an earlier test
    const panel = fakeUxpState.entrypoints!.panels!.coherentStylePanel;
    const [first, second] = [dom.document.createElement('div'), dom.document.createElement('div')];
    dom.document.body.append(first, second);
    await panel.create?.(first as unknown as HTMLElement);
    const mountedPanel = first.children[0];
    await panel.create?.(second as unknown as HTMLElement);
    expect(second.children).toEqual([mountedPanel]);
    expect(first.children).toHaveLength(0);
    await panel.show?.(second as unknown as HTMLElement);
    expect(second.children).toEqual([mountedPanel]);
    await panel.destroy?.(second as unknown as HTMLElement);
    expect(second.children).toHaveLength(0);
  } finally {
    delete globals.window;
    delete globals.document;
  }
});
