/**
 * The in-process carrier needs WebAssembly and fetch of plugin:/ URLs, which UXP does not
 * document: it probes with a tiny model first, and when onnxruntime cannot start it says so.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { premiereCarriers } from '../../../src/hosts/premiere/carriers';
import { resetFakeUxp } from '../../fakes/uxp';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-inproc-'));
  // Models are installed: only the runtime can be what fails.
  resetFakeUxp({ dataFolder: path.join(dir, 'data'), pluginFolder: path.resolve(__dirname, '../../fixtures') });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('when onnxruntime cannot load its wasm from plugin:/, the reason names it', async () => {
  const inProcess = premiereCarriers().find((carrier) => carrier.id === 'in-process');
  if (!inProcess) throw new Error('no in-process carrier');
  await expect(inProcess.connect()).rejects.toThrow(/onnxruntime could not start on WebAssembly in this panel \(loading plugin:\/web\/ort\//);
}, 60000);
