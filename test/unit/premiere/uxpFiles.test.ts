/** uxpFiles over the fake uxp module: what writeFileAtomic hands UXP is exactly the bytes asked for. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../src/hosts/premiere/uxpFiles';
import { resetFakeUxp } from '../../fakes/uxp';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-uxpfiles-'));
  resetFakeUxp({ dataFolder: path.join(dir, 'data'), pluginFolder: path.join(dir, 'plugin') });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a whole buffer and a view of part of one are both written exactly, with no temp file left', async () => {
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const whole = Uint8Array.from([1, 2, 3, 4, 5, 6]);
  await writeFileAtomic(path.join(out, 'whole.bin'), whole);
  await writeFileAtomic(path.join(out, 'part.bin'), whole.subarray(2, 5));
  expect([...fs.readFileSync(path.join(out, 'whole.bin'))]).toEqual([1, 2, 3, 4, 5, 6]);
  expect([...fs.readFileSync(path.join(out, 'part.bin'))]).toEqual([3, 4, 5]);
  expect(fs.readdirSync(out).sort()).toEqual(['part.bin', 'whole.bin']);
});
