/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * `farm submit --keyframes`: the submitter reads and resolves the keyframes into the job, and a
 * worker's chunk applies them per frame as `stylize` does. The chunk is rendered directly
 * (renderChunk), so no Redis runs here; farm.test.ts runs the farm end to end.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeImage } from '../../src/engine/images/imageCodec';
import { renderChunk } from '../../src/farm/chunkRenderer';
import { parseChunkJob } from '../../src/farm/jobSchema';
import { prepareFarmJob, type FarmRenderRequest } from '../../src/farm/submit';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { fixtureStylizer } from '../support/fixtureModels';
import { FIXTURE_MODELS_DIR, pngBytes, removeDir, STYLE, tempDir } from '../apps/cli/cliHarness';

let dir: string;
let frames: string;
beforeEach(async () => {
  dir = await tempDir('cs-farm-keyframes-');
  frames = path.join(dir, 'frames');
  await mkdir(frames);
  for (const n of [1, 2, 3]) await writeFile(path.join(frames, `frame_00000${n}.png`), pngBytes(24, 16, n));
});
afterEach(() => removeDir(dir));

async function request(out: string, keyframes?: unknown): Promise<FarmRenderRequest> {
  const file = path.join(dir, 'keyframes.json');
  if (keyframes) await writeFile(file, JSON.stringify(keyframes));
  return {
    input: frames, out: path.join(dir, out), look: { temporal: 'off' }, chunkFrames: 10, modelsDir: FIXTURE_MODELS_DIR,
    styles: [{ name: STYLE, file: STYLE, bytes: new Uint8Array(await readFile(STYLE)), weight: 1 }],
    ...(keyframes ? { keyframes: file } : {}),
  };
}

const signal = new AbortController().signal;

/** Renders the job's one chunk on this machine; resolves to its frames' pixels by frame number. */
async function renderOnlyChunk(req: FarmRenderRequest): Promise<Map<number, Uint8Array | Uint16Array>> {
  const job = await prepareFarmJob(req, locateFfmpeg, signal);
  expect(job.chunkCount).toBe(1);
  const chunk = parseChunkJob(job.flow.children![0].data);
  await mkdir(req.out);
  const service = await fixtureStylizer();
  try {
    await renderChunk(chunk, decodeImage(await readFile(STYLE)), 'chunk', { service, findFfmpeg: locateFfmpeg, signal });
  } finally {
    await service.dispose();
  }
  const out = new Map<number, Uint8Array | Uint16Array>();
  for (const n of [1, 2, 3]) out.set(n, decodeImage(await readFile(path.join(req.out, `frame_00000${n}.png`))).data);
  return out;
}

test('the job carries the resolved keyframes, and a chunk applies them frame by frame', async () => {
  const keyed = await request('keyed', { keyframes: [{ at: 1, strength: 0 }, { at: '3', strength: 1 }] });
  const job = await prepareFarmJob(keyed, locateFfmpeg, signal);
  expect(parseChunkJob(job.flow.children![0].data).render.keyframes).toEqual({ ease: 'linear', keyframes: [{ frame: 1, strength: 0 }, { frame: 3, strength: 1 }] });

  const faded = await renderOnlyChunk(keyed);
  const full = await renderOnlyChunk(await request('full'));
  expect(faded.get(1)).toEqual(decodeImage(await readFile(path.join(frames, 'frame_000001.png'))).data);
  expect(faded.get(2)).not.toEqual(full.get(2));
  expect(faded.get(3)).toEqual(full.get(3));
});

test('keyframes are part of the job key: the same render with other keyframes is another job', async () => {
  const a = await prepareFarmJob(await request('a', { keyframes: [{ at: 1, strength: 0.5 }] }), locateFfmpeg, signal);
  const b = await prepareFarmJob(await request('a', { keyframes: [{ at: 1, strength: 0.6 }] }), locateFfmpeg, signal);
  expect(a.key).not.toBe(b.key);
});

test('a keyframes file the frames cannot take is refused before anything is queued', async () => {
  await expect(prepareFarmJob(await request('x', { keyframes: [{ at: '2.5s', strength: 1 }] }), locateFfmpeg, signal)).rejects.toMatchObject({
    code: 'INVALID_ARGUMENT', message: expect.stringMatching(/keyframe 1: .*frames is a folder of frames, which has no frame rate/),
  });
});
