/**
 * The Output choice in the LOOK section: image sequence (PNG) or a movie the companion encodes,
 * with a note when the chosen movie cannot be written now (no companion answers). Hidden where
 * the host writes image sequences only.
 */
import { OUTPUT_CHOICES, outputProblem, type PanelOutputFormat } from '../outputChoice';
import type { PanelState } from '../state';
import { el, field, Picker } from './widgets';

export interface OutputHandlers {
  chooseOutput(format: PanelOutputFormat): void;
}

export function createOutputField(doc: Document, handlers: OutputHandlers): { node: HTMLElement; render(state: PanelState, busy: boolean): void } {
  const picker = new Picker(doc, 'Output', 'Output', (v) => handlers.chooseOutput(v as PanelOutputFormat));
  picker.node.setAttribute('title', 'What Apply writes: numbered PNG stills, or a movie encoded by the Coherent Style companion');
  const note = el(doc, 'sp-body', { size: 's', class: 'cs-output-note' });
  const node = el(doc, 'div', { class: 'cs-output' });
  node.append(field(doc, 'Output', picker.node), note);
  const options = OUTPUT_CHOICES.map((c) => ({ value: c.format, label: c.label }));
  return {
    node,
    render(state, busy) {
      node.classList.toggle('cs-hidden', state.output.movieFormats === undefined);
      picker.update(options, state.output.format, busy);
      const problem = outputProblem(state.output);
      note.textContent = problem ?? '';
      note.classList.toggle('cs-hidden', problem === undefined);
    },
  };
}
