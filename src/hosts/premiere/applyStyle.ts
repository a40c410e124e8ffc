/**
 * Apply for the selection: each selected video clip becomes one job (export its frames with the
 * clip alone visible → stylize them through the StylizeService → import the numbered stills →
 * place them above the clip in one undo step). Cancel or failure at any stage leaves the timeline
 * and bins as they were and removes the job's files. When an earlier render in the project's
 * renders folder has the same key (renderRecord.ts), its frames are placed instead of stylizing
 * the clip again.
 */
import * as path from 'path';
import { CancelledError, CoherentStyleError, throwIfCancelled } from '../../engine/errors';
import { decodeImage, encodePng } from '../../engine/images/imageCodec';
import { runJob } from '../../engine/jobs/jobPipeline';
import type { StylizeService } from '../../engine/inference/stylizeService';
import type { ApplyPhase, ApplyProgress, ApplySettings } from '../../panel/panelHost';
import { exportFrame, renderSizeFor, type FrameSize } from './frameExport';
import { findOrCreateBin, importNumberedStills, removeImport, type RenderBin } from './importRender';
import { freeTrackAbove, placeRender, prepareRender } from './placeRender';
import type { PProjectItem } from './pproApi';
import { createJobFolder, frameFileName, type JobFolder } from './renderFolder';
import {
  activeTimeline, frameTimesBetween, selectedVideoClips, sequenceFrameRate, type SelectedClip, type TimelineContext,
} from './timeline';
import { withOnlyTrackVisible } from './trackIsolation';
import { renderKey, styleSourceDigest, type RenderRecord } from '../../engine/jobs/renderRecord';
import { sha256Hex } from '../../engine/sha256';
import { findReusableRender, recordRender, type ReusableRender } from './renderReuse';
import { loadModelRegistry } from './uxpModelStore';
import { readBytes, removeTree, writeFileAtomic } from './uxpFiles';

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
  signal?: AbortSignal;
  onProgress?: (progress: ApplyProgress) => void;
}

/** "Applied "Night" to 2 clips (96 frames): "A" → V2, "B" → V3." */
export function describeApplied(renders: readonly AppliedRender[], lookName?: string): string {
  const frames = renders.reduce((n, r) => n + r.frameCount, 0);
  const where = renders.map((r) => `"${r.clipName}" → V${r.renderTrackIndex + 1}${r.reused ? ' (earlier render reused: nothing changed)' : ''}`).join(', ');
  const look = lookName ? ` "${lookName}"` : ' the style';
  return `Applied${look} to ${renders.length} clip${renders.length === 1 ? '' : 's'} (${frames} frames): ${where}.`;
}

let jobCounter = 0;

/** Applies the style to every selected video clip, one after another. */
export async function applyToSelection(service: StylizeService, settings: ApplySettings, options: ApplyOptions = {}): Promise<AppliedRender[]> {
  const timeline = await activeTimeline();
  const clips = await selectedVideoClips(timeline.sequence);
  const results: AppliedRender[] = [];
  for (let i = 0; i < clips.length; i++) {
    throwIfCancelled(options.signal);
    results.push(await applyToClip(timeline, clips[i], service, settings, {
      ...options,
      onProgress: options.onProgress && ((p) => options.onProgress?.({ ...p, clipIndex: i, clipCount: clips.length })),
    }));
  }
  return results;
}

type ClipProgress = Omit<ApplyProgress, 'clipIndex' | 'clipCount'>;

export async function applyToClip(
  { project, sequence }: TimelineContext, clip: SelectedClip, service: StylizeService, settings: ApplySettings,
  options: { signal?: AbortSignal; onProgress?: (p: ClipProgress) => void },
): Promise<AppliedRender> {
  const { signal } = options;
  const report = (phase: ApplyPhase, done: number, total: number, fps = 0, etaSeconds: number | null = null) =>
    options.onProgress?.({ clipName: clip.name, phase, done, total, fps, etaSeconds });
  const { ticksPerFrame, fps } = await sequenceFrameRate(sequence);
  const times = frameTimesBetween(clip.start, clip.end, ticksPerFrame);
  if (times.length === 0) throw new CoherentStyleError('HOST', `The clip "${clip.name}" is shorter than one frame.`);
  const size = renderSizeFor(await sequence.getFrameSize(), settings.renderShortSide);
  throwIfCancelled(signal);

  const job = await createJobFolder(project.path, clip.name);
  let earlier: ReusableRender | undefined;
  let bin: RenderBin | undefined;
  let imported: PProjectItem | undefined;
  try {
    await withOnlyTrackVisible(sequence, clip.trackIndex, async () => {
      for (let i = 0; i < times.length; i++) {
        throwIfCancelled(signal);
        await exportFrame(sequence, times[i], job.sourceDir, sourceName(i), size, signal);
        report('export', i + 1, times.length);
      }
    });
    const key = await renderKeyOf(job, times.length, size, settings);
    earlier = await findReusableRender(project.path, key);
    if (earlier) {
      await removeTree(job.dir);
    } else {
      const frames = await stylizeFrames(job, times.length, size, service, settings, signal, (done, total, rate, eta) => report('stylize', done, total, rate, eta));
      await removeTree(job.sourceDir);
      throwIfCancelled(signal);
      await recordRender(job.dir, { version: 1, key, frames });
    }
    report('import', 0, 1);
    bin = await findOrCreateBin(project);
    imported = await importNumberedStills(project, bin, earlier?.firstFrame ?? path.join(job.dir, frameFileName(job.prefix, 0)));
    throwIfCancelled(signal);
  } catch (e) {
    if (bin && (imported || bin.created)) await removeImport(project, bin, imported);
    await removeTree(job.dir);
    throw signal?.aborted && !(e instanceof CancelledError) ? new CancelledError() : e;
  }
  // From here on the frames are complete: a placement that fails takes the import out of the
  // project again and keeps the frames, so the editor can import them by hand.
  report('place', 0, 1);
  const renderTrackIndex = await freeTrackAbove(sequence, clip.trackIndex, clip.start, clip.end);
  try {
    prepareRender(project, imported, fps);
    await placeRender(project, sequence, imported, clip.start, renderTrackIndex, BigInt(times.length) * ticksPerFrame);
  } catch (e) {
    await removeImport(project, bin, imported);
    const why = e instanceof Error ? e.message : String(e);
    throw new CoherentStyleError('HOST', `${why} The render was taken out of the project again; its frames are kept in ${earlier?.dir ?? job.dir}.`, { cause: e });
  }
  report('place', 1, 1);
  return {
    clipName: clip.name, sourceTrackIndex: clip.trackIndex, renderTrackIndex, folder: earlier?.dir ?? job.dir, frameCount: times.length, reused: !!earlier,
  };
}

/** The render's content-addressed key: the exported frames as Premiere rendered them, the settings, the style pixels and the models. */
async function renderKeyOf(job: JobFolder, count: number, size: FrameSize, settings: ApplySettings): Promise<string> {
  const entry = (await loadModelRegistry()).mode(settings.mode);
  const sourceFrames: string[] = [];
  for (let i = 0; i < count; i++) sourceFrames.push(sha256Hex(await readBytes(path.join(job.sourceDir, `${sourceName(i)}.png`))));
  return renderKey({
    mode: entry.id,
    models: { styleEncoder: entry.styleEncoder.sha256, stylizer: entry.stylizer.sha256 },
    style: styleSourceDigest(settings.style),
    strength: settings.strength,
    keepColors: settings.keepColors ?? false,
    styleScale: settings.styleScale ?? 1,
    width: size.width,
    height: size.height,
    sourceFrames,
  });
}

const sourceName = (index: number) => `source_${String(index).padStart(6, '0')}`;

async function stylizeFrames(
  job: JobFolder, count: number, size: FrameSize, service: StylizeService, settings: ApplySettings,
  signal: AbortSignal | undefined, onProgress: (done: number, total: number, fps: number, eta: number | null) => void,
): Promise<RenderRecord['frames']> {
  const jobId = `premiere-${Date.now()}-${++jobCounter}`;
  const frames: RenderRecord['frames'] = [];
  await service.setStyle(jobId, settings.style, { mode: settings.mode, styleScale: settings.styleScale ?? 1 }, signal);
  try {
    await runJob({
      source: {
        count,
        read: async (n) => decodeImage(await readBytes(path.join(job.sourceDir, `${sourceName(n)}.png`))),
      },
      sink: {
        write: async (n, image) => {
          const png = encodePng(image);
          const file = frameFileName(job.prefix, n);
          await writeFileAtomic(path.join(job.dir, file), png);
          frames[n] = { file, sha256: sha256Hex(png) };
        },
      },
      stylize: (frame, stageSignal) => service.stylize(jobId, frame,
        { strength: settings.strength, keepColors: settings.keepColors, renderShortSide: Math.min(size.width, size.height) }, stageSignal),
      signal,
      onProgress: (p) => onProgress(p.done, p.total, p.fps, p.etaSeconds),
    });
  } finally {
    await service.endJob(jobId);
  }
  return frames;
}
