/**
 * The companion judges a farm render's paths by the machine that opens them (this one): a Windows
 * path sent to a Linux companion is refused clearly, creates nothing in the companion's working
 * folder, and the message does not reveal that folder; a matte is checked as `farm submit` checks
 * it. A real redis-server; no workers.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { encodePng } from '../../src/engine/images/imageCodec';
import { FarmForwarder, isAbsoluteOn } from '../../src/farm/farmForwarder';
import { parseRedisUrl } from '../../src/farm/redisUrl';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { syntheticImage } from '../support/syntheticImages';
import { FIXTURE_MODELS_DIR, removeDir, tempDir } from '../apps/cli/cliHarness';
import { RedisServer } from './farmHarness';
import { CancelController } from '../../src/engine/cancellation';
import { lookOf } from '../../src/engine/look/look';

test.each([
  ['linux', '/mnt/renders/out', true],
  ['linux', 'C:\\secout', false],
  ['linux', '\\\\server\\share\\out', false],
  ['linux', 'renders/out', false],
  ['win32', 'C:\\secout', true],
  ['win32', 'D:/renders/out', true],
  ['win32', '\\\\server\\share\\out', true],
  ['win32', '/mnt/renders/out', false],
  ['win32', 'C:secout', false],
  ['darwin', '/Volumes/renders/out', true],
] as const)('on %s, %s is absolute: %s', (platform, file, absolute) => {
  expect(isAbsoluteOn(platform, file)).toBe(absolute);
});

// Windows paths are what a companion on Linux or macOS must refuse.
(process.platform === 'win32' ? describe.skip : describe)('a companion on Linux or macOS given Windows paths', () => {
  let dir: string;
  let redis: RedisServer;
  let forwarder: FarmForwarder;
  const cwd = process.cwd();

  beforeAll(async () => {
    dir = await tempDir('cs-farm-paths-');
    await mkdir(path.join(dir, 'redis'));
    await mkdir(path.join(dir, 'work'));
    await mkdir(path.join(dir, 'frames'));
    await writeFile(path.join(dir, 'frames', 'frame_0001.png'), encodePng(syntheticImage(32, 32)));
    await writeFile(path.join(dir, 'frames', 'frame_0002.png'), encodePng(syntheticImage(32, 32, { seed: 2 })));
    await mkdir(path.join(dir, 'matte'));
    await writeFile(path.join(dir, 'matte', 'matte_000001.png'), encodePng(syntheticImage(32, 32)));
    redis = await RedisServer.start(path.join(dir, 'redis'));
    forwarder = await FarmForwarder.open(parseRedisUrl(redis.url), { modelsDir: FIXTURE_MODELS_DIR, findFfmpeg: locateFfmpeg, log: () => undefined });
    process.chdir(path.join(dir, 'work'));
  });

  afterAll(async () => {
    process.chdir(cwd);
    await forwarder?.close();
    await redis?.stop();
    await removeDir(dir);
  });

  it.each(['C:\\secout', '\\\\server\\share\\secout'])('refuses the output %s and creates nothing', async (output) => {
    const spec = { input: path.join(dir, 'frames'), output, look: lookOf({ mode: 'artistic', style: syntheticImage(32, 32) }) };
    const refusal = forwarder.submit(spec, new CancelController().signal);
    await expect(refusal).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`is not an absolute path on the companion's machine (${process.platform})`) });
    const message = await refusal.catch((e: Error) => e.message);
    expect(message).not.toContain(path.join(dir, 'work'));
    expect(await readdir(path.join(dir, 'work'))).toEqual([]);
  });

  it('refuses a Windows input path', async () => {
    const spec = { input: 'C:\\clips\\a.mp4', output: path.join(dir, 'out'), look: lookOf({ mode: 'artistic', style: syntheticImage(32, 32) }) };
    await expect(forwarder.submit(spec, new CancelController().signal)).rejects.toThrow(/input C:\\clips\\a\.mp4 is not an absolute path/);
  });

  it('refuses a Windows matte path', async () => {
    const spec = { input: path.join(dir, 'frames'), output: path.join(dir, 'out'), look: lookOf({ mode: 'artistic', style: syntheticImage(32, 32) }), matte: { path: 'C:\\mattes', inverted: false } };
    await expect(forwarder.submit(spec, new CancelController().signal)).rejects.toThrow(/matte C:\\mattes is not an absolute path/);
  });

  it('checks a matte as `farm submit --matte` does, with its message', async () => {
    const matte = path.join(dir, 'matte');
    const spec = { input: path.join(dir, 'frames'), output: path.join(dir, 'out'), look: lookOf({ mode: 'artistic', style: syntheticImage(32, 32) }), matte: { path: matte, inverted: false } };
    await expect(forwarder.submit(spec, new CancelController().signal)).rejects.toThrow(`The matte ${matte} has 1 frames, fewer than the 2 of the clip it is for;`);
  });
});
