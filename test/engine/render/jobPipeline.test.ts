import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import { framesStillNeeded, runJob, type FrameSink, type FrameSource, type ResumableFrameSink } from '../../../src/engine/render/jobPipeline';
import type { RenderProgress } from '../../../src/engine/render/renderProgress';
import { CancelController, type CancelSignal } from '../../../src/engine/cancellation';

function abortedSignal(reason: unknown): CancelSignal {
  const controller = new CancelController();
  controller.abort(reason);
  return controller.signal;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 4×3 RGB frame whose every sample is the frame number. */
function frameOf(frameNumber: number): RasterImage {
  return { width: 4, height: 3, channels: 3, bitDepth: 8, data: new Uint8Array(36).fill(frameNumber) };
}

const invert = (frame: RasterImage): RasterImage => ({ ...frame, data: (frame.data as Uint8Array).map((v) => 255 - v) });

/** In-memory source and sink that count how many decoded frames are alive and what runs concurrently. */
class Harness implements FrameSource, ResumableFrameSink {
  readonly written = new Map<number, RasterImage>();
  readonly reads: number[] = [];
  alive = 0;
  maxAlive = 0;
  stylizing = 0;
  maxStylizing = 0;
  pending = 0;
  constructor(readonly count: number, readonly frameNumbers?: number[], private readonly readDelay = (_n: number) => 2) {}

  async read(n: number): Promise<RasterImage> {
    this.pending++;
    await delay(this.readDelay(n));
    this.pending--;
    this.reads.push(n);
    this.alive++;
    this.maxAlive = Math.max(this.maxAlive, this.alive);
    return frameOf(n);
  }

  stylize = async (frame: RasterImage, signal: CancelSignal): Promise<RasterImage> => {
    this.stylizing++;
    this.pending++;
    this.maxStylizing = Math.max(this.maxStylizing, this.stylizing);
    try {
      await delay(3);
      if (signal.aborted) throw new CancelledError();
      return invert(frame);
    } finally {
      this.stylizing--;
      this.pending--;
    }
  };

  async hasValid(n: number): Promise<boolean> {
    return this.written.has(n);
  }

  async write(n: number, image: RasterImage): Promise<void> {
    this.pending++;
    await delay(1);
    this.pending--;
    this.written.set(n, image);
    this.alive--;
  }
}

describe('runJob', () => {
  it('stylizes every frame into the sink with monotonic progress ending at the total', async () => {
    const harness = new Harness(12);
    const progress: RenderProgress[] = [];
    const result = await runJob({ source: harness, sink: harness, stylize: harness.stylize, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ total: 12, rendered: 12 });
    expect([...harness.written.keys()].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(harness.written.get(7)!.data[0]).toBe(255 - 7);
    const done = progress.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress[0]).toMatchObject({ done: 0, total: 12, fps: 0, etaSeconds: null });
    expect(progress[progress.length - 1]).toMatchObject({ done: 12, total: 12, etaSeconds: 0 });
    expect(progress[progress.length - 1].fps).toBeGreaterThan(0);
    expect(progress.slice(1, -1).every((p) => p.etaSeconds !== null && p.etaSeconds > 0)).toBe(true);
  });

  it('uses the source frame numbers', async () => {
    const harness = new Harness(3, [10, 20, 30]);
    await runJob({ source: harness, sink: harness, stylize: harness.stylize });
    expect([...harness.written.keys()].sort((a, b) => a - b)).toEqual([10, 20, 30]);
  });

  it.each([1, 2, 3])('holds at most maxInFlight=%i decoded frames and stylizes one at a time', async (maxInFlight) => {
    // Reads of uneven, fixed length, so stages overlap in a varied but repeatable order.
    const harness = new Harness(15, undefined, (n) => [1, 4, 2, 5, 3][n % 5]);
    await runJob({ source: harness, sink: harness, stylize: harness.stylize, maxInFlight });
    expect(harness.maxAlive).toBe(maxInFlight); // reaches the bound (stages overlap) and never exceeds it
    expect(harness.maxStylizing).toBe(1);
  });

  it('resuming renders only the frames the sink does not hold yet', async () => {
    const harness = new Harness(8);
    for (const n of [0, 1, 2, 5]) harness.written.set(n, frameOf(99));
    const needed = await framesStillNeeded(harness, [...Array(8).keys()]);
    expect(needed).toEqual([3, 4, 6, 7]);
    const result = await runJob({ source: new Harness(needed.length, needed), sink: harness, stylize: harness.stylize });
    expect(result).toMatchObject({ total: 4, rendered: 4 });
    expect(harness.written.get(5)!.data[0]).toBe(99);
    expect(harness.written.get(6)!.data[0]).toBe(255 - 6);
  });

  it('a sink that cannot be checked fails the resume typed, with the frame number', async () => {
    const sink: ResumableFrameSink = { hasValid: async (n) => { if (n === 2) throw new Error('EACCES'); return false; }, write: async () => undefined };
    await expect(framesStillNeeded(sink, [0, 1, 2, 3])).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', message: 'Could not check the output of frame 2: EACCES' });
    await expect(framesStillNeeded(sink, [0], abortedSignal(new CancelledError()))).rejects.toBeInstanceOf(CancelledError);
  });

  it('re-renders every frame it is given, whatever the sink holds', async () => {
    const harness = new Harness(3);
    harness.written.set(1, frameOf(99));
    expect(await runJob({ source: harness, sink: harness, stylize: harness.stylize })).toMatchObject({ rendered: 3 });
    expect(harness.written.get(1)!.data[0]).toBe(255 - 1);
  });

  it('cancellation rejects with CancelledError only after in-flight work has settled, writing nothing more', async () => {
    const harness = new Harness(50);
    const controller = new CancelController();
    const job = runJob({
      source: harness, sink: harness, stylize: harness.stylize, signal: controller.signal,
      onProgress: (p) => { if (p.done === 5) controller.abort(new CancelledError()); },
    });
    const error = await job.catch((e) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(harness.pending).toBe(0);
    const writtenAtRejection = harness.written.size;
    expect(writtenAtRejection).toBeGreaterThanOrEqual(5);
    expect(writtenAtRejection).toBeLessThan(50);
    await delay(30);
    expect(harness.written.size).toBe(writtenAtRejection);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const harness = new Harness(3);
    await expect(runJob({ source: harness, sink: harness, stylize: harness.stylize, signal: abortedSignal(new CancelledError()) }))
      .rejects.toBeInstanceOf(CancelledError);
    expect(harness.reads).toEqual([]);
  });

  it('stops at the first failure and rethrows it typed, with the frame number', async () => {
    const harness = new Harness(30);
    const stylize = async (frame: RasterImage, signal: CancelSignal) => {
      if (frame.data[0] === 4) throw new Error('out of device memory');
      return harness.stylize(frame, signal);
    };
    const error = await runJob({ source: harness, sink: harness, stylize }).catch((e) => e);
    expect(error).toBeInstanceOf(CoherentStyleError);
    expect(error.code).toBe('INFERENCE_FAILED');
    expect(error.message).toBe('Could not stylize frame 4: out of device memory');
    expect(harness.written.size).toBeLessThan(8);
    expect(harness.pending).toBe(0);
  });

  it('keeps a typed error from a stage as it is', async () => {
    const harness = new Harness(5);
    const sink: FrameSink = {
      write: async (n) => { if (n === 2) throw new CoherentStyleError('DISK_FULL', 'The disk is full.'); },
    };
    await expect(runJob({ source: harness, sink, stylize: harness.stylize })).rejects.toMatchObject({ code: 'DISK_FULL', message: 'The disk is full.' });
  });

  it('reports an unreadable frame as INPUT_UNREADABLE', async () => {
    const source: FrameSource = { count: 3, read: async (n) => { if (n === 1) throw new Error('corrupt PNG'); return frameOf(n); } };
    const harness = new Harness(3);
    await expect(runJob({ source, sink: harness, stylize: harness.stylize }))
      .rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: 'Could not read frame 1: corrupt PNG' });
  });

  it('refuses a bad maxInFlight and a source whose frame numbers do not match its count', async () => {
    const harness = new Harness(3);
    await expect(runJob({ source: harness, sink: harness, stylize: harness.stylize, maxInFlight: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(runJob({ source: new Harness(3, [1, 2]), sink: harness, stylize: harness.stylize })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('finishes an empty source at once', async () => {
    const harness = new Harness(0);
    expect(await runJob({ source: harness, sink: harness, stylize: harness.stylize })).toMatchObject({ total: 0, rendered: 0 });
  });
});
