// The raw module object (not an import-star copy), so the spy reaches atomicFile's calls.
import fsPromises = require('node:fs/promises');
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CoherentStyleError } from '../../src/engine/errors';
import { isTempFileName, tempFileName, tempFileTarget } from '../../src/engine/tempFileName';
import { describeWriteError, tempPathFor, writeFileAtomic } from '../../src/node-io/atomicFile';

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'cs-atomic-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes new files and replaces existing ones, leaving no temp file', async () => {
    const target = path.join(dir, 'frame_000001.png');
    await writeFileAtomic(target, Uint8Array.from([1, 2, 3]));
    expect(Array.from(await readFile(target))).toEqual([1, 2, 3]);
    await writeFileAtomic(target, Uint8Array.from([9]));
    expect(Array.from(await readFile(target))).toEqual([9]);
    expect(await readdir(dir)).toEqual(['frame_000001.png']);
  });

  it('reports a missing folder as OUTPUT_UNWRITABLE', async () => {
    const error = await writeFileAtomic(path.join(dir, 'absent', 'x.png'), new Uint8Array(1)).catch((e) => e);
    expect(error).toBeInstanceOf(CoherentStyleError);
    expect(error.code).toBe('OUTPUT_UNWRITABLE');
    expect(error.message).toMatch(/does not exist/);
  });

  it('removes its temp file and keeps the old target when the final rename fails', async () => {
    const target = path.join(dir, 'busy');
    await mkdir(target);
    await writeFile(path.join(target, 'keep'), 'x'); // a non-empty folder cannot be replaced by a file
    await expect(writeFileAtomic(target, new Uint8Array(8))).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['busy']);
    expect(await readdir(target)).toEqual(['keep']);
  });

  it('maps a full disk to DISK_FULL, removing the half-written temp file and keeping the old target', async () => {
    const target = path.join(dir, 'frame.png');
    await writeFile(target, 'previous');
    const realOpen = fsPromises.open;
    const openSpy = jest.spyOn(fsPromises, 'open').mockImplementation(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      handle.writeFile = async () => {
        await handle.write(new Uint8Array(4)); // part of the frame reaches the disk, then it fills up
        throw errno('ENOSPC');
      };
      return handle;
    });
    try {
      const error = await writeFileAtomic(target, new Uint8Array(64)).catch((e) => e);
      expect(error.code).toBe('DISK_FULL');
      expect(openSpy).toHaveBeenCalledTimes(1);
    } finally {
      openSpy.mockRestore();
    }
    expect(await readdir(dir)).toEqual(['frame.png']);
    expect(await readFile(target, 'utf8')).toBe('previous');
  });

  it('names its temp files so that folder scans can skip them', () => {
    expect(isTempFileName('.frame_000001.png.0a1b2c3d4e5f.tmp')).toBe(true);
    expect(isTempFileName('frame_000001.png')).toBe(false);
  });

  it('recognises the names its own maker gives, and no user file that merely looks hidden and temporary', () => {
    const made = tempFileName('frame_000001.png');
    expect(made).not.toBe(tempFileName('frame_000001.png'));
    expect(tempFileTarget(made)).toBe('frame_000001.png');
    expect(path.basename(tempPathFor('/renders/clip.mp4'))).toMatch(/^\.clip\.mp4\./);
    expect(tempFileTarget(path.basename(tempPathFor('/renders/clip.mp4')))).toBe('clip.mp4');
    for (const foreign of ['.notes.tmp', '.draft.v2.tmp', '.frame.png.0A1B2C3D4E5F.tmp', '.frame.png.0a1b2c.tmp']) {
      expect(isTempFileName(foreign)).toBe(false);
    }
  });
});

describe('describeWriteError', () => {
  const target = '/renders/frame_000001.png';
  it.each([
    ['ENOSPC', 'DISK_FULL', /disk holding \/renders is full.*Free some space/],
    ['EDQUOT', 'DISK_FULL', /is full/],
    ['EACCES', 'OUTPUT_UNWRITABLE', /Cannot write to \/renders \(permission denied\)/],
    ['EPERM', 'OUTPUT_UNWRITABLE', /permission denied/],
    ['EROFS', 'OUTPUT_UNWRITABLE', /read-only file system/],
  ])('maps %s to %s', (code, expected, message) => {
    const mapped = describeWriteError(errno(code), target) as CoherentStyleError;
    expect(mapped).toBeInstanceOf(CoherentStyleError);
    expect(mapped.code).toBe(expected);
    expect(mapped.message).toMatch(message);
  });

  it('passes other errors through unchanged', () => {
    const other = errno('EIO');
    expect(describeWriteError(other, target)).toBe(other);
  });
});
