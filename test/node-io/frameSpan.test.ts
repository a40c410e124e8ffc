/** --frames as editors type it: frame numbers, seconds and timecode, resolved with the clip's frame rate. */
import { CoherentStyleError } from '../../src/engine/errors';
import { parseFrameSpan, resolveFrameSpan, type FrameSpan } from '../../src/node-io/frameSpan';

const FPS_24 = { num: 24, den: 1 };
const NTSC_FILM = { num: 24000, den: 1001 };
const NTSC_VIDEO = { num: 30000, den: 1001 };
const PAL = { num: 25, den: 1 };

const resolved = (text: string, rate = FPS_24): FrameSpan => resolveFrameSpan(parseFrameSpan(text), rate, 'clip.mp4');

test('frame numbers need no frame rate: a frame folder takes them', () => {
  expect(resolveFrameSpan(parseFrameSpan('7'), undefined, 'frames/')).toEqual({ first: 7, last: 7 });
  expect(resolveFrameSpan(parseFrameSpan('0-23'), undefined, 'frames/')).toEqual({ first: 0, last: 23 });
  expect(resolveFrameSpan(parseFrameSpan(' 10- '), undefined, 'frames/')).toEqual({ first: 10, last: undefined });
});

test('seconds cover the frames on screen from the start up to, not including, the end', () => {
  expect(resolved('0s-1s')).toEqual({ first: 0, last: 23 });
  expect(resolved('2.5s-4s')).toEqual({ first: 60, last: 95 });
  expect(resolved('2.51s-4.01s')).toEqual({ first: 60, last: 96 });
  expect(resolved('.5s-')).toEqual({ first: 12, last: undefined });
  // One instant: the frame on screen then.
  expect(resolved('2.5s')).toEqual({ first: 60, last: 60 });
  // 23.976: 1001 s hold exactly 24000 frames; 10 s hold 239.76, so the 240th frame (239) starts before 10 s.
  expect(resolved('0s-1001s', NTSC_FILM)).toEqual({ first: 0, last: 23999 });
  expect(resolved('0s-10s', NTSC_FILM)).toEqual({ first: 0, last: 239 });
});

test('timecode names frames, both ends included, non-drop at the nominal rate', () => {
  expect(resolved('00:00:02:12-00:00:04:00')).toEqual({ first: 60, last: 96 });
  expect(resolved('00:00:01:00', PAL)).toEqual({ first: 25, last: 25 });
  expect(resolved('01:00:00:00-', NTSC_VIDEO)).toEqual({ first: 108000, last: undefined });
  expect(resolved('00:00:00:29', NTSC_VIDEO)).toEqual({ first: 29, last: 29 });
  // Units mix: timecode to seconds, frames to timecode.
  expect(resolved('00:00:01:00-2s')).toEqual({ first: 24, last: 47 });
  expect(resolved('12-00:00:01:00')).toEqual({ first: 12, last: 24 });
});

test.each([
  ['a-b', /--frames takes frame numbers \(10-19, 10- to the end, 7\), seconds \(2.5s-4s\) or timecode HH:MM:SS:FF/],
  ['-5', /--frames takes/],
  ['1-2-3', /--frames takes/],
  ['2,5s', /--frames takes/],
  ['19-10', /the last frame comes before the first/],
  ['4s-2.5s', /the end comes before the start/],
  ['00:61:00:00', /minutes and seconds go up to 59/],
  ['00:00:01;00', /drop-frame timecode \(;\) is not supported/],
])('--frames %s is refused with what to type', (text, message) => {
  expect(() => parseFrameSpan(text)).toThrow(message);
  expect(() => parseFrameSpan(text)).toThrow(CoherentStyleError);
});

test('what only the frame rate can tell is refused when resolving', () => {
  expect(() => resolved('00:00:00:24')).toThrow(/the frame field of a timecode at 24 fps goes up to 23, got 24/);
  expect(() => resolved('00:00:02:00-1s')).toThrow(/the end comes before the start \(frames 48-23/);
  const folder = (): FrameSpan => resolveFrameSpan(parseFrameSpan('2.5s-4s'), undefined, 'frames/');
  expect(folder).toThrow(/frames\/ is a folder of frames, which has no frame rate.*give frame numbers/);
  expect(folder).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
});
