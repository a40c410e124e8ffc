/**
 * What `farm submit` (and the companion's farm renders) refuse before anything reaches Redis:
 * prepareFarmJob is called directly, so no Redis runs here.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { locateFfmpeg } from '../../src/node-io/ffmpeg';
import { prepareFarmJob, type FarmRenderRequest } from '../../src/farm/submit';
import { FIXTURE_MODELS_DIR, folderDigest, pngBytes, removeDir, STYLE, tempDir } from '../apps/cli/cliHarness';

let dir: string;
let frames: string;
beforeEach(async () => {
  dir = await tempDir('cs-farm-submit-');
  frames = path.join(dir, 'fr2');
  mkdirSync(frames);
  for (const n of [1, 2, 3]) await writeFile(path.join(frames, `frame_00000${n}.png`), pngBytes(24, 16, n));
});
afterEach(() => removeDir(dir));

async function request(overrides: Partial<FarmRenderRequest>): Promise<FarmRenderRequest> {
  return {
    input: frames, out: path.join(dir, 'out'), look: { temporal: 'off' }, chunkFrames: 2, modelsDir: FIXTURE_MODELS_DIR,
    styles: [{ name: STYLE, file: STYLE, bytes: new Uint8Array(await readFile(STYLE)), weight: 1 }],
    ...overrides,
  };
}

const prepare = (r: FarmRenderRequest) => prepareFarmJob(r, locateFfmpeg, new AbortController().signal);

test('refuses an output that is the input through a symlink', async () => {
  symlinkSync(frames, path.join(dir, 'fr2link'));
  const before = await folderDigest(frames);
  await expect(prepare(await request({ out: path.join(dir, 'fr2link') }))).rejects.toMatchObject({
    code: 'INVALID_ARGUMENT', message: expect.stringMatching(/would overwrite the input; choose another --out/),
  });
  expect(await folderDigest(frames)).toEqual(before);
});

test('refuses an output that is a style file', async () => {
  const style = path.join(dir, 'style.mp4');
  await writeFile(style, pngBytes(24, 16, 9));
  const styles = [{ name: style, file: style, bytes: new Uint8Array(await readFile(style)), weight: 1 }];
  await expect(prepare(await request({ styles, input: frames, out: style }))).rejects.toThrow(/would overwrite the style image .*style\.mp4/);
});

test('accepts a separate output', async () => {
  const job = await prepare(await request({}));
  expect(job.frameCount).toBe(3);
});

test('refuses weights whose sum overflows (they would normalise to 0,0 and render grey)', async () => {
  const bytes = new Uint8Array(await readFile(STYLE));
  const styles = [{ name: 'a', bytes, weight: 1e308 }, { name: 'b', bytes, weight: 1e308 }];
  await expect(prepare(await request({ styles }))).rejects.toMatchObject({
    code: 'INVALID_ARGUMENT', message: expect.stringMatching(/style weights must be numbers from 0 to 1000000/),
  });
});

test('keyframes already resolved (a panel\'s farm render) go into the job as given; their weights must be one per style', async () => {
  const keyframes = { ease: 'linear' as const, keyframes: [{ frame: 1, strength: 0 }, { frame: 3, strength: 1, weights: [1] }] };
  const job = await prepare(await request({ keyframes }));
  expect(job.flow.children?.[0].data.render.keyframes).toEqual(keyframes);
  const twoWeights = { ...keyframes, keyframes: [{ frame: 1, weights: [1, 0] }] };
  await expect(prepare(await request({ keyframes: twoWeights }))).rejects.toMatchObject({
    code: 'INVALID_ARGUMENT', message: 'Keyframe 1 of the farm render has 2 style weights but the render has 1 style image; give one weight per style.',
  });
});
