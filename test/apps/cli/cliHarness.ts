/** Shared helpers for the CLI tests: run the CLI in-process, temp folders, fixture copies, test media. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { encodePng } from '../../../src/engine/images/imageCodec';
import { runCliWith } from '../../../src/apps/cli/cli';
import { FIXTURE_MODELS_DIR } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';

export const REPO = path.resolve(__dirname, '../../..');
export const STYLE = path.join(REPO, 'samples/styles/mosaic.png');
export { FIXTURE_MODELS_DIR };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs the CLI in this process (non-TTY stdout), with an optional cancel signal. */
export async function cli(args: readonly string[], signal: AbortSignal = new AbortController().signal): Promise<CliRun> {
  const out = collector();
  const err = collector();
  const code = await runCliWith(args, { stdout: out.stream, stderr: err.stream, signal });
  return { code, stdout: out.text(), stderr: err.text() };
}

export async function tempDir(prefix = 'cs-cli-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Hash of every file under a folder (name → digest), to prove inputs were not touched. */
export async function folderDigest(dir: string): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) digest[name] = await sha256File(path.join(dir, name));
  return digest;
}

/** A writable copy of the fixture models (to damage in a test). */
export async function copyFixtureModels(into: string): Promise<string> {
  const dir = path.join(into, 'models');
  await cp(FIXTURE_MODELS_DIR, dir, { recursive: true });
  return dir;
}

export function pngBytes(width: number, height: number, seed = 0): Uint8Array {
  return encodePng(syntheticImage(width, height, { seed }));
}

export function ffmpeg(args: readonly string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

/** A 1-second test clip (lavfi test pattern + a 440 Hz tone) at 24000/1001 fps. */
export function makeTestVideo(file: string, size = '96x64', seconds = 1): void {
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=24000/1001`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds), '-c:v', 'libx264', '-pix_fmt', 'yuv444p', '-c:a', 'aac', '-shortest', file,
  ]);
}

export interface StreamFacts {
  codec: string;
  rate: string;
  frames: number;
  width: number;
  height: number;
  duration: number;
}

/** Stream facts via ffprobe (the tests may use it; the CLI itself does not). */
export function probeStreams(file: string): StreamFacts[] {
  const result = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries',
    'stream=codec_type,codec_name,r_frame_rate,nb_read_frames,width,height,duration', '-of', 'json', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const streams = (JSON.parse(result.stdout) as { streams: Record<string, string | number>[] }).streams;
  return streams.map((s) => ({
    codec: `${s.codec_type}:${s.codec_name}`,
    rate: String(s.r_frame_rate),
    frames: Number(s.nb_read_frames),
    width: Number(s.width ?? 0),
    height: Number(s.height ?? 0),
    duration: Number(s.duration),
  }));
}
