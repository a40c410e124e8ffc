/**
 * The part of a PanelHost that is the same in every UXP host: the installed modes, style images
 * (picked, recent, bundled), the panel's prefs, the clipboard and the companion's movie formats. Each host spreads it into its
 * PanelHost and adds what reads its own document (preview, apply, presets, diagnostics).
 */
import type { PanelHost } from '../panel/panelHost';
import { bundledStyles } from './bundledStyles';
import { copyPlainText } from './clipboard';
import { loadPanelPrefs, savePanelPrefs } from './panelPrefsFile';
import { loadRecentStyle, recentStyles, rememberStyle } from './recentStyles';
import { pickStyleImage } from './stylePicker';
import { listInstalledModes } from './uxpModelStore';
import { companionMovieFormats } from './movieOutput';

type SharedMembers = 'listModes' | 'pickStyleImage' | 'recentStyles' | 'loadRecentStyle' | 'rememberStyle'
  | 'bundledStyles' | 'loadPanelPrefs' | 'savePanelPrefs' | 'copyText' | 'movieFormats';

export const uxpPanelServices: Pick<PanelHost, SharedMembers> = {
  listModes: listInstalledModes,
  pickStyleImage,
  recentStyles,
  loadRecentStyle,
  rememberStyle,
  bundledStyles,
  loadPanelPrefs,
  savePanelPrefs,
  copyText: copyPlainText,
  movieFormats: companionMovieFormats,
};
