/**
 * Apply's streaming in BENCHMARKS.md: a clip's frames come from a simulated Premiere exporter
 * (a fixed time per frame, PNG bytes out) while the real default model stylizes them through the
 * same runStreamedJob Apply uses (decode the exported PNG, stylize, encode the render PNG).
 * Streaming works when the job takes about as long as the slower side alone.
 */
import { encodePng, decodeImage } from '../src/engine/imageCodec';
import { DEFAULT_AHEAD, runStreamedJob } from '../src/engine/streamedJob';
import { OrtNodeRuntime } from '../src/hosts/node/ortNodeRuntime';
import { syntheticImage } from '../test/support/syntheticImages';
import { service, table, type BenchSection } from './benchSupport';

/** What one exportSequenceFrame call is taken to cost (Premiere renders and writes the PNG). */
const EXPORT_MS_PER_FRAME = 150;
const FRAMES = 24;
const GOAL = 1.15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(2);

export const streamingSection: BenchSection = {
  title: 'Apply: exporting and stylizing overlap',
  async run(context) {
    const mode = context.registry.defaultMode;
    const stylizer = service(new OrtNodeRuntime({ providers: ['cpu'] }), context.registry);
    const rows: string[][] = [];
    /** Times the old Apply's two phases and the streamed job for one clip, and adds its row. */
    const measure = async (width: number, height: number, exportMsPerFrame: number, stylizeMs?: number): Promise<number> => {
      const exported = encodePng(syntheticImage(width, height, { seed: 5 }));
      const options = { strength: 1, renderShortSide: Math.min(width, height) };
      const job = (exportMs: number) => runStreamedJob({
        count: FRAMES,
        produce: async () => {
          if (exportMs > 0) await sleep(exportMs);
          return exported;
        },
        open: async (png) => decodeImage(png),
        stylize: (frame, signal) => stylizer.stylize('stream', frame, options, signal),
        sink: { hasValid: async () => false, write: async (_n, image) => void encodePng(image) },
      });
      if (stylizeMs === undefined) {
        await stylizer.stylize('stream', decodeImage(exported), options); // warm-up
        stylizeMs = await timed(() => job(0));
      }
      const exportMs = await timed(async () => {
        for (let i = 0; i < FRAMES; i++) await sleep(exportMsPerFrame);
      });
      const streamedMs = await timed(() => job(exportMsPerFrame));
      const ratio = streamedMs / Math.max(exportMs, stylizeMs);
      context.log(`  ${width}×${height}, export ${exportMsPerFrame} ms/frame: export ${seconds(exportMs)} s, stylize ${seconds(stylizeMs)} s, `
        + `streamed ${seconds(streamedMs)} s → ×${ratio.toFixed(3)}`);
      rows.push([`${width}×${height}`, String(exportMsPerFrame), seconds(exportMs), seconds(stylizeMs), seconds(streamedMs), ratio.toFixed(3),
        `${((exportMs + stylizeMs) / streamedMs).toFixed(2)}×`, ratio <= GOAL ? `meets ≤ ${GOAL.toFixed(2)}` : `over ${GOAL.toFixed(2)}`]);
      return stylizeMs;
    };
    try {
      await stylizer.setStyle('stream', syntheticImage(512, 512, { seed: 11 }), { mode: mode.id });
      const small = await measure(640, 360, EXPORT_MS_PER_FRAME);
      // The hardest case for overlap: an exporter exactly as slow as the stylizer.
      await measure(640, 360, Math.round(small / FRAMES), small);
    } finally {
      await stylizer.dispose();
    }
    return [
      `One ${FRAMES}-frame clip through Apply's streaming job (\`runStreamedJob\`, ${DEFAULT_AHEAD} exported frames ahead, as in Apply). A simulated`,
      'exporter takes a fixed time a frame and hands over PNG bytes; the default mode'
        + ` (${mode.id}) on onnxruntime-node CPU stylizes them; decoding each export and encoding each render run in the job, as in Apply.`,
      '"export": every frame exported alone; "stylize": the same job from frames already exported (the two phases of',
      'the old Apply); "streamed": both overlapped, as Apply does now. Ratio: streamed / max(export, stylize)',
      `(goal ≤ ${GOAL.toFixed(2)}); "vs. sequential": (export + stylize) / streamed, the speed-up over exporting every`,
      'frame first. The last row gives the exporter the stylizer\'s own per-frame time, the hardest case for overlap.',
      '',
      table(['frames', 'export ms / frame', 'export s', 'stylize s', 'streamed s', 'streamed / max(export, stylize)', 'vs. sequential', 'goal'], rows),
    ].join('\n');
  },
};
