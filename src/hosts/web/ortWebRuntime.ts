/**
 * InferenceRuntime over onnxruntime-web: WebGPU when the page has a GPU adapter, otherwise
 * WebAssembly (SIMD; multi-threaded only when the page is cross-origin isolated, since threads
 * need SharedArrayBuffer). Also runs in Node (wasm), where the bench and tests use it.
 */
import * as ort from 'onnxruntime-web';
import { CoherentStyleError } from '../../engine/errors';
import type { CreatedSession, InferenceRuntime } from '../../engine/runtime';

export type WebProvider = 'webgpu' | 'wasm';

export interface OrtWebRuntimeOptions {
  /** Where the ort-wasm-*.wasm/.mjs files are served from (a URL prefix, or a folder path in Node). */
  wasmPaths?: string;
  /** Providers to try in order; default: ['webgpu', 'wasm'] (webgpu is skipped without an adapter). */
  preferred?: readonly WebProvider[];
  /** wasm threads; default: up to 4 when cross-origin isolated, else 1. */
  numThreads?: number;
}

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown | null> };
  hardwareConcurrency?: number;
}

function browserNavigator(): GpuNavigator | undefined {
  return (globalThis as { navigator?: GpuNavigator }).navigator;
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = browserNavigator()?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

function defaultThreadCount(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated ? Math.max(1, Math.min(4, browserNavigator()?.hardwareConcurrency ?? 1)) : 1;
}

export class OrtWebRuntime implements InferenceRuntime {
  readonly name = 'onnxruntime-web';
  private readonly preferred: readonly WebProvider[];
  private readonly failedProviders = new Map<WebProvider, string>();
  private webGpuChecked: Promise<boolean> | undefined;

  constructor(options: OrtWebRuntimeOptions = {}) {
    this.preferred = options.preferred ?? ['webgpu', 'wasm'];
    if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
    ort.env.wasm.numThreads = options.numThreads ?? defaultThreadCount();
    ort.env.wasm.proxy = false;
  }

  /** Why each provider that was tried and dropped failed (for diagnostics). */
  get providerFailures(): ReadonlyMap<string, string> {
    return this.failedProviders;
  }

  async createSession(model: Uint8Array): Promise<CreatedSession> {
    let lastError: unknown;
    for (const provider of this.preferred) {
      if (this.failedProviders.has(provider)) continue;
      if (provider === 'webgpu' && !(await (this.webGpuChecked ??= hasWebGpuAdapter()))) {
        this.failedProviders.set(provider, 'no WebGPU adapter');
        continue;
      }
      try {
        const session = await ort.InferenceSession.create(model, {
          executionProviders: [provider],
          // WebGPU with 'extended'/'all' fusions returns wrong pixels for the stylizer's decoder
          // (max error 0.44 vs wasm, measured in Chromium 156 / SwiftShader, ORT-web 1.30); 'basic' matches to 5e-7.
          graphOptimizationLevel: provider === 'webgpu' ? 'basic' : 'all',
        });
        return { session, provider };
      } catch (e) {
        lastError = e;
        // wasm cannot be "unavailable": a wasm failure means the model itself is unusable, so keep it retryable.
        if (provider !== 'wasm') this.failedProviders.set(provider, (e as Error).message);
      }
    }
    throw new CoherentStyleError('INFERENCE_FAILED',
      `onnxruntime-web could not load the model (${(lastError as Error)?.message ?? 'no provider available'}).`,
      { cause: lastError });
  }

  createTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
    return new ort.Tensor('float32', data, dims);
  }
}

export function createOrtWebRuntime(options: OrtWebRuntimeOptions = {}): OrtWebRuntime {
  return new OrtWebRuntime(options);
}
