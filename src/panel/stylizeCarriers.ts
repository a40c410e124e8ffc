/**
 * Which carrier runs the engine: the panel asks for a StylizeService and the first carrier that
 * connects wins (e.g. the GPU WebView page, then the companion server, then in-process).
 * Hosts list their carriers in order of preference; each says why it was skipped.
 */
import { CoherentStyleError } from '../engine/errors';
import type { StylizeService } from '../engine/inference/stylizeService';

export interface StylizeCarrier {
  readonly id: string;
  /** Connects (or starts) the carrier; rejects when it is not available here. */
  connect(): Promise<StylizeService>;
}

export interface ConnectedCarrier {
  service: StylizeService;
  carrierId: string;
  skipped: { carrierId: string; reason: string }[];
}

export async function connectFirstAvailable(carriers: readonly StylizeCarrier[]): Promise<ConnectedCarrier> {
  const skipped: ConnectedCarrier['skipped'] = [];
  for (const carrier of carriers) {
    try {
      return { service: await carrier.connect(), carrierId: carrier.id, skipped };
    } catch (e) {
      skipped.push({ carrierId: carrier.id, reason: (e as Error)?.message ?? String(e) });
    }
  }
  const reasons = skipped.map((s) => `${s.carrierId}: ${s.reason}`).join('; ');
  throw new CoherentStyleError('INFERENCE_FAILED', `No way to run the style models is available (${reasons || 'no carriers configured'}). Reinstall the plugin or start the Coherent Style companion.`);
}
