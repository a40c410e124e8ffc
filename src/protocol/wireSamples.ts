/**
 * Samples on the binary wire: 8-bit as they are, 16-bit little-endian whatever the host's byte
 * order, as views where no copy is needed; and what a carrier delivers, as bytes.
 */
import type { RasterImage } from '../engine/images/image';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function samplesAsBytes(image: RasterImage): Uint8Array {
  const { data } = image;
  if (data instanceof Uint8Array) return data;
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * 2);
  const view = new DataView(bytes.buffer);
  data.forEach((sample, i) => view.setUint16(i * 2, sample, true));
  return bytes;
}

export function samplesFromLittleEndian(bytes: Uint8Array): Uint16Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const samples = new Uint16Array(bytes.length / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getUint16(i * 2, true);
  return samples;
}

/** A carrier's binary message as bytes (a view); undefined for anything that is not binary. */
export function asBytes(wire: unknown): Uint8Array | undefined {
  if (wire instanceof ArrayBuffer) return new Uint8Array(wire);
  if (ArrayBuffer.isView(wire)) return new Uint8Array(wire.buffer, wire.byteOffset, wire.byteLength);
  // ArrayBuffers from another realm (an iframe, a worker) fail instanceof.
  if (Object.prototype.toString.call(wire) === '[object ArrayBuffer]') return new Uint8Array(wire as ArrayBuffer);
  return undefined;
}
