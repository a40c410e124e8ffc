/**
 * What the CLI needs to know about a video, found with the ffmpeg binary alone (the npm-shipped
 * ffmpeg has no ffprobe): `ffmpeg -i` for the streams, then one stream-copy pass through the
 * framecrc muxer, which lists every video packet with its exact time base and duration. That pass
 * gives the exact frame count and the exact rational frame rate (24000/1001, not "23.98").
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { CoherentStyleError } from '../engine/errors';
import { inputFileArgs, lastErrorLine, localFile, runFfmpeg, type FfmpegBinary, type FfmpegResult } from './ffmpeg';

export interface Rational {
  num: number;
  den: number;
}

export interface VideoInfo {
  /** Size of the decoded (display-rotated) frames. */
  width: number;
  height: number;
  frameRate: Rational;
  frameCount: number;
  /** Video start relative to the file's start, in seconds (keeps A/V sync when muxing the audio back). */
  videoStartSeconds: number;
  durationSeconds: number;
  videoCodec: string;
  /** The video stream has an alpha channel (ProRes 4444, PNG or QuickTime Animation in RGBA, …). */
  hasAlpha: boolean;
  /** Codec names of the audio streams, in order; empty when the file has no audio. */
  audioCodecs: string[];
}

export function rationalToString(r: Rational): string {
  return `${r.num}/${r.den}`;
}

export function rationalValue(r: Rational): number {
  return r.num / r.den;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function reduceRational(num: number, den: number): Rational {
  const g = gcd(Math.abs(num), Math.abs(den)) || 1;
  return { num: num / g, den: den / g };
}

/**
 * The exact rate behind a rounded decimal such as ffmpeg's "23.98 fps": whole numbers, the NTSC
 * family (n·1000/1001), else the closest fraction with a small denominator.
 */
export function snapFrameRate(fps: number): Rational {
  if (Math.abs(fps - Math.round(fps)) < 0.005) return { num: Math.round(fps), den: 1 };
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(ntsc / 1.001 - fps) < 0.006) return reduceRational(ntsc * 1000, 1001);
  for (let den = 2; den <= 100; den++) {
    const num = Math.round(fps * den);
    if (Math.abs(num / den - fps) < 0.005) return reduceRational(num, den);
  }
  return reduceRational(Math.round(fps * 1000), 1000);
}

const VIDEO_LINE = /Stream #0:\d+[^:]*: Video: (\w+)[^\n]*?, (\d+)x(\d+)[^\n]*/;
const FPS = /, ([\d.]+) (?:fps|tbr)\b/;
const AUDIO_LINE = /Stream #0:\d+[^:]*: Audio: (\w+)/g;
const ROTATION = /rotation of (-?[\d.]+) degrees/;
const DURATION = /Duration: (\d+):(\d+):([\d.]+)/;
/** The pixel format follows the codec, whose description has no comma: "Video: prores (4444) (ap4h / …), yuva444p12le(…), …". */
const PIXEL_FORMAT = /Video: [^,]*, ([a-z0-9_]+)/;
/** Pixel formats with an alpha plane, by name. */
const ALPHA_PIXEL_FORMAT = /^(yuva|gbrap|ya\d|rgba|bgra|argb|abgr)/;

export interface StreamSummary {
  width: number;
  height: number;
  headerFps: number | undefined;
  videoCodec: string;
  hasAlpha: boolean;
  audioCodecs: string[];
  durationSeconds: number;
}

/** Parses the stream listing `ffmpeg -i` prints; undefined when the file has no video stream. */
export function parseStreamListing(stderr: string): StreamSummary | undefined {
  const video = VIDEO_LINE.exec(stderr);
  if (!video) return undefined;
  let width = Number(video[2]);
  let height = Number(video[3]);
  // ffmpeg auto-rotates when decoding, so a portrait phone clip decodes with swapped dimensions.
  const afterHeader = stderr.slice(video.index + video[0].length);
  const nextStream = afterHeader.search(/Stream #\d+:\d+/);
  const rotation = ROTATION.exec(nextStream < 0 ? afterHeader : afterHeader.slice(0, nextStream));
  if (rotation && Math.abs(Math.abs(Number(rotation[1])) % 180 - 90) < 1) [width, height] = [height, width];
  const fps = FPS.exec(video[0]);
  const duration = DURATION.exec(stderr);
  const pixelFormat = PIXEL_FORMAT.exec(video[0])?.[1] ?? '';
  return {
    width,
    height,
    headerFps: fps ? Number(fps[1]) : undefined,
    videoCodec: video[1],
    hasAlpha: ALPHA_PIXEL_FORMAT.test(pixelFormat),
    audioCodecs: [...stderr.matchAll(AUDIO_LINE)].map((m) => m[1]),
    durationSeconds: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : 0,
  };
}

export interface PacketTiming {
  frameCount: number;
  /** Rate from the packets' time base and their most common duration; undefined without durations. */
  packetRate: Rational | undefined;
  firstPtsSeconds: number;
}

/** Parses framecrc output: `#tb 0: 1/24000` then one `stream, dts, pts, duration, size, crc` line per packet. */
export function parsePacketList(framecrc: string): PacketTiming {
  const tb = /#tb 0: (\d+)\/(\d+)/.exec(framecrc);
  const durations = new Map<number, number>();
  let frameCount = 0;
  let firstPts = Number.POSITIVE_INFINITY;
  for (const line of framecrc.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 5) continue;
    frameCount++;
    const pts = Number(fields[2]);
    if (Number.isFinite(pts)) firstPts = Math.min(firstPts, pts);
    const duration = Number(fields[3]);
    if (duration > 0) durations.set(duration, (durations.get(duration) ?? 0) + 1);
  }
  const tbNum = tb ? Number(tb[1]) : 1;
  const tbDen = tb ? Number(tb[2]) : 1;
  const commonDuration = [...durations.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    frameCount,
    packetRate: commonDuration ? reduceRational(tbDen, tbNum * commonDuration) : undefined,
    firstPtsSeconds: Number.isFinite(firstPts) ? (firstPts * tbNum) / tbDen : 0,
  };
}

/** Prefers the exact packet rate when it agrees with the rate in the header (mkv's 1 ms time base does not). */
export function chooseFrameRate(headerFps: number | undefined, packetRate: Rational | undefined): Rational {
  if (packetRate && (headerFps === undefined || Math.abs(rationalValue(packetRate) - headerFps) < 0.011)) return packetRate;
  if (headerFps !== undefined && headerFps > 0) return snapFrameRate(headerFps);
  if (packetRate) return packetRate;
  throw new CoherentStyleError('FFMPEG_FAILED', 'Could not determine the frame rate of the video.');
}

/**
 * Why ffmpeg did not open the input. The file is called missing or unreadable only when the file
 * system says so (a half-installed ffmpeg also prints "No such file or directory", about its own
 * libraries); an input ffmpeg named in its complaint is not a video it can read; anything else is
 * the probe failing, quoted with ffmpeg's message.
 */
async function describeOpenFailure(ffmpeg: FfmpegBinary, file: string, listing: FfmpegResult): Promise<CoherentStyleError> {
  const state = await readable(file);
  if (state === 'ENOENT') return new CoherentStyleError('INPUT_UNREADABLE', `${file} does not exist.`);
  if (state === 'EACCES') return new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${file} (permission denied).`);
  if (listing.stderr.includes(localFile(file))) {
    return new CoherentStyleError('UNSUPPORTED_FORMAT', `${file} is not a video ffmpeg can read (${lastErrorLine(listing.stderr)}).`);
  }
  return new CoherentStyleError('FFMPEG_FAILED',
    `Probing ${file} with ffmpeg (${ffmpeg.path}, found via ${ffmpeg.foundVia}) failed, exit code ${listing.exitCode ?? 'none'}: ${lastErrorLine(listing.stderr)}. `
    + 'The file is there; check that ffmpeg runs (`ffmpeg -version`), or set FFMPEG_PATH to a working ffmpeg.');
}

/** 'ok', or the error code that keeps this process from reading the file. */
async function readable(file: string): Promise<'ok' | 'ENOENT' | 'EACCES'> {
  try {
    await access(file, constants.R_OK);
    return 'ok';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'ENOENT' : code === 'EACCES' || code === 'EPERM' ? 'EACCES' : 'ok';
  }
}

export async function probeVideo(ffmpeg: FfmpegBinary, file: string, signal?: AbortSignal): Promise<VideoInfo> {
  const listing = await runFfmpeg(ffmpeg, inputFileArgs(file), signal);
  if (!/Input #0/.test(listing.stderr)) throw await describeOpenFailure(ffmpeg, file, listing);
  const streams = parseStreamListing(listing.stderr);
  if (!streams) {
    throw new CoherentStyleError('NO_VIDEO_STREAM', `${file} has no video stream (is it an audio-only file?).`);
  }
  const packets = await runFfmpeg(ffmpeg, ['-v', 'error', ...inputFileArgs(file), '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-'], signal);
  if (packets.exitCode !== 0) {
    throw new CoherentStyleError('FFMPEG_FAILED', `Could not read the video frames of ${file} (${lastErrorLine(packets.stderr)}).`);
  }
  const timing = parsePacketList(packets.stdout.toString('utf8'));
  if (timing.frameCount === 0) {
    throw new CoherentStyleError('NO_VIDEO_STREAM', `${file} has a video stream without any frames.`);
  }
  return {
    width: streams.width,
    height: streams.height,
    frameRate: chooseFrameRate(streams.headerFps, timing.packetRate),
    frameCount: timing.frameCount,
    videoStartSeconds: Math.max(0, timing.firstPtsSeconds),
    durationSeconds: streams.durationSeconds,
    videoCodec: streams.videoCodec,
    hasAlpha: streams.hasAlpha,
    audioCodecs: streams.audioCodecs,
  };
}
