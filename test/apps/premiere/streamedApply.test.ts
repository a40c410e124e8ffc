/**
 * Apply streams: each frame is stylized while Premiere exports the next, never more than a few
 * exported frames wait for the stylizer, and cancel or a failure mid-stream stops the exports,
 * restores every mute state and removes the files. Checked through the order of export and stylize
 * calls (the fake exporter and the stylizer are held on promises), not through timing.
 */
import * as path from 'node:path';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import { DEFAULT_AHEAD as EXPORT_AHEAD } from '../../../src/engine/render/streamedJob';
import { applyToSelection } from '../../../src/apps/premiere/applyStyle';
import { lookOf } from '../../../src/engine/look/look';
import { RENDERS_FOLDER_NAME } from '../../../src/engine/render/jobFolderNames';
import { Exporter, type FakeSequence } from '../../fakes/premierepro';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';
import { filesUnder, freshWorkspace, lend, type Workspace } from './harness';
import { CancelController } from '../../../src/engine/cancellation';

// Unsteadied, as Apply rendered before steadiness: each frame as the stylizer makes it alone.
const SETTINGS = lookOf({ style: syntheticImage(48, 48, { seed: 3 }), mode: 'artistic', strength: 1, renderShortSide: 36, temporal: 'off' });
/** Frames the job pipeline itself holds (runJob's default maxInFlight). */
const JOB_IN_FLIGHT = 2;
/** A bound for waits that only an export-everything-first Apply would exhaust (it never stylizes early). */
const NEVER_MS = 5000;

let service: StylizeService;
let ws: Workspace;
let seq: FakeSequence;
let exportSpy: jest.SpyInstance;
const realExport = Exporter.exportSequenceFrame.bind(Exporter);

beforeAll(async () => {
  service = await fixtureStylizer();
});
afterAll(() => service.dispose());
beforeEach(() => {
  ws = freshWorkspace();
  seq = ws.project.addSequence({ fps: 24, width: 1920, height: 1080, videoTracks: 3 });
});
afterEach(() => {
  exportSpy?.mockRestore();
  ws.cleanup();
});

const rendersRoot = () => path.join(path.dirname(ws.project.path), RENDERS_FOLDER_NAME);
const frameIndexOf = (fileName: string) => Number(/source_(\d+)/.exec(fileName)?.[1]);

/** Export and stylize calls in the order they happen; `hold` may delay an export's completion. */
function observe(hold: (frame: number) => Promise<void> = async () => undefined) {
  const events: string[] = [];
  let stylized = 0;
  const stylizeWaiters: { count: number; resolve: () => void }[] = [];
  exportSpy = jest.spyOn(Exporter, 'exportSequenceFrame').mockImplementation(async (sequence, time, fileName, folder, width, height) => {
    const frame = frameIndexOf(fileName);
    events.push(`export ${frame} starts`);
    await hold(frame);
    const ok = await realExport(sequence, time, fileName, folder, width, height);
    events.push(`export ${frame} done`);
    return ok;
  });
  const observed = lend(service, () => {
    events.push(`stylize ${stylized}`);
    stylized++;
    for (const w of stylizeWaiters.filter((w) => stylized >= w.count)) w.resolve();
  });
  /** Resolves once `count` frames have entered the stylizer; rejects after NEVER_MS. */
  const stylizeStarted = (count: number) => new Promise<void>((resolve, reject) => {
    if (stylized >= count) return resolve();
    const timer = setTimeout(() => reject(new Error(`frame ${count - 1} was never stylized while the next frame exported`)), NEVER_MS);
    stylizeWaiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
  });
  return { events, service: observed, stylizeStarted, stylizedCount: () => stylized };
}

test('frame i is stylized while frame i+1 is still exporting', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  // Frame 1's export completes only once frame 0 is in the stylizer.
  const run = observe((frame) => (frame === 1 ? run.stylizeStarted(1) : Promise.resolve()));
  const [result] = await applyToSelection(run.service, { look: SETTINGS });
  expect(result.frameCount).toBe(6);
  expect(run.events.indexOf('stylize 0')).toBeGreaterThan(run.events.indexOf('export 1 starts'));
  expect(run.events.indexOf('stylize 0')).toBeLessThan(run.events.indexOf('export 1 done'));
  expect(filesUnder(result.folder).filter((f) => f.endsWith('.png'))).toHaveLength(6);
});

test(`at most ${EXPORT_AHEAD} exported frames wait for the stylizer beyond those the job holds`, async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.5, selected: true });
  const bound = EXPORT_AHEAD + JOB_IN_FLIGHT;
  const waiting: number[] = [];
  // The stylizer lags as far as the bound lets it: frame i is stylized only once the bound is reached.
  const run = observe(async (frame) => {
    waiting.push(frame + 1 - run.stylizedCount());
  });
  const lagging: StylizeService = {
    ...run.service,
    providerLabel: run.service.providerLabel,
    stylize: async (jobId, frame, options, signal) => {
      const index = run.stylizedCount();
      const exportedEnough = new Promise<void>((resolve) => {
        const check = () => (exportSpy.mock.calls.length >= Math.min(12, index + bound) ? resolve() : setImmediate(check));
        check();
      });
      await exportedEnough;
      return run.service.stylize(jobId, frame, options, signal);
    },
  };
  const [result] = await applyToSelection(lagging, { look: SETTINGS });
  expect(result.frameCount).toBe(12);
  expect(Math.max(...waiting)).toBe(bound);
});

test('the first frames export while the carrier is still setting the style up', async () => {
  seq.addClip({ name: 'Shot', track: 0, startSeconds: 0, durationSeconds: 0.25, selected: true });
  const run = observe();
  const exported = (count: number) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${count} frames were never exported while the style was being set`)), NEVER_MS);
    const check = () => (exportSpy.mock.calls.length >= count ? (clearTimeout(timer), resolve()) : setImmediate(check));
    check();
  });
  const slowSetup: StylizeService = {
    ...run.service,
    providerLabel: run.service.providerLabel,
    setStyle: async (...args) => {
      await exported(2);
      run.events.push('style set');
      return run.service.setStyle(...args);
    },
  };
  const [result] = await applyToSelection(slowSetup, { look: SETTINGS });
  expect(result.frameCount).toBe(6);
  expect(run.events.indexOf('style set')).toBeGreaterThan(run.events.indexOf('export 1 starts'));
  expect(run.events.indexOf('stylize 0')).toBeGreaterThan(run.events.indexOf('style set'));
});

describe('cancel or failure mid-stream stops exporting, restores every mute state and removes the files', () => {
  async function expectStoppedEarly(apply: () => Promise<unknown>, expected: unknown) {
    const before = JSON.stringify(ws.project.snapshot());
    await expect(apply()).rejects.toEqual(expected);
    expect(exportSpy.mock.calls.length).toBeLessThan(24);
    expect(seq.videoTracks.map((t) => t.muteCalls)).toEqual([[], [true, false], [true, false]]);
    expect(JSON.stringify(ws.project.snapshot())).toBe(before);
    expect(filesUnder(rendersRoot())).toEqual([]);
  }

  beforeEach(() => {
    seq.addClip({ name: 'Shot', track: 0, startSeconds: 1, durationSeconds: 1, selected: true });
    seq.addClip({ name: 'Title', track: 1, startSeconds: 0, durationSeconds: 3 });
    seq.addClip({ name: 'Logo', track: 2, startSeconds: 0, durationSeconds: 3 });
  });

  test('cancel while frame 1 is stylized', async () => {
    const controller = new CancelController();
    const run = observe();
    const cancelling = lend(run.service, () => { if (run.stylizedCount() === 1) controller.abort(); });
    await expectStoppedEarly(() => applyToSelection(cancelling, { look: SETTINGS }, { signal: controller.signal }), expect.any(CancelledError));
    // Exports stopped at the bound instead of running through all 24 frames.
    expect(exportSpy.mock.calls.length).toBeLessThanOrEqual(2 + EXPORT_AHEAD + JOB_IN_FLIGHT);
  });

  test('a stylize failure on frame 2', async () => {
    const run = observe();
    const failing: StylizeService = {
      ...run.service,
      providerLabel: run.service.providerLabel,
      stylize: (...args) => (run.stylizedCount() === 2
        ? Promise.reject(new CoherentStyleError('INFERENCE_FAILED', 'The GPU went away.'))
        : run.service.stylize(...args)),
    };
    await expectStoppedEarly(() => applyToSelection(failing, { look: SETTINGS }), expect.objectContaining({ message: 'The GPU went away.' }));
  });

  test('a style the carrier refuses', async () => {
    const run = observe();
    const refusing: StylizeService = {
      ...run.service,
      providerLabel: run.service.providerLabel,
      setStyle: () => Promise.reject(new CoherentStyleError('UNKNOWN_MODE', 'The mode "artistic" is not installed.')),
    };
    await expectStoppedEarly(() => applyToSelection(refusing, { look: SETTINGS }), expect.objectContaining({ code: 'UNKNOWN_MODE' }));
    expect(run.stylizedCount()).toBe(0);
  });

  test('an export failure on frame 3', async () => {
    const run = observe();
    exportSpy.mockImplementation(async (sequence, time, fileName, folder, width, height) =>
      (frameIndexOf(fileName) === 3 ? false : realExport(sequence, time, fileName, folder, width, height)));
    await expectStoppedEarly(() => applyToSelection(run.service, { look: SETTINGS }),
      expect.objectContaining({ code: 'HOST', message: expect.stringMatching(/1\.125 s/) }));
  });
});
