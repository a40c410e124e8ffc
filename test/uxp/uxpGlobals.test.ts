/**
 * Code the panel runs may use only globals UXP documents: with TextDecoder and TextEncoder taken
 * away (UXP has neither, per Adobe's network recipe), the mode list (models.json), binary
 * companion frames still work; nor is `performance` documented, which the in-process stylizer timed with. (test/uxp/ runs the whole bundle that way.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeServerMessage, encodeMessage } from '../../src/protocol/protocol';
import { loadModelRegistry } from '../../src/uxp/uxpModelStore';
import { resetFakeUxp } from '../fakes/uxp';
import { fixtureStylizer } from '../support/fixtureModels';
import { syntheticImage } from '../support/syntheticImages';

const saved = { TextDecoder: globalThis.TextDecoder, TextEncoder: globalThis.TextEncoder };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-globals-'));
  resetFakeUxp({ dataFolder: path.join(dir, 'data'), pluginFolder: path.resolve(__dirname, '../fixtures') });
  delete (globalThis as Partial<typeof saved>).TextDecoder;
  delete (globalThis as Partial<typeof saved>).TextEncoder;
});
afterEach(() => {
  Object.assign(globalThis, saved);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('models.json loads without TextDecoder', async () => {
  const registry = await loadModelRegistry();
  expect(registry.modes.map((m) => m.id)).toEqual(['artistic', 'artistic-soft', 'photorealistic']);
});

test('binary protocol messages round-trip without TextEncoder/TextDecoder', () => {
  const wire = encodeMessage({ type: 'error', id: 7, code: 'HOST', message: 'Grüße – 日本' }, 'binary');
  const decoded = decodeServerMessage(wire, { maxMessageBytes: 1 << 20 });
  expect(decoded).toEqual({ ok: true, message: { type: 'error', id: 7, code: 'HOST', message: 'Grüße – 日本' } });
});

test('the in-process stylizer runs without performance', async () => {
  const stylizer = await fixtureStylizer();
  const saved = globalThis.performance;
  delete (globalThis as { performance?: Performance }).performance;
  try {
    await stylizer.setStyle('job', syntheticImage(32, 32, { seed: 1 }), { mode: 'artistic' });
    const out = await stylizer.stylize('job', syntheticImage(32, 32, { seed: 2 }), { strength: 1 });
    expect([out.width, out.height]).toEqual([32, 32]);
  } finally {
    globalThis.performance = saved;
    await stylizer.dispose();
  }
});
