/**
 * The part of a PanelHost that is the same in every UXP host: the installed modes, style images
 * (picked, recent, bundled), the panel's prefs and the clipboard. Each host spreads it into its
 * PanelHost and adds what reads its own document (preview, apply, presets, diagnostics).
 */
import type { PanelHost } from '../panel/panelHost';
import { bundledStyles } from './bundledStyles';
import { copyPlainText } from './clipboard';
import { loadPanelPrefs, savePanelPrefs } from './panelPrefsFile';
import { loadRecentStyle, recentStyles, rememberStyle } from './recentStyles';
import { pickStyleImage } from './stylePicker';
import { listInstalledModes } from './uxpModelStore';

type SharedMembers = 'listModes' | 'pickStyleImage' | 'recentStyles' | 'loadRecentStyle' | 'rememberStyle'
  | 'bundledStyles' | 'loadPanelPrefs' | 'savePanelPrefs' | 'copyText';

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
};
