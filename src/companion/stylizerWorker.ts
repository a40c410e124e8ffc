/**
 * The companion's stylizer in a worker thread. Converting, resizing and blending a 4K frame is
 * seconds of JavaScript; on the server's own thread it froze every client (hellos, cancels,
 * other panels' progress). The worker runs the in-process engine behind the same protocol the
 * other carriers speak, over the worker's message port (pixel buffers are transferred, not
 * copied), and the main thread only relays.
 *
 * This module is both sides: startStylizerWorker() on the main thread, and the worker's body
 * when loaded as the worker.
 */
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { CancelSignal } from '../engine/cancellation';
import { CoherentStyleError, isCoherentStyleError } from '../engine/errors';
import type { RasterImage } from '../engine/images/image';
import { inProcessBackend } from '../protocol/inProcessBackend';
import { ModelRegistry } from '../engine/inference/modelRegistry';
import type { MessageTransport, WireMessage } from '../protocol/protocol';
import { ProtocolEndpoint, refuseEveryRequest } from '../protocol/protocolEndpoint';
import { type EndpointBackend } from '../protocol/endpointBackend';
import { RemoteStylizeService } from '../protocol/remoteStylizeService';
import type { FrameSettings, StyleSettings, StylizeService } from '../engine/inference/stylizeService';
import { InProcessStylizeService } from '../engine/inference/stylizer';
import { FsModelStore } from '../node-io/fsModelStore';
import { createOrtNodeRuntime } from '../node-io/ortNodeRuntime';

interface StylizerWorkerData {
  role: 'coherent-style stylizer';
  modelsDir: string;
}

/** Messages between the threads are in-process: large enough for an 8K 16-bit RGBA frame. */
const WORKER_MAX_MESSAGE_BYTES = 7680 * 4320 * 8 + (1 << 20);

function portTransport(port: MessagePort | Worker): MessageTransport {
  return {
    format: 'binary',
    send: (wire: WireMessage) => (typeof wire === 'string' ? port.postMessage(wire) : port.postMessage(wire, [wire])),
    onMessage: (handler) => { port.on('message', handler); },
    onClose: (handler) => { port.once(port instanceof Worker ? 'exit' : 'close', () => handler('the stylizer thread ended')); },
    close: () => { if (!(port instanceof Worker)) port.close(); },
  };
}

/** Errors reach clients of the companion: the models folder is named, not its absolute path. */
function withoutPath(e: unknown, modelsDir: string): unknown {
  if (!isCoherentStyleError(e) || !e.message.includes(modelsDir)) return e;
  return new CoherentStyleError(e.code, e.message.split(modelsDir).join("the companion's models folder"), { cause: e });
}

/** The worker's view of the engine, as a StylizeService whose errors name no absolute path. */
class WorkerStylizeService implements StylizeService {
  constructor(private readonly remote: RemoteStylizeService, private readonly worker: Worker, private readonly modelsDir: string) {}

  get provider(): string | undefined {
    return this.remote.provider;
  }

  get providerLabel(): string {
    return this.remote.providerLabel;
  }

  setStyle(jobId: string, style: RasterImage, settings: StyleSettings, signal?: CancelSignal): Promise<void> {
    return this.remote.setStyle(jobId, style, settings, signal).catch((e) => { throw withoutPath(e, this.modelsDir); });
  }

  stylize(jobId: string, frame: RasterImage, settings: FrameSettings, signal?: CancelSignal): Promise<RasterImage> {
    return this.remote.stylize(jobId, frame, settings, signal).catch((e) => { throw withoutPath(e, this.modelsDir); });
  }

  endJob(jobId: string): Promise<void> {
    return this.remote.endJob(jobId);
  }

  async dispose(): Promise<void> {
    await this.remote.dispose();
    await this.worker.terminate();
  }
}

/** The worker's entry: from TypeScript sources (tests) through the repository's require hook, as bin/ does. */
function workerSource(): string {
  const entry = JSON.stringify(__filename);
  if (!__filename.endsWith('.ts')) return `require(${entry});`;
  return `require(${JSON.stringify(path.join(__dirname, '../../scripts/tsRequire.js'))}); require(${entry});`;
}

/**
 * Starts the worker, which loads the models and their default mode (so the provider is known),
 * and resolves with the backend the companion's endpoint serves. Startup failures (missing or
 * damaged models) reject with the worker's CoherentStyleError.
 */
export async function startStylizerWorker(modelsDir: string): Promise<EndpointBackend> {
  const data: StylizerWorkerData = { role: 'coherent-style stylizer', modelsDir };
  // Ended by the backend's service.dispose(); until then it keeps the process alive, like the server.
  const worker = new Worker(workerSource(), { eval: true, workerData: data });
  // A worker that dies (out of memory, a native crash) ends its transport; the error itself is only logged here.
  worker.on('error', (e) => process.stderr.write(`coherent-style: the stylizer thread failed: ${e.message}\n`));
  let remote: RemoteStylizeService;
  try {
    remote = await RemoteStylizeService.connect(portTransport(worker), 'stylizer thread', { helloTimeoutMs: 120_000 });
  } catch (e) {
    await worker.terminate();
    throw withoutPath(e, modelsDir);
  }
  const caps = remote.capabilities;
  return {
    service: new WorkerStylizeService(remote, worker, modelsDir),
    runtime: caps.runtime,
    provider: caps.provider,
    ...(caps.adapter ? { adapter: caps.adapter } : {}),
    modes: caps.modes,
    defaultMode: caps.defaultMode,
    loadModel: (mode) => remote.loadModel(mode).catch((e) => { throw withoutPath(e, modelsDir); }),
  };
}

async function serveInWorker(port: MessagePort, modelsDir: string): Promise<void> {
  const transport = portTransport(port);
  try {
    const registry = await ModelRegistry.load(new FsModelStore(modelsDir));
    const runtime = createOrtNodeRuntime();
    const service = new InProcessStylizeService(runtime, registry);
    await service.prepare(registry.defaultMode.id);
    // The companion's own endpoint bounds jobs and frames per client; here its relay is the only client.
    const limits = { maxMessageBytes: WORKER_MAX_MESSAGE_BYTES, maxJobs: Number.MAX_SAFE_INTEGER };
    new ProtocolEndpoint(inProcessBackend(service, registry, { runtime: runtime.name }), limits).accept(transport);
  } catch (error) {
    refuseEveryRequest(transport, error, WORKER_MAX_MESSAGE_BYTES);
  }
}

const data = workerData as StylizerWorkerData | undefined;
if (!isMainThread && parentPort && data?.role === 'coherent-style stylizer') void serveInWorker(parentPort, data.modelsDir);
