/**
 * Apply's streaming in BENCHMARKS.md: a clip's frames come from a simulated Premiere exporter
 * (a fixed time per frame, PNG bytes out) while the real default model stylizes them through the
 * same runStreamedJob Apply uses (decode the exported PNG, stylize, encode the render PNG).
 * Streaming works when the job takes about as long as the slower side alone.
 */
import type { RasterImage } from '../src/engine/images/image';
import { decodeImage, encodePng } from '../src/engine/images/imageCodec';
import { DEFAULT_AHEAD, runStreamedJob } from '../src/engine/render/streamedJob';
import { OrtNodeRuntime } from '../src/node-io/ortNodeRuntime';
import { syntheticImage } from '../test/support/syntheticImages';
import { median, service, table, type BenchSection } from './benchSupport';
import type { CancelSignal } from '../src/engine/cancellation';

/** What one exportSequenceFrame call is taken to cost (Premiere renders and writes the PNG). */
const EXPORT_MS_PER_FRAME = 150;
const FRAMES = 24;
const GOAL = 1.15;
/** Each clip's stylize phase and streamed job are timed this often, alternately, and the medians kept: the load of a shared machine drifts between two single runs. */
const REPEATS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(2);

interface Clip {
  /** What the table calls it. */
  label: string;
  /** One exported frame as Premiere writes it. */
  png: Uint8Array;
  stylize: (frame: RasterImage, signal: CancelSignal) => Promise<RasterImage>;
}

export const streamingSection: BenchSection = {
  title: 'Apply: exporting and stylizing overlap',
  async run(context) {
    const mode = context.registry.defaultMode;
    const stylizer = service(new OrtNodeRuntime({ providers: ['cpu'] }), context.registry);
    const rows: string[][] = [];
    /** Times the old Apply's two phases and the streamed job for one clip, and adds its row; returns the stylize phase. */
    const measure = async (clip: Clip, exportMsPerFrame: number): Promise<number> => {
      const job = (exportMs: number) => runStreamedJob({
        count: FRAMES,
        produce: async () => {
          if (exportMs > 0) await sleep(exportMs);
          return clip.png;
        },
        open: async (png) => decodeImage(png),
        stylize: clip.stylize,
        sink: { write: async (_n, image) => void encodePng(image) },
      });
      const exportMs = await timed(async () => {
        for (let i = 0; i < FRAMES; i++) await sleep(exportMsPerFrame);
      });
      const phaseTimes: number[] = [];
      const streamedTimes: number[] = [];
      for (let run = 0; run < REPEATS; run++) {
        phaseTimes.push(await timed(() => job(0)));
        streamedTimes.push(await timed(() => job(exportMsPerFrame)));
      }
      const phaseMs = median(phaseTimes);
      const streamedMs = median(streamedTimes);
      const ratio = streamedMs / Math.max(exportMs, phaseMs);
      context.log(`  ${clip.label}, export ${exportMsPerFrame} ms/frame: export ${seconds(exportMs)} s, stylize ${seconds(phaseMs)} s, `
        + `streamed ${seconds(streamedMs)} s → ×${ratio.toFixed(3)}`);
      rows.push([clip.label, String(exportMsPerFrame), seconds(exportMs), seconds(phaseMs), seconds(streamedMs), ratio.toFixed(3),
        `${((exportMs + phaseMs) / streamedMs).toFixed(2)}×`, ratio <= GOAL ? `meets ≤ ${GOAL.toFixed(2)}` : `over ${GOAL.toFixed(2)}`]);
      return phaseMs;
    };
    try {
      // The pipeline alone: a stylizer that only waits, as long as the exporter.
      const tiny = encodePng(syntheticImage(64, 36, { seed: 5 }));
      await measure({ label: `simulated stylizer (${EXPORT_MS_PER_FRAME} ms a frame), 64×36`, png: tiny, stylize: async (frame) => {
        await sleep(EXPORT_MS_PER_FRAME);
        return frame;
      } }, EXPORT_MS_PER_FRAME);
      await stylizer.setStyle('stream', syntheticImage(512, 512, { seed: 11 }), { mode: mode.id });
      const png = encodePng(syntheticImage(640, 360, { seed: 5 }));
      const options = { strength: 1, renderShortSide: 360 };
      await stylizer.stylize('stream', decodeImage(png), options); // warm-up
      const real: Clip = { label: `${mode.id} on CPU, 640×360`, png, stylize: (frame, signal) => stylizer.stylize('stream', frame, options, signal) };
      const stylizeMs = await measure(real, EXPORT_MS_PER_FRAME);
      // The hardest case for overlap: an exporter exactly as slow as the stylizer.
      await measure(real, Math.round(stylizeMs / FRAMES));
    } finally {
      await stylizer.dispose();
    }
    return [
      `One ${FRAMES}-frame clip through Apply's streaming job (\`runStreamedJob\`, ${DEFAULT_AHEAD} exported frames ahead, as in Apply).`,
      'A simulated exporter takes a fixed time a frame and hands over PNG bytes; decoding each export and encoding each render',
      'run in the job, on the one JavaScript thread, as in Apply. "export": every frame exported alone; "stylize": the same',
      'job from frames already exported (the two phases of the old Apply); "streamed": both overlapped, as Apply does now',
      `(stylize and streamed: medians of ${REPEATS} alternate runs).`,
      `Ratio: streamed / max(export, stylize) (goal ≤ ${GOAL.toFixed(2)}); "vs. sequential": (export + stylize) / streamed, the`,
      'speed-up over exporting every frame first. The first row is the pipeline alone (a stylizer that only waits); the',
      `others stylize with the default mode on onnxruntime-node CPU, the last with an exporter as slow as that stylizer (the`,
      'hardest case for overlap). Decoding, encoding and the stylizer share the CPU cores, so on a busy machine the real-model',
      'rows move with the load; the first row does not.',
      '',
      table(['clip', 'export ms / frame', 'export s', 'stylize s', 'streamed s', 'streamed / max(export, stylize)', 'vs. sequential', 'goal'], rows),
    ].join('\n');
  },
};
