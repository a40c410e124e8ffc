/** The PanelHost of Premiere Pro: the panel's window onto the active project, timeline and files. */
import { isCoherentStyleError } from '../../engine/errors';
import type { PanelHost, PreviewFrame, StyleFile } from '../../panel/panelHost';
import { applyToSelection, describeApplied } from './applyStyle';
import { diagnosePremiere } from './diagnostics';
import { exportFrame } from './frameExport';
import { renderSizeFor } from '../../uxp/renderSize';
import { keepStyleImage, loadPresets, loadStyleImage, savePresets } from './presetStore';
import { listMatteTracks } from './matteTrack';
import { premiere } from './pproApi';
import { activeProject, activeTimeline, selectedVideoClips, sequenceFrameRate, ticksOf } from './timeline';
import { withOnlyTrackVisible } from './trackIsolation';
import { nextPreviewTarget, takePreviewFrame } from '../../uxp/previewFile';
import { uxpPanelServices } from '../../uxp/uxpPanelServices';

/** The selected video clip under the playhead, if any (its track is shown alone in the preview). */
async function selectedTrackAt(time: bigint): Promise<number | undefined> {
  const { sequence } = await activeTimeline();
  try {
    const clips = await selectedVideoClips(sequence);
    return clips.find((c) => ticksOf(c.start) <= time && time < ticksOf(c.end))?.trackIndex;
  } catch (e) {
    if (isCoherentStyleError(e) && e.code === 'HOST') return undefined; // nothing selected: preview the whole picture
    throw e;
  }
}

export function createPremierePanelHost(): PanelHost {
  return {
    ...uxpPanelServices,
    async capabilities() {
      return ['renderOnFarm', 'movieOutput'] as const;
    },

    async exportPreviewFrame(renderShortSide, signal): Promise<PreviewFrame> {
      const { sequence } = await activeTimeline();
      const { ticksPerFrame } = await sequenceFrameRate(sequence);
      const playhead = ticksOf(await sequence.getPlayerPosition());
      const frameStart = (playhead / ticksPerFrame) * ticksPerFrame;
      const time = premiere().TickTime.createWithTicks(frameStart.toString());
      const size = renderSizeFor(await sequence.getFrameSize(), renderShortSide);
      const { folder, baseName } = await nextPreviewTarget();
      const track = await selectedTrackAt(frameStart);
      const exportOnce = () => exportFrame(sequence, time, folder, baseName, size, signal);
      const file = track === undefined ? await exportOnce() : await withOnlyTrackVisible(sequence, track, exportOnce);
      return takePreviewFrame(file);
    },

    async matteSources() {
      return listMatteTracks((await activeTimeline()).sequence);
    },

    async apply(renderer, request, options) {
      return describeApplied(await applyToSelection(renderer, request, options));
    },

    async loadPresets() {
      return loadPresets(await activeProject());
    },
    async savePresets(file) {
      await savePresets(await activeProject(), file);
    },
    async keepStyleImage(style: StyleFile) {
      return keepStyleImage(await activeProject(), style.bytes, style.fileName);
    },
    async loadPresetStyle(style) {
      return loadStyleImage(await activeProject(), style);
    },
    diagnose: diagnosePremiere,
  };
}
