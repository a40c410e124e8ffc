/**
 * The CLI's command line, parsed with node:util parseArgs into one typed command.
 * Every mistake is INVALID_ARGUMENT with a sentence saying what to type instead (exit code 2).
 */
import { parseArgs } from 'node:util';
import { CoherentStyleError } from '../../engine/errors';

export interface FrameSpan {
  /** First frame, 0-based. */
  first: number;
  /** Last frame, inclusive; undefined: to the end. */
  last?: number;
}

export interface StylizeCommand {
  kind: 'stylize';
  input: string;
  style: string;
  /** Mode id; undefined: the models' default mode. */
  mode?: string;
  out: string;
  strength: number;
  /** Short side to render at; undefined: the mode's recommendation. */
  size?: number;
  frames?: FrameSpan;
  overwrite: boolean;
  models?: string;
}

export interface ModelsCommand {
  kind: 'models';
  action: 'list' | 'verify';
  models?: string;
}

export interface DemoCommand {
  kind: 'demo';
  models?: string;
  /** Folder the demo writes into; default out/ in the repository. */
  out?: string;
  size?: number;
}

/** `serve` parses its own options (serveCommand.ts). */
export interface ServeCommand {
  kind: 'serve';
  args: readonly string[];
}

export type CliCommand = StylizeCommand | ModelsCommand | DemoCommand | ServeCommand | { kind: 'help' } | { kind: 'version' };

export const USAGE = `Usage:
  coherent-style stylize <image|video|frame-folder> --style <image> --out <path>
                 [--mode <id>] [--strength 0..1] [--size <short side>] [--frames A-B]
                 [--overwrite] [--models <dir>]
  coherent-style models list|verify [--models <dir>]
  coherent-style demo [--out <dir>] [--size <short side>] [--models <dir>]
  coherent-style serve [--port N] [--models <dir>] …   (companion server; serve --help for more)
  coherent-style --help | --version

The output kind follows --out: .png/.jpg → image, .mp4/.mov/.mkv/.m4v → video, anything else → a
folder of numbered PNGs (re-running into it resumes, skipping finished frames). --frames takes
0-based inclusive frame numbers ("10-19", "10-" to the end, "7" for one frame).`;

function usageError(message: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `${message}\nRun \`coherent-style --help\` for usage.`);
}

export function parseFrameSpan(text: string): FrameSpan {
  const match = /^(\d+)(?:-(\d*))?$/.exec(text.trim());
  if (!match) throw usageError(`--frames must look like 10-19, 10- or 7 (0-based frame numbers), got "${text}".`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : match[2] === '' ? undefined : Number(match[2]);
  if (last !== undefined && last < first) throw usageError(`--frames ${text}: the last frame comes before the first.`);
  return { first, last };
}

/** A plain decimal from 0 to 1 ("0.75", ".5", "1"): Number() would also take "0x1" and "1e-400". */
const PLAIN_DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

function parseStrength(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = Number(text);
  if (!PLAIN_DECIMAL.test(text.trim()) || value < 0 || value > 1) {
    throw usageError(`--strength must be a number from 0 to 1, got "${text}".`);
  }
  return value;
}

function parseSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 16 || value > 8192) {
    throw usageError(`--size must be a whole number of pixels from 16 to 8192 (the short side to render at), got "${text}".`);
  }
  return value;
}

const OPTIONS = {
  style: { type: 'string' },
  mode: { type: 'string' },
  out: { type: 'string' },
  strength: { type: 'string' },
  size: { type: 'string' },
  frames: { type: 'string' },
  overwrite: { type: 'boolean' },
  models: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;

function allowOnly(values: Parsed['values'], allowed: readonly string[], command: string): void {
  const extra = Object.keys(values).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw usageError(`\`${command}\` does not take --${extra.join(', --')}.`);
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  if (argv[0] === 'serve') return { kind: 'serve', args: argv.slice(1) };
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  switch (command) {
    case 'stylize': {
      allowOnly(values, ['style', 'mode', 'out', 'strength', 'size', 'frames', 'overwrite', 'models'], 'stylize');
      if (rest.length !== 1) throw usageError('`stylize` takes exactly one input: an image, a video or a folder of numbered frames.');
      if (!values.style) throw usageError('Missing --style <image>: the style image to apply.');
      if (!values.out) throw usageError('Missing --out <path>: where to write the result.');
      return {
        kind: 'stylize',
        input: rest[0],
        style: values.style,
        mode: values.mode,
        out: values.out,
        strength: parseStrength(values.strength),
        size: parseSize(values.size),
        frames: values.frames === undefined ? undefined : parseFrameSpan(values.frames),
        overwrite: values.overwrite ?? false,
        models: values.models,
      };
    }
    case 'models': {
      allowOnly(values, ['models'], 'models');
      const action = rest[0];
      if ((action !== 'list' && action !== 'verify') || rest.length !== 1) throw usageError('Use `coherent-style models list` or `coherent-style models verify`.');
      return { kind: 'models', action, models: values.models };
    }
    case 'demo':
      allowOnly(values, ['models', 'out', 'size'], 'demo');
      if (rest.length > 0) throw usageError('`demo` takes no input; it renders the bundled sample clip.');
      return { kind: 'demo', models: values.models, out: values.out, size: parseSize(values.size) };
    case undefined:
      return { kind: 'help' };
    default:
      throw usageError(`Unknown command "${command}".`);
  }
}
