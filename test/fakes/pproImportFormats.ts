/**
 * What the Premiere simulator imports: the containers and stills of Adobe's "Supported file formats"
 * page for Premiere Pro (helpx.adobe.com/premiere-pro/using/supported-file-formats.html), and only
 * the video codecs that page names natively (H.264/AVC, HEVC, Apple ProRes, Avid DNxHD/DNxHR, MPEG-2,
 * DV). A container is not enough: the page says the data inside must have a decoder, so a video's
 * codec is read with ffprobe. Matroska (.mkv) and WebM are not on the page: importing one fails, as
 * the simulator is never kinder than the host. Each of the CLI's output formats (outputFormat.ts)
 * must import: test/apps/cli/cliFormats.test.ts imports every one it writes.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const STILLS = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp', '.dpx', '.gif', '.psd', '.tga', '.exr']);
const VIDEO_CONTAINERS = new Set(['.mov', '.mp4', '.m4v', '.mxf', '.avi', '.mpg', '.mpeg', '.m2ts', '.mts', '.3gp', '.3g2']);
/** ffprobe's names for the codecs the page lists (dnxhd covers DNxHR). */
const VIDEO_CODECS = new Set(['h264', 'hevc', 'prores', 'dnxhd', 'mpeg2video', 'dvvideo']);

export type ImportedMedia =
  | { kind: 'still' }
  | { kind: 'video'; codec: string; durationSeconds: number };

/** The media Premiere would make of the file, or undefined when it cannot import it (importFiles answers false). */
export function importableMedia(file: string): ImportedMedia | undefined {
  const ext = path.extname(file).toLowerCase();
  if (STILLS.has(ext)) return { kind: 'still' };
  if (!VIDEO_CONTAINERS.has(ext)) return undefined;
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const info = JSON.parse(probe.stdout) as { streams?: { codec_name?: string }[]; format?: { duration?: string } };
  const codec = info.streams?.[0]?.codec_name;
  if (!codec || !VIDEO_CODECS.has(codec)) return undefined;
  return { kind: 'video', codec, durationSeconds: Number(info.format?.duration ?? 0) };
}
