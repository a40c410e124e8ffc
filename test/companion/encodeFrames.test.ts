/**
 * encodeFrames on a real companion server (in-process, on loopback) with the real encoder: a job
 * folder's PNG frames become a movie beside them (ffprobe: codec, pixel format, alpha, frame
 * count and rate), written under a temp name; a folder outside a "Coherent Style Renders" folder
 * (also through a link) is refused and nothing is written; a cancel stops ffmpeg and leaves
 * nothing under the movie's name; the capabilities name the formats and protocol version 5.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import WebSocket from 'ws';
import { CancelController } from '../../src/engine/cancellation';
import { CancelledError } from '../../src/engine/errors';
import { encodePng } from '../../src/engine/images/imageCodec';
import type { InProcessStylizeService } from '../../src/engine/inference/stylizer';
import { RENDERS_FOLDER_NAME, frameFileName } from '../../src/engine/render/jobFolderNames';
import { CompanionServer } from '../../src/companion/companionServer';
import { JobFolderEncoder } from '../../src/companion/jobFolderEncoder';
import { connectCompanion } from '../../src/protocol/companionClient';
import type { EncodeFramesSpec } from '../../src/protocol/endpointBackend';
import { inProcessBackend } from '../../src/protocol/inProcessBackend';
import { PROTOCOL_VERSION, decodeClientMessage } from '../../src/protocol/protocol';
import type { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import type { WebSocketLike } from '../../src/protocol/webSocketTransport';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { removeDir, tempDir } from '../apps/cli/cliHarness';
import { fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';
import { syntheticImage } from '../support/syntheticImages';
import { SAFETY_NET_MS, waitFor } from '../support/waitFor';

let dir: string;
let stylizer: InProcessStylizeService;
let server: CompanionServer;
let client: RemoteStylizeService;

/** A job folder in the renders folder with `count` RGBA frames (`alpha` varying) named as the panel names them. */
function jobFolder(name: string, count: number, size = { width: 64, height: 48 }): string {
  const folder = path.join(dir, RENDERS_FOLDER_NAME, name);
  fs.mkdirSync(folder, { recursive: true });
  for (let n = 0; n < count; n++) {
    const frame = syntheticImage(size.width, size.height, { channels: 4, seed: n % 5 });
    for (let i = 3; i < frame.data.length; i += 4) frame.data[i] = (i >> 2) % size.width * 4; // alpha: a ramp across each row
    fs.writeFileSync(path.join(folder, frameFileName('Shot_', n)), encodePng(frame));
  }
  return folder;
}

function probe(file: string): { codec_name: string; profile: string; pix_fmt: string; nb_frames: string; r_frame_rate: string } {
  const run = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,profile,pix_fmt,nb_frames,r_frame_rate', '-of', 'json', file], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { streams: Array<ReturnType<typeof probe>> }).streams[0];
}

const spec = (folder: string, over: Partial<EncodeFramesSpec> = {}): EncodeFramesSpec => ({
  folder, prefix: 'Shot_', frameCount: 3, fps: { num: 24000, den: 1001 }, format: 'prores-4444', output: 'Shot.mov', ...over,
});

/** The first frame's alpha plane as ffmpeg decodes it from the movie. */
function decodedAlpha(file: string): Uint8Array {
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', 'alphaextract', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { maxBuffer: 1 << 24 });
  expect(run.status).toBe(0);
  return new Uint8Array(run.stdout);
}

/** The ffmpeg processes this test process started that still run. */
function ffmpegChildren(): string[] {
  const run = spawnSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return run.stdout.split('\n').filter((name) => name.trim() === 'ffmpeg');
}

beforeAll(async () => {
  dir = fs.realpathSync(await tempDir('cs-encode-'));
  stylizer = await fixtureStylizer();
  const backend = inProcessBackend(stylizer, await fixtureRegistry(), { runtime: 'onnxruntime-node' });
  server = await CompanionServer.start({ ...backend, encoder: new JobFolderEncoder(locateFfmpeg()) }, { infoFile: path.join(dir, 'companion.json') });
  client = await connectCompanion(server.info, (url) => new WebSocket(url) as unknown as WebSocketLike);
}, SAFETY_NET_MS);

afterAll(async () => {
  await client?.dispose();
  await server?.stop(1000);
  await stylizer?.dispose();
  await removeDir(dir);
});

test('the companion speaks version 5 and says which formats it encodes; version 4 is refused', () => {
  expect(client.capabilities.versions).toEqual([5]);
  expect(client.capabilities.encode).toEqual(['h264', 'prores-422-hq', 'prores-4444', 'dnxhr-hqx']);
  const old = decodeClientMessage(JSON.stringify({ v: PROTOCOL_VERSION - 1, type: 'encodeFrames', id: 1, job: 'm', ...spec('/a/b') }), { maxMessageBytes: 1 << 20 });
  expect(old.ok).toBe(false);
  if (!old.ok) expect(old.failure.message).toMatch(/Unsupported protocol version 4; this side speaks version 5/);
});

test('ProRes 4444 keeps the frames\' alpha, at the exact frame rate, and nothing else is left in the folder', async () => {
  const folder = jobFolder('Shot 1', 3);
  await client.encodeFrames('movie-1', spec(folder));
  const movie = path.join(folder, 'Shot.mov');
  expect(probe(movie)).toEqual({ codec_name: 'prores', profile: '4444', pix_fmt: expect.stringMatching(/^yuva444p1[02]le$/), nb_frames: '3', r_frame_rate: '24000/1001' });
  const alpha = decodedAlpha(movie);
  expect(alpha).toHaveLength(64 * 48);
  // The ramp across each row survives (within ProRes rounding): not an opaque plane.
  for (const x of [0, 20, 40, 63]) expect(Math.abs(alpha[5 * 64 + x] - x * 4)).toBeLessThanOrEqual(2);
  expect(fs.readdirSync(folder).sort()).toEqual(['Shot.mov', 'Shot_000001.png', 'Shot_000002.png', 'Shot_000003.png']);
});

test('DNxHR HQX is 10-bit 4:2:2, and frames too small for it are refused with what to choose instead', async () => {
  const folder = jobFolder('Shot 2', 2, { width: 256, height: 144 });
  await client.encodeFrames('movie-2', spec(folder, { format: 'dnxhr-hqx', frameCount: 2, fps: { num: 25, den: 1 } }));
  expect(probe(path.join(folder, 'Shot.mov'))).toMatchObject({ codec_name: 'dnxhd', pix_fmt: 'yuv422p10le', nb_frames: '2' });
  const small = jobFolder('Shot 3', 1);
  await expect(client.encodeFrames('movie-3', spec(small, { format: 'dnxhr-hqx', frameCount: 1 })))
    .rejects.toThrow('DNxHR needs frames of at least 256×120; these are 64×48. Choose ProRes 422 HQ or a larger render size.');
  expect(fs.readdirSync(small)).toEqual(['Shot_000001.png']);
});

test('a folder outside a "Coherent Style Renders" folder is refused, also through a link, and nothing is written', async () => {
  const outside = path.join(dir, 'Documents', 'Shot 4');
  fs.mkdirSync(outside, { recursive: true });
  fs.copyFileSync(path.join(jobFolder('Shot 1', 3), 'Shot_000001.png'), path.join(outside, 'Shot_000001.png'));
  const link = path.join(dir, RENDERS_FOLDER_NAME, 'Linked');
  fs.symlinkSync(outside, link);
  for (const [i, folder] of [outside, link].entries()) {
    await expect(client.encodeFrames(`refused-${i}`, spec(folder, { frameCount: 1 })))
      .rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', message: expect.stringContaining('only into job folders inside a "Coherent Style Renders" folder') });
  }
  expect(fs.readdirSync(outside)).toEqual(['Shot_000001.png']);
});

test('a cancel stops ffmpeg and leaves nothing under the movie\'s name, the frames kept', async () => {
  const folder = jobFolder('Shot 5', 1, { width: 320, height: 240 });
  const first = path.join(folder, frameFileName('Shot_', 0));
  for (let n = 1; n < 1500; n++) fs.copyFileSync(first, path.join(folder, frameFileName('Shot_', n)));
  const abort = new CancelController();
  const encoding = client.encodeFrames('movie-5', spec(folder, { frameCount: 1500 }), abort.signal);
  // ffmpeg is writing once its temp file is there; 1500 frames keep it busy long after that.
  await waitFor('ffmpeg writing', () => fs.readdirSync(folder).some((name) => !name.endsWith('.png')));
  expect(ffmpegChildren()).toHaveLength(1);
  abort.abort(new CancelledError());
  await expect(encoding).rejects.toBeInstanceOf(CancelledError);
  // The companion answers the cancel once ffmpeg is gone and its temp file deleted.
  await expect(client.encodeFrames('after-cancel', spec(jobFolder('Shot 6', 1), { frameCount: 1 }))).resolves.toBeUndefined();
  await waitFor('ffmpeg stopped', () => ffmpegChildren().length === 0);
  expect(fs.readdirSync(folder).filter((name) => !name.endsWith('.png'))).toEqual([]);
});
