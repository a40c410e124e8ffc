/**
 * Apply for the selection: each selected video clip becomes one job (export its frames with the
 * clip alone visible, stylizing each exported frame through the StylizeService while the next one
 * exports, or exporting them all and having the render farm stylize them → import the numbered
 * stills → place them above the clip in one undo step). Cancel or failure at any stage leaves the
 * timeline and bins as they were and removes the job's files. When an earlier render in the
 * project's renders folder has the same key (renderRecord.ts), its frames are placed instead of
 * stylizing the clip again.
 */
import * as path from 'path';
import type { CancelSignal } from '../../engine/cancellation';
import { CancelledError, CoherentStyleError, isCoherentStyleError, throwIfCancelled } from '../../engine/errors';
import { decodeImage, encodePng } from '../../engine/images/imageCodec';
import { runStreamedJob } from '../../engine/jobs/streamedJob';
import type { StylizeService } from '../../engine/inference/stylizeService';
import { isFarmRenderer, type ApplyPhase, type ApplyProgress, type ApplyRenderer, type ApplySettings, type FarmRenderer, type FarmStanding } from '../../panel/panelHost';
import { exportFrame, renderSizeFor, type FrameSize } from './frameExport';
import { findOrCreateBin, importNumberedStills, removeImport, type RenderBin } from './importRender';
import { freeTrackAbove, placeRender, prepareRender } from './placeRender';
import type { PProjectItem, PSequence, TickTime } from './pproApi';
import { createJobFolder, frameFileName, frameStem, type JobFolder } from './renderFolder';
import {
  activeTimeline, frameTimesBetween, selectedVideoClips, sequenceFrameRate, type SelectedClip, type TimelineContext,
} from './timeline';
import { withOnlyTrackVisible } from './trackIsolation';
import { renderKey, renderSettingsKey, styleSourceDigest, type RenderIdentity, type RenderRecord } from '../../engine/jobs/renderRecord';
import { sha256Hex } from '../../engine/sha256';
import { findReusableRender, hasRenderWithSettings, recordRender, type ReusableRender } from './renderReuse';
import { loadModelRegistry } from './uxpModelStore';
import { readBytes, removeFile, removeTree, writeFileAtomic } from './uxpFiles';

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

let jobCounter = 0;

/** Applies the style to every selected video clip, one after another. */
export async function applyToSelection(renderer: ApplyRenderer, settings: ApplySettings, options: ApplyOptions = {}): Promise<AppliedRender[]> {
  const timeline = await activeTimeline();
  const clips = await selectedVideoClips(timeline.sequence);
  const results: AppliedRender[] = [];
  for (let i = 0; i < clips.length; i++) {
    throwIfCancelled(options.signal);
    results.push(await applyToClip(timeline, clips[i], renderer, settings, {
      ...options,
      onProgress: options.onProgress && ((p) => options.onProgress?.({ ...p, clipIndex: i, clipCount: clips.length })),
    }));
  }
  return results;
}

type ClipProgress = Omit<ApplyProgress, 'clipIndex' | 'clipCount'>;

export async function applyToClip(
  { project, sequence }: TimelineContext, clip: SelectedClip, renderer: ApplyRenderer, settings: ApplySettings,
  options: { signal?: CancelSignal; onProgress?: (p: ClipProgress) => void },
): Promise<AppliedRender> {
  const { signal } = options;
  const report: Report = (phase, done, total, fps = 0, etaSeconds = null, farm) =>
    options.onProgress?.({ clipName: clip.name, phase, done, total, fps, etaSeconds, ...(farm ? { farm } : {}) });
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
    const frames: ClipFrames = { sequence, trackIndex: clip.trackIndex, times, size, job, settings, signal };
    if (isFarmRenderer(renderer)) {
      await exportThenRenderOnFarm(frames, renderer.farm, report);
    } else {
      earlier = await renderLocally(project.path, frames, renderer, report);
      if (earlier) await removeTree(job.dir);
    }
    await removeTree(job.sourceDir);
    throwIfCancelled(signal);
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

type Report = (phase: ApplyPhase, done: number, total: number, fps?: number, etaSeconds?: number | null, farm?: FarmStanding) => void;

const sourceName = (index: number) => `source_${String(index).padStart(6, '0')}`;

interface ClipFrames {
  sequence: PSequence;
  trackIndex: number;
  times: readonly TickTime[];
  size: FrameSize;
  job: JobFolder;
  settings: ApplySettings;
  signal: CancelSignal | undefined;
}

/**
 * The local way, with render reuse. Without an earlier render of the same settings, frames are
 * stylized while the next ones export, and the render is recorded (its key covers the exported
 * frames, so it is known only at the end). When one exists, every frame is exported first: the
 * exported frames decide whether it is reused, before anything is stylized. Resolves to the
 * earlier render when it is reused.
 */
async function renderLocally(
  projectPath: string, frames: ClipFrames, service: StylizeService, report: Report,
): Promise<ReusableRender | undefined> {
  const identity = await renderIdentityOf(frames.size, frames.settings);
  const progress = (done: number, total: number, rate: number, eta: number | null) => report('stylize', done, total, rate, eta);
  if (!(await hasRenderWithSettings(projectPath, renderSettingsKey(identity)))) {
    const { sources, outputs } = await stylizeWhileExporting(frames, service, undefined, progress);
    await recordRender(frames.job.dir, { version: 1, key: renderKey({ ...identity, sourceFrames: sources }), settingsKey: renderSettingsKey(identity), frames: outputs });
    return undefined;
  }
  const exported = await exportAll(frames, (done, total) => report('export', done, total));
  const sources: string[] = [];
  for (const file of exported) sources.push(sha256Hex(await readBytes(file)));
  const earlier = await findReusableRender(projectPath, renderKey({ ...identity, sourceFrames: sources }));
  if (earlier) return earlier;
  const { outputs } = await stylizeWhileExporting(frames, service, exported, progress);
  await recordRender(frames.job.dir, { version: 1, key: renderKey({ ...identity, sourceFrames: sources }), settingsKey: renderSettingsKey(identity), frames: outputs });
  return undefined;
}

/** Everything that decides a render's frames except the frames Premiere exports. */
async function renderIdentityOf(size: FrameSize, settings: ApplySettings): Promise<Omit<RenderIdentity, 'sourceFrames'>> {
  const entry = (await loadModelRegistry()).mode(settings.mode);
  return {
    mode: entry.id,
    models: { styleEncoder: entry.styleEncoder.sha256, stylizer: entry.stylizer.sha256 },
    style: styleSourceDigest(settings.style),
    strength: settings.strength,
    keepColors: settings.keepColors ?? false,
    styleScale: settings.styleScale ?? 1,
    temporal: settings.temporal ?? 'off',
    width: size.width,
    height: size.height,
  };
}

/** Exports every frame of the clip (its track alone visible) under `stem(n)`; resolves to the files in order. */
async function exportAll(
  { sequence, trackIndex, times, size, job, signal }: ClipFrames, onProgress: (done: number, total: number) => void,
  stem: (n: number) => string = sourceName,
): Promise<string[]> {
  const files: string[] = [];
  await withOnlyTrackVisible(sequence, trackIndex, async () => {
    for (let n = 0; n < times.length; n++) {
      throwIfCancelled(signal);
      files.push(await exportFrame(sequence, times[n], job.sourceDir, stem(n), size, signal));
      onProgress(n + 1, times.length);
    }
  });
  return files;
}

/**
 * Stylizes the clip's frames, each while the next one is exported (its track alone visible, every
 * mute state restored as soon as the last frame is out, or on cancel or failure), or from the files
 * `exported` already holds. Each source file is hashed and deleted once decoded. The first exports
 * also overlap the carrier's style setup. Resolves to the digests of the sources and the renders.
 */
async function stylizeWhileExporting(
  { sequence, trackIndex, times, size, job, settings, signal }: ClipFrames, service: StylizeService,
  exported: readonly string[] | undefined,
  onProgress: (done: number, total: number, fps: number, eta: number | null) => void,
): Promise<{ sources: string[]; outputs: RenderRecord['frames'] }> {
  const jobId = `premiere-${Date.now()}-${++jobCounter}`;
  const styleSet = service.setStyle(jobId, settings.style, { mode: settings.mode, styleScale: settings.styleScale ?? 1 }, signal);
  const styleIsSet = styleSet.then(() => true, () => false); // a failure surfaces through the first stylize
  const sources: string[] = [];
  const outputs: RenderRecord['frames'] = [];
  const frameOfFile = new Map<string, number>();
  try {
    await runStreamedJob({
      count: times.length,
      during: exported ? (exportAll) => exportAll() : (exportAll) => withOnlyTrackVisible(sequence, trackIndex, exportAll),
      produce: async (n, exportSignal) => {
        const file = exported ? exported[n] : await exportFrame(sequence, times[n], job.sourceDir, sourceName(n), size, exportSignal);
        frameOfFile.set(file, n);
        return file;
      },
      open: async (file) => {
        const bytes = await readBytes(file);
        sources[frameOfFile.get(file) ?? -1] = sha256Hex(bytes);
        const frame = decodeImage(bytes);
        await removeFile(file);
        return frame;
      },
      sink: {
        write: async (n, image) => {
          const png = encodePng(image);
          const file = frameFileName(job.prefix, n);
          await writeFileAtomic(path.join(job.dir, file), png);
          outputs[n] = { file, sha256: sha256Hex(png) };
        },
      },
      stylize: async (frame, stageSignal, n) => {
        await styleSet;
        return service.stylize(jobId, frame, {
          strength: settings.strength, keepColors: settings.keepColors, renderShortSide: Math.min(size.width, size.height), temporal: settings.temporal, frameIndex: n,
        }, stageSignal);
      },
      signal,
      onProgress: (p) => onProgress(p.done, p.total, p.fps, p.etaSeconds),
    });
  } finally {
    if (await styleIsSet) await service.endJob(jobId);
  }
  return { sources, outputs };
}

/** Failures that mean a farm machine cannot see the job folder. */
const SHARED_STORAGE_CODES = new Set(['INPUT_UNREADABLE', 'OUTPUT_UNWRITABLE']);

/**
 * The farm's way: every frame is exported (the clip's track alone visible) into the job's source
 * folder under the name its render will have, since the farm names a frame folder's renders after
 * their sources; then the farm renders that folder into the job folder. Both are beside the project,
 * so the project must be on storage every farm machine sees at the same path.
 */
async function exportThenRenderOnFarm(frames: ClipFrames, farm: FarmRenderer, report: Report): Promise<void> {
  const { size, job, settings, signal } = frames;
  await exportAll(frames, (done, total) => report('export', done, total), (n) => frameStem(job.prefix, n));
  const jobId = `premiere-farm-${Date.now()}-${++jobCounter}`;
  const render = {
    input: job.sourceDir, output: job.dir, mode: settings.mode, strength: settings.strength,
    renderShortSide: Math.min(size.width, size.height), keepColors: settings.keepColors, styleScale: settings.styleScale ?? 1,
    ...(settings.temporal && settings.temporal !== 'off' ? { temporal: settings.temporal } : {}), style: settings.style,
  };
  try {
    await farm.renderOnFarm(jobId, render,
      (p) => report('stylize', p.frames.done, p.frames.total, p.fps, p.etaSeconds, { farmJob: p.farmJob, state: p.state, chunks: p.chunks }), signal);
  } catch (e) {
    if (!isCoherentStyleError(e) || !SHARED_STORAGE_CODES.has(e.code)) throw e;
    throw new CoherentStyleError(e.code, `${e.message} The farm renders the clip in ${job.dir}, beside the project: `
      + 'save the project on storage every farm machine sees at the same path (a shared drive mounted alike everywhere), then apply again.', { cause: e });
  }
}
