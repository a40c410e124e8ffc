/**
 * The host globals the engine may use: only those every host it runs on provides (Node, browsers,
 * the UXP panel). tsconfig.engine.json compiles src/engine with these and ES2022 alone, so a DOM or
 * Node API used in the engine fails to compile instead of failing inside Premiere. UXP documents no
 * TextEncoder/TextDecoder and no `performance`, so they are not here (utf8.ts does the text), and its
 * AbortSignal has no abort event, so the engine cancels with its own CancelToken (cancellation.ts).
 */
declare function setTimeout(handler: () => void, milliseconds?: number): unknown;
declare function clearTimeout(handle: unknown): void;
