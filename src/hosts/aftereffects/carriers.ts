/**
 * The carriers that can run the style models in After Effects, in order. Adobe's After Effects
 * reference documents file access, storage and networking, not the WebView: so the companion
 * (over the documented WebSocket) comes first, the WebView is used only when its page actually
 * loads and answers here (that attempt is the check, and Diagnostics reports it), and in-process
 * wasm comes last.
 */
import { CoherentStyleError } from '../../engine/errors';
import type { StylizeCarrier } from '../../panel/stylizeCarriers';
import { openCompanionService } from '../uxp/companionCarrier';
import { openInProcessService } from '../uxp/inProcessCarrier';
import { openWebViewService } from '../uxp/webViewCarrier';

/** A WebView page that has not loaded by then is taken as not working in this build. */
const WEBVIEW_CHECK_MS = 5000;

export function afterEffectsCarriers(): StylizeCarrier[] {
  return [
    { id: 'companion', connect: () => openCompanionService() },
    { id: 'webview (checked)', connect: () => openWebViewService({ loadTimeoutMs: WEBVIEW_CHECK_MS }) },
    {
      id: 'in-process',
      connect: () => (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object'
        ? openInProcessService() : Promise.reject(new CoherentStyleError('HOST', 'This panel runtime has no WebAssembly.'))),
    },
  ];
}
