/**
 * The host globals the engine may use: only those every host it runs on provides (Node, browsers,
 * the UXP panel). tsconfig.engine.json compiles src/engine with these and ES2022 alone, so a DOM or
 * Node API used in the engine fails to compile instead of failing inside Premiere. UXP documents no
 * TextEncoder/TextDecoder and no `performance`, so they are not here (utf8.ts does the text), and its
 * AbortSignal has no abort event, so the engine cancels with its own CancelToken (cancellation.ts).
 */
declare function setTimeout(handler: () => void, milliseconds?: number): unknown;
declare function clearTimeout(handle: unknown): void;

/**
 * WebAssembly, for the SIMD kernels only (src/engine/images/wasmKernel.ts; the lint keeps it
 * there): the carriers that run the stylizer have it (Node, the WebView page); the UXP panel's
 * reference documents none, and the panel never runs the stylizer in-process.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Memory {
    constructor(descriptor: { initial: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, Memory>>);
    readonly exports: Record<string, unknown>;
  }
}
