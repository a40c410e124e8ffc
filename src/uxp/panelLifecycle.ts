/**
 * The panel entry point's lifecycle callbacks, the same in every UXP host: the panel mounts the
 * first time either callback arrives, into the root node that callback names. Premiere's
 * entrypoints page says "The `hide()` and `destroy()` hooks are **not working as expected yet**",
 * and nothing documents them for After Effects, so `create` may come again with a new root node
 * and no `destroy` before it: the mounted panel then moves, state and running job included, into
 * that root, WebViews included, and reloads the presets (the open project may have changed meanwhile).
 */
import type { MountedPanel } from '../panel/mountPanel';
import type { PanelEntrypoint } from './uxpApi';
import { setWebViewHome } from './webViewCarrier';

export function panelLifecycle(mount: (rootNode: HTMLElement) => MountedPanel): PanelEntrypoint {
  let mounted: MountedPanel | undefined;
  const ensureMounted = (rootNode: HTMLElement): void => {
    // The inference page's WebView lives in the panel's current root (html-web-view-element.md).
    setWebViewHome(rootNode);
    if (!mounted) {
      mounted = mount(rootNode);
      return;
    }
    mounted.moveTo(rootNode);
    void mounted.controller.refreshPresets();
  };
  return {
    create: ensureMounted,
    show: ensureMounted,
    async destroy() {
      await mounted?.unmount();
      mounted = undefined;
    },
  };
}
