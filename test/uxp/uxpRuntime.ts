/**
 * A UXP-only runtime for the built plugin bundle: a Node `vm` context whose globals are the
 * ECMAScript built-ins plus exactly the UXP globals listed below, each with the page of Adobe's
 * reference that documents it (AdobeDocs/uxp-premiere-pro, src/pages/). No TextDecoder,
 * TextEncoder, Buffer, process, Worker, OffscreenCanvas, navigator, performance, WebAssembly,
 * atob/btoa: code that uses one fails with "X is not defined", naming it. `require` serves the
 * host modules: `uxp` and the host's own module (`premierepro`, or `aftereffects` in After
 * Effects) are the simulators (test/fakes/), `os` answers as UXP's os module does on Windows
 * ("win10"), `path` is UXP's path module. The other host's module is not there, as in the host.
 */
import { webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vm from 'node:vm';
import * as premierepro from '../fakes/premierepro';
import aftereffects = require('../fakes/afterEffectsModule');
import * as uxp from '../fakes/uxp';
import { createSimDom, SimEvent, type SimDom } from '../fakes/uxpDom';
import { SimAbortController, SimAbortSignal } from '../fakes/uxpAbort';
import { SimWebSocket } from '../fakes/uxpWebSocket';

/** Global → the reference page that documents it. */
const DOCUMENTED_UXP_GLOBALS: Record<string, string> = {
  window: 'uxp-api/reference-js/global-members/html-dom/index.md (window.*)',
  document: 'uxp-api/reference-js/global-members/html-dom/document.md',
  console: 'plugins/concepts/entrypoints/index.md (console.log in the examples)',
  setTimeout: 'resources/recipes/network/index.md (timeouts)',
  clearTimeout: 'resources/recipes/network/index.md (timeouts)',
  fetch: 'uxp-api/reference-js/global-members/data-transfers/fetch.md',
  WebSocket: 'uxp-api/reference-js/global-members/data-transfers/web-socket.md',
  AbortController: 'uxp-api/reference-js/global-members/html-dom/abort-controller.md',
  crypto: 'uxp-api/reference-js/global-members/crypto/crypto.md (getRandomValues, randomUUID; since UXP 6.2; no subtle)',
  AbortSignal: 'uxp-api/reference-js/global-members/html-dom/abort-signal.md',
  Event: 'uxp-api/reference-js/global-members/html-events/event.md',
  require: 'uxp-api/reference-js/modules (require("uxp"), require("os"), …)',
};

/** ECMAScript has no such global; V8 adds it to every context, UXP does not document it. */
const NOT_ECMASCRIPT = ['WebAssembly'];

export interface UxpRuntime {
  dom: SimDom;
  /** Errors thrown by timer callbacks inside the runtime (none may be). */
  uncaught: unknown[];
  run(file: string): void;
}

export function createUxpRuntime(options: { homeDir: string; platform?: string; host?: 'premierepro' | 'aftereffects' }): UxpRuntime {
  const dom = createSimDom({ webViewPages: {} });
  const uncaught: unknown[] = [];
  const guarded = (callback: (...args: unknown[]) => void) => (...args: unknown[]) => {
    try {
      callback(...args);
    } catch (e) {
      uncaught.push(e);
    }
  };
  const os = { platform: () => options.platform ?? 'win10', homedir: () => options.homeDir };
  const hostModule = options.host === 'aftereffects' ? { aftereffects } : { premierepro };
  const modules: Record<string, unknown> = { uxp, ...hostModule, os, path: nodePath };
  const globals: Record<string, unknown> = {
    window: dom.window,
    document: dom.document,
    console,
    setTimeout: (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => setTimeout(guarded(callback), ms, ...args),
    clearTimeout,
    // Plugin-local URLs (plugin:/) are not documented for fetch: only the network it allows.
    fetch: async (url: string) => { throw new TypeError(`Failed to fetch ${url}`); },
    WebSocket: SimWebSocket,
    AbortController: SimAbortController,
    AbortSignal: SimAbortSignal,
    // Only what the page documents: no crypto.subtle.
    crypto: { getRandomValues: (array: Uint8Array) => webcrypto.getRandomValues(array), randomUUID: () => webcrypto.randomUUID() },
    Event: SimEvent,
    require: (name: string) => {
      if (!(name in modules)) throw new Error(`Cannot find module '${name}'`);
      return modules[name];
    },
  };
  for (const name of Object.keys(globals)) {
    if (!(name in DOCUMENTED_UXP_GLOBALS)) throw new Error(`${name} is given to the bundle, but no UXP reference page documents it.`);
  }
  const context = vm.createContext({ ...globals });
  for (const name of NOT_ECMASCRIPT) vm.runInContext(`delete globalThis.${name}`, context);
  return {
    dom,
    uncaught,
    run(file: string) {
      vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
    },
  };
}
