/**
 * Apply for the selection: each selected video clip becomes one job (export its frames with the
 * clip alone visible, stylizing each exported frame through the StylizeService while the next one
 * exports, or exporting them all and having the render farm stylize them → import the numbered
 * stills → place them above the clip in one undo step). Cancel or failure at any stage leaves the
 * timeline and bins as they were and removes the job's files. When an earlier render in the
 * project's renders folder has the same key (renderRecord.ts), its frames are placed instead of
 * stylizing the clip again.
 */
import type { CancelSignal } from '../../engine/cancellation';
import * as path from 'path';
import { CancelledError, CoherentStyleError, throwIfCancelled } from '../../engine/errors';
import { countedProgress } from '../../engine/render/renderProgress';
import { isFarmRenderer, type ApplyProgress, type ApplyRenderer, type ApplyRequest } from '../../panel/panelHost';
import { exportFrame } from './frameExport';
import { findOrCreateBin, importRender, removeImport, type RenderBin } from './importRender';
import { freeTrackAbove, placeRender, prepareRender } from './placeRender';
import type { PProjectItem } from './pproApi';
import { createJobFolder } from '../../uxp/renderFolder';
import { frameFileName } from '../../engine/render/jobFolderNames';
import { exportThenRenderOnFarm, renderLocally, type FrameSource, type JobFrames, type Report } from '../../uxp/jobRender';
import { renderSizeFor } from '../../uxp/renderSize';
import {
  activeTimeline, exactFrameRate, frameTimesBetween, selectedVideoClips, sequenceFrameRate, type SelectedClip, type TimelineContext,
} from './timeline';
import { matteTracksFor } from './matteTrack';
import { withOnlyTrackVisible } from './trackIsolation';
import type { ReusableRender } from '../../uxp/renderReuse';
import { removeTree } from '../../uxp/uxpFiles';
import { movieFormatOf, openMovieEncoder, type MovieEncoder } from '../../uxp/movieOutput';

export interface AppliedRender {
  clipName: string;
  sourceTrackIndex: number;
  renderTrackIndex: number;
  folder: string;
  frameCount: number;
  /** True when an earlier render with the same key was placed instead of stylizing again. */
  reused: boolean;
}

export interface ApplyOptions {
  signal?: CancelSignal;
  onProgress?: (progress: ApplyProgress) => void;
}

/** "Applied "Night" to 2 clips (96 frames): "A" → V2, "B" → V3." */
export function describeApplied(renders: readonly AppliedRender[], lookName?: string): string {
  const frames = renders.reduce((n, r) => n + r.frameCount, 0);
  const where = renders.map((r) => `"${r.clipName}" → V${r.renderTrackIndex + 1}${r.reused ? ' (earlier render reused: nothing changed)' : ''}`).join(', ');
  const look = lookName ? ` "${lookName}"` : ' the style';
  return `Applied${look} to ${renders.length} clip${renders.length === 1 ? '' : 's'} (${frames} frames): ${where}.`;
}

/** Applies the style to every selected video clip, one after another. */
export async function applyToSelection(renderer: ApplyRenderer, request: ApplyRequest, options: ApplyOptions = {}): Promise<AppliedRender[]> {
  const timeline = await activeTimeline();
  const clips = await selectedVideoClips(timeline.sequence);
  const matteTracks = request.matte && await matteTracksFor(timeline.sequence, request.matte.source, clips);
  // A movie needs the companion: refused now, before anything is exported, when none encodes it.
  const format = movieFormatOf(request.output);
  const encoder = format && await openMovieEncoder(format, renderSizeFor(await timeline.sequence.getFrameSize(), request.look.renderShortSide));
  const results: AppliedRender[] = [];
  try {
    for (let i = 0; i < clips.length; i++) {
      throwIfCancelled(options.signal);
      results.push(await applyToClip(timeline, clips[i], renderer, request, {
        ...options, encoder,
        matteTrack: matteTracks?.[i],
        onProgress: options.onProgress && ((p) => options.onProgress?.({ ...p, clipIndex: i, clipCount: clips.length })),
      }));
    }
  } finally {
    await encoder?.dispose();
  }
  return results;
}

type ClipProgress = Omit<ApplyProgress, 'clipIndex' | 'clipCount'>;

/** `matteTrack`: the track whose picture is the clip's matte, when the request has one (checked by matteTracksFor). */
async function applyToClip(
  { project, sequence }: TimelineContext, clip: SelectedClip, renderer: ApplyRenderer, request: ApplyRequest,
  options: { signal?: CancelSignal; onProgress?: (p: ClipProgress) => void; matteTrack?: number; encoder?: MovieEncoder },
): Promise<AppliedRender> {
  const { signal, matteTrack, encoder } = options;
  const report: Report = (phase, progress, farm) => options.onProgress?.({ clipName: clip.name, phase, ...progress, ...(farm ? { farm } : {}) });
  const { ticksPerFrame, fps } = await sequenceFrameRate(sequence);
  const times = frameTimesBetween(clip.start, clip.end, ticksPerFrame);
  if (times.length === 0) throw new CoherentStyleError('HOST', `The clip "${clip.name}" is shorter than one frame.`);
  const size = renderSizeFor(await sequence.getFrameSize(), request.look.renderShortSide);
  throwIfCancelled(signal);

  const job = await createJobFolder(project.path, clip.name);
  let earlier: ReusableRender | undefined;
  let bin: RenderBin | undefined;
  let imported: PProjectItem | undefined;
  try {
    const source: FrameSource = {
      count: times.length, size,
      alone: (work) => withOnlyTrackVisible(sequence, clip.trackIndex, work),
      ...(matteTrack === undefined ? {} : { matteAlone: (work) => withOnlyTrackVisible(sequence, matteTrack, work) }),
      exportFrame: (n, folder, stem, frameSignal) => exportFrame(sequence, times[n], folder, stem, size, frameSignal),
    };
    const frames: JobFrames = { source, job, request, signal, jobPrefix: 'premiere' };
    if (isFarmRenderer(renderer)) {
      await exportThenRenderOnFarm(frames, renderer.farm, report);
    } else {
      earlier = await renderLocally(project.path, frames, renderer, report);
      if (earlier) await removeTree(job.dir);
    }
    await removeTree(job.sourceDir);
    throwIfCancelled(signal);
    const firstFrame = earlier?.firstFrame ?? path.join(job.dir, frameFileName(job.prefix, 0));
    if (encoder) report('encode', countedProgress(0, 1));
    // The PNG frames stay beside the movie: they are the render's lossless record (reuse checks their digests).
    const movie = encoder && await encoder.encode(firstFrame, times.length, exactFrameRate(ticksPerFrame), signal);
    throwIfCancelled(signal);
    report('import', countedProgress(0, 1));
    bin = await findOrCreateBin(project);
    imported = await importRender(project, bin, movie ?? firstFrame, movie !== undefined);
    throwIfCancelled(signal);
  } catch (e) {
    if (bin && (imported || bin.created)) await removeImport(project, bin, imported);
    await removeTree(job.dir);
    throw signal?.aborted && !(e instanceof CancelledError) ? new CancelledError() : e;
  }
  // From here on the frames are complete: a placement that fails takes the import out of the
  // project again and keeps the frames, so the editor can import them by hand.
  report('place', countedProgress(0, 1));
  const renderTrackIndex = await freeTrackAbove(sequence, clip.trackIndex, clip.start, clip.end);
  try {
    prepareRender(project, imported, fps);
    await placeRender(project, sequence, imported, clip.start, renderTrackIndex, BigInt(times.length) * ticksPerFrame);
  } catch (e) {
    await removeImport(project, bin, imported);
    const why = e instanceof Error ? e.message : String(e);
    throw new CoherentStyleError('HOST', `${why} The render was taken out of the project again; its frames are kept in ${earlier?.dir ?? job.dir}.`, { cause: e });
  }
  report('place', countedProgress(1, 1));
  return {
    clipName: clip.name, sourceTrackIndex: clip.trackIndex, renderTrackIndex, folder: earlier?.dir ?? job.dir, frameCount: times.length, reused: !!earlier,
  };
}
