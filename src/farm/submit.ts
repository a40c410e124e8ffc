/**
 * Turns a render request into one BullMQ flow: a chunk job per range of frames and a parent
 * assembly job that runs when they are all done. The submitter checks what it can first (it can
 * read the input and the style, can write the output, knows the mode), so a bad request fails
 * here with a clear message rather than on every worker. The flow's ids come from the job key:
 * submitting the same render again follows the first one, or resumes it if it had failed.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { FlowJob } from 'bullmq';
import { CoherentStyleError } from '../engine/errors';
import { decodeImage } from '../engine/images/imageCodec';
import { sha256Hex } from '../engine/sha256';
import { resolveFrameSpan, type FrameSpanRequest } from '../node-io/frameSpan';
import type { FfmpegBinary } from '../node-io/ffmpeg';
import { listNumberedFrames } from '../node-io/frameFolder';
import { readKeyframesFile } from '../node-io/keyframesFile';
import { checkVideoFits, chooseOutput, type OutputFormat } from '../node-io/outputFormat';
import { prepareFileOutput, prepareFolderOutput } from '../node-io/outputPreparation';
import { loadRegistry } from '../node-io/fsModelStore';
import { classifyInput, selectFrames } from '../node-io/mediaInputs';
import { checkOutputIsNoInput } from '../node-io/outputGuard';
import { probeVideo } from '../node-io/videoProbe';
import { cancelFlagKey, ASSEMBLY_QUEUE, CHUNK_QUEUE, type FarmQueues } from './farmQueues';
import { chunkJobId, farmJobKey, modelDigest, type JobIdentity } from './jobKey';
import { ASSEMBLY_JOB, CHUNK_JOB, FARM_JOB_VERSION, MAX_STYLE_BYTES, type AssemblyJobData, type ChunkJobData, type FarmMatte, type FarmRender, type FarmOutput, type FarmSource } from './jobSchema';
import { describeMatte } from './farmMatte';
import { lookSettingsOf, type LookSettingsInput } from '../engine/look/look';
import type { LookKeyframes } from '../engine/look/lookKeyframes';
import { MAX_MIXED_STYLES, styleWeightsProblem } from '../engine/look/mix';

/** Frames per chunk by default: long enough that per-chunk costs (seek, style encode, Redis) stay small, short enough to spread a clip over many machines. */
export const DEFAULT_CHUNK_FRAMES = 100;
const CHUNK_ATTEMPTS = 3;
const RETRY_DELAY_MS = 2000;

export interface FarmRenderRequest {
  input: string;
  /**
   * The style images' bytes (they travel inside the job), what to call each in messages, its weight
   * in the mix (one style: 1), and the file it was read from, if any (the output may not be it).
   */
  styles: ReadonlyArray<{ name: string; bytes: Uint8Array; weight: number; file?: string }>;
  out: string;
  /** Video or frame-sequence format; undefined: the default of `out`'s extension. */
  format?: OutputFormat;
  /** The look's settings as the submitter gives them (LOOK_DEFAULTS for the rest); mode undefined: the models' default mode. */
  look: Omit<LookSettingsInput, 'mode'> & { mode?: string };
  /** As typed; resolved once the input's frame rate is known. */
  frames?: FrameSpanRequest;
  /**
   * Strength and mix over time: a keyframes file, read and resolved here, or keyframes already at
   * the input's frame numbers (a panel's farm render). The job carries the keyframes.
   */
  keyframes?: string | LookKeyframes;
  /** Where the look goes: a matte on shared storage, inverted or not, and the style outside it (its bytes travel inside the job). */
  matte?: { file: string; inverted: boolean; outsideStyle?: { name: string; bytes: Uint8Array; file?: string } };
  chunkFrames: number;
  /** The submitter's models folder (the workers must have the same models). */
  modelsDir: string;
}

export interface PreparedFarmJob {
  key: string;
  frameCount: number;
  chunkCount: number;
  flow: FlowJob;
}

/** Consecutive runs of `chunkFrames` frames, as first/last source frame numbers. */
export function planChunks(frames: readonly number[], chunkFrames: number): { first: number; last: number }[] {
  const chunks: { first: number; last: number }[] = [];
  for (let i = 0; i < frames.length; i += chunkFrames) {
    chunks.push({ first: frames[i], last: frames[Math.min(i + chunkFrames, frames.length) - 1] });
  }
  return chunks;
}

/** Each style must be a readable image within the size a job carries; the mix is checked as the stylizer checks it. */
function checkStyles(styles: FarmRenderRequest['styles']): Array<{ bytes: Uint8Array; sha256: string; weight: number }> {
  if (styles.length < 1 || styles.length > MAX_MIXED_STYLES) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `A farm render takes one to ${MAX_MIXED_STYLES} style images, got ${styles.length}.`);
  }
  const problem = styleWeightsProblem(styles.map((s) => s.weight));
  if (problem) throw new CoherentStyleError('INVALID_ARGUMENT', `A farm render's ${problem}.`);
  return styles.map(({ name, bytes, weight }) => ({ ...checkStyleImage(name, bytes), weight }));
}

/** A style image the job can carry: a readable image within MAX_STYLE_BYTES. */
function checkStyleImage(name: string, bytes: Uint8Array): { bytes: Uint8Array; sha256: string } {
  if (bytes.length > MAX_STYLE_BYTES) throw new CoherentStyleError('IMAGE_TOO_LARGE', `${name} is over ${MAX_STYLE_BYTES / 2 ** 20} MiB; use a smaller style image.`);
  try {
    decodeImage(bytes);
  } catch (e) {
    throw new CoherentStyleError((e as CoherentStyleError).code ?? 'INVALID_IMAGE', `${name}: ${(e as Error).message}`, { cause: e });
  }
  return { bytes, sha256: sha256Hex(bytes) };
}

/** The job's matte, with the outside style image it carries; the matte must cover the clip up to the last frame. */
async function matteOf(request: FarmRenderRequest, available: readonly number[], last: number, findFfmpeg: () => FfmpegBinary, signal: AbortSignal) {
  if (!request.matte) return undefined;
  const { file, inverted, outsideStyle } = request.matte;
  const image = outsideStyle && checkStyleImage(outsideStyle.name, outsideStyle.bytes);
  const matte: FarmMatte = { ...await describeMatte(path.resolve(file), inverted, available.indexOf(last), { signal, findFfmpeg }), ...(image ? { outsideStyle: image.sha256 } : {}) };
  return { matte, outsideStyle: image && carriedImage(image) };
}

/** A style image as a job carries it. */
function carriedImage({ bytes, sha256 }: { bytes: Uint8Array; sha256: string }): AssemblyJobData['styles'][number] {
  return { base64: Buffer.from(bytes).toString('base64'), sha256 };
}

async function describeSource(input: string, findFfmpeg: () => FfmpegBinary, signal: AbortSignal): Promise<{ source: FarmSource; frames: number[] }> {
  const kind = await classifyInput(input);
  if (kind === 'image') throw new CoherentStyleError('INVALID_ARGUMENT', 'The farm renders videos and frame folders; stylize a single image with `coherent-style stylize`.');
  if (kind === 'folder') {
    const frames = (await listNumberedFrames(input)).map((f) => f.number);
    return { source: { kind: 'folder', path: input }, frames };
  }
  const video = await probeVideo(findFfmpeg(), input, signal);
  return { source: { kind: 'video', path: input, video }, frames: Array.from({ length: video.frameCount }, (_, i) => i) };
}

/** Resolved keyframes' weights must be one per style, as a keyframes file's are. */
function checkKeyframeWeights(keyframes: LookKeyframes, styleCount: number): LookKeyframes {
  const wrong = keyframes.keyframes.findIndex((k) => k.weights && k.weights.length !== styleCount);
  if (wrong >= 0) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Keyframe ${wrong + 1} of the farm render has ${keyframes.keyframes[wrong].weights?.length} style weights `
      + `but the render has ${styleCount} style image${styleCount === 1 ? '' : 's'}; give one weight per style.`);
  }
  return keyframes;
}

export async function prepareFarmJob(request: FarmRenderRequest, findFfmpeg: () => FfmpegBinary, signal: AbortSignal): Promise<PreparedFarmJob> {
  const input = path.resolve(request.input);
  const out = path.resolve(request.out);
  await checkOutputIsNoInput(out, [
    { path: input, what: 'the input' },
    ...request.styles.flatMap(({ file }) => (file === undefined ? [] : [{ path: file, what: `the style image ${file}` }])),
    ...(typeof request.keyframes === 'string' ? [{ path: request.keyframes, what: 'the keyframes file' }] : []),
    ...(request.matte ? [{ path: request.matte.file, what: 'the matte' }] : []),
    ...(request.matte?.outsideStyle?.file ? [{ path: request.matte.outsideStyle.file, what: `the style image ${request.matte.outsideStyle.file}` }] : []),
  ]);
  const { source, frames: available } = await describeSource(input, findFfmpeg, signal);
  const target = await chooseOutput(out, request.format);
  if (target.kind === 'image' || (source.kind === 'folder' && target.kind === 'video')) {
    throw new CoherentStyleError('INVALID_ARGUMENT', source.kind === 'video'
      ? `A video renders to a video (.mp4/.mov/.mkv/.mxf) or a folder; --out ${request.out} is an image.`
      : `A frame folder renders to a folder; --out ${request.out} is ${target.kind === 'video' ? 'a video' : 'an image'}.`);
  }
  if (source.kind === 'video') checkVideoFits(target, out, source.video);

  const registry = await loadRegistry(request.modelsDir);
  const mode = request.look.mode === undefined ? registry.defaultMode : registry.mode(request.look.mode);
  const styles = checkStyles(request.styles);
  const span = request.frames && resolveFrameSpan(request.frames, source.kind === 'video' ? source.video.frameRate : undefined, request.input);
  const frames = selectFrames(available, span, request.input);
  const range = { first: frames[0], last: frames[frames.length - 1] };
  const keyframes = typeof request.keyframes === 'string'
    ? await readKeyframesFile(request.keyframes, source.kind === 'video' ? source.video.frameRate : undefined, styles.length, request.input, signal)
    : request.keyframes && checkKeyframeWeights(request.keyframes, styles.length);
  const matte = await matteOf(request, available, range.last, findFfmpeg, signal);
  const render: FarmRender = {
    ...lookSettingsOf({ ...request.look, mode: mode.id }),
    modelSha256: modelDigest(mode),
    styles: styles.map((s) => ({ sha256: s.sha256, weight: s.weight })),
    ...(keyframes ? { keyframes } : {}),
    ...(matte ? { matte: matte.matte } : {}),
  };
  const output: FarmOutput = target.kind === 'video' ? { kind: 'video', path: out, format: target.format } : { kind: 'folder', path: out };
  const info = await stat(input);
  const identity: JobIdentity = {
    source: { kind: source.kind, path: input, bytes: info.size, modifiedMs: info.mtimeMs },
    output,
    frames: range,
    chunkFrames: request.chunkFrames,
    render,
  };
  const key = farmJobKey(identity);
  const chunks = planChunks(frames, request.chunkFrames);
  const assembly: AssemblyJobData = {
    version: FARM_JOB_VERSION, key, source, output, frames: range, partial: request.frames !== undefined,
    frameCount: frames.length, chunkCount: chunks.length, render,
    styles: styles.map(carriedImage),
    ...(matte?.outsideStyle ? { outsideStyle: matte.outsideStyle } : {}),
  };
  const flow: FlowJob = {
    name: ASSEMBLY_JOB,
    queueName: ASSEMBLY_QUEUE,
    data: assembly,
    opts: { jobId: key },
    children: chunks.map((frameRange, index): FlowJob => {
      const data: ChunkJobData = { version: FARM_JOB_VERSION, key, index, source, output, frames: frameRange, render };
      return {
        name: CHUNK_JOB,
        queueName: CHUNK_QUEUE,
        data,
        opts: { jobId: chunkJobId(key, index), attempts: CHUNK_ATTEMPTS, backoff: { type: 'fixed', delay: RETRY_DELAY_MS }, failParentOnFailure: true },
      };
    }),
  };
  return { key, frameCount: frames.length, chunkCount: chunks.length, flow };
}

/** The output must be writable, and a video must not exist yet (a completed job's video is found by its key first). */
async function checkOutput(job: PreparedFarmJob): Promise<void> {
  const { output } = job.flow.data as AssemblyJobData;
  if (output.kind === 'folder') {
    await prepareFolderOutput(output.path);
    return;
  }
  if (await stat(output.path).then(() => true, () => false)) {
    throw new CoherentStyleError('OUTPUT_EXISTS', `${output.path} already exists; delete it or choose another --out.`);
  }
  await prepareFileOutput(output.path, false);
}

export type SubmitOutcome = 'submitted' | 'resubmitted' | 'already-running' | 'already-done';

/** Adds the flow unless the same render is already on the farm; a failed earlier run is replaced (its finished frames are kept on disk). */
export async function submitFarmJob(queues: FarmQueues, job: PreparedFarmJob): Promise<SubmitOutcome> {
  const existing = await queues.assembly.getJob(job.key);
  const state = existing ? await existing.getState() : undefined;
  const { output } = job.flow.data as AssemblyJobData;
  // A finished render whose video was deleted since is rendered again (its frames are long gone).
  if (state === 'completed' && (output.kind === 'folder' || await stat(output.path).then(() => true, () => false))) return 'already-done';
  if (existing && state !== 'failed' && state !== 'completed') return 'already-running';
  await checkOutput(job);
  if (existing) {
    await existing.remove({ removeChildren: true }).catch((e: Error) => {
      throw new CoherentStyleError('FARM_JOB_FAILED', `The earlier run of job ${job.key} failed but still has chunks running (${e.message}); wait a moment, or cancel it with \`coherent-style farm cancel ${job.key}\`, then submit again.`, { cause: e });
    });
  }
  // An explicit submit overrides an earlier cancel of the same render.
  await (await queues.chunks.getBackend().client).del(cancelFlagKey(job.key));
  await queues.flows.add(job.flow);
  return existing ? 'resubmitted' : 'submitted';
}
