/**
 * The plugin's entry (dist/index.js): registers the panel and the applyToSelection command with
 * UXP, once. The panel is the host-agnostic one from src/panel, given Premiere's PanelHost.
 */
import type { StylizeService } from '../../engine/inference/stylizeService';
import { mountPanel, type MountedPanel } from '../../panel/mountPanel';
import { describeError } from '../../panel/panelController';
import { connectPremiereCarrier } from './carriers';
import { openCompanionFarm } from './companionCarrier';
import { describeApplied } from './applyStyle';
import { applyDefaultPreset } from './defaultPresetCommand';
import { createPremierePanelHost } from './premierePanelHost';
import { uxp } from './uxpApi';
import { setWebViewHome } from './webViewCarrier';

export const PANEL_ID = 'coherentStylePanel';
export const COMMAND_ID = 'applyToSelection';

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

let mounted: MountedPanel | undefined;

/**
 * Mounts the panel the first time either lifecycle callback arrives, into the root node that
 * callback names. The entrypoints page says "The `hide()` and `destroy()` hooks are **not working
 * as expected yet** in Premiere", so `create` may come again with a new root node and no `destroy`
 * before it: the mounted panel then moves, state, running job and WebViews included, into that root. Nothing
 * else depends on the lifecycle, and the command never needs the panel.
 */
function ensureMounted(rootNode: HTMLElement): void {
  setWebViewHome(rootNode);
  if (!mounted) {
    mounted = mountPanel(rootNode, { host: createPremierePanelHost(), createStylizeService: connectService, connectFarm: openCompanionFarm });
    return;
  }
  mounted.moveTo(rootNode);
  void mounted.controller.refreshPresets(); // the active project may have changed meanwhile
}

export function registerEntrypoints(): void {
  uxp().entrypoints.setup({
    panels: {
      [PANEL_ID]: {
        create: ensureMounted,
        show: ensureMounted,
        async destroy() {
          await mounted?.unmount();
          mounted = undefined;
          setWebViewHome(undefined);
        },
      },
    },
    commands: { [COMMAND_ID]: { run: () => runApplyCommand() } },
  });
}

registerEntrypoints();
