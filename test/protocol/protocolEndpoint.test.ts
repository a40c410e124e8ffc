import { CancelledError, CoherentStyleError } from '../../src/engine/errors';
import type { RasterImage } from '../../src/engine/images/image';
import type { FarmProgressMessage, ServerMessage } from '../../src/protocol/messages';
import { decodeServerMessage, encodeMessage, type WireFormat } from '../../src/protocol/protocol';
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import { type FarmBackend, type FarmRenderProgress, type FarmRenderSpec } from '../../src/protocol/endpointBackend';
import { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import type { FarmRenderSettings } from '../../src/protocol/farmRenderMessages';
import { hostileMessages } from '../support/hostileMessages';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';
import { transportPair } from '../support/transportPair';
import { CancelController, type CancelSignal } from '../../src/engine/cancellation';
import type { StyleSource, WeightedStyle } from '../../src/engine/look/mix';
import { lookOf } from '../../src/engine/look/look';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backendOf = (service: OffsetStylizer) => offsetBackend(service);

const frame = (value: number, width = 8, height = 8): RasterImage =>
  ({ width, height, channels: 3, bitDepth: 8, data: new Uint8Array(width * height * 3).fill(value) });

async function connect(endpoint: ProtocolEndpoint, format: WireFormat = 'binary') {
  const pair = transportPair(format);
  endpoint.accept(pair.server);
  const remote = await RemoteStylizeService.connect(pair.client, 'test stylizer');
  return { remote, pair };
}

describe('ProtocolEndpoint with RemoteStylizeService', () => {
  it.each<WireFormat>(['binary', 'text'])('stylizes 8- and 16-bit frames over the %s wire', async (format) => {
    const endpoint = new ProtocolEndpoint(backendOf(new OffsetStylizer()));
    const { remote } = await connect(endpoint, format);
    expect(remote.providerLabel).toBe('CPU · test');
    expect(remote.capabilities.modes).toEqual([{ id: 'artistic', label: 'Artistic' }]);
    await remote.loadModel('artistic');
    await remote.setStyle('job', frame(10), { mode: 'artistic' });
    const out = await remote.stylize('job', frame(100, 5, 3), { strength: 1 });
    expect(out).toMatchObject({ width: 5, height: 3, channels: 3, bitDepth: 8 });
    expect(Array.from(out.data).every((v) => v === 165)).toBe(true);
    const deep: RasterImage = { width: 2, height: 1, channels: 3, bitDepth: 16, data: new Uint16Array([0, 1, 256, 65535, 4660, 22136]) };
    const echoed = decodeServerMessage(encodeMessage({ type: 'result', id: 1, job: 'j', frame: 0, image: deep }, format), { maxMessageBytes: 1 << 20 });
    expect(echoed.ok && echoed.message.type === 'result' && Array.from(echoed.message.image.data)).toEqual([0, 1, 256, 65535, 4660, 22136]);
    await remote.dispose();
  });

  it('carries the editor controls to the stylizer', async () => {
    const service = new OffsetStylizer();
    const endpoint = new ProtocolEndpoint(backendOf(service));
    const { remote } = await connect(endpoint);
    await remote.setStyle('job', frame(10), { mode: 'artistic' });
    await remote.stylize('job', frame(1), { strength: 0.5, keepColors: true });
    await remote.stylize('job', frame(1), { strength: 0.5 });
    expect(service.frameSettings.map((s) => s.keepColors)).toEqual([true, undefined]);
    await remote.setStyle('mixed', [{ image: frame(20), weight: 0.7 }, { image: frame(30), weight: 0.3 }], { mode: 'artistic', styleScale: 2 });
    expect(service.styleParts.at(-1)).toEqual([{ first: 20, weight: 0.7 }, { first: 30, weight: 0.3 }]);
    expect(service.styleSettings.at(-1)).toMatchObject({ mode: 'artistic', styleScale: 2 });
    await remote.stylize('mixed', frame(1), { strength: 1 });
    await remote.dispose();
  });

  it('answers every hostile message with an error and keeps serving', async () => {
    const endpoint = new ProtocolEndpoint(backendOf(new OffsetStylizer()));
    const { remote, pair } = await connect(endpoint);
    await remote.setStyle('job', frame(0), { mode: 'artistic' });
    const replies: ServerMessage[] = [];
    const raw = transportPair();
    endpoint.accept(raw.server);
    raw.client.onMessage((wire) => {
      const decoded = decodeServerMessage(wire, { maxMessageBytes: 1 << 20 });
      if (decoded.ok) replies.push(decoded.message);
    });
    raw.client.send(encodeMessage({ type: 'hello', id: 1, client: 'raw' }, 'binary'));
    raw.client.send(encodeMessage({ type: 'setStyle', id: 2, job: 'job', mode: 'artistic', image: frame(0) }, 'binary'));
    await delay(20);
    const hostile = hostileMessages('job', 'artistic');
    expect(hostile.length).toBeGreaterThanOrEqual(20);
    for (const message of hostile) {
      const before = replies.length;
      raw.client.send(message.wire as ArrayBuffer);
      for (let i = 0; i < 100 && replies.length === before; i++) await delay(2);
      expect({ name: message.name, reply: replies[before] }).toMatchObject({
        name: message.name, reply: { type: 'error', id: message.replyId },
      });
    }
    expect(replies.length).toBe(2 + hostile.length);
    // Both the hostile client and the well-behaved one are still served.
    raw.client.send(encodeMessage({ type: 'stylize', id: 500, job: 'job', frame: 0, strength: 1, image: frame(5) }, 'binary'));
    expect(Array.from((await remote.stylize('job', frame(5), { strength: 1 })).data.slice(0, 3))).toEqual([250, 250, 250]);
    await delay(30);
    expect(replies.some((r) => r.type === 'result' && r.id === 500)).toBe(true);
    expect(pair.serverInbox.length).toBeGreaterThan(0);
  });

  it('serves two clients round-robin and keeps their jobs apart', async () => {
    const stylizer = new OffsetStylizer(3);
    const endpoint = new ProtocolEndpoint(backendOf(stylizer), { maxQueuedFrames: 4 });
    const a = await connect(endpoint);
    const b = await connect(endpoint);
    await a.remote.setStyle('same-name', frame(1), { mode: 'artistic' });
    await b.remote.setStyle('same-name', frame(2), { mode: 'artistic' });
    const fromA = Array.from({ length: 6 }, (_, i) => a.remote.stylize('same-name', frame(i), { strength: 1 }));
    await delay(1);
    const fromB = Array.from({ length: 3 }, (_, i) => b.remote.stylize('same-name', frame(i), { strength: 1 }));
    const [resultsA, resultsB] = await Promise.all([Promise.all(fromA), Promise.all(fromB)]);
    resultsA.forEach((r, i) => expect(r.data[0]).toBe((256 - i) & 255));
    resultsB.forEach((r, i) => expect(r.data[0]).toBe((257 - i) & 255));
    // B's three frames were not left waiting behind all of A's.
    const lastB = stylizer.started.lastIndexOf('c2:same-name');
    expect(lastB).toBeLessThan(stylizer.started.length - 1);
  });

  it('cancels a frame through its AbortSignal and refuses frames beyond the queue cap', async () => {
    const endpoint = new ProtocolEndpoint(backendOf(new OffsetStylizer(200)), { maxQueuedFrames: 1 });
    const { remote } = await connect(endpoint);
    await remote.setStyle('job', frame(0), { mode: 'artistic' });
    const abort = new CancelController();
    const pending = remote.stylize('job', frame(1), { strength: 1 }, abort.signal);
    setTimeout(() => abort.abort(new CancelledError()), 10);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    // The client waits for a free slot instead of overrunning the server's cap.
    const both = await Promise.all([remote.stylize('job', frame(3), { strength: 1 }), remote.stylize('job', frame(4), { strength: 1 })]);
    expect(both.map((r) => r.data[0])).toEqual([252, 251]);
  }, 20000);

  it('shutdown cancels queued frames, finishes the running one and says bye', async () => {
    const endpoint = new ProtocolEndpoint(backendOf(new OffsetStylizer(50)), { maxQueuedFrames: 3 });
    const { remote } = await connect(endpoint);
    await remote.setStyle('job', frame(0), { mode: 'artistic' });
    const frames = [0, 1, 2].map((i) => remote.stylize('job', frame(i), { strength: 1 }).then(() => 'done', (e: CoherentStyleError) => e.code));
    await delay(10);
    await endpoint.shutdown(5000);
    expect(await Promise.all(frames)).toEqual(['done', 'CANCELLED', 'CANCELLED']);
    await expect(remote.stylize('job', frame(0), { strength: 1 })).rejects.toThrow(/shutting down/);
    expect(endpoint.clientCount).toBe(0);
  });

  it('fails pending calls when the carrier closes instead of hanging', async () => {
    const endpoint = new ProtocolEndpoint(backendOf(new OffsetStylizer(500)));
    const { remote, pair } = await connect(endpoint);
    await remote.setStyle('job', frame(0), { mode: 'artistic' });
    const pending = remote.stylize('job', frame(1), { strength: 1 });
    pair.server.close();
    await expect(pending).rejects.toThrow(/connection closed/);
  });

  it('gives up on a silent server after the hello timeout', async () => {
    const pair = transportPair();
    await expect(RemoteStylizeService.connect(pair.client, 'silent page', { helloTimeoutMs: 50 })).rejects.toThrow(/did not answer/);
  });
});

/**
 * A farm that renders in steps the test releases one by one: the endpoint's side of farm
 * renders (progress, completion, cancel, disconnect) without Redis. The real farm behind the
 * same interface is exercised in test/farm.
 */
class SteppedFarm implements FarmBackend {
  readonly submitted: FarmRenderSpec[] = [];
  readonly cancelled: string[] = [];
  readonly stoppedFollowing: string[] = [];
  private step: (() => void) | undefined;
  private submitGate: Promise<void> = Promise.resolve();
  private openSubmitGate: () => void = () => undefined;

  holdSubmit(): void {
    this.submitGate = new Promise((resolve) => { this.openSubmitGate = resolve; });
  }

  releaseSubmit(): void {
    this.openSubmitGate();
  }

  async submit(spec: FarmRenderSpec): Promise<string> {
    this.submitted.push(spec);
    await this.submitGate;
    return FARM_JOB;
  }

  async follow(farmJob: string, onProgress: (progress: FarmRenderProgress) => void, signal: CancelSignal): Promise<void> {
    for (let done = 0; done < 3; done++) {
      onProgress({ farmJob, state: 'rendering', frames: { done, total: 3 }, fps: 1, etaSeconds: 3 - done, chunks: { total: 3, done, running: 1, failed: 0 } });
      await new Promise<void>((resolve, reject) => {
        const stopListening = signal.onAbort(() => {
          this.stoppedFollowing.push(farmJob);
          reject(new CancelledError());
        });
        this.step = () => {
          stopListening();
          resolve();
        };
      });
    }
  }

  async cancel(farmJob: string): Promise<void> {
    this.cancelled.push(farmJob);
  }

  /** Lets the render go one step further once it is waiting for one. */
  async next(): Promise<void> {
    for (let i = 0; i < 200 && !this.step; i++) await delay(2);
    const step = this.step;
    this.step = undefined;
    step?.();
  }
}

const FARM_JOB = `cs-${'ab'.repeat(16)}`;
const farmHeader = { input: '/share/clip.mp4', output: '/share/renders/clip-styled.mp4', mode: 'artistic', strength: 0.5, renderShortSide: 540 };
const farmSettings = (style: StyleSource): FarmRenderSettings => ({
  input: farmHeader.input, output: farmHeader.output, look: lookOf({ mode: 'artistic', strength: 0.5, renderShortSide: 540, temporal: 'off', style }),
});

describe('farm renders', () => {
  it('a companion without a farm says so, in capabilities and in its reply', async () => {
    const endpoint = new ProtocolEndpoint(backendOf(new OffsetStylizer()));
    const { remote, pair } = await connect(endpoint);
    expect(remote.capabilities.farm).toBe(false);
    await expect(remote.renderOnFarm('f', farmSettings(frame(1)), () => undefined)).rejects.toThrow(/serve --farm/);
    // A client that sends it anyway gets the server's refusal.
    const replies: ServerMessage[] = [];
    pair.client.onMessage((wire) => {
      const decoded = decodeServerMessage(wire, { maxMessageBytes: 1 << 20 });
      if (decoded.ok) replies.push(decoded.message);
    });
    pair.client.send(encodeMessage({ type: 'farmRender', id: 77, job: 'f', ...farmHeader, image: frame(1) }, 'binary'));
    for (let i = 0; i < 100 && replies.length === 0; i++) await delay(2);
    expect(replies[0]).toMatchObject({ type: 'error', id: 77, code: 'FARM_UNREACHABLE' });
  });

  it.each<WireFormat>(['binary', 'text'])('progress over the %s wire, then done; the farm gets the paths, settings and style', async (format) => {
    const farm = new SteppedFarm();
    const endpoint = new ProtocolEndpoint({ ...backendOf(new OffsetStylizer()), farm });
    const { remote } = await connect(endpoint, format);
    expect(remote.capabilities.farm).toBe(true);
    const seen: FarmProgressMessage[] = [];
    const render = remote.renderOnFarm('apply-1', farmSettings(frame(9, 4, 2)), (p) => seen.push(p));
    for (let i = 0; i < 3; i++) await farm.next();
    await render;
    expect(seen.map((p) => [p.farmJob, p.frames.done, p.chunks.done, p.etaSeconds])).toEqual([[FARM_JOB, 0, 0, 3], [FARM_JOB, 1, 1, 2], [FARM_JOB, 2, 2, 1]]);
    // What the wire does not carry (steadiness 'off') is the farm's as it was before steadiness; the rest are the Look's.
    expect(farm.submitted).toEqual([{
      input: '/share/clip.mp4', output: '/share/renders/clip-styled.mp4',
      look: { mode: 'artistic', strength: 0.5, renderShortSide: 540, keepColors: false, styleScale: 1, temporal: 'off', styles: [{ image: expect.objectContaining({ width: 4, height: 2 }), weight: 1 }] },
    }]);
    expect(Array.from((farm.submitted[0].look.styles[0].image as RasterImage).data)).toEqual(Array.from(frame(9, 4, 2).data));
    expect(farm.cancelled).toEqual([]);
  });

  it('a style mix travels as one farmRender per style; the farm gets the weighted images once, in order', async () => {
    const farm = new SteppedFarm();
    const endpoint = new ProtocolEndpoint({ ...backendOf(new OffsetStylizer()), farm });
    const { remote } = await connect(endpoint);
    const render = remote.renderOnFarm('apply-mix', farmSettings([{ image: frame(9, 4, 2), weight: 0.7 }, { image: frame(3, 4, 2), weight: 0.3 }]), () => undefined);
    for (let i = 0; i < 3; i++) await farm.next();
    await render;
    expect(farm.submitted).toHaveLength(1);
    const mix: readonly WeightedStyle[] = farm.submitted[0].look.styles;
    expect(mix.map((s) => s.weight)).toEqual([0.7, 0.3]);
    expect(mix.map((s) => Array.from(s.image.data))).toEqual([Array.from(frame(9, 4, 2).data), Array.from(frame(3, 4, 2).data)]);
  });

  it('a matte travels by its path; the style outside it goes first as its own farmRender, before the mix', async () => {
    const farm = new SteppedFarm();
    const endpoint = new ProtocolEndpoint({ ...backendOf(new OffsetStylizer()), farm });
    const { remote } = await connect(endpoint);
    const mix = [{ image: frame(9, 4, 2), weight: 0.7 }, { image: frame(3, 4, 2), weight: 0.3 }];
    const render = remote.renderOnFarm('apply-matte', { ...farmSettings(mix), matte: { path: '/share/renders/.matte', inverted: true, outsideStyle: frame(77, 2, 4) } }, () => undefined);
    for (let i = 0; i < 3; i++) await farm.next();
    await render;
    expect(farm.submitted).toHaveLength(1);
    const [spec] = farm.submitted;
    expect(spec.matte).toMatchObject({ path: '/share/renders/.matte', inverted: true });
    expect(Array.from(spec.matte!.outsideStyle!.data)).toEqual(Array.from(frame(77, 2, 4).data));
    expect(spec.look.styles.map((s) => s.weight)).toEqual([0.7, 0.3]);
    // Without an outside style, the matte alone.
    const plain = remote.renderOnFarm('apply-plain-matte', { ...farmSettings(frame(1)), matte: { path: '/share/m', inverted: false } }, () => undefined);
    for (let i = 0; i < 3; i++) await farm.next();
    await plain;
    expect(farm.submitted[1].matte).toEqual({ path: '/share/m', inverted: false });
  });

  it('aborting cancels the job on the farm; a cancel during submission applies once the job has an id', async () => {
    const farm = new SteppedFarm();
    const endpoint = new ProtocolEndpoint({ ...backendOf(new OffsetStylizer()), farm });
    const { remote } = await connect(endpoint);
    const abort = new CancelController();
    const render = remote.renderOnFarm('apply-2', farmSettings(frame(1)), () => undefined, abort.signal);
    await farm.next();
    abort.abort();
    await expect(render).rejects.toThrow(CancelledError);
    for (let i = 0; i < 100 && farm.cancelled.length === 0; i++) await delay(2);
    expect(farm.cancelled).toEqual([FARM_JOB]);

    farm.holdSubmit();
    const early = new CancelController();
    const second = remote.renderOnFarm('apply-3', farmSettings(frame(1)), () => undefined, early.signal);
    for (let i = 0; i < 100 && farm.submitted.length < 2; i++) await delay(2);
    early.abort();
    await expect(second).rejects.toThrow(CancelledError);
    await delay(20);
    expect(farm.cancelled).toEqual([FARM_JOB]);
    farm.releaseSubmit();
    for (let i = 0; i < 100 && farm.cancelled.length < 2; i++) await delay(2);
    expect(farm.cancelled).toEqual([FARM_JOB, FARM_JOB]);
  });

  it('a panel that goes away stops following; the farm job runs on', async () => {
    const farm = new SteppedFarm();
    const endpoint = new ProtocolEndpoint({ ...backendOf(new OffsetStylizer()), farm });
    const { remote } = await connect(endpoint);
    const render = remote.renderOnFarm('apply-4', farmSettings(frame(1)), () => undefined);
    await farm.next();
    await remote.dispose();
    await expect(render).rejects.toThrow(CoherentStyleError);
    for (let i = 0; i < 100 && farm.stoppedFollowing.length === 0; i++) await delay(2);
    expect(farm.stoppedFollowing).toEqual([FARM_JOB]);
    expect(farm.cancelled).toEqual([]);
  });
});
