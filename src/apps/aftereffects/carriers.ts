/**
 * The carriers that can run the style models in After Effects, in order. Adobe's After Effects
 * reference documents file access, storage and networking, not the WebView: so the companion
 * (over the documented WebSocket) comes first, and the WebView is used only when its page actually
 * loads and answers here (that attempt is the check, and Diagnostics reports it). No in-process
 * carrier: carrierConnection.ts says why.
 */
import type { StylizeService } from '../../engine/inference/stylizeService';
import { connectCarrier } from '../../uxp/carrierConnection';
import { openCompanionService } from '../../uxp/companionCarrier';
import { openWebViewService } from '../../uxp/webViewCarrier';

/** A WebView page that has not loaded by then is taken as not working in this build. */
const WEBVIEW_CHECK_MS = 5000;

export function connectAfterEffectsCarrier(): Promise<StylizeService> {
  return connectCarrier([
    { id: 'companion', connect: () => openCompanionService() },
    { id: 'webview (checked)', connect: () => openWebViewService({ loadTimeoutMs: WEBVIEW_CHECK_MS }) },
  ]);
}
