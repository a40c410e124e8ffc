/** Style over time: each property between the keyframes that set it, held outside them. */
import { lookAt, lookKeyframesSchema, type LookKeyframes } from '../../../src/engine/look/lookKeyframes';

const fade: LookKeyframes = { ease: 'linear', keyframes: [{ frame: 10, strength: 0 }, { frame: 20, strength: 1, weights: [3, 1] }, { frame: 30, weights: [0, 2] }] };

test('strength moves straight between its keyframes and holds before the first and after the last', () => {
  expect([0, 10, 15, 20, 25, 99].map((n) => lookAt(fade, n).strength)).toEqual([0, 0, 0.5, 1, 1, 1]);
});

test('weights move as shares of the mix, held outside their keyframes; unset properties stay the render\'s own', () => {
  expect(lookAt(fade, 0).weights).toEqual([0.75, 0.25]);
  expect(lookAt(fade, 25).weights).toEqual([0.375, 0.625]);
  expect(lookAt(fade, 40).weights).toEqual([0, 1]);
  expect(lookAt({ ease: 'linear', keyframes: [{ frame: 0, weights: [1, 1] }] }, 5).strength).toBeUndefined();
});

test('ease-in-out starts and ends slowly and passes the middle at half', () => {
  const eased = { ...fade, ease: 'ease-in-out' as const };
  expect(lookAt(eased, 11).strength).toBeLessThan(0.1);
  expect(lookAt(eased, 15).strength).toBeCloseTo(0.5, 10);
  expect(lookAt(eased, 19).strength).toBeGreaterThan(0.9);
});

test.each([
  [{ ease: 'linear', keyframes: [{ frame: 3 }] }, /keyframe 1 sets neither strength nor weights/],
  [{ ease: 'linear', keyframes: [{ frame: 3, strength: 1 }, { frame: 3, strength: 0 }] }, /keyframe 2 is at frame 3, not after the keyframe before it/],
  [{ ease: 'linear', keyframes: [{ frame: 0, weights: [0, 0] }] }, /at least one style weight must be above 0/],
  [{ ease: 'linear', keyframes: [{ frame: 0, strength: 1.5 }] }, /strength/],
  [{ ease: 'bounce', keyframes: [{ frame: 0, strength: 1 }] }, /ease/],
])('refuses %j', (keyframes, message) => {
  const parsed = lookKeyframesSchema.safeParse(keyframes);
  expect(parsed.success).toBe(false);
  expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
});
