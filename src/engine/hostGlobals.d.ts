/**
 * The host globals the engine may use: only those every host it runs on provides (Node, browsers,
 * the UXP panel). tsconfig.engine.json compiles src/engine with these and ES2022 alone, so a DOM or
 * Node API used in the engine fails to compile instead of failing inside Premiere.
 */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
declare const AbortSignal: { prototype: AbortSignal };

interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare const AbortController: { prototype: AbortController; new (): AbortController };

declare function setTimeout(handler: () => void, milliseconds?: number): unknown;
declare function clearTimeout(handle: unknown): void;

declare const performance: { now(): number };

// UTF-8 text <-> bytes for the protocol header and models.json.
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare const TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean }): TextDecoder };
