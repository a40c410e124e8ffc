/**
 * The render job: the one setStyle → stylize per frame → endJob sequence, resume with the
 * stabilizer's warm-up, one RenderProgress. The service logs what it is asked, in order.
 */
import { CancelController } from '../../../src/engine/cancellation';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import type { FrameSettings, StyleSettings, StylizeService } from '../../../src/engine/inference/stylizeService';
import { lookOf, type Look } from '../../../src/engine/look/look';
import { normaliseStyleSource, type StyleSource } from '../../../src/engine/look/mix';
import { renderStill, runRenderJob, type RenderJobOptions, type RenderSink } from '../../../src/engine/render/renderJob';
import type { RenderProgress } from '../../../src/engine/render/renderProgress';
import { warmUpFrames } from '../../../src/engine/temporal/stabilizer';

const frameOf = (n: number): RasterImage => ({ width: 2, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(6).fill(n) });
const STYLE = frameOf(200);
const OUTSIDE = frameOf(100);
/** Full strength, not steadied (a test that steadies says so). */
const LOOK: Look = lookOf({ mode: 'artistic', strength: 1, temporal: 'off', style: STYLE });

/** Adds the job's style sample to every frame sample, and logs every call. */
class LoggingService implements StylizeService {
  readonly provider = 'cpu';
  readonly providerLabel = 'CPU · test';
  readonly log: string[] = [];
  readonly frameSettings: FrameSettings[] = [];
  private readonly styles = new Map<string, number>();
  constructor(private readonly failures: {
    setStyle?: unknown; beforeSetStyle?: Promise<void>; stylizeFrameIndex?: number; onStylize?: (frameIndex: number) => void;
  } = {}) {}

  async setStyle(jobId: string, style: StyleSource, settings: StyleSettings): Promise<void> {
    await this.failures.beforeSetStyle;
    this.log.push(`setStyle ${jobId} ${settings.mode}`);
    if (this.failures.setStyle) throw this.failures.setStyle;
    this.styles.set(jobId, normaliseStyleSource(style)[0].image.data[0]);
  }

  async stylize(jobId: string, frame: RasterImage, settings: FrameSettings): Promise<RasterImage> {
    this.log.push(`stylize ${jobId} ${settings.frameIndex}`);
    this.frameSettings.push(settings);
    this.failures.onStylize?.(settings.frameIndex ?? -1);
    if (settings.frameIndex === this.failures.stylizeFrameIndex) throw new Error('device lost');
    const offset = this.styles.get(jobId);
    if (offset === undefined) throw new Error(`no style for ${jobId}`);
    return { ...frame, data: (frame.data as Uint8Array).map((v) => (v + offset) & 255) };
  }

  async endJob(jobId: string): Promise<void> {
    this.log.push(`endJob ${jobId}`);
    this.styles.delete(jobId);
  }

  async dispose(): Promise<void> {}
}

/** A sink that keeps what it is given (resumable: it knows what it holds) and logs finish/abort. */
class MemorySink implements RenderSink {
  readonly written = new Map<number, number>();
  readonly log: string[] = [];
  async write(n: number, image: RasterImage): Promise<void> {
    this.written.set(n, image.data[0]);
  }
  async hasValid(n: number): Promise<boolean> {
    return this.written.has(n);
  }
  async finish(): Promise<void> {
    this.log.push('finish');
  }
  async abort(): Promise<void> {
    this.log.push('abort');
  }
}

/** A job over frames numbered 10, 11, … of a clip, reading each frame as its number. */
function jobOf(service: StylizeService, sink: MemorySink, clipLength: number, extra: Partial<RenderJobOptions> = {}) {
  const opened: number[][] = [];
  const closed: string[] = [];
  const options: RenderJobOptions = {
    service,
    jobId: 'job',
    look: LOOK,
    clip: Array.from({ length: clipLength }, (_, i) => 10 + i),
    sink,
    open: (read) => {
      opened.push([...read]);
      return { source: { count: read.length, frameNumbers: read, read: async (n) => frameOf(n) }, close: async () => { closed.push('closed'); } };
    },
    ...extra,
  };
  return { options, opened, closed };
}

test('sets the style, stylizes every frame in clip order with its clip index, writes it, then ends the job', async () => {
  const service = new LoggingService();
  const sink = new MemorySink();
  const { options, closed } = jobOf(service, sink, 3);
  const result = await runRenderJob(options);
  expect(service.log).toEqual(['setStyle job artistic', 'stylize job 0', 'stylize job 1', 'stylize job 2', 'endJob job']);
  expect([...sink.written]).toEqual([[10, 210], [11, 211], [12, 212]]);
  expect(sink.log).toEqual(['finish']);
  expect(closed).toEqual(['closed']);
  expect(result).toMatchObject({ total: 3, rendered: 3, alreadyRendered: 0 });
});

test('ends the job after a frame fails, aborts the sink, and reports the frame', async () => {
  const service = new LoggingService({ stylizeFrameIndex: 1 });
  const sink = new MemorySink();
  const { options, closed } = jobOf(service, sink, 4);
  await expect(runRenderJob(options)).rejects.toMatchObject({ code: 'INFERENCE_FAILED', message: 'Could not stylize frame 11: device lost' });
  expect(service.log[service.log.length - 1]).toBe('endJob job');
  expect(service.log).not.toContain('stylize job 2');
  expect(sink.log).toEqual(['abort']);
  expect(closed).toEqual(['closed']);
});

test('ends the job after a cancel, and throws CancelledError', async () => {
  const cancel = new CancelController();
  const service = new LoggingService({ onStylize: (i) => { if (i === 1) cancel.abort(new CancelledError()); } });
  const sink = new MemorySink();
  const { options } = jobOf(service, sink, 5, { signal: cancel.signal });
  await expect(runRenderJob(options)).rejects.toBeInstanceOf(CancelledError);
  expect(service.log[service.log.length - 1]).toBe('endJob job');
  expect(sink.written.has(12)).toBe(false);
  expect(sink.log).toEqual(['abort']);
});

test('a style that cannot be set is the error, untouched, and no frame is stylized', async () => {
  const refusal = new Error('the style encoder ran out of memory');
  const service = new LoggingService({ setStyle: refusal });
  const sink = new MemorySink();
  const { options } = jobOf(service, sink, 3);
  await expect(runRenderJob(options)).rejects.toBe(refusal);
  expect(service.log).toEqual(['setStyle job artistic', 'endJob job']);
  expect(sink.written.size).toBe(0);
});

test('the style is set while the first frames are read (the job would never end otherwise)', async () => {
  let styleSet!: () => void;
  const service = new LoggingService({ beforeSetStyle: new Promise<void>((resolve) => { styleSet = resolve; }) });
  const reads: number[] = [];
  const { options } = jobOf(service, new MemorySink(), 3, {
    open: (read) => ({ source: { count: read.length, frameNumbers: read, read: async (n) => { reads.push(n); if (reads.length === 2) styleSet(); return frameOf(n); } } }),
  });
  await runRenderJob(options);
  expect(reads.slice(0, 2)).toEqual([10, 11]);
  expect(service.log[0]).toBe('setStyle job artistic');
});

test('a resumed render skips what the sink holds, warms the stabilizer up unwritten, and counts skipped frames as done', async () => {
  const depth = warmUpFrames('normal');
  const clipLength = depth + 6;
  const service = new LoggingService();
  const sink = new MemorySink();
  const resumeFrom = depth + 3; // position of the first frame left to render
  for (let p = 0; p < resumeFrom; p++) sink.written.set(10 + p, 0);
  const progress: RenderProgress[] = [];
  const resumed: Array<[number, number]> = [];
  const { options, opened } = jobOf(service, sink, clipLength, {
    look: { ...LOOK, temporal: 'normal' },
    resume: sink,
    onResume: (done, total) => resumed.push([done, total]),
    onProgress: (p) => progress.push(p),
  });
  const result = await runRenderJob(options);
  expect(resumed).toEqual([[resumeFrom, clipLength]]);
  // The frames read: the warm-up before the first needed frame, then the needed ones.
  const warmUp = Array.from({ length: depth }, (_, i) => 10 + resumeFrom - depth + i);
  const needed = Array.from({ length: clipLength - resumeFrom }, (_, i) => 10 + resumeFrom + i);
  expect(opened).toEqual([[...warmUp, ...needed]]);
  expect(service.frameSettings.map((s) => s.frameIndex)).toEqual([...warmUp, ...needed].map((n) => n - 10));
  // Warm-up frames are stylized, not written: the sink keeps what it had.
  for (const n of warmUp) expect(sink.written.get(n)).toBe(0);
  for (const n of needed) expect(sink.written.get(n)).toBe((n + 200) & 255);
  expect(result).toMatchObject({ total: clipLength, rendered: needed.length, alreadyRendered: resumeFrom });
  expect(progress[0]).toMatchObject({ done: resumeFrom, total: clipLength });
  expect(progress[progress.length - 1]).toMatchObject({ done: clipLength, total: clipLength });
  expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
});

test('a render whose frames are all there sets no style and opens nothing', async () => {
  const service = new LoggingService();
  const sink = new MemorySink();
  for (let n = 10; n < 13; n++) sink.written.set(n, 0);
  const progress: RenderProgress[] = [];
  const { options, opened } = jobOf(service, sink, 3, { resume: sink, onProgress: (p) => progress.push(p) });
  expect(await runRenderJob(options)).toMatchObject({ total: 3, rendered: 0, alreadyRendered: 3 });
  expect(service.log).toEqual([]);
  expect(opened).toEqual([]);
  expect(progress).toEqual([{ done: 3, total: 3, fps: 0, etaSeconds: 0 }]);
});

test('only the selected frames of a clip are rendered, at their clip index', async () => {
  const service = new LoggingService();
  const sink = new MemorySink();
  const { options } = jobOf(service, sink, 6, { frames: [13, 14] });
  expect(await runRenderJob(options)).toMatchObject({ total: 2, rendered: 2 });
  expect([...sink.written.keys()]).toEqual([13, 14]);
  expect(service.frameSettings.map((s) => s.frameIndex)).toEqual([3, 4]);
});

test("a matte's outside style is a second job, set after the look's and ended with it", async () => {
  const service = new LoggingService();
  const sink = new MemorySink();
  const coverage = new Float32Array(2).fill(1);
  coverage[1] = 0;
  const { options } = jobOf(service, sink, 1, {
    placement: { region: { coverageAt: async () => coverage, outsideStyle: OUTSIDE } },
  });
  await runRenderJob(options);
  expect(service.log).toEqual(['setStyle job artistic', 'setStyle job-outside artistic', 'stylize job 0', 'stylize job-outside 0', 'endJob job', 'endJob job-outside']);
});

test('a streamed source (a producer, one frame at a time) renders through the same job', async () => {
  const service = new LoggingService();
  const sink = new MemorySink();
  const produced: number[] = [];
  const { options } = jobOf(service, sink, 3, {
    open: (read) => ({
      source: {
        count: read.length,
        frameNumbers: read,
        produce: async (index: number) => { produced.push(index); return read[index]; },
        open: async (n: unknown) => frameOf(n as number),
      },
    }),
  });
  await runRenderJob(options);
  expect(produced).toEqual([0, 1, 2]);
  expect([...sink.written]).toEqual([[10, 210], [11, 211], [12, 212]]);
});

test('renderStill: one frame through its own job', async () => {
  const service = new LoggingService();
  const still = await renderStill(service, 'preview', LOOK, frameOf(5));
  expect(still.data[0]).toBe(205);
  expect(service.log).toEqual(['setStyle preview artistic', 'stylize preview 0', 'endJob preview']);
});

test('a typed style error stays typed', async () => {
  const service = new LoggingService({ setStyle: new CoherentStyleError('UNKNOWN_MODE', 'The mode "x" is not installed.') });
  await expect(renderStill(service, 'preview', { ...LOOK, mode: 'x' }, frameOf(5))).rejects.toMatchObject({ code: 'UNKNOWN_MODE' });
});

test('a resume check that fails aborts the sink and sets no style', async () => {
  const service = new LoggingService();
  const sink = new MemorySink();
  const unreadable = { hasValid: async () => { throw new Error('EACCES'); } };
  const { options, opened } = jobOf(service, sink, 3, { resume: unreadable });
  await expect(runRenderJob(options)).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', message: 'Could not check the output of frame 10: EACCES' });
  expect(sink.log).toEqual(['abort']);
  expect(service.log).toEqual([]);
  expect(opened).toEqual([]);
});
