/**
 * The system clipboard through UXP's navigator.clipboard (manifest permission clipboard:
 * "readAndWrite"). setContent is the call Adobe's UXP reference documents without a minimum
 * version (writeText exists only since UXP 6 and once wanted an object).
 */
import { CoherentStyleError } from '../engine/errors';
import { hostApp } from './hostApp';

interface UxpClipboard {
  setContent(data: Record<string, string>): Promise<unknown>;
}

export async function copyPlainText(text: string): Promise<void> {
  const clipboard = (globalThis as unknown as { navigator?: { clipboard?: UxpClipboard } }).navigator?.clipboard;
  if (!clipboard) {
    throw new CoherentStyleError('HOST', `This ${hostApp().label} gives plugins no clipboard; copy the Diagnostics lines by hand.`);
  }
  try {
    await clipboard.setContent({ 'text/plain': text });
  } catch (e) {
    throw new CoherentStyleError('HOST', `Could not copy the report to the clipboard (${(e as Error)?.message ?? String(e)}); copy the Diagnostics lines by hand.`, { cause: e });
  }
}
