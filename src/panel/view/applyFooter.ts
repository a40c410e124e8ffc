/**
 * The footer that never scrolls away: where to render (while a farm is offered), "Apply to
 * selection" and Cancel, the progress line, and the latest message (it wraps, and scrolls within
 * itself when long, so Apply stays in view).
 */
import type { ApplyProgress, RenderOn } from '../panelHost';
import { describeProgress, progressFraction } from '../progressText';
import type { PanelState } from '../state';
import { applyReadiness } from '../applyRequest';
import { button, el, field, Picker, row, setDisabled, type SectionView } from './widgets';

export interface ApplyHandlers {
  chooseRenderOn(renderOn: RenderOn): void;
  apply(): void;
  cancel(): void;
  dismissMessage(): void;
}

const RENDER_ON_OPTIONS = [{ value: 'local', label: 'This computer' }, { value: 'farm', label: 'Render farm' }];

/** What the bar says once a render is done: the frame count and speed of the last clip's stylize phase. */
function describeFinished(p: ApplyProgress | undefined): string {
  if (!p) return 'Done';
  const fps = p.fps > 0 ? ` · ${p.fps.toFixed(1)} fps` : '';
  return `Done · ${p.total} frames${fps}`;
}

/** The progress bar: shown while a render runs, and after it, saying how it went, for as long as its summary shows. */
function progressLine(doc: Document): { node: HTMLElement; render(state: PanelState): void } {
  const node = el(doc, 'sp-progressbar', { max: '100', value: '0', class: 'cs-progress' });
  const text = el(doc, 'sp-label', { slot: 'label', class: 'cs-progress-text' });
  node.appendChild(text);
  let wasBusy = false;
  let runStylize: ApplyProgress | undefined;
  let runValue = 0;
  let finished: { message: PanelState['message']; text: string } | undefined;
  return {
    node,
    render(state) {
      const busy = state.job.status !== 'idle';
      const p = state.job.progress;
      if (busy) {
        if (!wasBusy) runStylize = undefined;
        if (p?.phase === 'stylize') runStylize = p;
        runValue = Math.round(progressFraction(p) * 100);
        finished = undefined;
      } else if (wasBusy && state.message?.kind === 'info') {
        finished = { message: state.message, text: describeFinished(runStylize) };
      } else if (finished && state.message !== finished.message) {
        finished = undefined;
      }
      wasBusy = busy;
      node.setAttribute('value', String(busy || finished ? runValue : 0));
      node.classList.toggle('cs-hidden', !busy && !finished);
      text.textContent = state.job.status === 'cancelling' ? 'Cancelling…'
        : busy ? (p ? describeProgress(p) : 'Starting…') : finished?.text ?? '';
    },
  };
}

export function createApplyFooter(doc: Document, handlers: ApplyHandlers): SectionView {
  const node = el(doc, 'div', { class: 'cs-footer' });
  // "Render on" shows only while a farm is reachable: most editors never see it.
  const renderOn = new Picker(doc, 'Render on', 'Render on', (v) => handlers.chooseRenderOn(v as RenderOn));
  const renderOnField = field(doc, 'Render on', renderOn.node);
  const applyButton = button(doc, 'Apply to selection', 'cta', handlers.apply);
  const cancelButton = button(doc, 'Cancel', 'secondary', handlers.cancel);
  const progress = progressLine(doc);
  const message = el(doc, 'div', { class: 'cs-message', role: 'status' });
  const messageText = el(doc, 'sp-body', { size: 's', class: 'cs-message-text' });
  const dismiss = el(doc, 'sp-action-button', { quiet: '', size: 's' }, 'Dismiss');
  dismiss.addEventListener('click', handlers.dismissMessage);
  message.append(messageText, dismiss);
  node.append(renderOnField, row(doc, applyButton, cancelButton), progress.node, message);

  return {
    node,
    render(state) {
      const busy = state.job.status !== 'idle';
      const ready = applyReadiness(state);
      renderOnField.classList.toggle('cs-hidden', !state.farmAvailable);
      renderOn.update(RENDER_ON_OPTIONS, state.renderOn, busy);
      setDisabled(applyButton, !ready.canRun);
      applyButton.setAttribute('title', ready.reason ?? 'Stylize the selected clips and place the renders above them');
      setDisabled(cancelButton, state.job.status !== 'running');
      progress.render(state);
      message.classList.toggle('cs-hidden', !state.message);
      message.classList.toggle('cs-error', state.message?.kind === 'error');
      messageText.textContent = state.message?.text ?? '';
    },
  };
}
