/**
 * The plugin's entry (dist/index.js): registers the panel and the applyToSelection command with
 * UXP, once. The panel is the host-agnostic one from src/panel, given Premiere's PanelHost.
 */
import type { StylizeService } from '../../engine/inference/stylizeService';
import { mountPanel } from '../../panel/mountPanel';
import { describeError } from '../../panel/panelController';
import { connectPremiereCarrier } from './carriers';
import { openCompanionFarm } from '../../uxp/companionCarrier';
import { describeApplied } from './applyStyle';
import { applyDefaultPreset } from './defaultPresetCommand';
import { createPremierePanelHost } from './premierePanelHost';
import { panelLifecycle } from '../../uxp/panelLifecycle';
import { uxp } from '../../uxp/uxpApi';

const PANEL_ID = 'coherentStylePanel';
const COMMAND_ID = 'applyToSelection';

const connectService = connectPremiereCarrier;

/** Tells the editor how the command went (UXP commands have no panel to show it in). */
async function notifyEditor(text: string): Promise<void> {
  const dialog = document.createElement('dialog') as HTMLDialogElement & { uxpShowModal?: (o: object) => Promise<unknown> };
  const body = document.createElement('p');
  body.textContent = text;
  const close = document.createElement('sp-button');
  close.textContent = 'OK';
  close.addEventListener('click', () => dialog.close());
  dialog.append(body, close);
  document.body.appendChild(dialog);
  try {
    if (dialog.uxpShowModal) await dialog.uxpShowModal({ title: 'Coherent Style', resize: 'none' });
    else dialog.showModal();
  } finally {
    dialog.remove();
  }
}

export async function runApplyCommand(notify: (text: string) => Promise<void> = notifyEditor): Promise<string> {
  let service: StylizeService | undefined;
  let text: string;
  try {
    service = await connectService();
    const { presetName, renders } = await applyDefaultPreset(service);
    text = describeApplied(renders, presetName);
  } catch (e) {
    text = describeError(e);
  } finally {
    await service?.dispose();
  }
  await notify(text);
  return text;
}

export function registerEntrypoints(): void {
  uxp().entrypoints.setup({
    panels: {
      [PANEL_ID]: panelLifecycle((rootNode) => mountPanel(rootNode, {
        host: createPremierePanelHost(), createStylizeService: connectService, connectFarm: openCompanionFarm,
      })),
    },
    commands: { [COMMAND_ID]: { run: () => runApplyCommand() } },
  });
}

registerEntrypoints();
