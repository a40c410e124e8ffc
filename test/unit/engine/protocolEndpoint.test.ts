import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import {
  decodeServerMessage, encodeMessage, type ServerMessage, type WireFormat,
} from '../../../src/engine/protocol/protocol';
import { ProtocolEndpoint } from '../../../src/engine/protocol/protocolEndpoint';
import { RemoteStylizeService } from '../../../src/engine/protocol/remoteStylizeService';
import { hostileMessages } from '../../support/hostileMessages';
import { offsetBackend, OffsetStylizer } from '../../support/offsetStylizer';
import { transportPair } from '../../support/transportPair';

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

  it('carries the editor controls to the stylizer and still serves version-1 clients', async () => {
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
    const replies: ServerMessage[] = [];
    const raw = transportPair('text');
    endpoint.accept(raw.server);
    raw.client.onMessage((data) => {
      const decoded = decodeServerMessage(data, { maxMessageBytes: 1 << 20 });
      if (decoded.ok) replies.push(decoded.message);
    });
    // What a version-1 panel sends: the same messages, stamped v: 1.
    const v1 = (message: Parameters<typeof encodeMessage>[0]) => JSON.stringify({ ...JSON.parse(encodeMessage(message, 'text') as string), v: 1 });
    raw.client.send(v1({ type: 'hello', id: 1, client: 'old panel' }));
    raw.client.send(v1({ type: 'setStyle', id: 2, job: 'old', mode: 'artistic', image: frame(0) }));
    raw.client.send(v1({ type: 'stylize', id: 3, job: 'old', frame: 0, strength: 1, image: frame(5) }));
    for (let i = 0; i < 200 && !replies.some((r) => r.type === 'result'); i++) await delay(5);
    expect(replies.map((r) => r.type).filter((t) => t !== 'progress')).toEqual(['capabilities', 'ok', 'result']);
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
    const abort = new AbortController();
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
