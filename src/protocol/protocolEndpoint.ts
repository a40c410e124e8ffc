/**
 * The serving side of the protocol, shared by the WebView inference page and the companion
 * server: decodes each client's messages, drives a StylizeService, and answers every request
 * exactly once (ok / result / error). Bad input gets an error reply; nothing a client sends can
 * throw out of here or leave a request unanswered.
 *
 * Style encodings and frames from all clients go through one FairScheduler (round-robin between
 * clients), each client may have at most maxQueuedFrames of them in flight and maxJobs jobs open,
 * and job ids are namespaced per client so two panels using the same job name never share
 * style statistics.
 */
import { FairScheduler } from './fairScheduler';
import { ClientSession } from './clientSession';
import { MessageLink } from './messageLink';
import { CLIENT_TYPES, type CapabilitiesMessage, type ClientMessage } from './messages';
import { DEFAULT_MAX_MESSAGE_BYTES, SUPPORTED_VERSIONS, errorMessage, type MessageTransport } from './protocol';
import { DEFAULT_ENDPOINT_LIMITS, type EndpointBackend, type EndpointLimits, type ServerIdentity } from './endpointBackend';

export class ProtocolEndpoint {
  readonly limits: EndpointLimits;
  private readonly scheduler: FairScheduler;
  private readonly sessions = new Set<ClientSession>();
  private nextClient = 1;
  private closing = false;

  constructor(private readonly backend: EndpointBackend, limits: Partial<EndpointLimits> = {}, private readonly identity?: ServerIdentity) {
    this.limits = { ...DEFAULT_ENDPOINT_LIMITS, ...limits };
    this.scheduler = new FairScheduler(this.limits.concurrency);
  }

  /** Serves one client over its transport until it says bye or the transport closes. */
  accept(transport: MessageTransport): void {
    if (this.closing) {
      transport.close();
      return;
    }
    const session = new ClientSession(`c${this.nextClient++}`, transport, this.backend, this.scheduler, this.limits,
      (id, nonce) => ({
        type: 'capabilities', id, ...this.describe(),
        ...(nonce !== undefined && this.identity ? { proof: this.identity.prove(nonce) } : {}),
      }), () => this.sessions.delete(session));
    this.sessions.add(session);
  }

  /** What a hello is answered with: version, runtime, provider (and adapter), modes, limits. */
  describe(): Omit<CapabilitiesMessage, 'type' | 'id'> {
    const b = this.backend;
    return {
      versions: [...SUPPORTED_VERSIONS], runtime: b.runtime, provider: b.provider,
      ...(b.adapter ? { adapter: b.adapter } : {}), providerLabel: b.service.providerLabel,
      modes: b.modes.map((m) => ({ id: m.id, label: m.label })), defaultMode: b.defaultMode,
      maxMessageBytes: this.limits.maxMessageBytes, maxQueuedFrames: this.limits.maxQueuedFrames,
      farm: b.farm !== undefined, encode: [...(b.encoder?.formats ?? [])],
    };
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  /**
   * Stops serving: queued frames are cancelled (each gets a CANCELLED error reply), running
   * ones finish within graceMs or are aborted, then every client gets bye and is closed.
   */
  async shutdown(graceMs: number, reason = 'The stylizer is shutting down.'): Promise<void> {
    this.closing = true;
    for (const session of this.sessions) session.cancelQueued();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      this.scheduler.whenIdle().then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), graceMs); }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      for (const session of this.sessions) session.abortRunning();
      await this.scheduler.whenIdle();
    }
    for (const session of [...this.sessions]) await session.close(reason);
  }
}

/**
 * Serves a client when the stylizer could not start: every request (the hello first) is answered
 * with why, so the panel can say it; chunked requests are put together first, as by a session.
 */
export function refuseEveryRequest(transport: MessageTransport, error: unknown, maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): void {
  const link = new MessageLink<ClientMessage>(transport, CLIENT_TYPES, () => maxMessageBytes);
  link.onMessage((decoded) => {
    const id = decoded.ok ? ('id' in decoded.message ? decoded.message.id : null) : decoded.failure.id;
    link.send(errorMessage(id, error));
  });
}
