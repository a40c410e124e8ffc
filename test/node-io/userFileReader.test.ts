import { existsSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancelledError } from '../../src/engine/errors';
import { readUserFile } from '../../src/node-io/userFileReader';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'cs-user-file-')); });
afterEach(() => rm(dir, { recursive: true, force: true }));

it('reads a regular file whole', async () => {
  const file = path.join(dir, 'a.png');
  await writeFile(file, Buffer.from('hello'));
  expect(Buffer.from(await readUserFile(file, { maxBytes: 5 })).toString()).toBe('hello');
});

it('refuses a file larger than the bound without reading it', async () => {
  const file = path.join(dir, 'big.png');
  await writeFile(file, '');
  await truncate(file, 2 ** 30); // sparse: 1 GiB of size, no data
  await expect(readUserFile(file, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
});

// Files in /proc say they are empty yet have content: the bound holds while reading, not only by size.
(existsSync('/proc/self/status') ? it : it.skip)('stops at the bound when a file holds more than its size says', async () => {
  await expect(readUserFile('/proc/self/status', { maxBytes: 10 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
});

it('refuses a folder, naming it', async () => {
  await expect(readUserFile(dir, { maxBytes: 10 })).rejects.toThrow(/it is a folder/);
});

it('says a missing file does not exist', async () => {
  await expect(readUserFile(path.join(dir, 'nope.png'), { maxBytes: 10 })).rejects.toMatchObject({
    code: 'INPUT_UNREADABLE', message: expect.stringMatching(/nope\.png \(it does not exist\)/),
  });
});

it('stops when cancelled', async () => {
  const file = path.join(dir, 'a.png');
  await writeFile(file, 'x');
  const controller = new AbortController();
  controller.abort();
  await expect(readUserFile(file, { maxBytes: 10, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
});
