/**
 * The panel's one entry point: mounts it into a root element with an injected PanelHost and a
 * StylizeService factory. Premiere's panel entry point calls this; so can a browser harness.
 */
import type { StylizeService } from '../engine/inference/stylizeService';
import { PanelController } from './panelController';
import type { FarmRenderer, PanelHost } from './panelHost';
import { regionHandlers } from './regionHandlers';
import { PanelStore } from './state';
import { createPanelView } from './view/panelView';
import { checkMovieOutput, chooseOutput } from './movieOutputCheck';

export interface MountPanelOptions {
  host: PanelHost;
  createStylizeService: () => Promise<StylizeService>;
  /** Connects to the render farm, where the host can reach one (see PanelControllerOptions). */
  connectFarm?: () => Promise<FarmRenderer>;
}

export interface MountedPanel {
  store: PanelStore;
  controller: PanelController;
  /** Moves the panel, with its state and any running job, into another root element. */
  moveTo(root: HTMLElement): void;
  /** Removes the panel's DOM and releases its StylizeService. */
  unmount(): Promise<void>;
}

export function mountPanel(root: HTMLElement, options: MountPanelOptions): MountedPanel {
  const store = new PanelStore();
  const controller = new PanelController(store, options);
  const view = createPanelView(root, {
    pickStyle: () => void controller.pickStyle(),
    chooseGalleryStyle: (fileName) => void controller.chooseGalleryStyle(fileName),
    chooseRecentStyle: (id) => void controller.chooseRecentStyle(id),
    choosePreset: (id) => void controller.choosePreset(id),
    chooseMode: (mode) => store.dispatch({ type: 'modeChosen', mode }),
    setStrength: (strength) => store.dispatch({ type: 'strengthChanged', strength }),
    pickMixStyle: () => void controller.pickMixStyle(),
    setMixShare: (share) => store.dispatch({ type: 'mixShareChanged', share }),
    clearMix: () => store.dispatch({ type: 'mixCleared' }),
    changeTransition: (change) => store.dispatch({ type: 'transitionChanged', change }),
    changeLook: (change) => store.dispatch({ type: 'lookChanged', change }),
    setStyleScale: (styleScale) => store.dispatch({ type: 'styleScaleChanged', styleScale }),
    chooseRenderSize: (shortSide) => store.dispatch({ type: 'renderSizeChosen', shortSide }),
    ...regionHandlers(store, options.host),
    chooseRenderOn: (renderOn) => store.dispatch({ type: 'renderOnChosen', renderOn }),
    chooseOutput: (format) => void chooseOutput(store, options.host, format),
    preview: () => void controller.preview(),
    compareModes: () => void controller.compareModes(),
    apply: () => void controller.apply(),
    cancel: () => controller.cancel(),
    savePreset: (name) => void controller.savePreset(name),
    setProjectDefault: (id) => void controller.setProjectDefault(id),
    renamePreset: (id, name) => void controller.renamePreset(id, name),
    deletePreset: (id) => void controller.deletePreset(id),
    dismissMessage: () => store.dispatch({ type: 'messageDismissed' }),
    toggleSection: (section) => void controller.toggleSection(section),
    toggleDiagnostics: () => void controller.toggleDiagnostics(),
    checkDiagnostics: () => void controller.checkDiagnostics(),
    copyDiagnostics: () => void controller.copyDiagnostics(),
  });
  const unsubscribe = store.subscribe((state) => view.render(state));
  view.render(store.getState());
  void controller.init();
  void checkMovieOutput(store, options.host);
  return {
    store,
    controller,
    moveTo: (newRoot) => view.moveTo(newRoot),
    async unmount() {
      unsubscribe();
      view.destroy();
      await controller.dispose();
    },
  };
}
