/**
 * The "Apply Coherent Style to Selection" command: applies the project's default preset to the
 * selected clips without opening the panel, and says what happened.
 */
import { CoherentStyleError } from '../../engine/errors';
import { decodeImage } from '../../engine/images/imageCodec';
import type { StylizeService } from '../../engine/inference/stylizeService';
import { lookOf } from '../../engine/look/look';
import { presetLook } from '../../engine/look/presets';
import { applyToSelection, type AppliedRender, type ApplyOptions } from './applyStyle';
import { loadPresets, loadStyleImage } from './presetStore';
import { activeProject } from './timeline';

export async function applyDefaultPreset(service: StylizeService, options: ApplyOptions = {}): Promise<{ presetName: string; renders: AppliedRender[] }> {
  const project = await activeProject();
  const { file, problem } = await loadPresets(project);
  const preset = file.presets.find((p) => p.id === file.defaultPresetId);
  if (!preset) {
    throw new CoherentStyleError('PRESET_INVALID', problem
      ?? 'This project has no default Coherent Style preset. Open the Coherent Style panel, save a preset and choose "Set as project default".');
  }
  const { settings, styles } = presetLook(preset);
  const style = await Promise.all(styles.map(async ({ style: reference, weight }) => ({ image: decodeImage(await loadStyleImage(project, reference)), weight })));
  const renders = await applyToSelection(service, { look: lookOf({ ...settings, style }) }, options);
  return { presetName: preset.name, renders };
}
