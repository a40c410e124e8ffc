/**
 * What the Diagnostics section shows in After Effects: each carrier tried once, in the order the
 * panel takes them (carriers.ts). Kept apart from carriers.ts so the panel host does not import
 * the in-process carrier, and with it onnxruntime-web.
 */
import type { Diagnostics } from '../../panel/diagnostics';
import { diagnoseCompanion, diagnoseUxpHost, diagnoseWebView } from '../../uxp/hostDiagnostics';

export function diagnoseAfterEffects(): Promise<Diagnostics> {
  return diagnoseUxpHost([diagnoseCompanion(), diagnoseWebView()]);
}
