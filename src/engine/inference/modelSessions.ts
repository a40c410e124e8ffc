/**
 * A stylizer's model sessions: each graph of a mode is created from verified bytes on first use
 * and then reused; runs on one session are serialised, timed, and fail with what to try instead.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { CoherentStyleError, throwIfCancelled } from '../errors';
import type { ModelEntry } from './modelContract';
import type { GraphKind, ModelRegistry } from './modelRegistry';
import { providerLabel, type CreatedSession, type InferenceRuntime } from './runtime';
import { SerialQueue } from '../serialQueue';
import type { CancelSignal } from '../cancellation';

/** UXP does not document `performance`; the in-process carrier runs this in the panel. */
const now = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

/** Why a session ran: the bench separates pure inference time from the pipeline around it. */
export type SessionRunPurpose = 'style' | 'frame' | 'statistics' | 'tile';

export interface SessionRunTiming {
  mode: string;
  graph: GraphKind;
  purpose: SessionRunPurpose;
  /** The (padded) input size the session ran at. */
  width: number;
  height: number;
  /** Duration of session.run alone. */
  milliseconds: number;
}

interface LoadedSession {
  created: CreatedSession;
  /** Runs on one session are serialised: a single run saturates the device, and some runtimes refuse overlapping runs. */
  queue: SerialQueue;
}

export class ModelSessions {
  private readonly sessions = new Map<string, Promise<LoadedSession>>();
  private loadedProvider: string | undefined;

  constructor(
    private readonly runtime: InferenceRuntime,
    private readonly registry: ModelRegistry,
    private readonly onSessionRun?: (timing: SessionRunTiming) => void,
  ) {}

  /** The execution provider of the most recently loaded session ('cpu', 'cuda', 'webgpu', 'wasm', …); undefined before any. */
  get provider(): string | undefined {
    return this.loadedProvider;
  }

  get providerLabel(): string {
    return this.loadedProvider === undefined ? this.runtime.name : providerLabel(this.loadedProvider, this.runtime.name);
  }

  /** A tensor of the runtime the sessions belong to. */
  tensor(data: Float32Array, dims: readonly number[]): Tensor {
    return this.runtime.createTensor(data, dims);
  }

  /** Loads (and verifies) both graphs of a mode. */
  async prepare(entry: ModelEntry): Promise<void> {
    await Promise.all([this.session(entry, 'styleEncoder'), this.session(entry, 'stylizer')]);
  }

  /** One run of a graph on an input of `size`, after the runs already queued on its session. */
  async run(
    entry: ModelEntry, graph: GraphKind, purpose: SessionRunPurpose, size: { width: number; height: number },
    feeds: Record<string, Tensor>, signal?: CancelSignal,
  ): Promise<InferenceSession.OnnxValueMapType> {
    const { created, queue } = await this.session(entry, graph);
    return queue.run(async () => {
      throwIfCancelled(signal);
      const started = now();
      let outputs: InferenceSession.OnnxValueMapType;
      try {
        outputs = await created.session.run(feeds);
      } catch (e) {
        throw new CoherentStyleError('INFERENCE_FAILED',
          `The ${entry.label} model failed on a ${size.width}×${size.height} image (${(e as Error).message}). Try a smaller render size.`,
          { cause: e });
      }
      this.onSessionRun?.({ mode: entry.id, graph, purpose, width: size.width, height: size.height, milliseconds: now() - started });
      return outputs;
    });
  }

  /** Releases every loaded session, each through its queue, so runs already in progress finish first. */
  async releaseAll(): Promise<void> {
    const loaded = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    await Promise.all(loaded.map((s) => (s.status === 'fulfilled' ? s.value.queue.run(() => s.value.created.session.release()) : undefined)));
  }

  /** The mode's session for one graph, created (from verified bytes) on first use and then reused. */
  private session(entry: ModelEntry, graph: GraphKind): Promise<LoadedSession> {
    const key = `${entry.id}/${graph}`;
    let loading = this.sessions.get(key);
    if (!loading) {
      loading = this.registry.loadGraph(entry, graph)
        .then((bytes) => this.runtime.createSession(bytes))
        .then((created) => {
          this.loadedProvider = created.provider;
          return { created, queue: new SerialQueue() };
        });
      // A failed load is not cached, so a repaired install works without a restart.
      loading.catch(() => this.sessions.delete(key));
      this.sessions.set(key, loading);
    }
    return loading;
  }
}
