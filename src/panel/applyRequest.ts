/**
 * What Apply asks its host to render, from the panel's state: the Look, and each control that
 * shapes a render without being part of the Look (kept apart so presets and previews stay a Look).
 */
import type { ApplyRequest } from './panelHost';
import { panelLook, type PanelState } from './state';
import { overTimeOf } from './transition';

/** The request for the panel's settings; undefined until a style is chosen and a mode installed. */
export function applyRequestOf(state: PanelState): ApplyRequest | undefined {
  const look = panelLook(state);
  if (!look) return undefined;
  const overTime = overTimeOf(state.transition, state.mix !== undefined);
  const { format } = state.output;
  return { look, ...(overTime ? { overTime } : {}), ...(format !== 'png' ? { output: format } : {}) };
}
