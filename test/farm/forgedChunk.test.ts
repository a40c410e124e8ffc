/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * A chunk forged in Redis (it needs write access there) with the key of a real job but frames
 * 0-3,000,000 is refused at once, not worked on for minutes; the job's real chunks still render.
 * A real redis-server and an in-process worker; every wait is on the Redis state.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { encodePng } from '../../src/engine/images/imageCodec';
import { CHUNK_QUEUE, FARM_PREFIX, FarmQueues } from '../../src/farm/farmQueues';
import { FarmWorker } from '../../src/farm/farmWorker';
import type { ChunkJobData } from '../../src/farm/jobSchema';
import { parseRedisUrl } from '../../src/farm/redisUrl';
import { prepareFarmJob, submitFarmJob } from '../../src/farm/submit';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';
import { syntheticImage } from '../support/syntheticImages';
import { FIXTURE_MODELS_DIR, removeDir, STYLE, tempDir } from '../apps/cli/cliHarness';
import { RedisServer, SAFETY_NET_MS, waitFor } from './farmHarness';

jest.setTimeout(SAFETY_NET_MS);

let dir: string;
let redis: RedisServer;

beforeAll(async () => {
  dir = await tempDir('cs-farm-forged-');
  await mkdir(path.join(dir, 'redis'));
  redis = await RedisServer.start(path.join(dir, 'redis'));
});

afterAll(async () => {
  await redis?.stop();
  await removeDir(dir);
});

test('a forged chunk of frames 0-3,000,000 is refused before any work; the real chunks render', async () => {
  const frames = path.join(dir, 'frames');
  await mkdir(frames);
  for (let i = 1; i <= 3; i++) await writeFile(path.join(frames, `frame_000${i}.png`), encodePng(syntheticImage(48, 32, { seed: i })));
  const out = path.join(dir, 'out');
  const farm = parseRedisUrl(redis.url);
  const queues = await FarmQueues.open(farm);
  const chunkQueue = new Queue(CHUNK_QUEUE, { prefix: FARM_PREFIX, connection: farm.connection });
  const service = await fixtureStylizer();
  let worker: FarmWorker | undefined;
  try {
    const job = await prepareFarmJob({
      input: frames, out, look: { temporal: 'off' }, chunkFrames: 2, modelsDir: FIXTURE_MODELS_DIR,
      styles: [{ name: STYLE, bytes: new Uint8Array(await readFile(STYLE)), weight: 1 }],
    }, locateFfmpeg, new AbortController().signal);
    expect(await submitFarmJob(queues, job)).toBe('submitted');
    const real = job.flow.children![0].data as ChunkJobData;
    const forged = await chunkQueue.add('chunk', { ...real, index: 0, frames: { first: 0, last: 3_000_000 } }, { attempts: 3 });

    const log: string[] = [];
    worker = await FarmWorker.start({
      redis: farm, concurrency: 1, registry: await fixtureRegistry(), service, findFfmpeg: locateFfmpeg, stallMs: 30_000, log: (line) => log.push(line),
    });
    await waitFor('the forged chunk to fail', () => forged.isFailed(), 50);
    const refused = (await chunkQueue.getJob(forged.id!))!;
    expect(refused.failedReason).toMatch(/Refusing chunk 0 of job cs-[0-9a-f]{32}: its frames 0-3000000 go beyond the job's 1-3/);
    expect(refused.attemptsMade).toBe(1); // not retried
    await waitFor('the real job to complete', async () => (await queues.assembly.getJob(job.key))!.isCompleted(), 50);
    expect((await readdir(out)).sort()).toEqual(['frame_0001.png', 'frame_0002.png', 'frame_0003.png']);
    expect(log.join('\n')).not.toMatch(/could not renew lock/);
  } finally {
    await worker?.stop(false);
    await chunkQueue.close();
    await queues.close();
    await service.dispose();
  }
});
