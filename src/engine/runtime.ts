/**
 * The engine never imports an onnxruntime package: hosts inject a runtime
 * (onnxruntime-node in the CLI/companion, onnxruntime-web in the WebView page).
 * Tensors are created through the runtime so they belong to the same ORT copy as the session.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';

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
