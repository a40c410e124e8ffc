/**
 * Rendering one selected item's frames into its job folder, the same in every UXP host: each
 * frame is stylized while the next one exports (the item alone visible), or all are exported and
 * the render farm stylizes them. The host says how a frame is exported and how its item is shown
 * alone (FrameSource); this module owns render reuse and the job's files. When an earlier render
 * in the project's renders folder has the same key (renderRecord.ts), it is reused instead.
 */
import type { CancelSignal } from '../engine/cancellation';
import * as path from 'path';
import { CoherentStyleError, isCoherentStyleError, throwIfCancelled } from '../engine/errors';
import { decodeImage, encodePng } from '../engine/images/imageCodec';
import type { StylizeService } from '../engine/inference/stylizeService';
import type { LookKeyframes } from '../engine/look/lookKeyframes';
import { runRenderJob } from '../engine/render/renderJob';
import { countedProgress, type RenderProgress } from '../engine/render/renderProgress';
import type { StreamedSource } from '../engine/render/streamedJob';
import { lookIdentity, renderKey, renderSettingsKey, type RenderIdentity, type RenderRecord } from '../engine/look/renderRecord';
import { sha256Hex } from '../engine/sha256';
import type { LookRegion } from '../engine/render/frameStylizer';
import type { ApplyPhase, ApplyRequest, FarmRenderer, FarmStanding } from '../panel/panelHost';
import { clipKeyframes, renumbered } from './clipKeyframes';
import { exportJobMatte, type FrameExporter, type JobMatte, type MatteIsolation } from './jobMatte';
import { frameFileName, frameNumber, frameStem } from '../engine/render/jobFolderNames';
import type { JobFolder } from './renderFolder';
import { findReusableRender, hasRenderWithSettings, recordRender, type ReusableRender } from './renderReuse';
import type { FrameSize } from './renderSize';
import { readBytes, removeFile, writeFileAtomic } from './uxpFiles';
import { loadModelRegistry } from './uxpModelStore';

/** How a host gives the frames of one selected item (and of the matte the request names). */
export interface FrameSource extends FrameExporter {
  size: FrameSize;
  /** Runs `work` with the item alone visible, then restores what it changed (also on failure). */
  alone<T>(work: () => Promise<T>): Promise<T>;
  /** Given when the request has a matte: as `alone`, with the matte alone visible instead. */
  matteAlone?: MatteIsolation;
}

export interface JobFrames {
  source: FrameSource;
  job: JobFolder;
  request: ApplyRequest;
  signal: CancelSignal | undefined;
  /** Names the job's carrier and farm jobs, e.g. "premiere". */
  jobPrefix: string;
}

export type Report = (phase: ApplyPhase, progress: RenderProgress, farm?: FarmStanding) => void;

let jobCounter = 0;
const sourceName = (index: number) => `source_${String(index).padStart(6, '0')}`;

/**
 * The local way, with render reuse. Without an earlier render of the same settings, frames are
 * stylized while the next ones export, and the render is recorded (its key covers the exported
 * frames, so it is known only at the end). When one exists, every frame is exported first: the
 * exported frames decide whether it is reused, before anything is stylized. Resolves to the
 * earlier render when it is reused. A matte is exported first (its frames are in the settings).
 */
export async function renderLocally(
  projectPath: string, frames: JobFrames, service: StylizeService, report: Report,
): Promise<ReusableRender | undefined> {
  const matte = await exportMatteOf(frames, report);
  try {
    return await renderLocallyWith(projectPath, frames, service, report, matte);
  } finally {
    await matte?.remove();
  }
}

async function exportMatteOf({ source, request, job, signal }: JobFrames, report: Report): Promise<JobMatte | undefined> {
  if (!request.matte) return undefined;
  if (!source.matteAlone) throw new CoherentStyleError('INVALID_ARGUMENT', 'This application cannot show a matte alone to render it.');
  return exportJobMatte(source, source.matteAlone, request.matte, job.dir, signal, (done, total) => report('export', countedProgress(done, total)));
}

async function renderLocallyWith(
  projectPath: string, frames: JobFrames, service: StylizeService, report: Report, matte: JobMatte | undefined,
): Promise<ReusableRender | undefined> {
  const identity = { ...await renderIdentityOf(frames.source.size, frames.request, keyframesOf(frames)), ...(matte ? { matte: await matte.identity() } : {}) };
  const progress = (p: RenderProgress) => report('stylize', p);
  const region = matte?.region;
  if (!(await hasRenderWithSettings(projectPath, renderSettingsKey(identity)))) {
    const { sources, outputs } = await stylizeWhileExporting(frames, service, undefined, region, progress);
    await recordRender(frames.job.dir, { version: 1, key: renderKey({ ...identity, sourceFrames: sources }), settingsKey: renderSettingsKey(identity), frames: outputs });
    return undefined;
  }
  const exported = await exportAll(frames, (done, total) => report('export', countedProgress(done, total)));
  const sources: string[] = [];
  for (const file of exported) sources.push(sha256Hex(await readBytes(file)));
  const earlier = await findReusableRender(projectPath, renderKey({ ...identity, sourceFrames: sources }));
  if (earlier) return earlier;
  const { outputs } = await stylizeWhileExporting(frames, service, exported, region, progress);
  await recordRender(frames.job.dir, { version: 1, key: renderKey({ ...identity, sourceFrames: sources }), settingsKey: renderSettingsKey(identity), frames: outputs });
  return undefined;
}

/**
 * Everything that decides a render's files except the frames the host exports; a movie output is
 * keyed by its format (numbered stills, as before the choice existed, by nothing), so a render
 * is never reused for another output.
 */
async function renderIdentityOf(
  size: FrameSize, { look, output }: ApplyRequest, keyframes: LookKeyframes | undefined,
): Promise<Omit<RenderIdentity, 'sourceFrames'>> {
  const entry = (await loadModelRegistry()).mode(look.mode);
  return {
    ...lookIdentity(look, entry), width: size.width, height: size.height,
    ...(keyframes ? { keyframes } : {}), ...(output && output !== 'png' ? { output } : {}),
  };
}

/** The request's look over time on this item's frames (0 … count − 1). */
function keyframesOf({ request, source }: JobFrames): LookKeyframes | undefined {
  return clipKeyframes(request.overTime, request.look, source.count);
}

/** Exports every frame of the item (alone visible) under `stem(n)`; resolves to the files in order. */
async function exportAll(
  { source, job, signal }: JobFrames, onProgress: (done: number, total: number) => void,
  stem: (n: number) => string = sourceName,
): Promise<string[]> {
  const files: string[] = [];
  await source.alone(async () => {
    for (let n = 0; n < source.count; n++) {
      throwIfCancelled(signal);
      files.push(await source.exportFrame(n, job.sourceDir, stem(n), signal));
      onProgress(n + 1, source.count);
    }
  });
  return files;
}

/**
 * Stylizes the item's frames, each while the next one is exported (the item alone visible, what
 * that changed restored as soon as the last frame is out, or on cancel or failure), or from the
 * files `exported` already holds, the look limited to `region` when given. Each source file is hashed
 * and deleted once decoded. The first exports also overlap the carrier's style setup. Resolves to
 * the digests of the sources and the renders.
 */
async function stylizeWhileExporting(
  frames: JobFrames, service: StylizeService,
  exported: readonly string[] | undefined, region: LookRegion | undefined, onProgress: (progress: RenderProgress) => void,
): Promise<{ sources: string[]; outputs: RenderRecord['frames'] }> {
  const { source, job, request, signal, jobPrefix } = frames;
  const sources: string[] = [];
  const outputs: RenderRecord['frames'] = [];
  const frameOfFile = new Map<string, number>();
  const streamed: StreamedSource<string> = {
    count: source.count,
    during: exported ? (exportEach) => exportEach() : (exportEach) => source.alone(exportEach),
    produce: async (n, exportSignal) => {
      const file = exported ? exported[n] : await source.exportFrame(n, job.sourceDir, sourceName(n), exportSignal);
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
  };
  await runRenderJob({
    service,
    jobId: `${jobPrefix}-${Date.now()}-${++jobCounter}`,
    // Frames are exported at the render size already.
    look: { ...request.look, renderShortSide: Math.min(source.size.width, source.size.height) },
    clip: Array.from({ length: source.count }, (_, n) => n),
    open: () => ({ source: streamed }),
    placement: { keyframes: keyframesOf(frames), region },
    sink: {
      write: async (n, image) => {
        const png = encodePng(image);
        const file = frameFileName(job.prefix, n);
        await writeFileAtomic(path.join(job.dir, file), png);
        outputs[n] = { file, sha256: sha256Hex(png) };
      },
    },
    signal,
    onProgress,
  });
  return { sources, outputs };
}

/** Failures that mean a farm machine cannot see the job folder. */
const SHARED_STORAGE_CODES = new Set(['INPUT_UNREADABLE', 'OUTPUT_UNWRITABLE']);

/**
 * The farm's way: every frame is exported (the item alone visible) into the job's source folder
 * under the name its render will have, since the farm names a frame folder's renders after their
 * sources; a matte's frames go into the job's matte folder first, numbered alike. Then the farm
 * renders the source folder into the job folder. All are beside the project, so the project must
 * be on storage every farm machine sees at the same path.
 */
export async function exportThenRenderOnFarm(frames: JobFrames, farm: FarmRenderer, report: Report): Promise<void> {
  const matte = await exportMatteOf(frames, report);
  try {
    await renderOnFarmWith(frames, farm, report, matte);
  } finally {
    await matte?.remove();
  }
}

async function renderOnFarmWith(frames: JobFrames, farm: FarmRenderer, report: Report, matte: JobMatte | undefined): Promise<void> {
  const { source, job, request, signal } = frames;
  await exportAll(frames, (done, total) => report('export', countedProgress(done, total)), (n) => frameStem(job.prefix, n));
  const jobId = `${frames.jobPrefix}-farm-${Date.now()}-${++jobCounter}`;
  // The farm renders the exported frames at their own size.
  const keyframes = keyframesOf(frames);
  const render = {
    input: job.sourceDir, output: job.dir, look: { ...request.look, renderShortSide: Math.min(source.size.width, source.size.height) },
    // The farm keys frames by the numbers in their files' names.
    ...(keyframes ? { keyframes: renumbered(keyframes, frameNumber) } : {}),
    ...(matte ? { matte: matte.farm } : {}),
  };
  try {
    await farm.renderOnFarm(jobId, render,
      (p) => report('stylize', { ...p.frames, fps: p.fps, etaSeconds: p.etaSeconds }, { farmJob: p.farmJob, state: p.state, chunks: p.chunks }), signal);
  } catch (e) {
    if (!isCoherentStyleError(e) || !SHARED_STORAGE_CODES.has(e.code)) throw e;
    throw new CoherentStyleError(e.code, `${e.message} The farm renders the clip in ${job.dir}, beside the project: `
      + 'save the project on storage every farm machine sees at the same path (a shared drive mounted alike everywhere), then apply again.', { cause: e });
  }
}
