/**
 * InferenceRuntime over onnxruntime-node: the GPU providers this platform can have are tried
 * first, then the CPU (createSessionWithFallback).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ort from './onnxruntimeNode';
import { CoherentStyleError } from '../engine/errors';
import { createSessionWithFallback, type CreatedSession, type InferenceRuntime } from '../engine/inference/runtime';

export type NodeProvider = 'cuda' | 'dml' | 'coreml' | 'cpu';

export interface OrtNodeRuntimeOptions {
  /** Providers to try, in order; default: nodeProviderCandidates() for this machine. */
  providers?: readonly NodeProvider[];
  /** CPU threads per session; default: onnxruntime's choice (all physical cores). */
  intraOpNumThreads?: number;
}

const GPU_PROVIDERS_BY_PLATFORM: Record<string, readonly NodeProvider[]> = {
  linux: ['cuda'],
  win32: ['cuda', 'dml'],
  darwin: ['coreml'],
};

/**
 * onnxruntime-node lists 'cuda' on Linux even when its CUDA provider library was never installed
 * (the npm install skips the download); trying it then prints a native error on every run.
 */
function cudaProviderLibraryInstalled(): boolean {
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  try {
    // Inside the try: a package folder the process may not read (or resolve) means "not installed", not a crash.
    const binDir = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin');
    return fs.readdirSync(binDir).some((napi) => fs.existsSync(path.join(binDir, napi, process.platform, process.arch, library)));
  } catch {
    return false;
  }
}

/** The providers worth trying here: the platform's GPU providers that this build lists and has installed, then the CPU. */
export function nodeProviderCandidates(
  platform: string = process.platform,
  supported: readonly string[] = ort.listSupportedBackends().map((b) => b.name),
  cudaInstalled: () => boolean = cudaProviderLibraryInstalled,
): NodeProvider[] {
  const gpu = (GPU_PROVIDERS_BY_PLATFORM[platform] ?? [])
    .filter((p) => supported.includes(p))
    .filter((p) => p !== 'cuda' || cudaInstalled());
  return [...gpu, 'cpu'];
}

export class OrtNodeRuntime implements InferenceRuntime {
  readonly name = 'onnxruntime-node';
  private readonly providers: NodeProvider[];
  private readonly failedProviders = new Map<NodeProvider, string>();

  constructor(private readonly options: OrtNodeRuntimeOptions = {}) {
    this.providers = [...(options.providers ?? nodeProviderCandidates())];
    if (this.providers.length === 0) throw new CoherentStyleError('INVALID_ARGUMENT', 'At least one execution provider is needed.');
  }

  /** Why each provider that was tried and dropped failed (for diagnostics). */
  get providerFailures(): ReadonlyMap<string, string> {
    return this.failedProviders;
  }

  createSession(model: Uint8Array): Promise<CreatedSession> {
    return createSessionWithFallback({
      runtimeName: this.name,
      providers: this.providers,
      failed: this.failedProviders,
      create: (provider) => ort.InferenceSession.create(model, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        ...(this.options.intraOpNumThreads ? { intraOpNumThreads: this.options.intraOpNumThreads } : {}),
      }),
      repairHint: 'Reinstall the plugin or run `coherent-style models verify`.',
    });
  }

  createTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
    return new ort.Tensor('float32', data, dims);
  }
}

export function createOrtNodeRuntime(options: OrtNodeRuntimeOptions = {}): OrtNodeRuntime {
  return new OrtNodeRuntime(options);
}
