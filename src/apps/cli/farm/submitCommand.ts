/**
 * `coherent-style farm submit`: enqueue a render on the farm and print its id, the only line on
 * stdout (`JOB=$(coherent-style farm submit …)`). It then follows the job to the end, with progress
 * on stderr, when asked (--follow) or when run on a terminal; a script gets the id and its prompt back.
 */
import type { Command } from 'commander';
import { checkMatteFlags, collect, lookInputOf, requireOptions, styleMixOf, wholeNumber, withLookOptions, type MatteFlags } from '../cliArgs';
import type { CliContext } from '../cliContext';
import { locateFfmpeg } from '../../../node-io/ffmpeg';
import type { FrameSpanRequest } from '../../../node-io/frameSpan';
import type { OutputFormat } from '../../../node-io/outputFormat';
import type { ProgressOutput } from '../../../node-io/progressBar';
import { readUserFile } from '../../../node-io/userFileReader';
import type { CliEnvironment } from '../cliContext';
import { FarmQueues } from '../../../farm/farmQueues';
import { followJob } from '../../../farm/followJob';
import { MISSING_REDIS, parseRedisUrl, redisOption } from '../../../farm/redisUrl';
import { MAX_CHUNK_FRAMES, MAX_STYLE_BYTES } from '../../../farm/jobSchema';
import { DEFAULT_CHUNK_FRAMES, prepareFarmJob, submitFarmJob } from '../../../farm/submit';
import type { TemporalLevel } from '../../../engine/temporal/stabilizer';

export interface FarmSubmitOptions extends MatteFlags {
  input: string;
  /** One style image, or two to four to mix (as `stylize` takes them). */
  style: string | readonly string[];
  /** Mix weights, one per style; undefined: equal weights. */
  weights?: readonly number[];
  out: string;
  /** Video or frame-sequence format; undefined: the default of --out's extension. */
  format?: OutputFormat;
  redis: string;
  mode?: string;
  strength: number;
  keepColors: boolean;
  styleScale?: number;
  temporal: TemporalLevel;
  size?: number;
  frames?: FrameSpanRequest;
  /** A keyframes file: strength and style mix over time. */
  keyframes?: string;
  /** Frames per chunk. */
  chunk: number;
  models?: string;
  /** Wait for the job and show its progress; undefined: when stdout is a terminal. */
  follow?: boolean;
}

/** Where a followed job's progress goes: never stdout, which carries the job id alone. */
export interface SubmitOutput {
  /** stdout is a terminal (a person is watching), so following is the default. */
  interactive: boolean;
  progress: ProgressOutput;
}

export function registerFarmSubmit(farm: Command, { env, io }: CliContext): void {
  withLookOptions(farm.command('submit')
    .description('enqueue a render on the farm, print its job id and follow it to the end')
    .argument('<input>', 'a video or a folder of numbered frames, on shared storage')
    .option('--style <image>', 'the style image to apply (it travels inside the job); repeat (2 to 4 times) to mix styles', collect)
    .option('--out <path>', 'where to write the result (a video or a folder), on shared storage')
    .addOption(redisOption())
    .option('--mode <id>', "a mode from `models list` (default: the models' default)"))
    .option('--chunk <n>', 'frames per chunk', wholeNumber('--chunk', 1, MAX_CHUNK_FRAMES), DEFAULT_CHUNK_FRAMES)
    .option('--models <dir>', 'the models folder (the workers must have the same models)')
    .option('--follow', 'wait for the job to end, with progress on stderr (default on a terminal)')
    .option('--no-follow', 'return once the job is queued (default when stdout is not a terminal)')
    .addHelpText('after', `
Input and output must be on storage every farm machine sees at the same path. The job id is the
only line on stdout, so JOB=$(coherent-style farm submit …) works. On a terminal, or with --follow,
the command then follows the job until it ends, with progress on stderr (Ctrl-C stops following,
not the job); otherwise it returns at once: follow later with \`farm status <job id> --follow\`.`)
    .hook('preAction', requireOptions({
      style: 'Missing --style <image>: the style image to apply.',
      out: 'Missing --out <path>: where to write the result.',
      redis: MISSING_REDIS,
    }))
    .action(async (input: string, options: Omit<FarmSubmitOptions, 'input'>) => runFarmSubmit({ input, ...options }, env, {
      interactive: io.stdout.isTTY === true,
      progress: io.stderr,
    }));
}

export async function runFarmSubmit(options: FarmSubmitOptions, env: CliEnvironment, output: SubmitOutput): Promise<void> {
  const mix = styleMixOf(options);
  checkMatteFlags(options);
  const redis = parseRedisUrl(options.redis);
  // The styles are read first: a style that cannot be read fails before Redis is touched.
  const readStyle = async (file: string) => ({ name: file, file, bytes: await readUserFile(file, { maxBytes: MAX_STYLE_BYTES, signal: env.signal }) });
  const styles = await Promise.all(mix.map(async ({ file, weight }) => ({ ...await readStyle(file), weight })));
  const matte = options.matte === undefined ? undefined
    : { file: options.matte, inverted: options.invertMatte ?? false, outsideStyle: options.matteStyle === undefined ? undefined : await readStyle(options.matteStyle) };
  const queues = await FarmQueues.open(redis);
  try {
    const job = await prepareFarmJob({ ...options, look: lookInputOf(options), styles, matte, chunkFrames: options.chunk, modelsDir: options.models ?? env.defaultModelsDir }, env.findFfmpeg ?? locateFfmpeg, env.signal);
    const outcome = await submitFarmJob(queues, job);
    env.stdout.write(`${job.key}\n`);
    const what = `${job.frameCount} frames in ${job.chunkCount} chunk${job.chunkCount === 1 ? '' : 's'} → ${options.out}`;
    switch (outcome) {
      case 'already-done':
        env.log(`Already rendered by the farm (job ${job.key}, ${what}); nothing to do.`);
        return;
      case 'already-running':
        env.log(`This render is already on the farm as job ${job.key}.`);
        break;
      case 'resubmitted':
        env.log(`Resubmitted job ${job.key}: ${what}; frames already rendered are kept and skipped.`);
        break;
      case 'submitted':
        env.log(`Submitted job ${job.key} to ${redis.display}: ${what}.`);
    }
    if (!(options.follow ?? output.interactive)) {
      env.log(`Follow it with \`coherent-style farm status ${job.key} --follow\`.`);
      return;
    }
    await followJob(queues, job.key, { stdout: output.progress, log: env.log, signal: env.signal });
    env.log(`Done: job ${job.key} → ${options.out}`);
  } finally {
    await queues.close();
  }
}
