/**
 * Code the panel runs may use only globals UXP documents: with TextDecoder and TextEncoder taken
 * away (UXP has neither, per Adobe's network recipe), the mode list (models.json), binary
 * companion frames still work. (test/uxp/ runs the whole bundle that way.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelRegistry } from '../../../src/engine/modelRegistry';
import { decodeServerMessage, encodeMessage } from '../../../src/engine/protocol';
import { UxpModelStore } from '../../../src/hosts/premiere/uxpModelStore';
import { resetFakeUxp } from '../../fakes/uxp';

const saved = { TextDecoder: globalThis.TextDecoder, TextEncoder: globalThis.TextEncoder };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-globals-'));
  resetFakeUxp({ dataFolder: path.join(dir, 'data'), pluginFolder: path.resolve(__dirname, '../../fixtures') });
  delete (globalThis as Partial<typeof saved>).TextDecoder;
  delete (globalThis as Partial<typeof saved>).TextEncoder;
});
afterEach(() => {
  Object.assign(globalThis, saved);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('models.json loads without TextDecoder', async () => {
  const registry = await ModelRegistry.load(new UxpModelStore());
  expect(registry.modes.map((m) => m.id)).toEqual(['artistic', 'artistic-soft', 'photorealistic']);
});

test('binary protocol messages round-trip without TextEncoder/TextDecoder', () => {
  const wire = encodeMessage({ type: 'error', id: 7, code: 'HOST', message: 'Grüße – 日本' }, 'binary');
  const decoded = decodeServerMessage(wire, { maxMessageBytes: 1 << 20 });
  expect(decoded).toEqual({ ok: true, message: { type: 'error', id: 7, code: 'HOST', message: 'Grüße – 日本' } });
});
