/** `coherent-style farm submit`: enqueue a render on the farm, print its id, follow it to the end. */
import { parseFrameSpan, parseStyleScale, type FrameSpan } from '../cliArgs';
import { locateFfmpeg } from '../ffmpeg';
import type { CliEnvironment } from '../stylizeCommand';
import { parseCommandArgs, redisUrlOption, usageError, wholeNumber, type ParsedValues } from './farmArgs';
import { FarmQueues } from './farmQueues';
import { followJob } from './followJob';
import { parseRedisUrl } from './redisUrl';
import { DEFAULT_CHUNK_FRAMES, prepareFarmJob, submitFarmJob } from './submit';

export const FARM_SUBMIT_USAGE = `Usage: coherent-style farm submit <video|frame-folder> --style <image> --out <path> --redis <url>
                 [--mode <id>] [--strength 0..1] [--keep-colors] [--style-scale 0.25..4]
                 [--size <short side>] [--frames A-B]
                 [--chunk N (frames per chunk, default ${DEFAULT_CHUNK_FRAMES})] [--models <dir>]
Input and output must be on storage every farm machine sees at the same path. The job id is
printed first; progress follows until the job ends (Ctrl-C stops following, not the job).`;

export interface FarmSubmitOptions {
  input: string;
  style: string;
  out: string;
  redis: string;
  mode?: string;
  strength: number;
  keepColors: boolean;
  styleScale?: number;
  size?: number;
  frames?: FrameSpan;
  chunkFrames: number;
  models?: string;
}

function text(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function parseFarmSubmitArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): FarmSubmitOptions {
  const { values, positionals } = parseCommandArgs(args, {
    style: { type: 'string' }, out: { type: 'string' }, redis: { type: 'string' }, mode: { type: 'string' },
    strength: { type: 'string' }, 'keep-colors': { type: 'boolean' }, 'style-scale': { type: 'string' }, size: { type: 'string' }, frames: { type: 'string' }, chunk: { type: 'string' }, models: { type: 'string' },
  }, FARM_SUBMIT_USAGE);
  if (positionals.length !== 1) throw usageError('`farm submit` takes exactly one input: a video or a folder of numbered frames.', FARM_SUBMIT_USAGE);
  const style = text(values, 'style');
  const out = text(values, 'out');
  if (!style) throw usageError('Missing --style <image>: the style image to apply.', FARM_SUBMIT_USAGE);
  if (!out) throw usageError('Missing --out <path>: where to write the result.', FARM_SUBMIT_USAGE);
  const strengthText = text(values, 'strength');
  const strength = strengthText === undefined ? 1 : Number(strengthText);
  if (strengthText !== undefined && (strengthText.trim() === '' || !Number.isFinite(strength) || strength < 0 || strength > 1)) {
    throw usageError(`--strength must be a number from 0 to 1, got "${strengthText}".`, FARM_SUBMIT_USAGE);
  }
  const framesText = text(values, 'frames');
  const scaleText = text(values, 'style-scale');
  return {
    input: positionals[0],
    style,
    out,
    redis: redisUrlOption(values, FARM_SUBMIT_USAGE, env),
    mode: text(values, 'mode'),
    strength,
    keepColors: values['keep-colors'] === true,
    styleScale: scaleText === undefined ? undefined : parseStyleScale(scaleText),
    size: values.size === undefined ? undefined : wholeNumber(values.size, '--size', 0, 16, 8192, FARM_SUBMIT_USAGE),
    frames: framesText === undefined ? undefined : parseFrameSpan(framesText),
    chunkFrames: wholeNumber(values.chunk, '--chunk', DEFAULT_CHUNK_FRAMES, 1, 100_000, FARM_SUBMIT_USAGE),
    models: text(values, 'models'),
  };
}

export async function runFarmSubmit(options: FarmSubmitOptions, env: CliEnvironment): Promise<void> {
  const redis = parseRedisUrl(options.redis);
  const queues = await FarmQueues.open(redis);
  try {
    const job = await prepareFarmJob({ ...options, modelsDir: options.models ?? env.defaultModelsDir }, env.findFfmpeg ?? locateFfmpeg, env.signal);
    const outcome = await submitFarmJob(queues, job);
    env.stdout.write(`${job.key}\n`);
    const what = `${job.frameCount} frames in ${job.chunkCount} chunk${job.chunkCount === 1 ? '' : 's'} → ${options.out}`;
    switch (outcome) {
      case 'already-done':
        env.log(`Already rendered by the farm (job ${job.key}, ${what}); nothing to do.`);
        return;
      case 'already-running':
        env.log(`This render is already on the farm as job ${job.key}; following it.`);
        break;
      case 'resubmitted':
        env.log(`Resubmitted job ${job.key}: ${what}; frames already rendered are kept and skipped.`);
        break;
      case 'submitted':
        env.log(`Submitted job ${job.key} to ${redis.display}: ${what}.`);
    }
    await followJob(queues, job.key, env);
    env.log(`Done: job ${job.key} → ${options.out}`);
  } finally {
    await queues.close();
  }
}
