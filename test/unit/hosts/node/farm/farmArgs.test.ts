import { parseFarmSubmitArgs } from '../../../../../src/hosts/node/farm/submitCommand';
import { parseFarmStatusArgs } from '../../../../../src/hosts/node/farm/statusCommand';
import { parseWorkerArgs } from '../../../../../src/hosts/node/farm/workerCommand';

test('farm submit: typed options with defaults; the Redis URL may come from the environment', () => {
  expect(parseFarmSubmitArgs(['clip.mp4', '--style', 's.png', '--out', 'o.mp4', '--frames', '10-19', '--chunk', '5'], { COHERENT_STYLE_REDIS_URL: 'redis://:pw@h' })).toEqual({
    input: 'clip.mp4', style: 's.png', out: 'o.mp4', redis: 'redis://:pw@h', mode: undefined, strength: 1, size: undefined,
    frames: { first: 10, last: 19 }, chunkFrames: 5, models: undefined, keepColors: false, styleScale: undefined,
  });
  expect(parseFarmSubmitArgs(['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--keep-colors', '--style-scale', '2'], {}))
    .toMatchObject({ keepColors: true, styleScale: 2 });
  expect(parseFarmSubmitArgs(['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h'], {}).chunkFrames).toBe(100);
});

test.each([
  [['clip.mp4', '--style', 's.png', '--out', 'o'], /Missing --redis/],
  [['clip.mp4', '--out', 'o', '--redis', 'redis://h'], /Missing --style/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--chunk', '0'], /--chunk must be a whole number from 1/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--strength', '2'], /--strength must be a number from 0 to 1/],
  [['a', 'b', '--style', 's.png', '--out', 'o', '--redis', 'redis://h'], /exactly one input/],
  [['clip.mp4', '--style', 's.png', '--out', 'o', '--redis', 'redis://h', '--style-scale', '9'], /--style-scale must be a number from 0.25 to 4/],
])('farm submit %j is a usage error', (args, message) => {
  expect(() => parseFarmSubmitArgs(args, {})).toThrow(message);
});

test('farm status takes one job id', () => {
  expect(parseFarmStatusArgs([`cs-${'a'.repeat(32)}`, '--redis', 'redis://h', '--follow'], {})).toEqual({ key: `cs-${'a'.repeat(32)}`, redis: 'redis://h', follow: true });
  expect(() => parseFarmStatusArgs(['42', '--redis', 'redis://h'], {})).toThrow(/one job id/);
});

test('worker options', () => {
  expect(parseWorkerArgs(['--redis', 'redis://h', '--threads', '2'], {})).toEqual({ redis: 'redis://h', concurrency: 1, models: undefined, threads: 2, stallSeconds: 30 });
  expect(() => parseWorkerArgs(['--redis', 'redis://h', '--concurrency', '0'], {})).toThrow(/--concurrency/);
});
