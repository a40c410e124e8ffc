/**
 * The After Effects plugin's entry (dist-aftereffects/index.js): registers the panel with UXP,
 * once. The panel is the host-agnostic one from src/panel, given After Effects' PanelHost; it
 * renders on this computer only (the host lists no 'renderOnFarm').
 */
import type { StylizeService } from '../../engine/inference/stylizeService';
import { mountPanel, type MountedPanel } from '../../panel/mountPanel';
import { connectFirstAvailable } from '../../panel/stylizeCarriers';
import { uxp } from '../uxp/uxpApi';
import { createAfterEffectsPanelHost } from './afterEffectsPanelHost';
import { afterEffectsCarriers } from './carriers';

export const PANEL_ID = 'coherentStylePanel';

async function connectService(): Promise<StylizeService> {
  return (await connectFirstAvailable(afterEffectsCarriers())).service;
}

let mounted: MountedPanel | undefined;

/**
 * Mounts the panel the first time either lifecycle callback arrives; a later `create` or `show`
 * with another root node moves the mounted panel (state and running job included) there, as the
 * Premiere entry does, since nothing documents the lifecycle for After Effects yet.
 */
function ensureMounted(rootNode: HTMLElement): void {
  if (!mounted) {
    mounted = mountPanel(rootNode, { host: createAfterEffectsPanelHost(), createStylizeService: connectService });
    return;
  }
  mounted.moveTo(rootNode);
  void mounted.controller.refreshPresets(); // the open project may have changed meanwhile
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
        },
      },
    },
  });
}

registerEntrypoints();
