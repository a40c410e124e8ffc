/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * The render farm end to end: a real redis-server, three worker processes and submitter processes
 * of the real CLI. Results must equal a single-machine `stylize` byte for byte, survive a worker
 * killed mid-chunk and a Redis restart, never render a job twice, and fail clearly on bad input
 * (unreachable Redis, a corrupt frame, an input a worker cannot read, tampered job data, cancel
 * during assembly) without losing finished frames.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { encodePng } from '../../src/engine/images/imageCodec';
import { FARM_PREFIX, FarmQueues, CHUNK_QUEUE } from '../../src/farm/farmQueues';
import { readJobStatus } from '../../src/farm/jobControl';
import { parseRedisUrl } from '../../src/farm/redisUrl';
import { FARM_JOB_VERSION, type ChunkJobData } from '../../src/farm/jobSchema';
import { prepareFarmJob, submitFarmJob } from '../../src/farm/submit';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { FarmForwarder } from '../../src/farm/farmForwarder';
import { readImageFile } from '../../src/node-io/imageFiles';
import { runCliWith } from '../../src/apps/cli/cli';
import type { FarmProgressMessage } from '../../src/protocol/messages';
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import { fixtureRegistry } from '../support/fixtureModels';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';
import { syntheticImage } from '../support/syntheticImages';
import { transportPair } from '../support/transportPair';
import { cli, ffmpeg, FIXTURE_MODELS_DIR, makeTestVideo, removeDir, sha256File, STYLE, tempDir } from '../apps/cli/cliHarness';
import { makeTestCertificates, RedisServer, SAFETY_NET_MS, startCli, waitFor, type CliChild } from './farmHarness';
import { lookOf } from '../../src/engine/look/look';

// Every wait below is on a log line, a file or the Redis state; the safety net bounds each test.
jest.setTimeout(SAFETY_NET_MS);

let dir: string;
let redis: RedisServer;
const workers: CliChild[] = [];

function startWorker(): CliChild {
  const worker = startCli(['worker', '--redis', redis.url, '--models', FIXTURE_MODELS_DIR, '--threads', '1', '--stall-seconds', '2']);
  workers.push(worker);
  return worker;
}

async function makeFrameFolder(name: string, count: number, width: number, height: number): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(folder);
  for (let i = 1; i <= count; i++) {
    await writeFile(path.join(folder, `frame_${String(i).padStart(4, '0')}.png`), encodePng(syntheticImage(width, height, { seed: i % 7 })));
  }
  return folder;
}

/** A submit that waits for its job (--follow), as most tests need. */
function submitArgs(input: string, out: string, ...extra: string[]): string[] {
  return ['farm', 'submit', input, '--style', STYLE, '--out', out, '--redis', redis.url, '--models', FIXTURE_MODELS_DIR, '--follow', ...extra];
}

const INK_WASH = path.join(path.dirname(STYLE), 'ink-wash.png');

const pngs = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.png')).sort();

async function expectSameFiles(actualDir: string, expectedDir: string): Promise<void> {
  const names = await readdir(actualDir);
  expect(names.sort()).toEqual(await pngs(expectedDir)); // nothing else: no temp files, no doubles
  for (const name of names) expect(await sha256File(path.join(actualDir, name))).toBe(await sha256File(path.join(expectedDir, name)));
}

/** The pixel format ffprobe reports for a file's video stream. */
function ffprobePixelFormat(file: string): string {
  return spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', file], { encoding: 'utf8' }).stdout.trim();
}

const workerLogs = (): string => workers.map((w) => w.output()).join('\n');

beforeAll(async () => {
  dir = await tempDir('cs-farm-');
  await mkdir(path.join(dir, 'redis'));
  redis = await RedisServer.start(path.join(dir, 'redis'));
  for (let i = 0; i < 3; i++) startWorker();
  await waitFor('3 workers ready', () => workers.filter((w) => w.output().includes('Worker ready')).length === 3, 100);
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  await removeDir(dir);
});

test('a worker SIGKILLed mid-chunk: another finishes it; the frames equal a single-machine stylize byte for byte', async () => {
  const input = await makeFrameFolder('frames', 36, 320, 240);
  const reference = path.join(dir, 'reference');
  expect((await cli(['stylize', input, '--style', STYLE, '--out', reference, '--models', FIXTURE_MODELS_DIR, '--size', '240'])).code).toBe(0);

  const out = path.join(dir, 'farm-frames');
  const submitter = startCli(submitArgs(input, out, '--size', '240', '--chunk', '12'));
  // Kill the first worker as soon as it has written a frame of its chunk and before it finishes.
  const victim = workers[0];
  let range: [number, number] | undefined;
  await waitFor('the first worker to start a chunk', () => {
    const match = /Chunk \S+ \(frames (\d+)-(\d+)\): started/.exec(victim.output());
    if (match) range = [Number(match[1]), Number(match[2])];
    return range !== undefined;
  });
  const framesOfChunk = async () => (await pngs(out)).filter((n) => { const k = Number(/\d+/.exec(n)![0]); return k >= range![0] && k <= range![1]; }).length;
  await waitFor('a frame of that chunk', async () => (await framesOfChunk()) >= 1, 10);
  victim.kill('SIGKILL');
  await victim.exited;
  const leftByVictim = await framesOfChunk();
  expect(leftByVictim).toBeLessThan(12); // killed mid-chunk
  startWorker();

  expect(await submitter.exited).toBe(0);
  expect(submitter.output()).toMatch(/^cs-[0-9a-f]{32}$/m);
  await expectSameFiles(out, reference);
  // The chunk came back to another worker after the stall timeout, which skipped the frames already there.
  const takeOver = new RegExp(`\\(frames ${range![0]}-${range![1]}\\): done, (\\d+) rendered, (\\d+) already there`).exec(workers.slice(1).map((w) => w.output()).join('\n'));
  expect(takeOver).not.toBeNull();
  expect(Number(takeOver![2])).toBeGreaterThanOrEqual(leftByVictim > 0 ? 1 : 0);
  expect(Number(takeOver![1]) + Number(takeOver![2])).toBe(12);
});

test('the same render submitted twice is not rendered twice (deterministic job key)', async () => {
  const input = path.join(dir, 'frames');
  const out = path.join(dir, 'farm-frames');
  const before = await stat(path.join(out, 'frame_0001.png'));
  const startedBefore = (workerLogs().match(/started/g) ?? []).length;
  const again = await cli(submitArgs(input, out, '--size', '240', '--chunk', '12'));
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('Already rendered by the farm');
  const firstKey = /^cs-[0-9a-f]{32}$/m.exec(again.stdout)![0];
  expect(workerLogs()).toContain(firstKey);
  expect((workerLogs().match(/started/g) ?? []).length).toBe(startedBefore);
  expect((await stat(path.join(out, 'frame_0001.png'))).mtimeMs).toBe(before.mtimeMs);
  const list = await cli(['farm', 'list', '--redis', redis.url]);
  expect(list.stdout).toContain(`${firstKey}  completed  36/36 frames`);
});

test('piped without --follow, submit prints the job id alone and returns; status --follow waits; a finished job shows no rate', async () => {
  const input = await makeFrameFolder('script-frames', 4, 64, 48);
  const out = path.join(dir, 'script-out');
  const submitted = await cli(['farm', 'submit', input, '--style', STYLE, '--out', out, '--redis', redis.url, '--models', FIXTURE_MODELS_DIR, '--size', '48', '--chunk', '2']);
  expect(submitted.code).toBe(0);
  expect(submitted.stdout).toMatch(/^cs-[0-9a-f]{32}\n$/);
  const key = submitted.stdout.trim();
  expect(submitted.stderr).toContain(`coherent-style farm status ${key} --follow`);
  const follow = await cli(['farm', 'status', key, '--follow', '--redis', redis.url]);
  expect(follow.code).toBe(0);
  expect(await pngs(out)).toHaveLength(4);
  const status = await cli(['farm', 'status', key, '--redis', redis.url]);
  expect(status.stdout).toBe(`${key}  completed  4/4 frames  chunks 2/2 done  → ${out}\n`);

  // With --follow the id is still the only line on stdout; the progress went to stderr.
  const followed = await cli(submitArgs(input, path.join(dir, 'script-out-2'), '--size', '48', '--chunk', '2'));
  expect(followed.code).toBe(0);
  expect(followed.stdout).toMatch(/^cs-[0-9a-f]{32}\n$/);
  expect(followed.stderr).toMatch(/completed {2}4\/4 frames/);
  expect(followed.stderr).not.toMatch(/completed.*fps/);
});

test('a style mix renders on the farm as `stylize` renders it; weights 1,0 are the first style alone', async () => {
  const input = await makeFrameFolder('mix-frames', 4, 96, 64);
  const mix = ['--style', INK_WASH, '--weights', '0.7,0.3', '--size', '48'];
  const single = path.join(dir, 'mix-single-reference');
  const mixed = path.join(dir, 'mix-reference');
  const [singleRun, mixedRun] = await Promise.all([
    cli(['stylize', input, '--style', STYLE, '--out', single, '--models', FIXTURE_MODELS_DIR, '--size', '48']),
    cli(['stylize', input, '--style', STYLE, '--out', mixed, '--models', FIXTURE_MODELS_DIR, ...mix]),
  ]);
  expect([singleRun.code, mixedRun.code]).toEqual([0, 0]);

  const [farmMix, farmOneZero] = await Promise.all([
    cli(submitArgs(input, path.join(dir, 'farm-mix'), ...mix, '--chunk', '2')),
    cli(submitArgs(input, path.join(dir, 'farm-mix-1-0'), '--style', INK_WASH, '--weights', '1,0', '--size', '48', '--chunk', '2')),
  ]);
  expect([farmMix.code, farmOneZero.code]).toEqual([0, 0]);
  await expectSameFiles(path.join(dir, 'farm-mix'), mixed);
  await expectSameFiles(path.join(dir, 'farm-mix-1-0'), single);
  // The weights are part of the job: 1,0 is another job than 0.7,0.3 over the same styles.
  expect(/^cs-[0-9a-f]{32}$/m.exec(farmMix.stdout)![0]).not.toBe(/^cs-[0-9a-f]{32}$/m.exec(farmOneZero.stdout)![0]);
  const twice = await cli(submitArgs(input, path.join(dir, 'farm-mix'), ...mix, '--chunk', '2'));
  expect(twice.stderr).toContain('Already rendered by the farm');

  const mismatched = await cli(submitArgs(input, path.join(dir, 'never'), '--weights', '0.7,0.3'));
  expect(mismatched.code).toBe(2);
  expect(mismatched.stderr).toContain('--weights has 2 values but there is 1 --style');
});

test('the companion forwards a farm render: progress to the panel, the result equals stylize, a second Apply finds it done', async () => {
  const input = await makeFrameFolder('panel-export', 8, 96, 64);
  const reference = path.join(dir, 'panel-reference');
  // A farm render from the panel that names no steadiness is not steadied (protocol version 3).
  expect((await cli(['stylize', input, '--style', STYLE, '--out', reference, '--models', FIXTURE_MODELS_DIR, '--size', '48', '--temporal', 'off'])).code).toBe(0);
  const forwarder = await FarmForwarder.open(parseRedisUrl(redis.url), { modelsDir: FIXTURE_MODELS_DIR, findFfmpeg: locateFfmpeg, log: () => undefined });
  const registry = await fixtureRegistry();
  const endpoint = new ProtocolEndpoint({ ...offsetBackend(new OffsetStylizer()), farm: forwarder });
  const pair = transportPair();
  endpoint.accept(pair.server);
  const panel = await RemoteStylizeService.connect(pair.client, 'companion');
  try {
    const out = path.join(dir, 'panel-render');
    const settings = { input, output: out, look: lookOf({ mode: registry.defaultMode.id, renderShortSide: 48, temporal: 'off', style: await readImageFile(STYLE) }) };
    const progress: FarmProgressMessage[] = [];
    await panel.renderOnFarm('apply-1', settings, (p) => progress.push(p));
    await expectSameFiles(out, reference);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].farmJob).toMatch(/^cs-[0-9a-f]{32}$/);
    expect(progress.every((p) => p.frames.total === 8 && p.chunks.total === 1)).toBe(true);
    const startedBefore = (workerLogs().match(/started/g) ?? []).length;
    await panel.renderOnFarm('apply-2', settings, () => undefined);
    expect((workerLogs().match(/started/g) ?? []).length).toBe(startedBefore);
  } finally {
    await panel.dispose();
    await endpoint.shutdown(0);
    await forwarder.close();
  }
});

test('Redis restarted mid-job: workers reconnect and the video completes, identical to stylize', async () => {
  const clip = path.join(dir, 'clip.mp4');
  makeTestVideo(clip, '320x240', 2);
  const reference = path.join(dir, 'reference.mp4');
  // Unsteadied, so every frame is byte-identical whatever chunk renders it (steadied chunks: the next test).
  expect((await cli(['stylize', clip, '--style', STYLE, '--out', reference, '--models', FIXTURE_MODELS_DIR, '--size', '240', '--temporal', 'off'])).code).toBe(0);

  const out = path.join(dir, 'farm.mp4');
  const submitter = startCli(submitArgs(clip, out, '--size', '240', '--chunk', '12', '--temporal', 'off'));
  await waitFor('frames staged', async () => {
    const staging = (await readdir(dir)).find((n) => n.startsWith('.farm.mp4.'));
    return staging !== undefined && (await pngs(path.join(dir, staging))).length >= 3;
  }, 20);
  await redis.restart();
  expect(await submitter.exited).toBe(0);
  expect(await sha256File(out)).toBe(await sha256File(reference));
  // The staged frames are gone once the video is written; nothing half-written is left.
  expect((await readdir(dir)).filter((n) => n.startsWith('.farm.mp4'))).toEqual([]);
});

test('--format on the farm: ProRes 422 HQ and 4444 with alpha equal stylize\'s byte for byte; a mismatched extension is refused at submit', async () => {
  const clip = path.join(dir, 'format-clip.mp4');
  makeTestVideo(clip, '256x144', 0.5);
  const reference = path.join(dir, 'format-reference.mov');
  expect((await cli(['stylize', clip, '--style', STYLE, '--out', reference, '--models', FIXTURE_MODELS_DIR, '--size', '64', '--format', 'prores-422-hq'])).code).toBe(0);
  const out = path.join(dir, 'format-farm.mov');
  const run = await cli(submitArgs(clip, out, '--size', '64', '--chunk', '6', '--format', 'prores-422-hq'));
  expect(run.code).toBe(0);
  expect(await sha256File(out)).toBe(await sha256File(reference));

  // An input with alpha keeps it through the staged frames into ProRes 4444.
  const alphaClip = path.join(dir, 'format-alpha.mov');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=24', '-t', '0.25', '-vf', "format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='X*255/(W-1)'", '-c:v', 'png', alphaClip]);
  const alphaReference = path.join(dir, 'format-alpha-reference.mov');
  expect((await cli(['stylize', alphaClip, '--style', STYLE, '--out', alphaReference, '--models', FIXTURE_MODELS_DIR, '--size', '64', '--format', 'prores-4444'])).code).toBe(0);
  const alphaOut = path.join(dir, 'format-alpha-farm.mov');
  expect((await cli(submitArgs(alphaClip, alphaOut, '--size', '64', '--chunk', '3', '--format', 'prores-4444'))).code).toBe(0);
  expect(await sha256File(alphaOut)).toBe(await sha256File(alphaReference));
  expect(ffprobePixelFormat(alphaOut)).toMatch(/^yuva444p1[02]le$/);

  const refused = await cli(submitArgs(clip, path.join(dir, 'format-farm.mp4'), '--format', 'dnxhr-hqx'));
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--format dnxhr-hqx goes in .mov or .mxf');
  const gif = await cli(submitArgs(clip, path.join(dir, 'format-farm.gif')));
  expect(gif.code).toBe(2);
  expect(gif.stderr).toContain('does not write .gif files');
});

test('unreachable Redis fails (rather than retrying for good), naming the URL without its password', async () => {
  const run = await cli(['farm', 'submit', path.join(dir, 'frames'), '--style', STYLE, '--out', path.join(dir, 'never'), '--redis', 'redis://render:hunter2@127.0.0.1:1', '--models', FIXTURE_MODELS_DIR]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('redis://render:***@127.0.0.1:1');
  expect(run.stderr).toContain('[FARM_UNREACHABLE]');
  expect(run.stderr + run.stdout).not.toContain('hunter2');
  await expect(stat(path.join(dir, 'never'))).rejects.toThrow();

  // The companion too: `serve --farm` stops before it listens.
  const announcement = process.env.COHERENT_STYLE_COMPANION_FILE;
  process.env.COHERENT_STYLE_COMPANION_FILE = path.join(dir, 'companion.json');
  try {
    // Decided by what serve prints, not by how long it takes: a serve that listens is stopped at once.
    let stdout = '';
    let stderr = '';
    const stopIfListening = new AbortController();
    const code = await runCliWith(['serve', '--farm', 'redis://render:hunter2@127.0.0.1:1', '--models', FIXTURE_MODELS_DIR], {
      stdout: new Writable({ write(chunk, _encoding, done) { stdout += String(chunk); if (/listening/.test(stdout)) stopIfListening.abort(); done(); } }),
      stderr: { write: (text: string) => { stderr += text; } },
      signal: stopIfListening.signal,
    });
    expect(stdout).not.toContain('listening');
    expect(code).toBe(1);
    expect(stderr).toContain('redis://render:***@127.0.0.1:1');
    expect(stderr + stdout).not.toContain('hunter2');
  } finally {
    if (announcement === undefined) delete process.env.COHERENT_STYLE_COMPANION_FILE;
    else process.env.COHERENT_STYLE_COMPANION_FILE = announcement;
  }
});

test('steadied chunks warm up on the frames before them: every frame within 2/255 of one uninterrupted stylize', async () => {
  const clip = path.join(dir, 'steady-clip.mp4');
  makeTestVideo(clip, '96x64', 4);
  const reference = path.join(dir, 'steady-reference');
  expect((await cli(['stylize', clip, '--style', STYLE, '--out', reference, '--models', FIXTURE_MODELS_DIR, '--size', '64', '--temporal', 'normal'])).code).toBe(0);
  const out = path.join(dir, 'steady-farm');
  expect((await cli(submitArgs(clip, out, '--size', '64', '--chunk', '10', '--temporal', 'normal'))).code).toBe(0);
  const names = await pngs(reference);
  expect(names.length).toBeGreaterThan(60); // so later chunks start past the warm-up's reach
  expect(await pngs(out)).toEqual(names);
  let largest = 0;
  for (const name of names) {
    const [a, b] = await Promise.all([readImageFile(path.join(out, name)), readImageFile(path.join(reference, name))]);
    for (let i = 0; i < a.data.length; i++) largest = Math.max(largest, Math.abs(a.data[i] - b.data[i]));
  }
  expect(largest).toBeLessThanOrEqual(2);
});

test('a corrupt frame fails its chunk naming the frame; finished frames are kept and a resubmit renders only what is missing', async () => {
  const input = await makeFrameFolder('with-corrupt', 24, 96, 64);
  const corrupt = path.join(input, 'frame_0013.png');
  const good = await readFile(corrupt);
  await writeFile(corrupt, Buffer.from('this is not a PNG at all'));
  const out = path.join(dir, 'corrupt-out');
  // Unsteadied: a steadied chunk 2 would warm up on chunk 1's frames and fail on the same frame.
  const failed = await cli(submitArgs(input, out, '--size', '64', '--chunk', '8', '--temporal', 'off'));
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain('chunk 1 (frames 9-16)');
  expect(failed.stderr).toContain('frame_0013.png');
  expect(failed.stderr).toContain('submit the same command again');
  const key = /^cs-[0-9a-f]{32}$/m.exec(failed.stdout)![0];
  // Let the other chunks finish, then note what is there.
  const queues = await FarmQueues.open(parseRedisUrl(redis.url));
  try {
    await waitFor('the other chunks to settle', async () => {
      const s = await readJobStatus(queues, key);
      return s !== undefined && s.chunks.running === 0 && s.chunks.waiting === 0;
    });
  } finally {
    await queues.close();
  }
  const kept = await pngs(out);
  expect(kept).not.toContain('frame_0013.png');
  expect(kept.length).toBeGreaterThanOrEqual(8);
  const keptTimes = await Promise.all(kept.map(async (n) => (await stat(path.join(out, n))).mtimeMs));

  await writeFile(corrupt, good);
  const again = await cli(submitArgs(input, out, '--size', '64', '--chunk', '8', '--temporal', 'off'));
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('Resubmitted');
  expect(await pngs(out)).toHaveLength(24);
  expect(await Promise.all(kept.map(async (n) => (await stat(path.join(out, n))).mtimeMs))).toEqual(keptTimes);
});

test('an input a worker cannot read fails its chunk with a message about shared storage', async () => {
  const input = await makeFrameFolder('vanishing', 4, 64, 48);
  const out = path.join(dir, 'vanishing-out');
  const job = await prepareFarmJob({ input, styles: [{ name: STYLE, bytes: await readFile(STYLE), weight: 1 }], out, look: { renderShortSide: 48, temporal: 'off' }, chunkFrames: 4, modelsDir: FIXTURE_MODELS_DIR }, locateFfmpeg, new AbortController().signal);
  // Workers see another file system than the submitter: the input is not where the job says.
  await rename(input, `${input}-elsewhere`);
  const queues = await FarmQueues.open(parseRedisUrl(redis.url));
  try {
    expect(await submitFarmJob(queues, job)).toBe('submitted');
    let status: Awaited<ReturnType<typeof readJobStatus>>;
    await waitFor('the chunk to fail', async () => {
      status = await readJobStatus(queues, job.key);
      return status?.state === 'failed';
    }, 200);
    expect(status!.failures[0].reason).toMatch(/Cannot read .*vanishing \(it does not exist\) on this worker .*storage that every farm machine sees at the same path.*\[INPUT_UNREADABLE\]/);
  } finally {
    await queues.close();
  }
});

test('a worker whose models differ from the submitter\'s refuses the chunk, so results never mix models', async () => {
  const input = await makeFrameFolder('other-models', 2, 64, 48);
  const out = path.join(dir, 'other-models-out');
  const job = await prepareFarmJob({ input, styles: [{ name: STYLE, bytes: await readFile(STYLE), weight: 1 }], out, look: { renderShortSide: 48, temporal: 'off' }, chunkFrames: 2, modelsDir: FIXTURE_MODELS_DIR }, locateFfmpeg, new AbortController().signal);
  // As if submitted from a machine with other "artistic" model files.
  const otherModels = (data: { render: { modelSha256: string } }) => { data.render.modelSha256 = 'f'.repeat(64); };
  otherModels(job.flow.data as ChunkJobData);
  for (const child of job.flow.children!) otherModels(child.data as ChunkJobData);
  const queues = await FarmQueues.open(parseRedisUrl(redis.url));
  try {
    await submitFarmJob(queues, job);
    let status: Awaited<ReturnType<typeof readJobStatus>>;
    await waitFor('the chunk to fail', async () => (status = await readJobStatus(queues, job.key))?.state === 'failed', 200);
    expect(status!.failures[0].reason).toContain('model differs from the one the job was submitted with; install the same models on every farm machine');
  } finally {
    await queues.close();
  }
  expect(await pngs(out)).toEqual([]);
});

test('workers refuse jobs of other types and job data that fails the schema, before touching the disk', async () => {
  const queue = new Queue(CHUNK_QUEUE, { prefix: FARM_PREFIX, connection: parseRedisUrl(redis.url).connection });
  try {
    const escape = path.join(dir, 'confined');
    const tampered = await queue.add('chunk', {
      version: FARM_JOB_VERSION, key: `cs-${'0'.repeat(32)}`, index: 0,
      source: { kind: 'folder', path: path.join(dir, 'frames') },
      output: { kind: 'folder', path: `${escape}/../../escaped` },
      frames: { first: 1, last: 2 },
      render: { mode: 'artistic', modelSha256: '0'.repeat(64), styles: [{ sha256: '0'.repeat(64), weight: 1 }], strength: 1, keepColors: false, styleScale: 1, temporal: 'off' },
    }, { attempts: 3 });
    const foreign = await queue.add('shell', { command: 'rm -rf /' }, { attempts: 3 });
    await waitFor('both to fail', async () => (await tampered.isFailed()) && (await foreign.isFailed()), 100);
    const [t, f] = await Promise.all([queue.getJob(tampered.id!), queue.getJob(foreign.id!)]);
    expect(t!.failedReason).toMatch(/Refusing a chunk job with invalid data \(output\.path: must be an absolute, normalized path/);
    expect(t!.attemptsMade).toBe(1); // not retried
    expect(f!.failedReason).toContain('Refusing a job of type "shell"');
    expect(f!.attemptsMade).toBe(1);
    await expect(stat(escape)).rejects.toThrow();
    await expect(stat(path.join(dir, '..', 'escaped'))).rejects.toThrow();
  } finally {
    await queue.close();
  }
});

test('cancel during assembly: no video, no temp file, the staged frames are kept; the submitter says so', async () => {
  const clip = path.join(dir, 'long.mp4');
  // Small render size, larger frames: the chunks are quick, the assembly (decode + encode 320×240) takes seconds.
  makeTestVideo(clip, '320x240', 8);
  const out = path.join(dir, 'cancelled.mp4');
  const submitter = startCli(submitArgs(clip, out, '--size', '48', '--chunk', '64'));
  const queues = await FarmQueues.open(parseRedisUrl(redis.url));
  let key = '';
  try {
    await waitFor('the job id', () => { key = /^cs-[0-9a-f]{32}$/m.exec(submitter.output())?.[0] ?? ''; return key !== ''; });
    await waitFor('assembly to start', async () => (await readJobStatus(queues, key))?.state === 'assembling', 10);
  } finally {
    await queues.close();
  }
  const cancel = await cli(['farm', 'cancel', key, '--redis', redis.url]);
  expect(cancel.code).toBe(0);
  expect(cancel.stderr).toContain(`Cancelled job ${key}`);
  expect(await submitter.exited).toBe(130);
  expect(submitter.output()).toContain(`Farm job ${key} was cancelled`);
  const names = await readdir(dir);
  expect(names).not.toContain('cancelled.mp4');
  expect(names.filter((n) => n.startsWith('.cancelled.mp4') && n.endsWith('.tmp'))).toEqual([]);
  const staging = names.find((n) => n.startsWith(`.cancelled.mp4.${key}`));
  expect(staging).toBeDefined();
  expect(await pngs(path.join(dir, staging!))).toHaveLength(192);
  const status = await cli(['farm', 'status', key, '--redis', redis.url]);
  expect(status.stdout).toContain(`${key}  cancelled`);
});

test('rediss:// with a password: a worker and a submitter render over TLS; the password is in no log and no job data', async () => {
  const tlsDir = path.join(dir, 'tls');
  await mkdir(tlsDir);
  const password = 'tls-secret-7f3a';
  const secure = await RedisServer.start(tlsDir, { password, certificates: makeTestCertificates(tlsDir) });
  // The test CA is trusted the way an operator trusts a private CA: NODE_EXTRA_CA_CERTS.
  const trust = { NODE_EXTRA_CA_CERTS: path.join(tlsDir, 'ca.pem') };
  const worker = startCli(['worker', '--redis', secure.url, '--models', FIXTURE_MODELS_DIR, '--threads', '1'], trust);
  try {
    const input = await makeFrameFolder('tls-frames', 4, 64, 48);
    const out = path.join(dir, 'tls-out');
    const submitter = startCli(['farm', 'submit', input, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, '--size', '48', '--chunk', '2', '--follow'],
      { ...trust, COHERENT_STYLE_REDIS_URL: secure.url });
    expect(await submitter.exited).toBe(0);
    expect(await pngs(out)).toHaveLength(4);
    expect(worker.output()).toContain(`Worker ready: rediss://:***@127.0.0.1:${secure.port}`);
    expect(submitter.output() + worker.output()).not.toContain(password);
    // Everything the farm wrote to Redis is in the append-only files.
    const aof = path.join(tlsDir, 'appendonlydir');
    const written = (await Promise.all((await readdir(aof)).map((n) => readFile(path.join(aof, n), 'latin1')))).join('');
    expect(written).toContain('frames');
    expect(written).not.toContain(password);
  } finally {
    worker.kill('SIGKILL');
    await worker.exited;
    await secure.stop();
  }
});

test('Ctrl-C in the submitter stops following only: the job runs on and says how to follow or cancel it', async () => {
  const input = await makeFrameFolder('detach', 16, 320, 240);
  const out = path.join(dir, 'detach-out');
  const submitter = startCli(submitArgs(input, out, '--size', '240', '--chunk', '8'));
  let key = '';
  await waitFor('the job id', () => { key = /^cs-[0-9a-f]{32}$/m.exec(submitter.output())?.[0] ?? ''; return key !== ''; });
  submitter.kill('SIGINT');
  expect(await submitter.exited).toBe(130);
  expect(submitter.output()).toContain(`coherent-style farm status ${key} --follow`);
  expect(submitter.output()).toContain(`coherent-style farm cancel ${key}`);
  const follow = await cli(['farm', 'status', key, '--follow', '--redis', redis.url]);
  expect(follow.code).toBe(0);
  expect(follow.stdout).toContain(`${key}  completed  16/16 frames`);
  expect(await pngs(out)).toHaveLength(16);
});

test('SIGTERM: a worker finishes its running chunk, then exits 0', async () => {
  const input = path.join(dir, 'frames');
  const out = path.join(dir, 'sigterm-out');
  const submitter = startCli(submitArgs(input, out, '--size', '240', '--chunk', '36'));
  const count = (w: CliChild, what: RegExp) => (w.output().match(what) ?? []).length;
  const rendering = (w: CliChild) => count(w, /\(frames 1-36\): started/g) > count(w, /\(frames 1-36\): done/g);
  let worker: CliChild | undefined;
  await waitFor('a worker to start the chunk', () => (worker = workers.find(rendering)) !== undefined);
  worker!.kill('SIGTERM');
  expect(await worker!.exited).toBe(0);
  const log = worker!.output();
  expect(log.indexOf('Stopping')).toBeLessThan(log.lastIndexOf('(frames 1-36): done'));
  expect(log).toContain('Worker stopped.');
  expect(await submitter.exited).toBe(0);
  expect(await pngs(out)).toHaveLength(36);
});
