/**
 * TextDecoder and TextEncoder for the libraries bundled into the plugin (fast-png and its iobuffer
 * create them when they load; onnxruntime-web uses them too), which UXP does not have. webpack's
 * ProvidePlugin hands these classes to exactly the modules that name the globals: no global is
 * defined, and our own code calls src/engine/utf8.ts directly. Covers what those libraries ask
 * for: UTF-8 (fatal or not) and Latin-1 (PNG text chunks).
 */
import { decodeUtf8, encodeUtf8 } from '../engine/utf8';

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const LATIN1_LABELS = new Set(['latin1', 'iso-8859-1', 'l1', 'ascii', 'us-ascii', 'windows-1252']);

type BufferLike = ArrayBuffer | ArrayBufferView;

const bytesOf = (input: BufferLike | undefined): Uint8Array => {
  if (input === undefined) return new Uint8Array(0);
  return ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
};

export class BundledTextDecoder {
  readonly encoding: 'utf-8' | 'windows-1252';
  readonly fatal: boolean;
  constructor(label = 'utf-8', options: { fatal?: boolean } = {}) {
    const name = label.trim().toLowerCase();
    if (UTF8_LABELS.has(name)) this.encoding = 'utf-8';
    else if (LATIN1_LABELS.has(name)) this.encoding = 'windows-1252';
    else throw new RangeError(`The encoding "${label}" is not supported in the plugin.`);
    this.fatal = options.fatal ?? false;
  }
  decode(input?: BufferLike): string {
    const bytes = bytesOf(input);
    if (this.encoding === 'utf-8') return decodeUtf8(bytes, { fatal: this.fatal });
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return text;
  }
}

export class BundledTextEncoder {
  readonly encoding = 'utf-8';
  encode(text = ''): Uint8Array {
    return encodeUtf8(text);
  }
}
