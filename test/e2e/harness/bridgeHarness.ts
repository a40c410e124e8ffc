/**
 * Browser side of the page tests and the web bench: frames the inference page (as the panel
 * hosts it in a WebView) and talks to it over the real postMessage carrier with the real
 * RemoteStylizeService. Node drives it through `window.harness`; pixels cross the
 * Node↔browser hop as base64, which is test plumbing and never timed.
 */
import { decodeBase64, encodeBase64 } from '../../../src/engine/base64';
import type { RasterImage } from '../../../src/engine/images/image';
import type { FrameSettings } from '../../../src/engine/inference/stylizeService';
import type { CapabilitiesMessage } from '../../../src/protocol/messages';
import { decodeServerMessage, type WireFormat } from '../../../src/protocol/protocol';
import { RemoteStylizeService, type FrameTiming } from '../../../src/protocol/remoteStylizeService';
import { frameTransport, loadFrame } from '../../../src/apps/inference-page/frameTransport';
import { syntheticImage } from '../../support/syntheticImages';

export interface WireImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** base64 of 8-bit samples. */
  pixels: string;
}

export interface RawReply {
  type: string;
  id: number | null;
  code?: string;
}

const services = new Map<string, RemoteStylizeService>();
const timings: FrameTiming[] = [];
let rawSend: ((wire: ArrayBuffer | string) => void) | undefined;
/** Posts any value to the raw page as is (hostile inputs that are neither string nor buffer). */
let rawPost: ((value: unknown) => void) | undefined;
const rawReplies: RawReply[] = [];

function toRaster(image: WireImage): RasterImage {
  return { width: image.width, height: image.height, channels: image.channels, bitDepth: 8, data: decodeBase64(image.pixels) };
}

function toWire(image: RasterImage): WireImage {
  return { width: image.width, height: image.height, channels: image.channels, pixels: encodeBase64(image.data as Uint8Array) };
}

const harness = {
  /** Frames a page and connects a RemoteStylizeService to it under `name`. */
  async connect(name: string, pageUrl: string, format: WireFormat): Promise<CapabilitiesMessage> {
    const frame = await loadFrame(pageUrl);
    const service = await RemoteStylizeService.connect(frameTransport(frame, format), 'inference page', {
      helloTimeoutMs: 120_000, onFrameTiming: (t) => timings.push(t),
    });
    services.set(name, service);
    return service.capabilities;
  },

  async setStyle(name: string, job: string, style: WireImage, mode: string): Promise<void> {
    await services.get(name)!.setStyle(job, toRaster(style), { mode });
  },

  async stylize(name: string, job: string, frame: WireImage, settings: FrameSettings): Promise<WireImage> {
    return toWire(await services.get(name)!.stylize(job, toRaster(frame), settings));
  },

  /** Per-frame round trip and compute time of `count` synthetic frames of one size. */
  async timeFrames(name: string, job: string, width: number, height: number, count: number, renderShortSide?: number): Promise<FrameTiming[]> {
    const frame = syntheticImage(width, height, { seed: 1 });
    const start = timings.length;
    for (let i = 0; i < count; i++) {
      await services.get(name)!.stylize(job, { ...frame, data: frame.data.slice() }, { strength: 1, renderShortSide });
    }
    return timings.slice(start);
  },

  /** Frames a page for raw protocol messages (hostile-input tests); replies are collected. */
  async openRaw(pageUrl: string): Promise<void> {
    const frame = await loadFrame(pageUrl);
    const transport = frameTransport(frame, 'binary');
    transport.onMessage((wire) => {
      const decoded = decodeServerMessage(wire, { maxMessageBytes: 1 << 30 });
      rawReplies.push(decoded.ok
        ? { type: decoded.message.type, id: 'id' in decoded.message ? decoded.message.id : null, ...(decoded.message.type === 'error' ? { code: decoded.message.code } : {}) }
        : { type: 'undecodable', id: null });
    });
    rawSend = (wire) => transport.send(wire);
    rawPost = (value) => frame.contentWindow!.postMessage(value, new URL(pageUrl, location.href).origin);
  },

  /** Sends one raw message: `text` as is, or base64 `bytes` as an ArrayBuffer, or any JSON value. */
  sendRaw(message: { text?: string; bytes?: string; value?: unknown }): void {
    if (message.text !== undefined) rawSend!(message.text);
    else if (message.bytes !== undefined) rawSend!(decodeBase64(message.bytes).slice().buffer);
    else rawPost!(message.value);
  },

  rawReplies(): RawReply[] {
    return rawReplies.slice();
  },
};

export type HarnessApi = typeof harness;

(window as unknown as { harness: HarnessApi }).harness = harness;
