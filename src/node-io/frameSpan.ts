/**
 * `--frames` as an editor types it: frame numbers (`10-19`), seconds (`2.5s-4s`) or timecode
 * (`00:00:02:12-00:00:04:00`), in any mix. Parsing checks the spelling only; seconds and timecode
 * become frame numbers once the video's frame rate is known (resolveFrameSpan), so a frame folder,
 * which has no rate, takes frame numbers only.
 *
 * Seconds name instants, counted from the first frame: a span covers the frames on screen from its
 * start up to (not including) its end, so `0s-1s` at 24 fps is frames 0-23. Frame numbers and
 * timecode name frames, both ends included; timecode counts from 00:00:00:00 = frame 0 (not the
 * source's own start timecode), non-drop, at the nominal rate (24 for 23.976, 30 for 29.97).
 */
import { CoherentStyleError } from '../engine/errors';
import { rationalValue, type Rational } from './videoProbe';

/** Frame numbers as a command selects them. */
export interface FrameSpan {
  /** First frame, 0-based. */
  first: number;
  /** Last frame, inclusive; undefined: to the end. */
  last?: number;
}

/** One end of a span as typed. */
export type ClipPoint =
  | { kind: 'frame'; frame: number }
  | { kind: 'seconds'; seconds: number }
  | { kind: 'timecode'; hours: number; minutes: number; seconds: number; frames: number };

/** A parsed --frames value, not yet resolved to frame numbers. */
export interface FrameSpanRequest {
  /** As typed, for messages. */
  text: string;
  first: ClipPoint;
  /** undefined: to the end. */
  last?: ClipPoint;
}

const FORMS = 'frame numbers (10-19, 10- to the end, 7), seconds (2.5s-4s) or timecode HH:MM:SS:FF (00:00:02:12-00:00:04:00)';

function invalid(message: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `${message}\nRun \`coherent-style stylize --help\` for examples.`);
}

function throwInvalid(message: string): never {
  throw invalid(message);
}

/** A point as typed, or undefined when it has none of the forms; `where` begins messages ("--frames 2-1"). */
function parsePoint(text: string, where: string): ClipPoint | undefined {
  if (/^\d+$/.test(text)) return { kind: 'frame', frame: Number(text) };
  const seconds = /^(\d+(?:\.\d*)?|\.\d+)s$/.exec(text);
  if (seconds) return { kind: 'seconds', seconds: Number(seconds[1]) };
  const timecode = /^(\d+):(\d\d):(\d\d):(\d\d)$/.exec(text);
  if (timecode) {
    const [hours, minutes, secs, frames] = timecode.slice(1).map(Number);
    if (minutes > 59 || secs > 59) throw invalid(`${where}: ${text} is not a timecode (minutes and seconds go up to 59).`);
    return { kind: 'timecode', hours, minutes, seconds: secs, frames };
  }
  if (/^\d+:\d\d:\d\d;\d\d$/.test(text)) {
    throw invalid(`${where}: drop-frame timecode (;) is not supported; give non-drop timecode (HH:MM:SS:FF), seconds or frame numbers.`);
  }
  return undefined;
}

/** One instant of a clip as typed (a keyframe's time); `where` begins messages. */
export function parseClipPoint(text: string, where: string): ClipPoint {
  const point = parsePoint(text.trim(), where);
  if (!point) throw invalid(`${where} takes a frame number (48), seconds (2.5s) or timecode HH:MM:SS:FF (00:00:02:00); got "${text}".`);
  return point;
}

export function parseFrameSpan(text: string): FrameSpanRequest {
  const whole = text.trim();
  const parts = whole.split('-');
  if (parts.length > 2 || parts[0] === '') throw invalid(`--frames takes ${FORMS}; got "${text}".`);
  const point = (text: string): ClipPoint => parsePoint(text, `--frames ${whole}`) ?? throwInvalid(`--frames takes ${FORMS}; got "${whole}".`);
  const first = point(parts[0]);
  if (parts.length === 1) return { text: whole, first, last: first };
  if (parts[1] === '') return { text: whole, first };
  const last = point(parts[1]);
  // Same units compare without a frame rate; a mix is checked when resolved.
  if (first.kind === 'frame' && last.kind === 'frame' && last.frame < first.frame) throw invalid(`--frames ${whole}: the last frame comes before the first.`);
  if (first.kind === 'seconds' && last.kind === 'seconds' && last.seconds <= first.seconds) throw invalid(`--frames ${whole}: the end comes before the start, or equals it.`);
  return { text: whole, first, last };
}

/** Timecode frames per second: the whole-number rate the frame field counts to (30 for 29.97). */
function nominalRate(rate: Rational): number {
  return Math.round(rationalValue(rate));
}

/** Guards against 2.5 · 24 landing at 59.999…: a time this close to a frame boundary is on it. */
const EPSILON = 1e-6;

function frameOf(point: ClipPoint, rate: Rational, end: boolean, where: string): number {
  switch (point.kind) {
    case 'frame':
      return point.frame;
    case 'seconds': {
      const at = (point.seconds * rate.num) / rate.den;
      // The frame on screen at the start; the end is exclusive, so the last frame is the one before it.
      return end ? Math.ceil(at - EPSILON) - 1 : Math.floor(at + EPSILON);
    }
    case 'timecode': {
      const perSecond = nominalRate(rate);
      if (point.frames >= perSecond) {
        throw invalid(`${where}: the frame field of a timecode at ${perSecond} fps goes up to ${perSecond - 1}, got ${String(point.frames).padStart(2, '0')}.`);
      }
      return ((point.hours * 60 + point.minutes) * 60 + point.seconds) * perSecond + point.frames;
    }
  }
}

/**
 * Frame numbers for a request; `frameRate` undefined (a frame folder) takes frame numbers only.
 * A single point in seconds is the one frame on screen at that instant.
 */
export function resolveFrameSpan(request: FrameSpanRequest, frameRate: Rational | undefined, what: string): FrameSpan {
  const { first, last, text } = request;
  if (first.kind === 'frame' && (last === undefined || last.kind === 'frame')) return { first: first.frame, last: last?.frame };
  if (!frameRate) {
    throw invalid(`--frames ${text}: ${what} is a folder of frames, which has no frame rate, so seconds and timecode cannot be converted; give frame numbers (e.g. 10-19).`);
  }
  const start = frameOf(first, frameRate, false, `--frames ${text}`);
  if (last === undefined) return { first: start };
  const single = last === first && first.kind === 'seconds';
  const stop = single ? start : frameOf(last, frameRate, true, `--frames ${text}`);
  if (stop < start) throw invalid(`--frames ${text}: the end comes before the start (frames ${start}-${stop} at ${rationalValue(frameRate).toFixed(3)} fps).`);
  return { first: start, last: stop };
}

/**
 * The frame a point names (seconds: the frame on screen at that instant); `frameRate` undefined (a
 * frame folder, `what`) takes frame numbers only.
 */
export function resolveClipPoint(point: ClipPoint, frameRate: Rational | undefined, where: string, what: string): number {
  if (point.kind === 'frame') return point.frame;
  if (!frameRate) {
    throw invalid(`${where}: ${what} is a folder of frames, which has no frame rate, so seconds and timecode cannot be converted; give frame numbers.`);
  }
  return frameOf(point, frameRate, false, where);
}

/** A request for frames first..last by number, as a program (the demo, the benchmarks) makes one. */
export function frameNumberSpan(first: number, last: number): FrameSpanRequest {
  return { text: `${first}-${last}`, first: { kind: 'frame', frame: first }, last: { kind: 'frame', frame: last } };
}
