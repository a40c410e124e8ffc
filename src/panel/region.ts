/**
 * The panel's Region control: where Apply's look goes. The whole frame, or inside a matte the
 * host renders to frames (a video track in Premiere, a layer in After Effects), with the frame
 * left as it was outside it or given the mix slot's style, so subject and background get
 * different looks. Per render, like the render size's target: not part of the Look nor presets.
 */
import type { RasterImage } from '../engine/images/image';
import type { MatteRequest, MatteSource } from './panelHost';

/** What lies outside the matte: the frame as it was, or the second style (Look › Advanced › Mix with…). */
export type OutsideMatte = 'original' | 'mixStyle';

export interface RegionState {
  where: 'wholeFrame' | 'matte';
  /** What the host offers as a matte, as last listed; undefined until listed. */
  sources: MatteSource[] | undefined;
  /** The chosen MatteSource id. */
  source: string | undefined;
  invert: boolean;
  outside: OutsideMatte;
}

export const initialRegion: RegionState = { where: 'wholeFrame', sources: undefined, source: undefined, invert: false, outside: 'original' };

export type RegionChange = Partial<Pick<RegionState, 'where' | 'source' | 'invert' | 'outside'>>;

export type RegionAction =
  | { type: 'regionChanged'; change: RegionChange }
  | { type: 'matteSourcesListed'; sources: MatteSource[] };

export function regionReducer(region: RegionState, action: RegionAction): RegionState {
  if (action.type === 'matteSourcesListed') {
    // A source that is gone (track deleted, layer removed) is no longer chosen.
    const kept = action.sources.some((s) => s.id === region.source) ? region.source : undefined;
    return { ...region, sources: action.sources, source: kept };
  }
  const { where, source, invert, outside } = action.change;
  return {
    ...region,
    ...(where === 'wholeFrame' || where === 'matte' ? { where } : {}),
    ...(source !== undefined && (region.sources ?? []).some((s) => s.id === source) ? { source } : {}),
    ...(typeof invert === 'boolean' ? { invert } : {}),
    ...(outside === 'original' || outside === 'mixStyle' ? { outside } : {}),
  };
}

const sourceLabel = (region: RegionState): string | undefined => region.sources?.find((s) => s.id === region.source)?.label;

/** "Whole frame", or "Inside the matte on V3" (with what changes from the plain case). */
export function regionSummary(region: RegionState): string {
  if (region.where === 'wholeFrame') return 'Whole frame';
  const label = sourceLabel(region);
  if (!label) return 'Inside a matte (none chosen)';
  const extras = [region.invert ? 'inverted' : '', region.outside === 'mixStyle' ? 'second style outside' : ''].filter(Boolean);
  return `Inside the matte on ${label}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** Why Apply cannot run with this region, in words the editor can act on; undefined when it can. */
export function regionProblem(region: RegionState, hasMixStyle: boolean): string | undefined {
  if (region.where === 'wholeFrame') return undefined;
  if (!sourceLabel(region)) return 'Choose the matte under Region (or Whole frame).';
  if (region.outside === 'mixStyle' && !hasMixStyle) return 'Outside the matte asks for the second style: choose one under Look › Advanced › Mix with…, or Original.';
  return undefined;
}

/**
 * The request's matte for this region (undefined: the whole frame), and whether the mix slot's
 * style went outside the matte (then the look inside is the first style alone, not the mix).
 */
export function matteRequestOf(region: RegionState, mixStyle: RasterImage | undefined): { matte?: MatteRequest; mixGoesOutside: boolean } {
  if (region.where !== 'matte' || region.source === undefined || regionProblem(region, !!mixStyle)) return { mixGoesOutside: false };
  const outsideStyle = region.outside === 'mixStyle' ? mixStyle : undefined;
  return { matte: { source: region.source, invert: region.invert, ...(outsideStyle ? { outsideStyle } : {}) }, mixGoesOutside: !!outsideStyle };
}
