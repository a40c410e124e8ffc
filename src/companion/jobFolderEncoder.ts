/**
 * The companion's encodeFrames: a job folder's numbered PNG frames into a movie beside them, with
 * the command line's encoder (videoEncoder.ts: a temp name, renamed once ffmpeg succeeded). Only
 * a job folder directly inside a "Coherent Style Renders" folder is written, judged on its real
 * path (links resolved), and the movie is a plain file name in it: a client cannot make the
 * companion write anywhere else.
 */
import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { CancelSignal } from '../engine/cancellation';
import { CoherentStyleError, throwIfCancelled } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { frameFileName, RENDERS_FOLDER_NAME } from '../engine/render/jobFolderNames';
import { frameSizeProblem, VIDEO_FORMATS, type VideoFormat } from '../engine/render/videoFormats';
import type { EncodeFramesSpec, FrameEncoderBackend } from '../protocol/endpointBackend';
import { abortSignalOf } from '../node-io/cancelSignals';
import type { FfmpegBinary } from '../node-io/ffmpeg';
import { readImageFile } from '../node-io/imageFiles';
import { keepsAlpha } from '../node-io/outputFormat';
import { VideoEncoder } from '../node-io/videoEncoder';

/** The job folder's real path, when it is a folder directly inside a "Coherent Style Renders" folder. */
async function writableJobFolder(folder: string): Promise<string> {
  const real = await realpath(folder).catch(() => undefined);
  const isFolder = real !== undefined && (await stat(real)).isDirectory();
  if (!isFolder) throw new CoherentStyleError('INPUT_UNREADABLE', `The job folder ${folder} does not exist on the companion's machine.`);
  if (path.basename(path.dirname(real)) !== RENDERS_FOLDER_NAME) {
    throw new CoherentStyleError('OUTPUT_UNWRITABLE',
      `The companion writes movies only into job folders inside a "${RENDERS_FOLDER_NAME}" folder; ${folder} is not one. Apply from the panel, which renders there.`);
  }
  return real;
}

function checkFits(format: VideoFormat, frame: RasterImage): void {
  const tooSmall = frameSizeProblem(format, frame, 'these are');
  if (tooSmall) throw new CoherentStyleError('INVALID_ARGUMENT', `${tooSmall} Choose ProRes 422 HQ or a larger render size.`);
}

export class JobFolderEncoder implements FrameEncoderBackend {
  constructor(private readonly ffmpeg: FfmpegBinary, readonly formats: readonly VideoFormat[] = VIDEO_FORMATS) {}

  async encode(spec: EncodeFramesSpec, signal: CancelSignal): Promise<void> {
    const folder = await writableJobFolder(spec.folder);
    const readSignal = abortSignalOf(signal);
    const read = (n: number) => readImageFile(path.join(folder, frameFileName(spec.prefix, n)), undefined, readSignal);
    const first = await read(0);
    checkFits(spec.format, first);
    const encoder = VideoEncoder.start(this.ffmpeg, {
      target: path.join(folder, spec.output), format: spec.format,
      // ProRes 4444 keeps the frames' alpha; frames without one make an opaque movie.
      alpha: first.channels === 4 && keepsAlpha({ kind: 'video', format: spec.format }),
      width: first.width, height: first.height, frameRate: spec.fps,
    });
    // A cancel stops ffmpeg at once, even while it is finishing the file.
    const stopOnCancel = signal.onAbort(() => void encoder.abort());
    try {
      for (let n = 0; n < spec.frameCount; n++) {
        throwIfCancelled(signal);
        await encoder.write(n === 0 ? first : await read(n));
      }
      throwIfCancelled(signal);
      await encoder.finish();
    } catch (e) {
      await encoder.abort();
      throw e;
    } finally {
      stopOnCancel();
    }
  }
}
