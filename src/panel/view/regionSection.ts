/**
 * The REGION section: where Apply's look goes (region.ts). Whole frame, or inside a matte the
 * host lists (a track in Premiere, a layer in After Effects; "Refresh" lists them again after an
 * edit), inverted or not, with the original frame or the second style outside it.
 */
import { regionSummary, type OutsideMatte, type RegionState } from '../region';
import type { PanelState } from '../state';
import { button, collapsibleSection, el, field, Picker, row, setChecked, setDisabled, type SectionView } from './widgets';

export interface RegionHandlers {
  /** Choosing "Inside a matte" also lists the host's matte sources. */
  chooseWhere(where: RegionState['where']): void;
  chooseMatte(source: string): void;
  setInvertMatte(invert: boolean): void;
  chooseOutside(outside: OutsideMatte): void;
  listMatteSources(): void;
}

const WHERE_CHOICES = [
  { value: 'wholeFrame', label: 'Whole frame' },
  { value: 'matte', label: 'Inside a matte' },
];
const OUTSIDE_CHOICES = [
  { value: 'original', label: 'Original' },
  { value: 'mixStyle', label: 'Second style' },
];

export function createRegionSection(doc: Document, handlers: RegionHandlers, onToggle: () => void): SectionView {
  const section = collapsibleSection(doc, 'region', 'REGION', onToggle);
  const where = new Picker(doc, 'Where', 'Where', (v) => handlers.chooseWhere(v as RegionState['where']));
  const matte = new Picker(doc, 'Matte', 'No matte listed', handlers.chooseMatte);
  const refresh = button(doc, 'Refresh', 'secondary', handlers.listMatteSources);
  refresh.setAttribute('title', 'List the tracks or layers again after editing');
  const invert = el(doc, 'sp-checkbox', { size: 's', class: 'cs-invert-matte' }, 'Invert (the look where the matte is black)');
  invert.addEventListener('change', () => handlers.setInvertMatte(!!(invert as unknown as { checked: boolean }).checked));
  const outside = new Picker(doc, 'Outside', 'Outside', (v) => handlers.chooseOutside(v as OutsideMatte));
  outside.node.setAttribute('title', 'Outside the matte: the frame as it was, or the second style (Look › Advanced › Mix with…)');
  const hint = el(doc, 'sp-body', { size: 's', class: 'cs-region-hint' },
    'White in the matte gets the look, black keeps the outside, grey blends (soft edges). The matte renders alone, at the render size.');
  const matteControls = el(doc, 'div', { class: 'cs-matte-controls' });
  matteControls.append(row(doc, field(doc, 'Matte', matte.node), refresh), invert, field(doc, 'Outside', outside.node), hint);
  section.body.append(field(doc, 'Where', where.node), matteControls);

  return {
    node: section.node,
    render(state: PanelState) {
      const busy = state.job.status !== 'idle';
      const { region } = state;
      section.update(state.layout.open.region, regionSummary(region));
      where.update(WHERE_CHOICES, region.where, busy);
      matteControls.classList.toggle('cs-hidden', region.where !== 'matte');
      matte.update((region.sources ?? []).map((s) => ({ value: s.id, label: s.label })), region.source, busy);
      setDisabled(refresh, busy);
      setChecked(invert, region.invert);
      setDisabled(invert, busy);
      outside.update(OUTSIDE_CHOICES, region.outside, busy);
    },
  };
}
