/**
 * The Region section's handlers: choices go to the store; listing what can be a matte asks the
 * host (when "Inside a matte" is chosen, and on Refresh), a failure becoming the panel's message.
 */
import { describeError } from './panelController';
import type { PanelHost } from './panelHost';
import type { RegionChange } from './region';
import type { PanelStore } from './state';
import type { RegionHandlers } from './view/regionSection';

export async function listMatteSources(store: PanelStore, host: PanelHost): Promise<void> {
  try {
    store.dispatch({ type: 'matteSourcesListed', sources: await host.matteSources() });
  } catch (e) {
    store.dispatch({ type: 'failed', text: describeError(e) });
  }
}

export function regionHandlers(store: PanelStore, host: PanelHost): RegionHandlers {
  const change = (c: RegionChange) => store.dispatch({ type: 'regionChanged', change: c });
  return {
    chooseWhere: (where) => {
      change({ where });
      if (where === 'matte') void listMatteSources(store, host);
    },
    chooseMatte: (source) => change({ source }),
    setInvertMatte: (invert) => change({ invert }),
    chooseOutside: (outside) => change({ outside }),
    listMatteSources: () => void listMatteSources(store, host),
  };
}
