/**
 * InferenceRuntime over onnxruntime-node: the GPU providers this platform can have are tried
 * first (each in its own try/catch, since a missing CUDA library or driver only shows when a
 * session is created), then the CPU. A provider that failed once is not retried for later sessions.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ort from './onnxruntimeNode';
import { CoherentStyleError } from '../../engine/errors';
import type { CreatedSession, InferenceRuntime } from '../../engine/runtime';

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
  const packageDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  const binDir = path.join(packageDir, 'bin');
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  try {
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

  async createSession(model: Uint8Array): Promise<CreatedSession> {
    let lastError: unknown;
    for (const provider of this.providers) {
      if (this.failedProviders.has(provider)) continue;
      try {
        const session = await ort.InferenceSession.create(model, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          ...(this.options.intraOpNumThreads ? { intraOpNumThreads: this.options.intraOpNumThreads } : {}),
        });
        return { session, provider };
      } catch (e) {
        lastError = e;
        // The CPU cannot be "unavailable": a CPU failure means the model itself is unusable, so keep it retryable.
        if (provider !== 'cpu') this.failedProviders.set(provider, (e as Error).message);
      }
    }
    throw new CoherentStyleError('INFERENCE_FAILED',
      `onnxruntime could not load the model (${(lastError as Error)?.message ?? 'no provider left'}). Reinstall the plugin or run \`coherent-style models verify\`.`,
      { cause: lastError });
  }

  createTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
    return new ort.Tensor('float32', data, dims);
  }
}

export function createOrtNodeRuntime(options: OrtNodeRuntimeOptions = {}): OrtNodeRuntime {
  return new OrtNodeRuntime(options);
}
