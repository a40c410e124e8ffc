/**
 * Which of the panel's sections are open, and what of it is kept between sessions (through the
 * host: PanelHost.loadPanelPrefs / savePanelPrefs, as the panel keeps its recent styles). On first
 * use the sections a first render needs are open; once the editor has applied a look, sections start
 * collapsed, except those the editor opened or closed by hand: each of those choices is remembered.
 */
import { z } from 'zod';

export const PANEL_SECTIONS = ['style', 'look', 'overTime', 'region', 'preview', 'presets'] as const;
export type PanelSection = (typeof PANEL_SECTIONS)[number];

/** What a first render needs in view: a style, the look, its preview (a look over time and a region are later steps). */
const FIRST_USE_OPEN: Readonly<Record<PanelSection, boolean>> = { style: true, look: true, overTime: false, region: false, preview: true, presets: false };
const COLLAPSED: Readonly<Record<PanelSection, boolean>> = { style: false, look: false, overTime: false, region: false, preview: false, presets: false };

export interface PanelLayout {
  /** Whether the editor has applied a look in this panel before (then sections start collapsed). */
  applied: boolean;
  /** Each section's open state now. */
  open: Record<PanelSection, boolean>;
  /** The sections the editor opened or closed by hand, as left. */
  chosen: Partial<Record<PanelSection, boolean>>;
}

/** The stored form (panel-prefs.json in Premiere's plugin data folder). Unknown keys are ignored. */
const panelPrefsSchema = z.object({
  version: z.literal(1),
  applied: z.boolean(),
  sections: z.partialRecord(z.enum(PANEL_SECTIONS), z.boolean()),
});
export type PanelPrefs = z.infer<typeof panelPrefsSchema>;

function layoutOf(applied: boolean, chosen: PanelLayout['chosen']): PanelLayout {
  return { applied, chosen, open: { ...(applied ? COLLAPSED : FIRST_USE_OPEN), ...chosen } };
}

export const firstUseLayout: PanelLayout = layoutOf(false, {});

/** The layout kept prefs ask for; missing or damaged prefs give the first-use layout (only the layout is lost). */
export function layoutFromPrefs(stored: unknown): PanelLayout {
  const parsed = panelPrefsSchema.safeParse(stored);
  return parsed.success ? layoutOf(parsed.data.applied, parsed.data.sections) : firstUseLayout;
}

export function prefsOf(layout: PanelLayout): PanelPrefs {
  return { version: 1, applied: layout.applied, sections: layout.chosen };
}

/** The editor opens or closes a section: remembered. */
export function toggleSection(layout: PanelLayout, section: PanelSection): PanelLayout {
  const open = !layout.open[section];
  return { ...layout, open: { ...layout.open, [section]: open }, chosen: { ...layout.chosen, [section]: open } };
}

/** The panel shows a section because of what the editor did (a preview comes in); not remembered. */
export function revealSection(layout: PanelLayout, section: PanelSection): PanelLayout {
  return layout.open[section] ? layout : { ...layout, open: { ...layout.open, [section]: true } };
}

/** After the first Apply: later sessions start collapsed (this one stays as it is). */
export function markApplied(layout: PanelLayout): PanelLayout {
  return layout.applied ? layout : { ...layout, applied: true };
}
