/**
 * Asks the host which movie formats Apply can write now (a companion that encodes them answers),
 * quietly, as nothing was asked: at start, and again when the editor chooses a movie format the
 * panel does not know to be available (the companion may have been started since).
 */
import type { HostCapability, PanelHost } from './panelHost';
import type { PanelOutputFormat } from './outputChoice';
import type { PanelStore } from './state';

export async function checkMovieOutput(store: PanelStore, host: PanelHost): Promise<void> {
  if (!(await host.capabilities().catch((): readonly HostCapability[] => [])).includes('movieOutput')) return;
  const formats = await host.movieFormats().catch(() => []);
  store.dispatch({ type: 'movieFormatsKnown', formats });
}

/** The Output choice: chosen at once, and a movie format not known to be available is checked again. */
export function chooseOutput(store: PanelStore, host: PanelHost, format: PanelOutputFormat): Promise<void> {
  store.dispatch({ type: 'outputChosen', format });
  const { movieFormats } = store.getState().output;
  if (format === 'png' || movieFormats === undefined || movieFormats.includes(format)) return Promise.resolve();
  return checkMovieOutput(store, host);
}
