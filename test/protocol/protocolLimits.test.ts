/** The protocol accepts exactly the frames the engine accepts: one pixel limit for both. */
import { DEFAULT_MAX_PIXELS } from '../../src/engine/images/image';
import { decodeClientMessage, encodeMessage } from '../../src/protocol/protocol';

const stylizeMessage = (width: number, height: number) => encodeMessage({
  type: 'stylize', id: 1, job: 'j', frame: 0, strength: 1,
  image: { width, height, channels: 1, bitDepth: 8, data: new Uint8Array(width * height) },
}, 'binary');
const limits = { maxMessageBytes: 64 * 2 ** 20 };

test('a DCI 8K frame (8192×4320), within the engine limit, passes the protocol', () => {
  expect(8192 * 4320).toBeLessThanOrEqual(DEFAULT_MAX_PIXELS);
  const decoded = decodeClientMessage(stylizeMessage(8192, 4320), limits);
  expect(decoded.ok).toBe(true);
});

test('a frame above the engine limit is refused from its header', () => {
  const decoded = decodeClientMessage(stylizeMessage(8192, 5120), limits);
  expect(8192 * 5120).toBeGreaterThan(DEFAULT_MAX_PIXELS);
  expect(decoded).toMatchObject({ ok: false, failure: { message: expect.stringMatching(/limited to \d+ pixels/) } });
});
