/**
 * The engine never imports an onnxruntime package: hosts inject a runtime
 * (onnxruntime-node in the CLI/companion, onnxruntime-web in the WebView page).
 * Tensors are created through the runtime so they belong to the same ORT copy as the session.
 * What every runtime shares lives here: the provider fall-back and the providers' names.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { CoherentStyleError } from '../errors';

export interface CreatedSession {
  session: InferenceSession;
  /** The execution provider actually in use, e.g. 'cuda', 'cpu', 'webgpu', 'wasm'. */
  provider: string;
}

export interface InferenceRuntime {
  /** e.g. 'onnxruntime-node' or 'onnxruntime-web'. */
  readonly name: string;
  /** Creates a session from model bytes, trying the host's providers in order of preference. */
  createSession(model: Uint8Array): Promise<CreatedSession>;
  createTensor(data: Float32Array, dims: readonly number[]): Tensor;
}

const PROVIDER_LABELS: Record<string, string> = {
  cpu: 'CPU',
  wasm: 'CPU · wasm',
  webgpu: 'GPU · WebGPU',
  cuda: 'GPU · CUDA',
  dml: 'GPU · DirectML',
  coreml: 'GPU · Core ML',
};

/** What the editor is shown, e.g. "GPU · CUDA"; the plain CPU names its runtime ("CPU · onnxruntime-node"). */
export function providerLabel(provider: string, runtimeName: string): string {
  const label = PROVIDER_LABELS[provider] ?? provider;
  return provider === 'cpu' ? `${label} · ${runtimeName}` : label;
}

export interface ProviderFallback<P extends string> {
  runtimeName: string;
  /** In order of preference; the last is the CPU one. */
  providers: readonly P[];
  /** Why each provider that was tried and dropped failed; shared by every session of a runtime. */
  failed: Map<P, string>;
  /** Resolves to why a provider cannot be used here without trying it (e.g. no GPU adapter), else undefined. */
  unavailable?: (provider: P) => Promise<string | undefined>;
  create: (provider: P) => Promise<InferenceSession>;
  /** The sentence after "… could not load the model (reason)." */
  repairHint: string;
}

/**
 * A session from the first provider that starts (a missing GPU library or driver only shows when a
 * session is created). A provider that failed is not tried again for later sessions, except the
 * last: the CPU cannot be "unavailable", so its failure means the model itself is unusable and a
 * repaired install must be able to retry.
 */
export async function createSessionWithFallback<P extends string>(fallback: ProviderFallback<P>): Promise<CreatedSession> {
  const { providers, failed } = fallback;
  const lastResort = providers[providers.length - 1];
  let lastError: unknown;
  for (const provider of providers) {
    if (failed.has(provider)) continue;
    const reason = await fallback.unavailable?.(provider);
    if (reason !== undefined) {
      failed.set(provider, reason);
      continue;
    }
    try {
      return { session: await fallback.create(provider), provider };
    } catch (e) {
      lastError = e;
      if (provider !== lastResort) failed.set(provider, (e as Error).message);
    }
  }
  throw new CoherentStyleError('INFERENCE_FAILED',
    `${fallback.runtimeName} could not load the model (${(lastError as Error | undefined)?.message ?? 'no provider left'}). ${fallback.repairHint}`,
    { cause: lastError });
}
