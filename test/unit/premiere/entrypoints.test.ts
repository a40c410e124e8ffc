/**
 * Loading the plugin registers its entry points with UXP exactly once, under the manifest's ids,
 * and the command reports failures as a message for the editor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fakeUxpState, resetFakeUxp } from '../../fakes/uxp';
import { resetFakePremiere } from '../../fakes/premierepro';

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
  require('../../../src/hosts/premiere/main');
  expect(fakeUxpState.setupCalls).toBe(1);
  const setup = fakeUxpState.entrypoints!;
  const declared = (type: string) => manifest.entrypoints.filter((e) => e.type === type).map((e) => e.id);
  expect(Object.keys(setup.panels ?? {})).toEqual(declared('panel'));
  expect(Object.keys(setup.commands ?? {})).toEqual(declared('command'));
});

test('the command tells the editor when the models cannot be loaded', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fakes are reset
  const { runApplyCommand } = require('../../../src/hosts/premiere/main') as typeof import('../../../src/hosts/premiere/main');
  const shown: string[] = [];
  const text = await runApplyCommand(async (t) => { shown.push(t); });
  expect(shown).toEqual([text]);
  expect(text).toMatch(/^No way to run the style models is available \(.*in-process: models\.json is missing/);
});
