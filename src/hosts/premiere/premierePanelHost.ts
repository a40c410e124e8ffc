/** The PanelHost of Premiere Pro: the panel's window onto the active project, timeline and files. */
import * as path from 'path';
import { CoherentStyleError, isCoherentStyleError } from '../../engine/errors';
import { decodeImage } from '../../engine/images/imageCodec';
import type { PanelHost, PreviewFrame, StyleFile } from '../../panel/panelHost';
import { describeModeForEditor } from '../../engine/inference/modeGuide';
import { applyToSelection, describeApplied } from './applyStyle';
import { bundledStyles } from './bundledStyles';
import { copyPlainText } from './clipboard';
import { diagnosePremiere } from './diagnostics';
import { exportFrame, renderSizeFor } from './frameExport';
import { loadPanelPrefs, savePanelPrefs } from './panelPrefsFile';
import { keepStyleImage, loadPresets, loadStyleImage, savePresets } from './presetStore';
import { premiere } from './pproApi';
import { loadRecentStyle, recentStyles, rememberStyle } from './recentStyles';
import { activeProject, activeTimeline, selectedVideoClips, sequenceFrameRate, ticksOf } from './timeline';
import { withOnlyTrackVisible } from './trackIsolation';
import { uxp } from './uxpApi';
import { ensureFolder, readBytes, removeFile } from './uxpFiles';
import { loadModelRegistry } from './uxpModelStore';

const STYLE_TYPES = ['png', 'jpg', 'jpeg'];
let previewCounter = 0;

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
    async listModes() {
      const registry = await loadModelRegistry();
      return {
        modes: registry.modes.map((m) => ({ id: m.id, label: m.label, description: describeModeForEditor(m) })),
        defaultMode: registry.defaultMode.id,
      };
    },

    async exportPreviewFrame(renderShortSide, signal): Promise<PreviewFrame> {
      const { sequence } = await activeTimeline();
      const { ticksPerFrame } = await sequenceFrameRate(sequence);
      const playhead = ticksOf(await sequence.getPlayerPosition());
      const frameStart = (playhead / ticksPerFrame) * ticksPerFrame;
      const time = premiere().TickTime.createWithTicks(frameStart.toString());
      const size = renderSizeFor(await sequence.getFrameSize(), renderShortSide);
      const folder = path.join((await uxp().storage.localFileSystem.getDataFolder()).nativePath, 'preview');
      await ensureFolder(folder);
      const track = await selectedTrackAt(frameStart);
      const exportOnce = () => exportFrame(sequence, time, folder, `preview-${Date.now()}-${++previewCounter}`, size, signal);
      const file = track === undefined ? await exportOnce() : await withOnlyTrackVisible(sequence, track, exportOnce);
      try {
        const bytes = await readBytes(file);
        return { image: decodeImage(bytes), file: bytes };
      } finally {
        await removeFile(file);
      }
    },

    async apply(renderer, settings, options) {
      return describeApplied(await applyToSelection(renderer, settings, options));
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

    async pickStyleImage() {
      const file = await uxp().storage.localFileSystem.getFileForOpening({ types: STYLE_TYPES, allowMultiple: false });
      if (!file) return undefined;
      const data = await file.read({ format: uxp().storage.formats.binary });
      if (typeof data === 'string') throw new CoherentStyleError('UNSUPPORTED_FORMAT', `${file.name} could not be read as an image.`);
      return { fileName: file.name, bytes: new Uint8Array(data) };
    },
    recentStyles,
    loadRecentStyle,
    rememberStyle,
    bundledStyles,
    loadPanelPrefs,
    savePanelPrefs,
    diagnose: diagnosePremiere,
    copyText: copyPlainText,
  };
}
