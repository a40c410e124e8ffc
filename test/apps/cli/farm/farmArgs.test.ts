/** The farm's commands as the commander program parses them: typed options, defaults, usage errors. */
import { CommanderError, type Command } from 'commander';
import { runCliWith } from '../../../../src/apps/cli/cli';
import { cliProgram } from '../../../../src/apps/cli/cliProgram';
import type { CliContext } from '../../../../src/apps/cli/cliContext';
import { REDIS_URL_ENV } from '../../../../src/farm/redisUrl';

const JOB = `cs-${'a'.repeat(32)}`;

/** The real program with the action of `names` (e.g. farm submit) replaced by one that records what it was given. */
async function parsed(names: string[], argv: string[]): Promise<unknown[]> {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  const context = { env: {}, io: { stdout: sink, stderr: sink, signal: new AbortController().signal }, packageRoot: '.' } as unknown as CliContext;
  const program = cliProgram(context, '0.0.0');
  let command: Command = program;
  for (const name of names) command = command.commands.find((c) => c.name() === name)!;
  let received: unknown[] = [];
  command.action((...args: unknown[]) => { received = args.slice(0, -1); });
  await program.parseAsync(argv, { from: 'user' });
  return received;
}

const submit = ['farm', 'submit'];

let savedRedisUrl: string | undefined;
beforeEach(() => {
  savedRedisUrl = process.env[REDIS_URL_ENV];
  delete process.env[REDIS_URL_ENV];
});
afterEach(() => {
  if (savedRedisUrl === undefined) delete process.env[REDIS_URL_ENV];
  else process.env[REDIS_URL_ENV] = savedRedisUrl;
});

test('farm submit: typed options with defaults; the Redis URL may come from the environment', async () => {
  process.env[REDIS_URL_ENV] = 'redis://:pw@h';
  expect(await parsed(submit, [...submit, 'clip.mp4', '--style', 's.png', '--out', 'o.mp4', '--frames', '10-19', '--chunk', '5'])).toEqual([
    'clip.mp4', { style: ['s.png'], out: 'o.mp4', redis: 'redis://:pw@h', strength: 1, keepColors: false, frames: { text: '10-19', first: { kind: 'frame', frame: 10 }, last: { kind: 'frame', frame: 19 } }, chunk: 5, temporal: 'normal' },
  ]);
  expect(await parsed(submit, [...submit, 'clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://other', '--size', '540', '--strength', '0.5'])).toEqual([
    'clip.mp4', { style: ['s.png'], out: 'o', redis: 'redis://other', strength: 0.5, keepColors: false, size: 540, chunk: 100, temporal: 'normal' },
  ]);
  expect(await parsed(submit, [...submit, 'clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--keep-colors', '--style-scale', '2'])).toEqual([
    'clip.mp4', { style: ['s.png'], out: 'o', redis: 'redis://h', strength: 1, keepColors: true, styleScale: 2, chunk: 100, temporal: 'normal' },
  ]);
});

test.each([
  [['clip.mp4', '--style', 's.png', '--out', 'o'], /Missing --redis <url> \(or set COHERENT_STYLE_REDIS_URL\)/],
  [['clip.mp4', '--out', 'o', '--redis', 'redis://h'], /Missing --style <image>/],
  [['clip.mp4', '--style', 's.png', '--redis', 'redis://h'], /Missing --out <path>/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--chunk', '0'], /--chunk must be a whole number from 1/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--strength', '2'], /--strength must be a number from 0 to 1/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--frames', 'x'], /--frames takes frame numbers/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--style-scale', '9'], /--style-scale must be a number from 0.25 to 4/],
])('farm submit %j is a usage error', async (args, message) => {
  await expect(parsed(submit, [...submit, ...args])).rejects.toThrow(message);
});

test('farm submit takes exactly one input and only its own options', async () => {
  await expect(parsed(submit, [...submit, 'a', 'b', '--style', 's.png', '--out', 'o', '--redis', 'redis://h'])).rejects.toThrow(CommanderError);
  await expect(parsed(submit, [...submit, '--style', 's.png', '--out', 'o', '--redis', 'redis://h'])).rejects.toThrow(/missing required argument 'input'/);
  await expect(parsed(submit, [...submit, 'a', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--overwrite'])).rejects.toThrow(/unknown option '--overwrite'/);
});

test('farm submit --follow / --no-follow; neither leaves the choice to whether stdout is a terminal', async () => {
  const base = [...submit, 'a', '--style', 's.png', '--out', 'o', '--redis', 'redis://h'];
  expect((await parsed(submit, [...base, '--follow']))[1]).toMatchObject({ follow: true });
  expect((await parsed(submit, [...base, '--no-follow']))[1]).toMatchObject({ follow: false });
  expect((await parsed(submit, base))[1]).not.toHaveProperty('follow');
});

test('farm status, cancel and list', async () => {
  expect(await parsed(['farm', 'status'], ['farm', 'status', JOB, '--redis', 'redis://h', '--follow'])).toEqual([JOB, { redis: 'redis://h', follow: true }]);
  await expect(parsed(['farm', 'status'], ['farm', 'status', '42', '--redis', 'redis://h'])).rejects.toThrow(/one job id as printed by `coherent-style farm submit`/);
  expect(await parsed(['farm', 'cancel'], ['farm', 'cancel', JOB, '--redis', 'redis://h'])).toEqual([JOB, { redis: 'redis://h' }]);
  await expect(parsed(['farm', 'cancel'], ['farm', 'cancel', JOB])).rejects.toThrow(/Missing --redis/);
  process.env[REDIS_URL_ENV] = 'redis://env';
  expect(await parsed(['farm', 'list'], ['farm', 'list'])).toEqual([{ redis: 'redis://env' }]);
  await expect(parsed(['farm', 'list'], ['farm', 'list', 'extra'])).rejects.toThrow(CommanderError);
});

test('worker options', async () => {
  expect(await parsed(['worker'], ['worker', '--redis', 'redis://h', '--threads', '2'])).toEqual([{ redis: 'redis://h', concurrency: 1, threads: 2, stallSeconds: 30 }]);
  await expect(parsed(['worker'], ['worker', '--redis', 'redis://h', '--concurrency', '0'])).rejects.toThrow(/--concurrency must be a whole number from 1 to 64/);
  await expect(parsed(['worker'], ['worker', '--concurrency', '2'])).rejects.toThrow(/Missing --redis/);
});

describe('the CLI: exit code 2 and one sentence for usage errors, help from commander', () => {
  async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCliWith(argv, {
      stdout: { write: (t: string) => { stdout += t; return true; } } as unknown as NodeJS.WritableStream,
      stderr: { write: (t: string) => { stderr += t; return true; } } as unknown as NodeJS.WritableStream,
      signal: new AbortController().signal,
    });
    return { code, stdout, stderr };
  }

  test('a usage error', async () => {
    const result = await run(['farm', 'submit', 'clip.mp4', '--style', 's.png', '--out', 'o']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^coherent-style: Missing --redis <url> \(or set COHERENT_STYLE_REDIS_URL\)/);
    expect((await run(['farm', 'frob'])).code).toBe(2);
    expect((await run(['worker', '--redis', 'redis://h', '--stall-seconds', '0'])).stderr).toMatch(/--stall-seconds must be a whole number from 1 to 3600/);
  });

  test('help lists the subcommands and options', async () => {
    const farm = await run(['farm', '--help']);
    expect(farm.code).toBe(0);
    expect(farm.stdout).toMatch(/submit \[options\] <input>/);
    expect(farm.stdout).toMatch(/cancel \[options\] <job id>/);
    const submitHelp = await run(['farm', 'submit', '--help']);
    expect(submitHelp.stdout).toMatch(/--chunk <n>\s+frames per chunk \(default: 100\)/);
    expect(submitHelp.stdout).toMatch(/env:\s+COHERENT_STYLE_REDIS_URL/);
    const bare = await run(['farm']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: coherent-style farm/);
    expect((await run(['worker', '--help'])).stdout).toMatch(/--stall-seconds <n>/);
  });
});
