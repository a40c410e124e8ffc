/**
 * The companion's side of the farm (`coherent-style serve --farm <redis url>`): a farm render
 * from the panel becomes the same farm job `farm submit` makes (same checks, same deterministic
 * job key, so an Apply sent twice follows the first job), and its status becomes the panel's
 * progress messages. The style (or each style of a mix) arrives as pixels and travels in the job
 * as a lossless PNG, and so does the style outside a matte.
 */
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import { encodePng } from '../engine/images/imageCodec';
import type { FarmBackend, FarmRenderMatte, FarmRenderProgress, FarmRenderSpec } from '../protocol/endpointBackend';
import type { CancelSignal } from '../engine/cancellation';
import { abortSignalOf } from '../node-io/cancelSignals';
import type { FfmpegBinary } from '../node-io/ffmpeg';
import { FarmQueues } from './farmQueues';
import { watchJob } from './followJob';
import { cancelJob, type FarmJobStatus } from './jobControl';
import type { FarmRedis } from './redisUrl';
import { DEFAULT_CHUNK_FRAMES, prepareFarmJob, submitFarmJob, type FarmRenderRequest } from './submit';
import { settingsOfLook } from '../engine/look/look';
import type { WeightedStyle } from '../engine/look/mix';

export interface FarmForwarderOptions {
  /** The companion's models folder: the workers must have the same models. */
  modelsDir: string;
  findFfmpeg: () => FfmpegBinary;
  log: (line: string) => void;
}

/** What the panel is told about a job still under way. */
export function farmRenderProgress(status: FarmJobStatus, fps: number): FarmRenderProgress | undefined {
  if (status.state !== 'waiting' && status.state !== 'rendering' && status.state !== 'assembling') return undefined;
  const left = status.frames.total - status.frames.done;
  const { total, done, running, failed } = status.chunks;
  return {
    farmJob: status.key, state: status.state, frames: { ...status.frames }, fps,
    etaSeconds: fps > 0 ? left / fps : null,
    chunks: { total, done, running, failed },
  };
}

/** The look's style pixels as the PNG files a farm job carries. */
function styleParts(styles: readonly WeightedStyle[]): Array<{ name: string; bytes: Uint8Array; weight: number }> {
  if (styles.length === 1) return [{ name: 'The style image', bytes: encodePng(styles[0].image), weight: styles[0].weight }];
  return styles.map(({ image, weight }, i) => ({ name: `Style image ${i + 1} of the mix`, bytes: encodePng(image), weight }));
}

/** The render's matte as `farm submit --matte` gives it, its outside style as the PNG the job carries. */
function matteOf({ path: file, inverted, outsideStyle }: FarmRenderMatte): NonNullable<FarmRenderRequest['matte']> {
  return { file, inverted, ...(outsideStyle ? { outsideStyle: { name: 'The style outside the matte', bytes: encodePng(outsideStyle) } } : {}) };
}

/**
 * Whether `file` is an absolute path for a machine of `platform`: C:\… or \\server\… on Windows, /…
 * elsewhere. The panel may run on another system than the companion; a path is judged by the
 * machine that opens it, never resolved against the companion's working folder.
 */
export function isAbsoluteOn(platform: NodeJS.Platform, file: string): boolean {
  return platform === 'win32' ? /^([A-Za-z]:[\\/]|\\\\[^\\])/.test(file) : path.posix.isAbsolute(file);
}

function checkAbsoluteHere(what: string, file: string): void {
  if (isAbsoluteOn(process.platform, file)) return;
  const example = process.platform === 'win32' ? 'D:\\Renders\\clip.mp4 or \\\\server\\share\\clip.mp4' : '/mnt/renders/clip.mp4';
  throw new CoherentStyleError('INVALID_ARGUMENT',
    `The farm render's ${what} ${file} is not an absolute path on the companion's machine (${process.platform}); give a path such as ${example}, on storage every farm machine sees at the same path.`);
}

export class FarmForwarder implements FarmBackend {
  private constructor(private readonly queues: FarmQueues, private readonly options: FarmForwarderOptions) {}

  /** Fails fast (FARM_UNREACHABLE, the URL without its password) when the farm's Redis does not answer. */
  static async open(redis: FarmRedis, options: FarmForwarderOptions): Promise<FarmForwarder> {
    return new FarmForwarder(await FarmQueues.open(redis), options);
  }

  async submit(spec: FarmRenderSpec, signal: CancelSignal): Promise<string> {
    checkAbsoluteHere('input', spec.input);
    checkAbsoluteHere('output', spec.output);
    if (spec.matte) checkAbsoluteHere('matte', spec.matte.path);
    const job = await prepareFarmJob({
      input: spec.input, out: spec.output, styles: styleParts(spec.look.styles),
      look: settingsOfLook(spec.look), chunkFrames: DEFAULT_CHUNK_FRAMES, modelsDir: this.options.modelsDir,
      ...(spec.keyframes ? { keyframes: spec.keyframes } : {}),
      ...(spec.matte ? { matte: matteOf(spec.matte) } : {}),
    }, this.options.findFfmpeg, abortSignalOf(signal));
    const outcome = await submitFarmJob(this.queues, job);
    this.options.log(`farm render ${outcome}: job ${job.key}, ${job.frameCount} frames in ${job.chunkCount} chunks → ${spec.output}`);
    return job.key;
  }

  async follow(farmJob: string, onProgress: (progress: FarmRenderProgress) => void, signal: CancelSignal): Promise<void> {
    await watchJob(this.queues, farmJob, (status, fps) => {
      const progress = farmRenderProgress(status, fps);
      if (progress) onProgress(progress);
    }, { log: this.options.log, signal: abortSignalOf(signal) });
  }

  async cancel(farmJob: string): Promise<void> {
    await cancelJob(this.queues, farmJob);
  }

  close(): Promise<void> {
    return this.queues.close();
  }
}
