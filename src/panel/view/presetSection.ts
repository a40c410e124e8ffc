/** The PRESETS section: choose a saved look; save, rename, delete one, or make it the project's default. */
import type { PanelState } from '../state';
import { button, collapsibleSection, el, field, Picker, row, setDisabled, type SectionView } from './widgets';

export interface PresetHandlers {
  choosePreset(id: string): void;
  savePreset(name: string): void;
  setProjectDefault(id: string | undefined): void;
  renamePreset(id: string, name: string): void;
  deletePreset(id: string): void;
}

function presetsSummary(state: PanelState): string {
  const chosen = state.presets.presets.find((p) => p.id === state.selectedPresetId);
  if (chosen) return chosen.name;
  const count = state.presets.presets.length;
  return count === 0 ? 'None saved' : `${count} saved`;
}

export function createPresetSection(doc: Document, handlers: PresetHandlers, onToggle: () => void): SectionView {
  const section = collapsibleSection(doc, 'presets', 'PRESETS', onToggle);
  const presets = new Picker(doc, 'Presets', 'No preset chosen', handlers.choosePreset);
  const presetName = el(doc, 'sp-textfield', { placeholder: 'Preset name', size: 's', class: 'cs-preset-name' });
  const nameValue = () => ((presetName as unknown as { value?: string }).value ?? '').trim();
  let selectedPresetId: string | undefined;
  const saveButton = button(doc, 'Save', 'secondary', () => handlers.savePreset(nameValue()));
  const defaultButton = button(doc, 'Make default', 'secondary', () => handlers.setProjectDefault(selectedPresetId));
  defaultButton.setAttribute('title', 'Make this preset the project default');
  const renameButton = button(doc, 'Rename', 'secondary', () => selectedPresetId && handlers.renamePreset(selectedPresetId, nameValue()));
  const deleteButton = button(doc, 'Delete', 'warning', () => selectedPresetId && handlers.deletePreset(selectedPresetId));
  section.body.append(field(doc, 'Preset', presets.node), row(doc, presetName, saveButton), row(doc, defaultButton, renameButton, deleteButton));

  return {
    node: section.node,
    render(state) {
      const busy = state.job.status !== 'idle';
      section.update(state.layout.open.presets, presetsSummary(state));
      if (state.selectedPresetId !== selectedPresetId) {
        // Choosing a preset puts its name in the field, ready for Rename.
        (presetName as unknown as { value: string }).value = state.presets.presets.find((p) => p.id === state.selectedPresetId)?.name ?? '';
      }
      selectedPresetId = state.selectedPresetId;
      presets.update(state.presets.presets.map((p) => ({
        value: p.id, label: p.id === state.presets.defaultPresetId ? `${p.name} (project default)` : p.name,
      })), state.selectedPresetId, busy);
      setDisabled(saveButton, busy || !state.style || !state.mode);
      for (const b of [defaultButton, renameButton, deleteButton]) setDisabled(b, busy || !state.selectedPresetId);
    },
  };
}
