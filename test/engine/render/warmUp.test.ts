import { withWarmUp } from '../../../src/engine/render/warmUp';
import { warmUpFrames } from '../../../src/engine/temporal/stabilizer';

const clip = Array.from({ length: 200 }, (_, i) => i);
const depth = warmUpFrames('normal');

test('a render from the start of the clip needs no warm-up', () => {
  expect(withWarmUp(clip, clip.slice(0, 50), 'normal')).toEqual({ frames: clip.slice(0, 50), warmUp: new Set() });
});

test('each stretch that starts part-way is preceded by the warm-up frames, and only those are discarded', () => {
  const needed = [...clip.slice(100, 120), ...clip.slice(150, 160)];
  const { frames, warmUp } = withWarmUp(clip, needed, 'normal');
  const expectedWarmUp = [...clip.slice(100 - depth, 100), ...clip.slice(Math.max(120, 150 - depth), 150)];
  expect([...warmUp].sort((a, b) => a - b)).toEqual(expectedWarmUp);
  expect(frames).toEqual([...expectedWarmUp.filter((n) => n < 100), ...clip.slice(100, 120), ...expectedWarmUp.filter((n) => n >= 120), ...clip.slice(150, 160)]);
});

test('a stretch near the start warms up on what there is; off needs none', () => {
  expect(withWarmUp(clip, [3, 4], 'normal').frames).toEqual([0, 1, 2, 3, 4]);
  expect(withWarmUp(clip, [100, 101], 'off')).toEqual({ frames: [100, 101], warmUp: new Set() });
});

test('frame folders with gaps: warm-up follows the clip order, not the numbers', () => {
  const numbered = [10, 20, 30, 40, 50];
  expect(withWarmUp(numbered, [40, 50], 'normal')).toEqual({ frames: [10, 20, 30, 40, 50], warmUp: new Set([10, 20, 30]) });
});
