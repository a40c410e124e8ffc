/**
 * runStreamedJob with every producer and stylizer call held on a promise the test settles itself:
 * what runs while what is pending is checked after the event loop has drained, never by timing.
 */
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import { runStreamedJob, type StreamedJobOptions } from '../../../src/engine/render/streamedJob';
import { CancelController } from '../../../src/engine/cancellation';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every promise chain that can advance do so (the job does no I/O, so this is deterministic). */
const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

const frameOf = (n: number): RasterImage => ({ width: 2, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(6).fill(n) });

/** A job whose producer and stylizer calls wait until the test settles them, logging what happens. */
class HeldJob {
  readonly log: string[] = [];
  readonly produced: Deferred<number>[] = [];
  readonly stylized: Deferred<RasterImage>[] = [];
  readonly written: number[] = [];
  readonly result: Promise<unknown>;

  constructor(count: number, options: Partial<StreamedJobOptions<number>> = {}) {
    this.result = runStreamedJob<number>({
      count,
      ahead: 2,
      during: async (production) => {
        this.log.push('production starts');
        try {
          await production();
        } finally {
          this.log.push('production released');
        }
      },
      produce: (n) => {
        this.log.push(`produce ${n}`);
        const d = deferred<number>();
        this.produced.push(d);
        return d.promise;
      },
      open: async (item) => frameOf(item),
      stylize: (frame, signal) => {
        this.log.push(`stylize ${frame.data[0]}`);
        const d = deferred<RasterImage>();
        this.stylized.push(d);
        signal.onAbort(() => d.reject(new CancelledError())); // as every StylizeService does
        return d.promise;
      },
      sink: { write: async (n) => { this.written.push(n); } },
      ...options,
    });
    this.result.catch(() => undefined);
  }

  /** Settles producer call n with its frame number and lets the job advance. */
  async produce(n: number): Promise<void> {
    this.produced[n].resolve(n);
    await drain();
  }

  async stylize(n: number): Promise<void> {
    this.stylized[n].resolve(frameOf(100 + n));
    await drain();
  }
}

test('frame i is stylized while frame i+1 is being produced', async () => {
  const job = new HeldJob(3);
  await drain();
  expect(job.log).toEqual(['production starts', 'produce 0']);
  await job.produce(0);
  // Frame 1's production is pending (not settled) and frame 0 is already in the stylizer.
  expect(job.log).toEqual(['production starts', 'produce 0', 'produce 1', 'stylize 0']);
  await job.produce(1);
  await job.stylize(0);
  expect(job.log.slice(4)).toEqual(['produce 2', 'stylize 1']);
  await job.produce(2);
  await job.stylize(1);
  await job.stylize(2);
  await expect(job.result).resolves.toMatchObject({ total: 3, rendered: 3 });
  expect(job.written).toEqual([0, 1, 2]);
  expect(job.log[job.log.length - 1]).toBe('stylize 2');
  expect(job.log).toContain('production released');
});

test.each([[1, 1], [2, 2], [3, 1]])('a stalled stylizer stops the producer at ahead (%i) + frames in the job (%i)', async (ahead, maxInFlight) => {
  const job = new HeldJob(20, { ahead, maxInFlight });
  await drain();
  for (let n = 0; n < 20 && job.produced[n]; n++) await job.produce(n);
  // Frame 0 is held in the stylizer: the job holds maxInFlight frames, the handoff `ahead` more.
  expect(job.produced).toHaveLength(ahead + maxInFlight);
  await drain();
  expect(job.produced).toHaveLength(ahead + maxInFlight);
  // One frame through the stylizer makes room for exactly one more.
  await job.stylize(0);
  expect(job.produced).toHaveLength(ahead + maxInFlight + 1);
});

test('cancel mid-stream stops production, releases it, and only then rejects', async () => {
  const controller = new CancelController();
  const job = new HeldJob(10, { signal: controller.signal });
  await drain();
  await job.produce(0);
  await job.produce(1);
  const producedBefore = job.produced.length;
  let settled = false;
  void job.result.finally(() => { settled = true; }).catch(() => undefined);
  controller.abort();
  await drain();
  // The export in flight must finish before the job may settle (its file and the muted tracks are still in use).
  expect(settled).toBe(false);
  await job.produce(producedBefore - 1);
  await expect(job.result).rejects.toBeInstanceOf(CancelledError);
  expect(job.produced).toHaveLength(producedBefore);
  expect(job.log[job.log.length - 1]).toBe('production released');
  expect(job.written).toEqual([]);
});

test('a failed stylize stops the producer and the error is the job\'s', async () => {
  const job = new HeldJob(10);
  await drain();
  await job.produce(0);
  await job.produce(1);
  job.stylized[0].reject(new CoherentStyleError('INFERENCE_FAILED', 'The GPU went away.'));
  await drain();
  const produced = job.produced.length;
  for (let n = 0; n < produced; n++) job.produced[n].resolve(n);
  await expect(job.result).rejects.toThrow('The GPU went away.');
  expect(job.produced).toHaveLength(produced);
  expect(job.log[job.log.length - 1]).toBe('production released');
});

test('a failed production is the job\'s error and nothing later is stylized', async () => {
  const job = new HeldJob(10);
  await drain();
  await job.produce(0);
  job.produced[1].reject(new CoherentStyleError('HOST', 'Premiere Pro could not export the frame at 0.042 s.'));
  await drain();
  await job.stylize(0);
  await expect(job.result).rejects.toThrow('could not export the frame at 0.042 s');
  expect(job.log.filter((l) => l.startsWith('stylize'))).toEqual(['stylize 0']);
  expect(job.produced).toHaveLength(2);
});

test('a production that cannot release what it holds fails the job even when every frame is done', async () => {
  const job = new HeldJob(1, {
    during: async (production) => {
      await production();
      throw new CoherentStyleError('HOST', 'Could not unmute V2.');
    },
  });
  await drain();
  await job.produce(0);
  await job.stylize(0);
  await expect(job.result).rejects.toThrow('Could not unmute V2.');
});

test('ahead must be a positive whole number', async () => {
  await expect(runStreamedJob({
    count: 1, ahead: 0, produce: async () => 0, open: async () => frameOf(0), stylize: async (f) => f,
    sink: { write: async () => undefined },
  })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
});
