/**
 * InferenceRuntime over onnxruntime-web: WebGPU when the page has a GPU adapter, otherwise
 * WebAssembly (SIMD; multi-threaded only when the page is cross-origin isolated, since threads
 * need SharedArrayBuffer). Also runs in Node (wasm), where the bench and tests use it.
 */
import * as ort from 'onnxruntime-web';
import { createSessionWithFallback, type CreatedSession, type InferenceRuntime } from '../../engine/inference/runtime';

export type WebProvider = 'webgpu' | 'wasm';

export interface OrtWebRuntimeOptions {
  /** Where the ort-wasm-*.wasm/.mjs files are served from (a URL prefix, or a folder path in Node). */
  wasmPaths?: string;
  /** Providers to try in order; default: ['webgpu', 'wasm'] (webgpu is skipped without an adapter). */
  preferred?: readonly WebProvider[];
  /** wasm threads; default: what the embedder set in ort.env.wasm.numThreads, else up to 4 when cross-origin isolated, else 1. */
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

  /**
   * ort.env is global to the page: only what the options ask for is set, and the thread count only
   * when nobody set one (as onnxruntime's own initializeFlags does), so an embedder's settings hold.
   */
  constructor(options: OrtWebRuntimeOptions = {}) {
    this.preferred = options.preferred ?? ['webgpu', 'wasm'];
    if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
    if (options.numThreads !== undefined) {
      ort.env.wasm.numThreads = options.numThreads;
    } else {
      const set = ort.env.wasm.numThreads;
      if (!(typeof set === 'number' && Number.isInteger(set) && set > 0)) ort.env.wasm.numThreads = defaultThreadCount();
    }
  }

  /** Why each provider that was tried and dropped failed (for diagnostics). */
  get providerFailures(): ReadonlyMap<string, string> {
    return this.failedProviders;
  }

  createSession(model: Uint8Array): Promise<CreatedSession> {
    return createSessionWithFallback({
      runtimeName: this.name,
      providers: this.preferred,
      failed: this.failedProviders,
      unavailable: async (provider) =>
        provider === 'webgpu' && !(await (this.webGpuChecked ??= hasWebGpuAdapter())) ? 'no WebGPU adapter' : undefined,
      create: (provider) => ort.InferenceSession.create(model, {
        executionProviders: [provider],
        // WebGPU with 'extended'/'all' fusions returns wrong pixels for the stylizer's decoder
        // (max error 0.44 vs wasm, measured in Chromium 156 / SwiftShader, ORT-web 1.30); 'basic' matches to 5e-7.
        graphOptimizationLevel: provider === 'webgpu' ? 'basic' : 'all',
      }),
      repairHint: 'Reinstall the plugin.',
    });
  }

  createTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
    return new ort.Tensor('float32', data, dims);
  }
}

export function createOrtWebRuntime(options: OrtWebRuntimeOptions = {}): OrtWebRuntime {
  return new OrtWebRuntime(options);
}
