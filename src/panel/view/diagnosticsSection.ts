/**
 * The Diagnostics disclosure at the bottom of the panel: closed until opened (opening runs the
 * checks), its lines from describeDiagnostics, "Check again" and "Copy report".
 */
import { describeDiagnostics } from '../diagnostics';
import { button, el, row, setDisabled, type SectionView } from './widgets';

export interface DiagnosticsHandlers {
  toggleDiagnostics(): void;
  checkDiagnostics(): void;
  copyDiagnostics(): void;
}

export function createDiagnosticsSection(doc: Document, handlers: DiagnosticsHandlers): SectionView {
  const toggle = el(doc, 'sp-action-button', { quiet: '', size: 's', class: 'cs-disclosure', 'aria-expanded': 'false' });
  toggle.addEventListener('click', handlers.toggleDiagnostics);
  const lines = el(doc, 'div', { class: 'cs-diagnostics-lines' });
  const checkButton = button(doc, 'Check again', 'secondary', handlers.checkDiagnostics);
  const copyButton = button(doc, 'Copy report', 'secondary', handlers.copyDiagnostics);
  const body = el(doc, 'div', { class: 'cs-diagnostics' });
  body.append(lines, row(doc, checkButton, copyButton));
  const node = el(doc, 'section', { class: 'cs-section cs-diagnostics-section' });
  node.append(toggle, body);
  let shownKey = '';

  return {
    node,
    render({ diagnostics }) {
      toggle.textContent = `${diagnostics.open ? '▾' : '▸'} Diagnostics`;
      toggle.setAttribute('aria-expanded', String(diagnostics.open));
      body.classList.toggle('cs-hidden', !diagnostics.open);
      const text = diagnostics.result ? describeDiagnostics(diagnostics.result) : [diagnostics.checking ? 'Checking…' : 'Not checked yet.'];
      const key = JSON.stringify(text);
      if (key !== shownKey) {
        shownKey = key;
        lines.replaceChildren(...text.map((line) => el(doc, 'sp-body', { size: 's', class: 'cs-diagnostics-line' }, line)));
      }
      setDisabled(checkButton, diagnostics.checking);
      checkButton.textContent = diagnostics.checking ? 'Checking…' : 'Check again';
      setDisabled(copyButton, diagnostics.checking || !diagnostics.result);
    },
  };
}
