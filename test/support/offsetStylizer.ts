/**
 * A StylizeService with a checkable answer (each sample becomes 255 - sample + the job's style
 * offset, mod 256) and controllable timing, for testing the protocol and carrier layers on their
 * own; the real engine is tested through them in test/e2e.
 */
import { CancelledError, CoherentStyleError } from '../../src/engine/errors';
import type { RasterImage } from '../../src/engine/images/image';
import type { EndpointBackend } from '../../src/protocol/endpointBackend';
import type { FrameSettings, StyleSettings, StylizeService } from '../../src/engine/inference/stylizeService';
import type { CancelSignal } from '../../src/engine/cancellation';
import type { StyleSource, WeightedStyle } from '../../src/engine/look/mix';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class OffsetStylizer implements StylizeService {
  readonly styles = new Map<string, number>();
  readonly started: string[] = [];
  /** The settings every call received, so tests can check what a carrier passed on. */
  readonly styleSettings: StyleSettings[] = [];
  readonly frameSettings: FrameSettings[] = [];
  constructor(private readonly frameMs = 5, readonly providerLabel = 'CPU · test', readonly provider = 'cpu') {}
  /** The style images each setStyle received (several for a mix). */
  readonly styleParts: Array<Array<{ first: number; weight: number }>> = [];
  async setStyle(jobId: string, source: StyleSource, settings: StyleSettings): Promise<void> {
    const parts = Array.isArray(source) ? source as readonly WeightedStyle[] : [{ image: source as RasterImage, weight: 1 }];
    this.styleParts.push(parts.map((p) => ({ first: p.image.data[0], weight: p.weight })));
    const style = parts[0].image;
    if (settings.mode !== 'artistic') throw new CoherentStyleError('UNKNOWN_MODE', `Unknown mode "${settings.mode}".`);
    this.styleSettings.push(settings);
    this.styles.set(jobId, style.data[0]);
  }
  async stylize(jobId: string, frame: RasterImage, settings: FrameSettings, signal?: CancelSignal): Promise<RasterImage> {
    this.started.push(jobId);
    this.frameSettings.push(settings);
    for (let waited = 0; waited < this.frameMs; waited++) {
      if (signal?.aborted) throw new CancelledError();
      await delay(1);
    }
    const offset = this.styles.get(jobId);
    if (offset === undefined) throw new CoherentStyleError('INVALID_ARGUMENT', 'no style');
    return { ...frame, data: (frame.data as Uint8Array).map((v) => (255 - v + offset) & 255) };
  }
  async endJob(jobId: string): Promise<void> {
    this.styles.delete(jobId);
  }
  async dispose(): Promise<void> {}
}

export function offsetBackend(service: StylizeService, provider = 'cpu'): EndpointBackend {
  return {
    service, runtime: 'test', provider, modes: [{ id: 'artistic', label: 'Artistic' }], defaultMode: 'artistic',
    loadModel: async (mode) => {
      if (mode !== 'artistic') throw new CoherentStyleError('UNKNOWN_MODE', `Unknown mode "${mode}".`);
    },
  };
}
