/**
 * What Apply asks its host to render, from the panel's state: the Look, and each control that
 * shapes a render without being part of the Look (kept apart so presets and previews stay a Look).
 */
import type { ApplyRequest } from './panelHost';
import { matteRequestOf, regionProblem } from './region';
import { panelLook, readiness, type PanelState } from './state';
import { overTimeOf } from './transition';

/** The request for the panel's settings; undefined until a style is chosen and a mode installed. */
export function applyRequestOf(state: PanelState): ApplyRequest | undefined {
  const { matte, mixGoesOutside } = matteRequestOf(state.region, state.mix?.style.image);
  // With the second style outside the matte, the look inside is the first style alone (not a mix, nor a moving one).
  const inside = mixGoesOutside ? { ...state, mix: undefined } : state;
  const look = panelLook(inside);
  if (!look) return undefined;
  const overTime = overTimeOf(inside.transition, inside.mix !== undefined);
  const { format } = state.output;
  return { look, ...(overTime ? { overTime } : {}), ...(matte ? { matte } : {}), ...(format !== 'png' ? { output: format } : {}) };
}

/** Whether Apply can run (readiness, and what Apply's own controls need), with the reason when not. */
export function applyReadiness(state: PanelState): { canRun: boolean; reason?: string } {
  const ready = readiness(state);
  if (!ready.canRun) return ready;
  const problem = regionProblem(state.region, !!state.mix);
  return problem ? { canRun: false, reason: problem } : ready;
}
