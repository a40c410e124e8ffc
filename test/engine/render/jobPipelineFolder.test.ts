/**
 * runJob against real files: an atomic folder sink under a temp dir, a cancelled ("crashed")
 * job resumed, and a disk that fills up part-way.
 */
// The raw module object (not an import-star copy), so a spy reaches writeFileAtomic's calls.
import fsPromises = require('node:fs/promises');
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import { framesStillNeeded, runJob, type FrameSource, type ResumableFrameSink } from '../../../src/engine/render/jobPipeline';
import { writeFileAtomic } from '../../../src/node-io/atomicFile';
import { CancelController } from '../../../src/engine/cancellation';

const WIDTH = 16;
const HEIGHT = 9;
const FRAME_BYTES = WIDTH * HEIGHT * 3;

const source: FrameSource = {
  count: 12,
  frameNumbers: Array.from({ length: 12 }, (_, i) => i + 1),
  read: async (n) => ({ width: WIDTH, height: HEIGHT, channels: 3, bitDepth: 8, data: new Uint8Array(FRAME_BYTES).fill(n) }),
};

const stylize = async (frame: RasterImage): Promise<RasterImage> => {
  await new Promise((resolve) => setTimeout(resolve, 2));
  return { ...frame, data: (frame.data as Uint8Array).map((v) => v + 100) };
};

/** Raw RGB frames, one file each, written atomically; a frame is valid when its file is whole. */
class RawFolderSink implements ResumableFrameSink {
  constructor(readonly dir: string) {}
  fileOf(n: number): string {
    return path.join(this.dir, `frame_${String(n).padStart(6, '0')}.rgb`);
  }
  async hasValid(n: number): Promise<boolean> {
    return stat(this.fileOf(n)).then((s) => s.size === FRAME_BYTES, () => false);
  }
  async write(n: number, image: RasterImage): Promise<void> {
    await writeFileAtomic(this.fileOf(n), image.data as Uint8Array);
  }
}

describe('runJob with an atomic folder sink', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'cs-job-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const frameFiles = async () => (await readdir(dir)).sort();
  const expectStylized = async (sink: RawFolderSink, n: number) => {
    expect(Array.from(await readFile(sink.fileOf(n)))).toEqual(new Array(FRAME_BYTES).fill(n + 100));
  };

  it('resumes a job that was stopped part-way, re-rendering only missing or damaged frames', async () => {
    const sink = new RawFolderSink(dir);
    const controller = new CancelController();
    const firstRun = runJob({ source, sink, stylize, signal: controller.signal, onProgress: (p) => { if (p.done === 5) controller.abort(new CancelledError()); } });
    await expect(firstRun).rejects.toBeInstanceOf(CancelledError);
    const afterStop = await frameFiles();
    expect(afterStop.every((f) => /^frame_\d{6}\.rgb$/.test(f))).toBe(true); // no temp files, no partial names
    for (const f of afterStop) expect((await stat(path.join(dir, f))).size).toBe(FRAME_BYTES);
    expect(afterStop.length).toBeGreaterThanOrEqual(5);
    expect(afterStop.length).toBeLessThan(12);

    // A file damaged outside our control (e.g. copied by another tool and cut short) is not trusted.
    const damaged = Number(afterStop[0].slice(6, 12));
    await writeFile(sink.fileOf(damaged), new Uint8Array(10));

    const needed = await framesStillNeeded(sink, source.frameNumbers!);
    expect(needed.length).toBe(12 - afterStop.length + 1);
    const stylized: number[] = [];
    const result = await runJob({
      source: { count: needed.length, frameNumbers: needed, read: source.read }, sink,
      stylize: async (frame) => { stylized.push(frame.data[0]); return stylize(frame); },
    });
    expect(result.rendered).toBe(needed.length);
    expect(stylized).toContain(damaged);
    expect((await frameFiles()).length).toBe(12);
    for (let n = 1; n <= 12; n++) await expectStylized(sink, n);
  });

  it('fails with DISK_FULL when the disk fills while writing frame 7, keeping earlier frames intact and no temp files', async () => {
    // The file system fills up part-way through frame 7's temp file.
    const realOpen = fsPromises.open;
    const openSpy = jest.spyOn(fsPromises, 'open').mockImplementation(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      if (String(args[0]).includes('frame_000007')) {
        handle.writeFile = async () => {
          await handle.write(new Uint8Array(FRAME_BYTES / 2));
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        };
      }
      return handle;
    });
    const sink = new RawFolderSink(dir);
    try {
      const error = await runJob({ source, sink, stylize, maxInFlight: 1 }).catch((e) => e);
      expect(error).toBeInstanceOf(CoherentStyleError);
      expect(error.code).toBe('DISK_FULL');
      expect(error.message).toMatch(/full.*Free some space/);
    } finally {
      openSpy.mockRestore();
    }
    expect(await frameFiles()).toEqual([1, 2, 3, 4, 5, 6].map((n) => path.basename(sink.fileOf(n))));
    for (let n = 1; n <= 6; n++) await expectStylized(sink, n);
  });
});
