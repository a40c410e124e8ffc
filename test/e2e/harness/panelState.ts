/** Reading the panel's state from the test page (Node side of panelHarness), shared by the e2e suites. */
import type { Page } from 'playwright-core';
import type { PanelState } from '../../../src/panel/state';
import type { PanelHarnessApi } from './panelHarness';
import { fromWireJson } from './wireJson';

declare const panelHarness: PanelHarnessApi;

export async function readPanelState(page: Page): Promise<PanelState> {
  return fromWireJson<PanelState>(await page.evaluate(() => panelHarness.state()));
}

/** Polls until `ready`; fails at once with the panel's own words when it shows an error. */
export async function waitForPanelState(page: Page, what: string, ready: (s: PanelState) => boolean, timeoutMs: number): Promise<PanelState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await readPanelState(page);
    if (ready(s)) return s;
    if (s.message?.kind === 'error') throw new Error(`${what}: the panel says "${s.message.text}"`);
    if (Date.now() > deadline) throw new Error(`${what}: timed out; state ${JSON.stringify(s).slice(0, 500)}`);
    await page.waitForTimeout(100);
  }
}
