/**
 * Apply for the selected layers of the active comp, one after another: each layer's comp frames
 * are saved with it soloed and stylized while the next one saves (jobRender.ts), then the
 * numbered stills go into the comp right above it as one undo step (placeLayer.ts). Nothing in
 * the project changes before the frames are complete: cancel or failure leaves the comp as it
 * was. A cancelled job keeps the frames already stylized in its folder; a failed one removes
 * its folder. When an earlier render in the project's renders folder has the same key, its
 * frames are placed instead of stylizing the layer again.
 */
import type { CancelSignal } from '../../engine/cancellation';
import * as path from 'path';
import { CancelledError, CoherentStyleError, throwIfCancelled } from '../../engine/errors';
import { countedProgress } from '../../engine/render/renderProgress';
import type { StylizeService } from '../../engine/inference/stylizeService';
import { isFarmRenderer, type ApplyProgress, type ApplyRenderer, type ApplyRequest, type PanelHost } from '../../panel/panelHost';
import { renderLocally, type FrameSource, type JobFrames, type Report } from '../../uxp/jobRender';
import { createJobFolder } from '../../uxp/renderFolder';
import { frameFileName } from '../../engine/render/jobFolderNames';
import type { ReusableRender } from '../../uxp/renderReuse';
import { renderSizeFor } from '../../uxp/renderSize';
import { removeTree } from '../../uxp/uxpFiles';
import { activeComposition, selectedLayers, timeOfFrame, type CompContext, type SelectedLayer } from './composition';
import { saveCompFrame, withLayerAlone } from './frameExport';
import { matteLayerFor, withMatteAlone } from './matteLayer';
import { placeRender } from './placeLayer';

export interface AppliedLayer {
  layerName: string;
  /** The render layer's index (1 is the top of the stack). */
  renderLayerIndex: number;
  folder: string;
  frameCount: number;
  /** True when an earlier render with the same key was placed instead of stylizing again. */
  reused: boolean;
}

/** What the panel passes Apply besides the renderer and request. */
type ApplyOptions = Parameters<PanelHost['apply']>[2];

/** "Applied the style to 2 layers (96 frames): "A" → layer 1, "B" → layer 3." */
export function describeApplied(renders: readonly AppliedLayer[], lookName?: string): string {
  const frames = renders.reduce((n, r) => n + r.frameCount, 0);
  const where = renders.map((r) => `"${r.layerName}" → layer ${r.renderLayerIndex}${r.reused ? ' (earlier render reused)' : ''}`).join(', ');
  const look = lookName ? ` "${lookName}"` : ' the style';
  return `Applied${look} to ${renders.length} layer${renders.length === 1 ? '' : 's'} (${frames} frames): ${where}.`;
}

export async function applyToSelection(renderer: ApplyRenderer, request: ApplyRequest, options: ApplyOptions = {}): Promise<AppliedLayer[]> {
  if (isFarmRenderer(renderer)) {
    throw new CoherentStyleError('FARM_UNREACHABLE', 'After Effects renders on this computer: choose "This computer" under Render on.');
  }
  const ctx = activeComposition();
  const layers = selectedLayers(ctx.comp);
  const matteLayer = request.matte && matteLayerFor(ctx.comp, request.matte.source, layers);
  const results: AppliedLayer[] = [];
  for (let i = 0; i < layers.length; i++) {
    throwIfCancelled(options.signal);
    results.push(await applyToLayer(ctx, layers[i], renderer, request, {
      signal: options.signal,
      matteLayer,
      onProgress: options.onProgress && ((p) => options.onProgress?.({ ...p, clipIndex: i, clipCount: layers.length })),
    }));
  }
  return results;
}

type LayerProgress = Omit<ApplyProgress, 'clipIndex' | 'clipCount'>;

async function applyToLayer(
  ctx: CompContext, layer: SelectedLayer, service: StylizeService, request: ApplyRequest,
  options: { signal?: CancelSignal; onProgress?: (p: LayerProgress) => void; matteLayer?: number },
): Promise<AppliedLayer> {
  const { signal, matteLayer } = options;
  const { comp } = ctx;
  const report: Report = (phase, progress) => options.onProgress?.({ clipName: layer.name, phase, ...progress });
  const job = await createJobFolder(ctx.projectFile, layer.name);
  const source: FrameSource = {
    count: layer.frameCount,
    size: renderSizeFor({ width: comp.width, height: comp.height }, request.look.renderShortSide),
    alone: (work) => withLayerAlone(ctx.app, ctx.project, comp, layer.id, work),
    ...(matteLayer === undefined ? {} : { matteAlone: (work) => withMatteAlone(ctx, matteLayer, work) }),
    exportFrame: (n, folder, stem, frameSignal) => saveCompFrame(comp, timeOfFrame(comp, layer.firstFrame + n), folder, stem, frameSignal),
  };
  const frames: JobFrames = { source, job, request, signal, jobPrefix: 'aftereffects' };
  let earlier: ReusableRender | undefined;
  try {
    earlier = await renderLocally(ctx.projectFile, frames, service, report);
    await removeTree(earlier ? job.dir : job.sourceDir);
    throwIfCancelled(signal);
  } catch (e) {
    await removeTree(job.sourceDir);
    const cancelled = signal?.aborted || e instanceof CancelledError;
    if (!cancelled || earlier) await removeTree(job.dir);
    throw cancelled && !(e instanceof CancelledError) ? new CancelledError() : e;
  }
  const folder = earlier?.dir ?? job.dir;
  report('place', countedProgress(0, 1));
  const placed = placeRender(ctx, layer, earlier?.firstFrame ?? path.join(job.dir, frameFileName(job.prefix, 0)), folder);
  report('place', countedProgress(1, 1));
  return { layerName: layer.name, renderLayerIndex: placed.layerIndex, folder, frameCount: layer.frameCount, reused: !!earlier };
}
