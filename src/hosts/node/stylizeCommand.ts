/**
 * `coherent-style stylize`: one image, a video, or a folder of numbered frames through one mode.
 * The output kind follows --out and --format (outputFormat.ts): an image, a video in an editing
 * format, or a PNG folder; an extension it does not write is refused. Inputs are
 * only ever read; every output file is written under a temp name and renamed when complete.
 * A PNG-folder output resumes: frames already there (and decodable at the right size) are skipped.
 */
import { randomUUID } from 'node:crypto';
import { access, constants, mkdir, rmdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CoherentStyleError, throwIfCancelled } from '../../engine/errors';
import type { RasterImage } from '../../engine/images/image';
import { framesStillNeeded, runJob, type FrameSink, type FrameSource, type JobResult, type ResumableFrameSink } from '../../engine/jobs/jobPipeline';
import { withWarmUp } from '../../engine/jobs/warmUp';
import type { ModelEntry } from '../../engine/inference/modelContract';
import { ModelRegistry } from '../../engine/inference/modelRegistry';
import type { StylizeService } from '../../engine/inference/stylizeService';
import {
  collect, styleMixOf, withLookOptions, type StylizeCommand,
} from './cliArgs';
import { resolveFrameSpan, type FrameSpan } from './frameSpan';
import type { CliContext } from './cliProgram';
import { locateFfmpeg, type FfmpegBinary } from './ffmpeg';
import { FrameFolderSink, FrameFolderSource, pngNameLike, videoFrameFileName } from './frameFolder';
import { sweepStaleTempFiles } from './atomicFile';
import { FsModelStore } from './fsModelStore';
import { isImagePath, readImageFile, writeImageFile } from './imageFiles';
import { checkOutputIsNoInput, type NamedInput } from './outputGuard';
import { ALL_MODES, renderModeStrip } from './compareModes';
import { checkVideoFits, chooseOutput, keepsAlpha, type OutputKind, type OutputTarget } from './outputFormat';
import { ProgressReporter, type ProgressOutput } from './progressBar';
import { stylizeHelpText } from './stylizeHelp';
import { VideoEncoder } from './videoEncoder';
import { frameTimeSeconds } from './videoDecoder';
import { VideoFrameSink, VideoFrameSource } from './videoFrames';
import { probeVideo, rationalToString, rationalValue, type VideoInfo } from './videoProbe';
import { cancelSignalOf } from './cancelSignals';

export interface CliEnvironment {
  stdout: ProgressOutput;
  /** One line for the user (status, warnings); goes to stderr so piped stdout stays clean. */
  log(line: string): void;
  signal: AbortSignal;
  /** The models folder used when --models is not given. */
  defaultModelsDir: string;
  createService(registry: ModelRegistry): StylizeService;
  findFfmpeg?: () => FfmpegBinary;
}

export type InputKind = 'image' | 'video' | 'folder';

export async function classifyInput(input: string): Promise<InputKind> {
  let info;
  try {
    info = await stat(input);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoherentStyleError('INPUT_UNREADABLE',
      code === 'ENOENT' ? `${input} does not exist.` : `Cannot read ${input} (${(e as Error).message}).`, { cause: e });
  }
  if (info.isDirectory()) return 'folder';
  // A device (/dev/zero), FIFO or socket would never end or never answer: only regular files are read.
  if (!info.isFile()) {
    throw new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${input} (it is not a regular file, folder or link to one); give an image, a video or a frame folder.`);
  }
  return isImagePath(input) ? 'image' : 'video';
}

const SUPPORTED_PAIRS: Record<InputKind, readonly OutputKind[]> = {
  image: ['image'],
  video: ['video', 'folder'],
  folder: ['folder'],
};

function checkPair(input: InputKind, output: OutputKind, command: StylizeCommand): void {
  if (command.mode === ALL_MODES && (input !== 'image' || output !== 'image')) {
    throw new CoherentStyleError('INVALID_ARGUMENT', '--mode all compares every mode on one image: give an image input and an image --out (e.g. --out modes.png).');
  }
  if (!SUPPORTED_PAIRS[input].includes(output)) {
    const wanted = SUPPORTED_PAIRS[input].map((k) => (k === 'image' ? 'an image (.png/.jpg)' : k === 'video' ? 'a video (.mp4/.mov/.mkv/.mxf)' : 'a folder')).join(' or ');
    throw new CoherentStyleError('INVALID_ARGUMENT', `A${input === 'image' ? 'n' : ''} ${input} input renders to ${wanted}; --out ${command.out} is a${output === 'image' ? 'n' : ''} ${output}.`);
  }
  if (input === 'image' && command.frames) {
    throw new CoherentStyleError('INVALID_ARGUMENT', '--frames applies to videos and frame folders, not to a single image.');
  }
}

/** Every file the command reads: the output may be none of them. */
function inputsOf(command: StylizeCommand, mix: ReturnType<typeof styleMixOf>): NamedInput[] {
  return [{ path: command.input, what: 'the input' }, ...mix.map(({ file }) => ({ path: file, what: `the style image ${file}` }))];
}

/** Fails early (before any rendering) when a single-file output cannot be written. */
export async function prepareFileOutput(out: string, overwrite: boolean): Promise<void> {
  const exists = await stat(out).then((s) => s, () => undefined);
  if (exists?.isDirectory()) throw new CoherentStyleError('OUTPUT_EXISTS', `${out} is a folder; name the output file instead.`);
  if (exists && !overwrite) throw new CoherentStyleError('OUTPUT_EXISTS', `${out} already exists. Add --overwrite to replace it.`);
  await checkWritableFolder(path.dirname(path.resolve(out)));
  await sweepStaleTempFiles(path.dirname(path.resolve(out)), path.basename(out));
}

async function checkWritableFolder(dir: string): Promise<void> {
  const info = await stat(dir).then((s) => s, () => undefined);
  if (!info || !info.isDirectory()) {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `The output folder ${dir} does not exist. Create it or choose another folder.`);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot write to ${dir} (permission denied). Choose a folder you can write to.`, { cause: e });
  }
}

/** Makes sure the frame folder exists and is writable; true when this run created it. */
export async function prepareFolderOutput(out: string): Promise<boolean> {
  const exists = await stat(out).then((s) => s, () => undefined);
  if (exists && !exists.isDirectory()) throw new CoherentStyleError('OUTPUT_EXISTS', `${out} is a file, not a folder for frames.`);
  let created = false;
  if (!exists) {
    await checkWritableFolder(path.dirname(path.resolve(out)));
    created = await mkdir(out).then(() => true, (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw new CoherentStyleError('OUTPUT_UNWRITABLE', `Cannot create ${out} (${e.message}).`, { cause: e });
      return false;
    });
  }
  await checkWritableFolder(path.resolve(out));
  await sweepStaleTempFiles(path.resolve(out));
  return created;
}

export async function loadRegistry(modelsDir: string): Promise<ModelRegistry> {
  return ModelRegistry.load(new FsModelStore(modelsDir));
}

/** The frame numbers a --frames span selects from those available (ascending). */
export function selectFrames(available: readonly number[], span: FrameSpan | undefined, what: string): number[] {
  if (!span) return [...available];
  const selected = available.filter((n) => n >= span.first && (span.last === undefined || n <= span.last));
  if (selected.length === 0) {
    const range = available.length > 0 ? `${available[0]}-${available[available.length - 1]}` : 'none';
    throw new CoherentStyleError('INVALID_ARGUMENT', `--frames ${span.first}-${span.last ?? ''} selects no frame of ${what} (its frames are ${range}).`);
  }
  if (span.last !== undefined && span.last > available[available.length - 1]) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `--frames ${span.first}-${span.last} goes past the last frame of ${what} (${available[available.length - 1]}).`);
  }
  return selected;
}

/** Frames a resumed folder render still needs; the rest are reported as already done. */
async function framesToRender(sink: ResumableFrameSink, frames: readonly number[], env: CliEnvironment): Promise<number[]> {
  const needed = await framesStillNeeded(sink, frames, cancelSignalOf(env.signal));
  const done = frames.length - needed.length;
  if (done > 0) env.log(`Resuming: ${done} of ${frames.length} frames are already rendered in the output folder.`);
  return needed;
}

export interface RenderedJob {
  mode: ModelEntry;
  result: JobResult;
}

interface JobParts {
  source: FrameSource;
  sink: FrameSink;
  /** Source frames stylized only to warm the stabilizer up (jobs/warmUp.ts). */
  warmUp?: ReadonlySet<number>;
  /** A source frame's position in its clip, for the stabilizer. */
  clipIndex(frameNumber: number): number;
  label: string;
  finish?: () => Promise<void>;
  cleanup?: () => Promise<void>;
}

/** Observers the demo uses to pick frames for its side-by-side picture. */
export interface JobTaps {
  onRead?(frameNumber: number, frame: RasterImage): void;
  onWritten?(frameNumber: number, frame: RasterImage): void;
}

function tapped(parts: JobParts, taps: JobTaps | undefined): JobParts {
  if (!taps) return parts;
  const { source, sink } = parts;
  return {
    ...parts,
    source: {
      count: source.count,
      frameNumbers: source.frameNumbers,
      read: async (n, signal) => {
        const frame = await source.read(n, signal);
        taps.onRead?.(n, frame);
        return frame;
      },
    },
    sink: {
      write: async (n, image, signal) => {
        await sink.write(n, image, signal);
        taps.onWritten?.(n, image);
      },
    },
  };
}

async function videoJob(command: StylizeCommand, target: OutputTarget, env: CliEnvironment): Promise<JobParts | undefined> {
  const ffmpeg = (env.findFfmpeg ?? locateFfmpeg)();
  const info = await probeVideo(ffmpeg, command.input, env.signal);
  const all = Array.from({ length: info.frameCount }, (_, i) => i);
  const frames = selectFrames(all, command.frames && resolveFrameSpan(command.frames, info.frameRate, command.input), command.input);
  checkVideoFits(target, command.out, info);
  const alpha = info.hasAlpha && keepsAlpha(target);
  env.log(`${path.basename(command.input)}: ${info.width}×${info.height}${info.hasAlpha ? ' with alpha' : ''}, ${info.frameCount} frames at ${describeRate(info)} fps${info.audioCodecs.length ? `, audio: ${info.audioCodecs.join(', ')}` : ', no audio'}.`);
  if (target.kind !== 'video') {
    const sink = new FrameFolderSink(command.out, videoFrameFileName, { width: info.width, height: info.height });
    const needed = command.overwrite ? frames : await framesToRender(sink, frames, env);
    if (needed.length === 0) return undefined;
    const { frames: read, warmUp } = withWarmUp(all, needed, command.temporal);
    const source = new VideoFrameSource(ffmpeg, command.input, info, read, env.signal, alpha);
    return { source, sink, warmUp, clipIndex: (n) => n, label: 'Rendering', cleanup: () => source.close() };
  }
  const encoder = VideoEncoder.start(ffmpeg, {
    target: command.out,
    format: target.format,
    alpha,
    width: info.width,
    height: info.height,
    frameRate: info.frameRate,
    videoOffsetSeconds: info.videoStartSeconds,
    audio: { file: command.input, codecs: info.audioCodecs, span: command.frames ? audioSpan(info, frames) : undefined },
  });
  const { frames: read, warmUp } = withWarmUp(all, frames, command.temporal);
  const source = new VideoFrameSource(ffmpeg, command.input, info, read, env.signal, alpha);
  const sink = new VideoFrameSink(encoder, frames);
  return {
    source,
    sink,
    warmUp,
    clipIndex: (n) => n,
    label: 'Rendering',
    finish: () => sink.finish(),
    cleanup: async () => {
      await source.close();
      await sink.abort();
    },
  };
}

export function describeRate(info: VideoInfo): string {
  const { num, den } = info.frameRate;
  return den === 1 ? String(num) : `${rationalToString(info.frameRate)} (${(num / den).toFixed(3)})`;
}

/** The audio under a frame range: from the first frame's time for as long as the frames last. */
export function audioSpan(info: VideoInfo, frames: readonly number[]): { startSeconds: number; durationSeconds: number } {
  return {
    startSeconds: frameTimeSeconds(info, frames[0]),
    durationSeconds: frames.length / rationalValue(info.frameRate),
  };
}

async function folderJob(command: StylizeCommand, env: CliEnvironment): Promise<JobParts | undefined> {
  const all = await FrameFolderSource.open(command.input);
  const frames = selectFrames(all.frameNumbers, command.frames && resolveFrameSpan(command.frames, undefined, command.input), command.input);
  const sink = new FrameFolderSink(command.out, (n) => pngNameLike(all.fileName(n)));
  const needed = command.overwrite ? frames : await framesToRender(sink, frames, env);
  if (needed.length === 0) return undefined;
  const { frames: read, warmUp } = withWarmUp(all.frameNumbers, needed, command.temporal);
  const position = new Map(all.frameNumbers.map((n, i) => [n, i]));
  return { source: all.subset(read), sink, warmUp, clipIndex: (n) => position.get(n) ?? 0, label: 'Rendering' };
}

function imageJob(command: StylizeCommand): JobParts {
  return {
    source: { count: 1, read: (_n, signal) => readImageFile(command.input, undefined, signal) },
    sink: { write: (_n, image) => writeImageFile(command.out, image) },
    clipIndex: () => 0,
    label: 'Stylizing',
  };
}

/** Runs one stylize command; resolves when every output file is complete. */
export async function runStylize(command: StylizeCommand, env: CliEnvironment, taps?: JobTaps): Promise<RenderedJob> {
  const mix = styleMixOf(command);
  const inputKind = await classifyInput(command.input);
  const target = await chooseOutput(command.out, command.format);
  const outputKind = target.kind;
  checkPair(inputKind, outputKind, command);
  await checkOutputIsNoInput(command.out, inputsOf(command, mix));
  let createdFolder = false;
  if (outputKind === 'folder') {
    createdFolder = await prepareFolderOutput(command.out);
  } else {
    await prepareFileOutput(command.out, command.overwrite);
  }
  try {
    return await render(command, env, mix, inputKind, target, taps);
  } catch (e) {
    // A folder this run created and left empty is removed; rmdir refuses if any frame is in it.
    if (createdFolder) await rmdir(command.out).catch(() => undefined);
    throw e;
  }
}

async function render(
  command: StylizeCommand, env: CliEnvironment, mix: ReturnType<typeof styleMixOf>, inputKind: InputKind, target: OutputTarget, taps: JobTaps | undefined,
): Promise<RenderedJob> {
  const registry = await loadRegistry(command.models ?? env.defaultModelsDir);
  const mode = command.mode === undefined || command.mode === ALL_MODES ? registry.defaultMode : registry.mode(command.mode);
  const styles = await Promise.all(mix.map(async ({ file, weight }) => ({ image: await readImageFile(file, undefined, env.signal), weight })));
  throwIfCancelled(env.signal);

  const service = env.createService(registry);
  const jobId = randomUUID();
  let job: JobParts | undefined;
  let finished = false;
  try {
    // The style is encoded before any ffmpeg process starts, so a bad style image fails fast.
    const style = styles.length === 1 ? styles[0].image : styles;
    if (command.mode === ALL_MODES) {
      const started = Date.now();
      const strip = await renderModeStrip(command, await readImageFile(command.input, undefined, env.signal), style, registry, service, cancelSignalOf(env.signal));
      await writeImageFile(command.out, strip);
      finished = true;
      return { mode, result: { total: 1, rendered: 1, seconds: (Date.now() - started) / 1000 } };
    }
    await service.setStyle(jobId, style, { mode: mode.id, styleScale: command.styleScale ?? 1 }, cancelSignalOf(env.signal));
    const parts = inputKind === 'image' ? imageJob(command)
      : inputKind === 'folder' ? await folderJob(command, env)
        : await videoJob(command, target, env);
    if (!parts) {
      env.log(`Nothing to do: every selected frame is already in ${command.out}.`);
      finished = true;
      return { mode, result: { total: 0, rendered: 0, seconds: 0 } };
    }
    job = tapped(parts, taps);
    const progress = new ProgressReporter(env.stdout, job.label);
    // A still is never steadied: there is no frame before it to carry over.
    const settings = { strength: command.strength, renderShortSide: command.size, keepColors: command.keepColors, temporal: inputKind === 'image' ? 'off' as const : command.temporal };
    const { clipIndex } = job;
    try {
      const result = await runJob({
        source: job.source,
        sink: job.sink,
        warmUp: job.warmUp,
        stylize: (frame, signal, n) => service.stylize(jobId, frame, { ...settings, frameIndex: clipIndex(n) }, signal),
        signal: cancelSignalOf(env.signal),
        onProgress: (p) => progress.update(p),
      });
      progress.finish();
      await job.finish?.();
      finished = true;
      return { mode, result };
    } finally {
      progress.finish();
    }
  } finally {
    if (!finished) await job?.cleanup?.();
    await service.endJob(jobId).catch(() => undefined);
    await service.dispose();
  }
}

export function registerStylize(program: Command, { env }: CliContext): void {
  withLookOptions(program.command('stylize')
    .description('stylize an image, a video or a folder of numbered frames; inputs are never modified')
    .argument('<input>', 'an image, a video or a folder of numbered frames')
    .requiredOption('--style <image>', 'the style image to apply; repeat (2 to 4 times) to mix styles', collect)
    .requiredOption('--out <path>', 'where to write the result; its extension picks image, video or folder (no extension)')
    .option('--mode <id>', "a mode from `models list` (default: the models' default), or `all` for a labelled contact strip of every mode (images only)"))
    .option('--overwrite', 'replace an existing image or video output', false)
    .option('--models <dir>', 'the models folder')
    .addHelpText('after', () => stylizeHelpText(env.defaultModelsDir))
    .action(async (input: string, options: Omit<StylizeCommand, 'input'>) => {
      const command: StylizeCommand = { input, ...options };
      const { mode, result } = await runStylize(command, env);
      if (result.total > 0) {
        env.log(`Done: ${result.rendered} frame${result.rendered === 1 ? '' : 's'} with ${command.mode === ALL_MODES ? 'every mode' : mode.id} in ${result.seconds.toFixed(1)} s → ${command.out}`);
      }
    });
}
