/**
 * A movie as Apply's output, the same in every UXP host: UXP cannot run ffmpeg, so the job
 * folder's stylized PNG frames are encoded by the companion (`coherent-style serve`), into
 * `<job folder>/<clip>.mov` (.mp4 for H.264) beside them. The companion is reached before
 * anything is exported, so an Apply it cannot finish is refused at once.
 */
import * as path from 'path';
import type { CancelSignal } from '../engine/cancellation';
import { CoherentStyleError } from '../engine/errors';
import { prefixOfFirstFrame } from '../engine/render/jobFolderNames';
import { frameSizeProblem, movieExtension, type VideoFormat } from '../engine/render/videoFormats';
import { movieNeedsCompanion, outputLabel, type PanelOutputFormat } from '../panel/outputChoice';
import type { RemoteStylizeService } from '../protocol/remoteStylizeService';
import { openCompanionService } from './companionCarrier';
import type { FrameSize } from './renderSize';
import { exists } from './uxpFiles';

/** The movie format an Apply asks for; undefined for numbered stills. */
export function movieFormatOf(output: PanelOutputFormat | undefined): VideoFormat | undefined {
  return output === undefined || output === 'png' ? undefined : output;
}

/** The formats a running companion encodes; none when none answers. */
export async function companionMovieFormats(): Promise<VideoFormat[]> {
  const service = await openCompanionService().catch(() => undefined);
  if (!service) return [];
  const formats = [...service.capabilities.encode];
  await service.dispose();
  return formats;
}

/** A connection to a companion that encodes `format`; refuses, saying what to do, when there is none or the frames do not fit it. */
export async function openMovieEncoder(format: VideoFormat, size: FrameSize): Promise<MovieEncoder> {
  const tooSmall = frameSizeProblem(format, size, 'this render is');
  if (tooSmall) throw new CoherentStyleError('INVALID_ARGUMENT', `${tooSmall} Choose a larger render size, or Output: ProRes 422 HQ.`);
  let service: RemoteStylizeService;
  try {
    service = await openCompanionService();
  } catch (e) {
    throw new CoherentStyleError('HOST', `${movieNeedsCompanion(format)} (${(e as Error).message})`, { cause: e });
  }
  if (!service.capabilities.encode.includes(format)) {
    await service.dispose();
    throw new CoherentStyleError('HOST', `The companion cannot encode ${outputLabel(format)}: it found no ffmpeg. Install ffmpeg and restart \`coherent-style serve\`, or choose Output: Image sequence (PNG).`);
  }
  return new MovieEncoder(service, format);
}

let encodeCounter = 0;

export class MovieEncoder {
  constructor(private readonly service: RemoteStylizeService, readonly format: VideoFormat) {}

  /**
   * Encodes the numbered stills from `firstFrame` on (`frameCount` of them, at `fps`) into a movie
   * in their folder and resolves to its path; a movie already there (an earlier render reused) is kept.
   */
  async encode(firstFrame: string, frameCount: number, fps: { num: number; den: number }, signal?: CancelSignal): Promise<string> {
    const folder = path.dirname(firstFrame);
    const prefix = prefixOfFirstFrame(path.basename(firstFrame));
    const output = `${prefix.replace(/_$/, '') || 'render'}${movieExtension(this.format)}`;
    const movie = path.join(folder, output);
    if (await exists(movie)) return movie;
    await this.service.encodeFrames(`encode-${Date.now()}-${++encodeCounter}`, { folder, prefix, frameCount, fps, format: this.format, output }, signal);
    return movie;
  }

  dispose(): Promise<void> {
    return this.service.dispose();
  }
}
