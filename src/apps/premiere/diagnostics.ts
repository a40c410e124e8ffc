/** What the Diagnostics section shows in Premiere: every carrier the chooser (carriers.ts) may take, tried once. */
import type { Diagnostics } from '../../panel/diagnostics';
import { diagnoseCompanion, diagnoseUxpHost, diagnoseWebView } from '../../uxp/hostDiagnostics';

export function diagnosePremiere(): Promise<Diagnostics> {
  return diagnoseUxpHost([diagnoseWebView(), diagnoseCompanion()]);
}
