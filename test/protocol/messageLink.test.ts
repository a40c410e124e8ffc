/**
 * Protocol 4's chunks between the real client (RemoteStylizeService) and server (ProtocolEndpoint):
 * every wire message either way stays within 1 MiB, a sender never has more than CHUNK_WINDOW
 * chunks unacknowledged, a 4K frame round-trips exactly on both wires, a style photo is sent only
 * as large as the encoder uses it, and a broken chunk stream is answered with an error, not silence.
 */
import type { RasterImage } from '../../src/engine/images/image';
import type { StyleSettings } from '../../src/engine/inference/stylizeService';
import { CHUNK_WINDOW, MAX_WIRE_BYTES } from '../../src/protocol/messageChunks';
import type { ServerMessage } from '../../src/protocol/messages';
import { binaryParts, decodeServerMessage, encodeMessage, type WireFormat } from '../../src/protocol/protocol';
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';
import { transportPair } from '../support/transportPair';
import type { StyleSource, WeightedStyle } from '../../src/engine/look/mix';

const wireSize = (wire: unknown) => (typeof wire === 'string' ? wire.length : (wire as ArrayBuffer).byteLength);

function ramp(width: number, height: number, channels: 3 | 4 = 4): RasterImage {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 11)) & 255;
  return { width, height, channels, bitDepth: 8, data };
}

/** Records the size of every style image the server's stylizer is given. */
class StyleSizes extends OffsetStylizer {
  readonly sizes: Array<Array<[number, number]>> = [];
  override async setStyle(jobId: string, source: StyleSource, settings: StyleSettings): Promise<void> {
    const parts = Array.isArray(source) ? source as readonly WeightedStyle[] : [{ image: source as RasterImage, weight: 1 }];
    this.sizes.push(parts.map((p) => [p.image.width, p.image.height]));
    await super.setStyle(jobId, source, settings);
  }
}

async function connected(format: WireFormat, stylizer = new OffsetStylizer(1)) {
  const pair = transportPair(format);
  const clientSent: unknown[] = [];
  const send = pair.client.send.bind(pair.client);
  pair.client.send = (wire) => {
    clientSent.push(wire);
    send(wire);
  };
  new ProtocolEndpoint(offsetBackend(stylizer)).accept(pair.server);
  const remote = await RemoteStylizeService.connect(pair.client, 'test stylizer');
  return { remote, clientSent };
}

describe.each<WireFormat>(['binary', 'text'])('over the %s wire', (format) => {
  test('a 4K RGBA frame goes in chunks of at most 1 MiB, both ways, and comes back exact', async () => {
    const { remote, clientSent } = await connected(format);
    const style = ramp(64, 64, 3);
    await remote.setStyle('job', style, { mode: 'artistic' });
    const frame = ramp(3840, 2160);
    const out = await remote.stylize('job', frame, { strength: 1 });
    const offset = style.data[0];
    const expected = (frame.data as Uint8Array).map((v) => (255 - v + offset) & 255);
    expect(out.width * out.height).toBe(3840 * 2160);
    expect(Buffer.compare(Buffer.from(out.data as Uint8Array), Buffer.from(expected))).toBe(0);

    expect(Math.max(...clientSent.map(wireSize))).toBeLessThanOrEqual(MAX_WIRE_BYTES);
    // 33 MB of pixels took at least 32 chunks; never more than the window waited for acknowledgement.
    expect(remote.linkStats.chunksSent).toBeGreaterThanOrEqual(32);
    expect(remote.linkStats.largestSend).toBeLessThanOrEqual(MAX_WIRE_BYTES);
    expect(remote.linkStats.peakUnacknowledged).toBeLessThanOrEqual(CHUNK_WINDOW * MAX_WIRE_BYTES);
    await remote.dispose();
  }, 60000);
});

test('a 24-MP style photo, and a mix of two, reach the stylizer no larger than it encodes them', async () => {
  const stylizer = new StyleSizes(1);
  const { remote, clientSent } = await connected('binary', stylizer);
  const photo = ramp(6000, 4000, 3);
  await remote.setStyle('scaled', photo, { mode: 'artistic', styleScale: 1 });
  await remote.setStyle('fixed', photo, { mode: 'artistic', styleShortSide: 512 });
  await remote.setStyle('mixed', [{ image: photo, weight: 0.6 }, { image: ramp(4000, 6000, 4), weight: 0.4 }], { mode: 'artistic', styleScale: 2 });
  expect(stylizer.sizes).toEqual([[[3072, 2048]], [[768, 512]], [[3072, 2048], [2048, 3072]]]);
  expect(Math.max(...clientSent.map(wireSize))).toBeLessThanOrEqual(MAX_WIRE_BYTES);
  await remote.dispose();
}, 60000);

test('a v3 peer sending a whole frame larger than 1 MiB is told why, with the message refused', async () => {
  const pair = transportPair();
  new ProtocolEndpoint(offsetBackend(new OffsetStylizer(1))).accept(pair.server);
  const replies: ServerMessage[] = [];
  pair.client.onMessage((wire) => {
    const decoded = decodeServerMessage(wire, { maxMessageBytes: MAX_WIRE_BYTES });
    if (decoded.ok) replies.push(decoded.message);
  });
  pair.client.send(encodeMessage({ type: 'hello', id: 1, client: 'raw' }, 'binary'));
  pair.client.send(encodeMessage({ type: 'stylize', id: 2, job: 'j', frame: 0, strength: 1, image: ramp(1024, 512) }, 'binary'));
  for (let i = 0; i < 2000 && replies.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(replies[1]).toMatchObject({ type: 'error', code: 'PROTOCOL', message: expect.stringMatching(/at most 1048576 at a time/) });
});

test('broken chunk streams are refused with the request id, and the client is still served', async () => {
  const pair = transportPair();
  new ProtocolEndpoint(offsetBackend(new OffsetStylizer(1)), { maxMessageBytes: 8 << 20 }).accept(pair.server);
  const replies: ServerMessage[] = [];
  pair.client.onMessage((wire) => {
    const decoded = decodeServerMessage(wire, { maxMessageBytes: MAX_WIRE_BYTES });
    if (decoded.ok) replies.push(decoded.message);
  });
  const until = async (count: number) => {
    for (let i = 0; i < 2000 && replies.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  };
  const send = (message: Parameters<typeof encodeMessage>[0]) => pair.client.send(encodeMessage(message, 'binary'));
  const bytesOf = (message: Parameters<typeof binaryParts>[0]) => {
    const { head, payload } = binaryParts(message);
    return { bytes: Buffer.concat([head, payload ?? new Uint8Array(0)]), headLength: head.length };
  };
  send({ type: 'hello', id: 1, client: 'raw' });
  await until(1);

  // A continuation without its start (the rest of a refused message's chunks are dropped unanswered, as below).
  send({ type: 'chunk', seq: 5, total: 10, bytes: new Uint8Array(5) });
  await until(2);
  expect(replies[1]).toMatchObject({ type: 'error', id: null, message: expect.stringMatching(/chunk 5 came without the chunks before it/) });

  // Announced larger than the server's message limit: refused from its first chunk, the rest dropped.
  const { bytes: big } = bytesOf({ type: 'setStyle', id: 2, job: 'j', mode: 'artistic', image: ramp(2048, 1200) });
  send({ type: 'chunk', seq: 0, total: big.length, bytes: big.subarray(0, 1000) });
  send({ type: 'chunk', seq: 1, total: big.length, bytes: big.subarray(1000, 2000) });
  await until(3);
  expect(replies[2]).toMatchObject({ type: 'error', id: 2, message: expect.stringMatching(/too large \(9830\d+ bytes, limit 8388608\)/) });

  // A chunk skipped: refused with the id read from the header in the first chunk.
  const { bytes: style, headLength } = bytesOf({ type: 'setStyle', id: 3, job: 'j', mode: 'artistic', image: ramp(32, 32, 3) });
  const cut = headLength + 100;
  send({ type: 'chunk', seq: 0, total: style.length, bytes: style.subarray(0, cut) });
  send({ type: 'chunk', seq: 2, total: style.length, bytes: style.subarray(cut) });
  await until(4);
  expect(replies[3]).toMatchObject({ type: 'error', id: 3, message: expect.stringMatching(/chunk 2 does not continue the message \(expected chunk 1/) });

  // The same style, chunked properly, is set.
  send({ type: 'chunk', seq: 0, total: style.length, bytes: style.subarray(0, cut) });
  send({ type: 'chunk', seq: 1, total: style.length, bytes: style.subarray(cut) });
  await until(5);
  expect(replies[4]).toEqual({ type: 'ok', id: 3 });
  expect(replies).toHaveLength(5);
});

test('messages a carrier hands over the moment the link starts listening are answered (the page bridge keeps early ones)', async () => {
  const sent: unknown[] = [];
  const early = [encodeMessage({ type: 'hello', id: 1, client: 'early' }, 'text')];
  new ProtocolEndpoint(offsetBackend(new OffsetStylizer(1))).accept({
    format: 'text',
    send: (wire) => sent.push(wire),
    onMessage: (handler) => early.splice(0).forEach((wire) => handler(wire)),
    onClose: () => undefined,
    close: () => undefined,
  });
  const decoded = decodeServerMessage(sent[0], { maxMessageBytes: MAX_WIRE_BYTES });
  expect(decoded.ok && decoded.message).toMatchObject({ type: 'capabilities', id: 1 });
});
