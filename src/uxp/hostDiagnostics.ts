/**
 * What the Diagnostics section shows in a UXP host: the host and UXP versions, each carrier the
 * host offers tried once (the WebView: does the page load, does it find a WebGPU adapter; the
 * companion: is one running and answering), why there is no in-process carrier, the carrier in
 * use, the protocol and its chunk size, and the installed models.
 */
import { MAX_WIRE_BYTES } from '../protocol/messageChunks';
import { PROTOCOL_VERSION } from '../protocol/protocol';
import { diagnoseCarrier, type CarrierDiagnosis, type Diagnostics } from '../panel/diagnostics';
import { carrierInUse, NO_IN_PROCESS_CARRIER } from './carrierConnection';
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

export function diagnoseWebView(): Promise<CarrierDiagnosis> {
  return diagnoseCarrier('WebView inference page', () => openWebViewService(), (page) => (page.capabilities.provider === 'webgpu'
    ? `loaded; WebGPU adapter found; runs ${page.providerLabel}`
    : `loaded; no WebGPU adapter, runs ${page.providerLabel}`));
}

export function diagnoseCompanion(): Promise<CarrierDiagnosis> {
  return diagnoseCarrier('companion server', () => openCompanionService(), (server) => `found; runs ${server.providerLabel}`);
}

async function modelsDiagnosis(): Promise<Diagnostics['models']> {
  try {
    const registry = await loadModelRegistry();
    return { modes: registry.modes.map((m) => m.id), defaultMode: registry.defaultMode.id };
  } catch (e) {
    return { modes: [], problem: (e as Error)?.message ?? String(e) };
  }
}

/** The report around the host's own carrier checks, in the order the host lists them. */
export async function diagnoseUxpHost(carriers: ReadonlyArray<Promise<CarrierDiagnosis> | CarrierDiagnosis>): Promise<Diagnostics> {
  const { host, versions } = uxp();
  const os = require('os') as UxpOs; // UXP's os module (webpack external)
  const [checked, models] = await Promise.all([Promise.all(carriers), modelsDiagnosis()]);
  const inUse = carrierInUse();
  return {
    host: `${host.name} ${host.version}`,
    uxpVersion: versions.uxp,
    pluginVersion: versions.plugin,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    carriers: [...checked, { carrier: 'in-process', available: false, detail: NO_IN_PROCESS_CARRIER }],
    ...(inUse ? { inUse } : {}),
    protocol: { version: PROTOCOL_VERSION, chunkBytes: MAX_WIRE_BYTES },
    models,
  };
}
