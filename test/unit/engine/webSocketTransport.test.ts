/**
 * The companion carrier's WebSocket transport against UXP's WebSocket as documented (a send that
 * cannot be buffered closes the socket; test/fakes/uxpWebSocket.ts): a burst of large frames
 * must wait for the buffer, not overflow it.
 */
import type { MessageTransport } from '../../../src/engine/protocol/protocol';
import { openWebSocketTransport, type WebSocketLike } from '../../../src/engine/protocol/webSocketTransport';
import { SimWebSocket, simSockets } from '../../fakes/uxpWebSocket';

const createSocket = (url: string) => new SimWebSocket(url) as unknown as WebSocketLike;
const received: ArrayBuffer[] = [];

beforeEach(() => {
  received.length = 0;
  simSockets.overflows = 0;
  simSockets.capacityBytes = 300 * 1024;
  simSockets.bytesPerMs = 200 * 1024;
  simSockets.servers.set('127.0.0.1:4100', { accept: (t: MessageTransport) => t.onMessage((wire) => received.push(wire as ArrayBuffer)) });
});
afterEach(() => simSockets.servers.clear());

test('a burst of frames larger than the socket buffer together arrives whole and in order', async () => {
  const transport = await openWebSocketTransport('ws://127.0.0.1:4100/?token=x', createSocket, 1000);
  const closed: string[] = [];
  transport.onClose((reason) => closed.push(reason));
  const frames = Array.from({ length: 6 }, (_, i) => new Uint8Array(200 * 1024).fill(i + 1).buffer);
  for (const frame of frames) transport.send(frame);
  const deadline = Date.now() + 5000;
  while (received.length < frames.length && closed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  expect(closed).toEqual([]);
  expect(simSockets.overflows).toBe(0);
  expect(received.map((b) => new Uint8Array(b)[0])).toEqual([1, 2, 3, 4, 5, 6]);
  transport.close();
});

test('small messages are not held back behind an empty buffer', async () => {
  const transport = await openWebSocketTransport('ws://127.0.0.1:4100/?token=x', createSocket, 1000);
  transport.send(new Uint8Array(10).buffer);
  transport.send(new Uint8Array(20).buffer);
  await new Promise((r) => setTimeout(r, 50));
  expect(received.map((b) => b.byteLength)).toEqual([10, 20]);
  transport.close();
});
