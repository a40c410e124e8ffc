/**
 * Malformed and hostile client messages, each of which must get an error reply (and never a
 * crash or silence). Shared by the endpoint unit test, the inference page test in Chromium and
 * the companion test, so every carrier is held to the same list. Send them after a valid hello.
 */
import { encodeBase64 } from '../../src/engine/base64';
import { PROTOCOL_VERSION } from '../../src/protocol/protocol';

export interface HostileMessage {
  name: string;
  /** A string (text wire), Uint8Array (binary wire) or any other value a carrier might deliver. */
  wire: unknown;
  /** The request id the error reply must carry (null: the request could not be identified). */
  replyId: number | null;
}

const image = (width: number, height: number, channels = 3, bitDepth = 8) => ({ width, height, channels, bitDepth });

function binary(header: unknown, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + headerBytes.length + payload.length);
  new DataView(out.buffer).setUint32(0, headerBytes.length, true);
  out.set(headerBytes, 4);
  out.set(payload, 4 + headerBytes.length);
  return out;
}

/** `job` must have a style set, `mode` must be installed; `unknownJob` must not exist. */
export function hostileMessages(job: string, mode: string): HostileMessage[] {
  const stylize = (id: number, extra: Record<string, unknown> = {}) =>
    ({ v: PROTOCOL_VERSION, type: 'stylize', id, job, frame: 0, strength: 1, image: image(8, 8), ...extra });
  const pixels = (n: number) => new Uint8Array(n).fill(128);
  const farmRender = (id: number, extra: Record<string, unknown> = {}) =>
    ({ v: PROTOCOL_VERSION, type: 'farmRender', id, job: 'farm', input: '/no/such/share/clip.mp4', output: '/no/such/share/out', mode, strength: 1, image: image(8, 8), ...extra });
  const encodeFrames = (id: number, extra: Record<string, unknown> = {}) => JSON.stringify({
    v: PROTOCOL_VERSION, type: 'encodeFrames', id, job: 'movie', folder: '/no/such/Coherent Style Renders/Shot 1', prefix: 'Shot_', frameCount: 2,
    fps: { num: 24, den: 1 }, format: 'prores-4444', output: 'Shot.mov', ...extra,
  });
  return [
    { name: 'the previous protocol version', wire: JSON.stringify({ v: PROTOCOL_VERSION - 1, type: 'hello', id: 100, client: 'x' }), replyId: 100 },
    { name: 'unsupported protocol version', wire: JSON.stringify({ v: 99, type: 'hello', id: 101, client: 'x' }), replyId: 101 },
    { name: 'missing version', wire: JSON.stringify({ type: 'hello', id: 102, client: 'x' }), replyId: 102 },
    { name: 'unknown message type', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'explode', id: 103 }), replyId: 103 },
    { name: 'server-only message type from a client', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'ok', id: 104 }), replyId: 104 },
    { name: 'negative request id', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'loadModel', id: -1, mode }), replyId: null },
    { name: 'width of the wrong type', wire: binary(stylize(106, { image: { ...image(8, 8), width: '8' } }), pixels(192)), replyId: 106 },
    { name: 'huge dimensions', wire: binary(stylize(107, { image: image(100000, 100000) }), pixels(16)), replyId: 107 },
    { name: 'sides within range but area beyond 8K UHD', wire: binary(stylize(108, { image: image(8192, 8192) }), pixels(16)), replyId: 108 },
    { name: 'truncated pixels', wire: binary(stylize(109), pixels(191)), replyId: 109 },
    { name: 'surplus pixels', wire: binary(stylize(110), pixels(193)), replyId: 110 },
    { name: 'five channels', wire: binary(stylize(111, { image: image(8, 8, 5) }), pixels(320)), replyId: 111 },
    { name: '12-bit samples', wire: binary(stylize(112, { image: image(8, 8, 3, 12) }), pixels(288)), replyId: 112 },
    { name: 'strength out of range', wire: binary(stylize(113, { strength: 2 }), pixels(192)), replyId: 113 },
    { name: 'fractional frame index', wire: binary(stylize(114, { frame: 1.5 }), pixels(192)), replyId: 114 },
    { name: 'job id with a path in it', wire: binary(stylize(115, { job: '../../etc/passwd' }), pixels(192)), replyId: 115 },
    { name: 'style size beyond what the models need', wire: binary({ v: PROTOCOL_VERSION, type: 'setStyle', id: 131, job: 'big', mode, styleShortSide: 8192, image: image(8, 8) }, pixels(192)), replyId: 131 },
    { name: 'hello nonce that is not 256-bit hex', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', id: 132, client: 'x', nonce: 'short' }), replyId: 132 },
    { name: 'unknown field', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'loadModel', id: 116, mode, admin: true }), replyId: 116 },
    { name: 'unknown model', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'loadModel', id: 117, mode: 'no-such-mode' }), replyId: 117 },
    { name: 'style for an unknown model', wire: binary({ v: PROTOCOL_VERSION, type: 'setStyle', id: 118, job: 'other', mode: 'no-such-mode', image: image(8, 8) }, pixels(192)), replyId: 118 },
    { name: 'cancel of an unknown job', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'cancel', id: 119, job: 'never-started' }), replyId: 119 },
    { name: 'frame for a job without a style', wire: binary(stylize(120, { job: 'never-started' }), pixels(192)), replyId: 120 },
    { name: 'text that is not JSON', wire: `{"v":${PROTOCOL_VERSION},"type":"hello",`, replyId: null },
    { name: 'JSON array', wire: '[1,2,3]', replyId: null },
    { name: 'JSON null', wire: 'null', replyId: null },
    { name: 'binary shorter than its length prefix', wire: new Uint8Array([1, 0]), replyId: null },
    { name: 'header length beyond the message', wire: new Uint8Array([255, 255, 0, 0, 123, 125]), replyId: null },
    { name: 'header that is not UTF-8', wire: new Uint8Array([2, 0, 0, 0, 0xff, 0xfe]), replyId: null },
    { name: 'pixels after a message that has none', wire: binary({ v: PROTOCOL_VERSION, type: 'loadModel', id: 127, mode }, pixels(10)), replyId: 127 },
    { name: 'text payload that is not base64', wire: JSON.stringify({ ...stylize(128), payload: '!!!!' }), replyId: 128 },
    { name: 'text payload of the wrong type', wire: JSON.stringify({ ...stylize(129), payload: 12 }), replyId: 129 },
    { name: 'text payload of the wrong size', wire: JSON.stringify({ ...stylize(130), payload: encodeBase64(pixels(9)) }), replyId: 130 },
    { name: 'a number instead of a message', wire: 42, replyId: null },
    { name: 'farm render with a relative path', wire: binary(farmRender(131, { input: 'clips/a.mp4' }), pixels(192)), replyId: 131 },
    { name: 'farm render with a NUL in its output', wire: binary(farmRender(132, { output: '/renders/a\u0000.mp4' }), pixels(192)), replyId: 132 },
    // Served without a farm: there is none; served with one: the input does not exist.
    { name: 'farm render of a missing input', wire: binary(farmRender(133), pixels(192)), replyId: 133 },
    { name: 'farm progress from a client', wire: JSON.stringify({ v: PROTOCOL_VERSION, type: 'farmProgress', id: 134, job, farmJob: `cs-${'0'.repeat(32)}`, state: 'rendering', frames: { done: 0, total: 1 }, fps: 0, etaSeconds: null, chunks: { total: 1, done: 0, running: 0, failed: 0 } }), replyId: 134 },
    { name: 'style mix part sent out of order', wire: binary({ v: PROTOCOL_VERSION, type: 'setStyle', id: 135, job: 'mixed', mode, mix: { part: 1, of: 2, weight: 1 }, image: image(8, 8) }, pixels(192)), replyId: 135 },
    { name: 'style mix part beyond its count', wire: binary({ v: PROTOCOL_VERSION, type: 'setStyle', id: 136, job: 'mixed', mode, mix: { part: 2, of: 2, weight: 1 }, image: image(8, 8) }, pixels(192)), replyId: 136 },
    { name: 'style mix part with a weight that overflows the sum', wire: binary({ v: PROTOCOL_VERSION, type: 'setStyle', id: 138, job: 'overflow', mode, mix: { part: 0, of: 2, weight: 1e308 }, image: image(8, 8) }, pixels(192)), replyId: 138 },
    { name: 'farm render mix part with a weight that overflows the sum', wire: binary(farmRender(139, { mix: { part: 0, of: 2, weight: 1e308 } }), pixels(192)), replyId: 139 },
    { name: 'style scale out of range', wire: binary({ v: PROTOCOL_VERSION, type: 'setStyle', id: 137, job: 'scaled', mode, styleScale: 9, image: image(8, 8) }, pixels(192)), replyId: 137 },
    { name: 'farm render matte with a relative path', wire: binary(farmRender(145, { matte: { path: 'mattes/a', inverted: false, outsideStyle: false } }), pixels(192)), replyId: 145 },
    { name: 'farm render style outside a matte it does not have', wire: binary(farmRender(146, { matteStyle: true }), pixels(192)), replyId: 146 },
    { name: 'farm render whose outside style never came', wire: binary(farmRender(147, { job: 'outside', matte: { path: '/share/matte', inverted: false, outsideStyle: true } }), pixels(192)), replyId: 147 },
    { name: 'movie encode written outside its folder', wire: encodeFrames(140, { output: '../../.bashrc.mov' }), replyId: 140 },
    { name: 'movie encode of a relative folder', wire: encodeFrames(141, { folder: 'Coherent Style Renders/Shot 1' }), replyId: 141 },
    { name: 'movie encode in a format the companion does not write', wire: encodeFrames(142, { format: 'gif' }), replyId: 142 },
    { name: 'movie encode whose frame prefix holds a path', wire: encodeFrames(143, { prefix: '../Shot_' }), replyId: 143 },
    // Served without an encoder: there is none; with one: the folder does not exist.
    { name: 'movie encode of a missing folder', wire: encodeFrames(144), replyId: 144 },
  ];
}
