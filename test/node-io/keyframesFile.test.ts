/** --keyframes files: times as --frames takes them, resolved with the clip's rate; mistakes named with what to write. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readKeyframesFile } from '../../src/node-io/keyframesFile';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cs-keyframes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const FPS_24 = { num: 24, den: 1 };

async function read(content: string, rate: { num: number; den: number } | 'folder' = FPS_24, styles = 1) {
  const file = path.join(dir, 'k.json');
  await writeFile(file, content);
  return readKeyframesFile(file, rate === 'folder' ? undefined : rate, styles, 'clip.mp4');
}

test('frame numbers, seconds and timecode resolve to frames of the clip; ease defaults to linear', async () => {
  const keyframes = await read(JSON.stringify({ keyframes: [{ at: 0, strength: 0 }, { at: '1.5s', strength: 0.5 }, { at: '00:00:03:12', strength: 1 }] }));
  expect(keyframes).toEqual({ ease: 'linear', keyframes: [{ frame: 0, strength: 0 }, { frame: 36, strength: 0.5 }, { frame: 84, strength: 1 }] });
  expect((await read(JSON.stringify({ ease: 'ease-in-out', keyframes: [{ at: '7', weights: [1, 3] }] }), 'folder', 2)))
    .toEqual({ ease: 'ease-in-out', keyframes: [{ frame: 7, weights: [1, 3] }] });
});

test.each([
  ['{"keyframes": [', /is not JSON/],
  [JSON.stringify({ keyframes: [] }), /keyframes: Too small/],
  [JSON.stringify({ keyframes: [{ at: 0, strenght: 1 }] }), /Unrecognized key.*strenght/],
  [JSON.stringify({ keyframes: [{ at: '2s', strength: 1 }, { at: 10, strength: 0 }] }), /keyframe 2 is at frame 10, not after the keyframe before it \(frame 48\)/],
  [JSON.stringify({ keyframes: [{ at: 0, weights: [1, 2] }] }), /keyframe 1 has 2 weights but the render has 1 --style; give one weight per style/],
  [JSON.stringify({ keyframes: [{ at: 0, strength: 2 }] }), /keyframes\.0\.strength: Too big/],
])('refuses %s with what to write', async (content, message) => {
  const refused = read(content);
  await expect(refused).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
  await expect(read(content)).rejects.toThrow(/Write a JSON object \{"ease"/);
});

test.each([
  [JSON.stringify({ keyframes: [{ at: 'soon', strength: 1 }] }), /keyframe 1 takes a frame number \(48\), seconds \(2\.5s\) or timecode/],
  [JSON.stringify({ keyframes: [{ at: '00:00:00:30', strength: 1 }] }), /keyframe 1: the frame field of a timecode at 24 fps goes up to 23/],
])('refuses a time it cannot read (%s), saying which keyframe', async (content, message) => {
  await expect(read(content)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
});

test('a frame folder takes frame numbers only', async () => {
  await expect(read(JSON.stringify({ keyframes: [{ at: '1s', strength: 1 }] }), 'folder')).rejects.toThrow(/clip\.mp4 is a folder of frames, which has no frame rate/);
});
