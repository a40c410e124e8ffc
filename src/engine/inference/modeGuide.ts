/**
 * A mode in an editor's words, for whoever offers the choice (`models list`, the panel's mode
 * picker): what it does and what it suits, from models.json's hand-written `modeGuide`. A model
 * without one falls back to the first clause of its description.
 */
import type { ModelEntry } from './modelContract';

export interface ModeSummary {
  does: string;
  useWhen?: string;
}

export function modeSummary(mode: ModelEntry): ModeSummary {
  const guide = mode.modeGuide;
  return guide ? { does: guide.does, useWhen: guide.useWhen } : { does: mode.description.split(/[.;]/)[0] };
}

/** One sentence or two for the panel, e.g. "Paints with the style's strokes. Good for: bold graphic looks, animation." */
export function describeModeForEditor(mode: ModelEntry): string {
  const { does, useWhen } = modeSummary(mode);
  const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  return useWhen ? `${sentence(does)} Good for: ${sentence(useWhen.charAt(0).toLowerCase() + useWhen.slice(1))}` : sentence(does);
}
