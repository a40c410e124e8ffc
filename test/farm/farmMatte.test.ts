/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * `farm submit --matte`: the job names the matte by path and digest and carries the outside style;
 * real workers (a redis-server and two worker processes of the CLI) render frames equal to
 * `stylize --matte`'s byte for byte; the job key follows the matte; a worker that sees another matte
 * refuses the chunk; the CLI's matte checks and messages hold for `farm submit` too.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RasterImage } from '../../src/engine/images/image';
import { decodeImage, encodePng } from '../../src/engine/images/imageCodec';
import { renderChunk } from '../../src/farm/chunkRenderer';
import { parseAssemblyJob, parseChunkJob } from '../../src/farm/jobSchema';
import { prepareFarmJob, type FarmRenderRequest } from '../../src/farm/submit';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { fixtureStylizer } from '../support/fixtureModels';
import { syntheticImage } from '../support/syntheticImages';
import { cli, FIXTURE_MODELS_DIR, removeDir, sha256File, STYLE, tempDir } from '../apps/cli/cliHarness';
import { RedisServer, SAFETY_NET_MS, startCli, waitFor, type CliChild } from './farmHarness';

jest.setTimeout(SAFETY_NET_MS);

const W = 64;
const H = 48;
const FRAMES = 4;
const INK_WASH = path.join(path.dirname(STYLE), 'ink-wash.png');
const signal = new AbortController().signal;

let dir: string;
let shot: string;
let mattes: string;
let redis: RedisServer;
const workers: CliChild[] = [];

/** White left of a soft vertical edge at column `edge`, black right of it. */
function matteImage(edge: number): RasterImage {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = Math.round(255 * Math.min(1, Math.max(0, (edge + 4 - x) / 8)));
  return { width: W, height: H, channels: 1, bitDepth: 8, data };
}

beforeAll(async () => {
  dir = await tempDir('cs-farm-matte-');
  shot = path.join(dir, 'shot');
  mattes = path.join(dir, 'mattes');
  await Promise.all([mkdir(shot), mkdir(mattes), mkdir(path.join(dir, 'redis'))]);
  for (let i = 1; i <= FRAMES; i++) {
    await writeFile(path.join(shot, `frame_${String(i).padStart(4, '0')}.png`), encodePng(syntheticImage(W, H, { seed: 3 + (i % 3) })));
    // A moving matte: each frame its own edge, so a frame limited by another frame's matte would show.
    await writeFile(path.join(mattes, `m_${i}.png`), encodePng(matteImage(12 + 8 * i)));
  }
  redis = await RedisServer.start(path.join(dir, 'redis'));
  for (let i = 0; i < 2; i++) workers.push(startCli(['worker', '--redis', redis.url, '--models', FIXTURE_MODELS_DIR, '--threads', '1']));
  await waitFor('2 workers ready', () => workers.every((w) => w.output().includes('Worker ready')), 100);
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  await removeDir(dir);
});

const pngs = async (folder: string): Promise<string[]> => (await readdir(folder)).filter((n) => n.endsWith('.png')).sort();

test('farm frames with a per-frame matte, inverted, and an outside style equal `stylize --matte` byte for byte', async () => {
  const matteFlags = ['--matte', mattes, '--invert-matte', '--matte-style', INK_WASH];
  const reference = path.join(dir, 'reference');
  const stylized = await cli(['stylize', shot, '--style', STYLE, '--out', reference, '--models', FIXTURE_MODELS_DIR, ...matteFlags]);
  expect(stylized.code).toBe(0);
  // The matte changes the render, or the equality below would prove nothing about it.
  const plain = path.join(dir, 'plain');
  expect((await cli(['stylize', shot, '--style', STYLE, '--out', plain, '--models', FIXTURE_MODELS_DIR])).code).toBe(0);
  expect(await sha256File(path.join(reference, 'frame_0001.png'))).not.toBe(await sha256File(path.join(plain, 'frame_0001.png')));

  const out = path.join(dir, 'farm');
  const submitted = await cli(['farm', 'submit', shot, '--style', STYLE, '--out', out, '--redis', redis.url, '--models', FIXTURE_MODELS_DIR, '--chunk', '2', '--follow', ...matteFlags]);
  expect(submitted.code).toBe(0);
  expect(submitted.stdout).toMatch(/^cs-[0-9a-f]{32}\n$/);
  const names = await pngs(out);
  expect(names).toEqual(await pngs(reference));
  expect(names).toHaveLength(FRAMES);
  for (const name of names) expect(await sha256File(path.join(out, name))).toBe(await sha256File(path.join(reference, name)));
});

test('submit refuses a bad matte combination with the CLI\'s message, before Redis is touched', async () => {
  const base = ['farm', 'submit', shot, '--style', STYLE, '--out', path.join(dir, 'never'), '--redis', 'redis://127.0.0.1:1', '--models', FIXTURE_MODELS_DIR];
  const [stylizeRun, farmRun] = await Promise.all([
    cli(['stylize', shot, '--style', STYLE, '--out', path.join(dir, 'never'), '--models', FIXTURE_MODELS_DIR, '--matte-style', INK_WASH]),
    cli([...base, '--matte-style', INK_WASH]),
  ]);
  expect(farmRun.code).toBe(2);
  expect(farmRun.stderr).toContain('--matte-style goes with --matte <image|video|folder>, the matte it applies to.');
  expect(farmRun.stderr).toBe(stylizeRun.stderr);
  const inverted = await cli([...base, '--invert-matte']);
  expect([inverted.code, inverted.stderr]).toEqual([2, expect.stringContaining('--invert-matte goes with --matte <image|video|folder>')]);
});

async function request(matte?: FarmRenderRequest['matte']): Promise<FarmRenderRequest> {
  return {
    input: shot, out: path.join(dir, 'keyed'), look: { temporal: 'off' }, chunkFrames: 10, modelsDir: FIXTURE_MODELS_DIR,
    styles: [{ name: STYLE, file: STYLE, bytes: new Uint8Array(await readFile(STYLE)), weight: 1 }],
    ...(matte ? { matte } : {}),
  };
}

const prepare = async (matte?: FarmRenderRequest['matte']) => prepareFarmJob(await request(matte), locateFfmpeg, signal);

test('the job key changes with the matte, its inversion and its outside style; the outside style travels by digest', async () => {
  const ink = { name: INK_WASH, file: INK_WASH, bytes: new Uint8Array(await readFile(INK_WASH)) };
  const still = path.join(mattes, 'm_1.png');
  const jobs = await Promise.all([
    prepare(), prepare({ file: mattes, inverted: false }), prepare({ file: still, inverted: false }),
    prepare({ file: mattes, inverted: true }), prepare({ file: mattes, inverted: false, outsideStyle: ink }),
  ]);
  expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length);
  const withStyle = parseAssemblyJob(jobs[4].flow.data);
  expect(withStyle.render.matte).toEqual({ path: mattes, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), inverted: false, outsideStyle: withStyle.outsideStyle?.sha256 });
  expect(Buffer.from(withStyle.outsideStyle!.base64, 'base64')).toEqual(Buffer.from(ink.bytes));
  // A job naming an outside style it does not carry is refused by every worker.
  expect(() => parseAssemblyJob({ ...withStyle, outsideStyle: undefined })).toThrow(/outside style image must be the one render.matte names/);
});

test('a matte shorter than the clip is refused at submit with the CLI\'s message', async () => {
  const short = path.join(dir, 'short-mattes');
  await mkdir(short);
  for (const n of [1, 2]) await writeFile(path.join(short, `m_${n}.png`), encodePng(matteImage(20)));
  await expect(prepare({ file: short, inverted: false })).rejects.toMatchObject({
    code: 'INVALID_ARGUMENT', message: expect.stringContaining(`The matte ${short} has 2 frames, fewer than the ${FRAMES} of the clip it is for`),
  });
});

test('a worker that sees other matte files than the submitter refuses the chunk before rendering', async () => {
  const changing = path.join(dir, 'changing-matte.png');
  await writeFile(changing, encodePng(matteImage(20)));
  const job = await prepare({ file: changing, inverted: false });
  await writeFile(changing, encodePng(matteImage(40)));
  const out = path.join(dir, 'keyed');
  await mkdir(out, { recursive: true });
  const service = await fixtureStylizer();
  try {
    await expect(renderChunk(parseChunkJob(job.flow.children![0].data), decodeImage(await readFile(STYLE)), 'chunk', { service, findFfmpeg: locateFfmpeg, signal }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`The matte ${changing} is not the one the job was submitted with`) });
  } finally {
    await service.dispose();
  }
  expect(await pngs(out)).toEqual([]);
});
