/**
 * The companion carrier's WebSocket against UXP's WebSocket as documented (test/fakes/uxpWebSocket.ts:
 * a send that cannot be buffered closes the socket; its buffer here is 1 MiB): a whole 4K frame, as
 * protocol 3 sent it, closes the socket; protocol 4's chunks take a 4K frame through it and back
 * without ever overflowing it.
 */
import type { RasterImage } from '../../src/engine/images/image';
import { MAX_WIRE_BYTES } from '../../src/protocol/messageChunks';
import { encodeMessage } from '../../src/protocol/protocol';
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import { openWebSocketTransport, type WebSocketLike } from '../../src/protocol/webSocketTransport';
import { resetSimSockets, SimWebSocket, simSockets } from '../fakes/uxpWebSocket';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';

const createSocket = (url: string) => new SimWebSocket(url) as unknown as WebSocketLike;
const URL = 'ws://127.0.0.1:4100/?token=x';
const frame4k = (): RasterImage => ({ width: 3840, height: 2160, channels: 4, bitDepth: 8, data: new Uint8Array(3840 * 2160 * 4).fill(7) });

beforeEach(() => {
  resetSimSockets();
  simSockets.servers.set('127.0.0.1:4100', new ProtocolEndpoint(offsetBackend(new OffsetStylizer(1))));
});
afterEach(() => resetSimSockets());

test('a whole 4K frame in one send closes the socket, as UXP documents for a send it cannot buffer', async () => {
  const transport = await openWebSocketTransport(URL, createSocket, 1000);
  const closed: string[] = [];
  transport.onClose((reason) => closed.push(reason));
  transport.send(encodeMessage({ type: 'stylize', id: 1, job: 'j', frame: 0, strength: 1, image: frame4k() }, 'binary'));
  expect(simSockets.overflows).toBe(1);
  expect(closed).toEqual(['code 1009: send buffer full']);
  // UXP would take it and let bufferedAmount climb ("If you keep calling send(), this will continue to climb"); the transport refuses.
  expect(() => transport.send(new Uint8Array(10).buffer)).toThrow(/not open/);
});

test('protocol 4 takes a 4K frame through the same socket and back in chunks, never overflowing it', async () => {
  const remote = await RemoteStylizeService.connect(await openWebSocketTransport(URL, createSocket, 1000), 'companion');
  await remote.setStyle('job', { width: 8, height: 8, channels: 3, bitDepth: 8, data: new Uint8Array(192).fill(1) }, { mode: 'artistic' });
  const out = await remote.stylize('job', frame4k(), { strength: 1 });
  expect(out.data.every((v) => v === 249)).toBe(true); // 255 - 7 + the style's 1
  expect(simSockets.overflows).toBe(0);
  expect(simSockets.largestSend).toBeLessThanOrEqual(MAX_WIRE_BYTES);
  expect(simSockets.peakBufferedBytes).toBeLessThanOrEqual(simSockets.capacityBytes);
  await remote.dispose();
}, 60000);
