/**
 * What the Diagnostics section shows in Premiere: the host and UXP versions, each carrier tried
 * once (the WebView: does the page load, does it find a WebGPU adapter; the companion: is one
 * running and answering), why there is no in-process carrier, the carrier in use, the protocol
 * and its chunk size, and the installed models.
 */
import { diagnoseCarrier, type Diagnostics } from '../../panel/diagnostics';
import { MAX_WIRE_BYTES } from '../../engine/protocol/messageChunks';
import { PROTOCOL_VERSION } from '../../engine/protocol/protocol';
import { carrierInUse, NO_IN_PROCESS_CARRIER } from './carriers';
import { openCompanionService } from './companionCarrier';
import { uxp } from './uxpApi';
import { loadModelRegistry } from './uxpModelStore';
import { openWebViewService } from './webViewCarrier';

/** The members of UXP's os module the report names (Adobe's reference: Modules/os). */
interface UxpOs {
  platform(): string;
  release(): string;
  arch(): string;
}

async function modelsDiagnosis(): Promise<Diagnostics['models']> {
  try {
    const registry = await loadModelRegistry();
    return { modes: registry.modes.map((m) => m.id), defaultMode: registry.defaultMode.id };
  } catch (e) {
    return { modes: [], problem: (e as Error)?.message ?? String(e) };
  }
}

export async function diagnosePremiere(): Promise<Diagnostics> {
  const { host, versions } = uxp();
  const os = require('os') as UxpOs; // UXP's os module (webpack external)
  const [webview, companion, models] = await Promise.all([
    diagnoseCarrier('WebView inference page', () => openWebViewService(), (page) => (page.capabilities.provider === 'webgpu'
      ? `loaded; WebGPU adapter found; runs ${page.providerLabel}`
      : `loaded; no WebGPU adapter, runs ${page.providerLabel}`)),
    diagnoseCarrier('companion server', () => openCompanionService(), (server) => `found; runs ${server.providerLabel}`),
    modelsDiagnosis(),
  ]);
  const inUse = carrierInUse();
  return {
    host: `${host.name} ${host.version}`,
    uxpVersion: versions.uxp,
    pluginVersion: versions.plugin,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    carriers: [webview, companion, { carrier: 'in-process', available: false, detail: NO_IN_PROCESS_CARRIER }],
    ...(inUse ? { inUse } : {}),
    protocol: { version: PROTOCOL_VERSION, chunkBytes: MAX_WIRE_BYTES },
    models,
  };
}
