/**
 * The announcement file holds the token: it must be created 0600, not created 0644 and narrowed
 * afterwards (a watcher could read it in between). File creation is observed by wrapping
 * node:fs/promises for this test file only; the files are real.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inProcessBackend } from '../../src/protocol/inProcessBackend';
import { CompanionServer } from '../../src/companion/companionServer';
import { fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';

const created: Array<{ file: string; mode: number | undefined }> = [];

jest.mock('node:fs/promises', () => {
  const real = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return {
    ...real,
    open: (file: string, flags?: string, mode?: number) => {
      if (flags?.includes('x')) created.push({ file: String(file), mode });
      return real.open(file, flags, mode);
    },
  };
});

it('creates companion.json readable by the user only from its first byte', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-security-mode-'));
  const infoFile = path.join(dir, 'companion.json');
  const server = await CompanionServer.start(inProcessBackend(await fixtureStylizer(), await fixtureRegistry(), { runtime: 'onnxruntime-node' }), { infoFile });
  try {
    if (process.platform !== 'win32') expect(statSync(infoFile).mode & 0o777).toBe(0o600);
    const announced = created.filter((c) => path.basename(c.file).startsWith('.companion.json.'));
    expect(announced.length).toBe(1);
    expect(announced[0].mode).toBe(0o600);
  } finally {
    await server.stop(1000);
    rmSync(dir, { recursive: true, force: true });
  }
});
