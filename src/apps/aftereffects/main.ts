/**
 * The After Effects plugin's entry (dist-aftereffects/index.js): registers the panel with UXP,
 * once. The panel is the host-agnostic one from src/panel, given After Effects' PanelHost; it
 * renders on this computer only (the host lists no 'renderOnFarm').
 */
import { mountPanel } from '../../panel/mountPanel';
import { panelLifecycle } from '../../uxp/panelLifecycle';
import { uxp } from '../../uxp/uxpApi';
import { createAfterEffectsPanelHost } from './afterEffectsPanelHost';
import { connectAfterEffectsCarrier } from './carriers';

const PANEL_ID = 'coherentStylePanel';

export function registerEntrypoints(): void {
  uxp().entrypoints.setup({
    panels: {
      [PANEL_ID]: panelLifecycle((rootNode) => mountPanel(rootNode, { host: createAfterEffectsPanelHost(), createStylizeService: connectAfterEffectsCarrier })),
    },
  });
}

registerEntrypoints();
