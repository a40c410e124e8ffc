/**
 * The companion server: the protocol over WebSocket on 127.0.0.1, for machines whose WebView
 * has no WebGPU and for heavy jobs. Security model: loopback only, a random 256-bit token per
 * start, announced in a file only the user can read (created 0600). A client proves it read the
 * token with an HMAC of a fresh nonce (companionHandshake.ts), and the server proves the same in
 * its hello, so neither ever sends the token. Connections with a malformed path (400), a foreign
 * Host (DNS rebinding) or Origin (a web page) header (403), or without the proof (401) are
 * refused at the HTTP upgrade, before any message is read, and no refusal echoes what was sent.
 * Memory is bounded by the wire message cap (ws maxPayload: protocol 4 sends at most 1 MiB at a
 * time, larger messages in chunks), the message size cap each client's chunks are put together
 * within, the client cap and the endpoint's per-client caps; shutdown is bounded by the grace
 * period, whatever the clients do.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { NONCE_PATTERN, clientAuth, sameTag, serverProof } from '../protocol/companionHandshake';
import { companionInfoSchema, type CompanionInfo } from '../protocol/companionInfo';
import { CoherentStyleError } from '../engine/errors';
import { ProtocolEndpoint } from '../protocol/protocolEndpoint';
import { type EndpointBackend, type EndpointLimits } from '../protocol/endpointBackend';
import { MAX_WIRE_BYTES } from '../protocol/messageChunks';
import type { MessageTransport, WireMessage } from '../protocol/protocol';
import { writeFileAtomic } from '../node-io/atomicFile';

export interface CompanionOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Where the port and token are announced (see companionInfoPath). */
  infoFile: string;
  limits?: Partial<EndpointLimits>;
  /** Clients connected at once; more are refused with 503. */
  maxClients?: number;
  log?: (line: string) => void;
}

const LOOPBACK = '127.0.0.1';
/** A request's headers must arrive within this; a half-sent one is dropped (and never delays shutdown). */
const HEADERS_TIMEOUT_MS = 10_000;

export class CompanionServer {
  private stopping: Promise<void> | undefined;
  /** Removes the announcement even when the process exits without stop() (a second Ctrl-C). */
  private readonly withdrawOnExit = (): void => withdrawSync(this.infoFile, this.info.token);

  private constructor(
    private readonly http: Server,
    private readonly sockets: ReadonlySet<Socket>,
    private readonly wss: WebSocketServer,
    private readonly endpoint: ProtocolEndpoint,
    readonly info: CompanionInfo,
    private readonly infoFile: string,
    private readonly log: (line: string) => void,
  ) {
    process.on('exit', this.withdrawOnExit);
  }

  static async start(backend: EndpointBackend, options: CompanionOptions): Promise<CompanionServer> {
    const log = options.log ?? (() => undefined);
    const token = randomBytes(32).toString('hex');
    const endpoint = new ProtocolEndpoint(backend, options.limits, { prove: (nonce) => serverProof(token, nonce) });
    const maxClients = options.maxClients ?? 8;
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('The Coherent Style companion speaks WebSocket only.\n');
    });
    http.headersTimeout = HEADERS_TIMEOUT_MS;
    http.requestTimeout = HEADERS_TIMEOUT_MS;
    const sockets = new Set<Socket>();
    http.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    const wss = new WebSocketServer({
      server: http,
      maxPayload: MAX_WIRE_BYTES,
      perMessageDeflate: false,
      verifyClient: ({ req }, done) => {
        let refusal: Refusal | undefined;
        try {
          refusal = refuse(req, token, endpoint.clientCount >= maxClients);
        } catch {
          refusal = { status: 400, why: 'a request it could not parse' };
        }
        if (!refusal) {
          done(true);
          return;
        }
        log(`refused a connection: ${refusal.why}`);
        // The body names the rule, never the refused value: nothing a client sent is echoed.
        done(false, refusal.status, REFUSAL_BODIES[refusal.status]);
      },
    });
    wss.on('error', (e) => log(`WebSocket server error: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      http.once('error', (e) => reject(new CoherentStyleError('HOST',
        `The companion could not listen on ${LOOPBACK}:${options.port ?? 0} (${e.message}). Choose another port with --port.`, { cause: e })));
      http.listen(options.port ?? 0, LOOPBACK, () => resolve());
    });
    http.on('error', (e) => log(`HTTP server error: ${e.message}`));
    const port = (http.address() as { port: number }).port;
    const info: CompanionInfo = { version: 1, host: LOOPBACK, port, token, pid: process.pid, startedAt: new Date().toISOString() };
    try {
      await announce(options.infoFile, info);
    } catch (e) {
      http.close();
      throw e;
    }
    const server = new CompanionServer(http, sockets, wss, endpoint, info, options.infoFile, log);
    wss.on('connection', (socket, req) => {
      log(`client connected from port ${req.socket.remotePort}`);
      // ws reports oversized or invalid frames here before closing (1009/1002); unhandled, it would crash the server.
      socket.on('error', (e) => log(`closed a connection: ${e.message}`));
      endpoint.accept(webSocketTransport(socket));
    });
    return server;
  }

  get port(): number {
    return this.info.port;
  }

  /**
   * Stops accepting, cancels queued frames, lets running ones finish within graceMs (then
   * aborts them), says bye to every client, drops every other connection (half-sent requests
   * included) and removes the announcement file.
   */
  stop(graceMs = 5000): Promise<void> {
    this.stopping ??= (async () => {
      this.log('shutting down');
      const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
      try {
        await this.endpoint.shutdown(graceMs, 'The companion server is shutting down.');
      } finally {
        for (const client of this.wss.clients) client.terminate();
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => this.wss.close(() => resolve()));
        await closed;
        await withdraw(this.infoFile, this.info.token);
        process.off('exit', this.withdrawOnExit);
      }
    })();
    return this.stopping;
  }
}

interface Refusal {
  status: 400 | 401 | 403 | 503;
  /** For the server's log only. */
  why: string;
}

const REFUSAL_BODIES: Record<Refusal['status'], string> = {
  400: 'Bad request: connect to / with the nonce and auth parameters.',
  401: 'Unauthorized: the access proof is missing or wrong.',
  403: 'Forbidden: only the Coherent Style panel on this machine may connect.',
  503: 'Busy: too many clients are connected.',
};

/** Origins a client may send: none (the panel's UXP WebSocket, native tools) or the plugin's own. */
const ALLOWED_ORIGIN = /^(uxp|plugin):/i;

/** Quoted and cut short for the log. */
const shown = (value: string): string => JSON.stringify(value.slice(0, 100));

function refuse(req: IncomingMessage, token: string, full: boolean): Refusal | undefined {
  // Only "/" and "/?query" are served; anything else (//, /\, absolute URLs) is refused before it is parsed.
  const query = /^\/(?:\?([^#]*))?$/.exec(req.url ?? '');
  if (!query) return { status: 400, why: `a malformed path ${shown(req.url ?? '')}` };
  const host = req.headers.host ?? '';
  if (!/^(127\.0\.0\.1|localhost)(:\d{1,5})?$/i.test(host)) return { status: 403, why: `a foreign Host header ${shown(host)}` };
  const origin = req.headers.origin;
  if (origin !== undefined && !ALLOWED_ORIGIN.test(origin)) return { status: 403, why: `a foreign Origin header ${shown(origin)}` };
  const params = new URLSearchParams(query[1] ?? '');
  const nonce = params.get('nonce') ?? '';
  const auth = params.get('auth') ?? '';
  if (!NONCE_PATTERN.test(nonce) || !sameTag(auth, clientAuth(token, nonce))) return { status: 401, why: auth ? 'a wrong access proof' : 'no access proof' };
  if (full) return { status: 503, why: 'too many clients' };
  return undefined;
}

function webSocketTransport(socket: WebSocket): MessageTransport {
  return {
    format: 'binary',
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    send: (wire: WireMessage) => socket.send(wire),
    onMessage: (handler) => socket.on('message', (data: RawData, isBinary: boolean) => {
      handler(isBinary ? rawBytes(data) : rawBytes(data).toString('utf8'));
    }),
    onClose: (handler) => socket.once('close', (code: number, reason: Buffer) => handler(`${code} ${reason.toString()}`.trim())),
    close: () => socket.close(1000, 'bye'),
  };
}

function rawBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Writes the announcement readable by the user only: a new folder is 0700, the file is created 0600. */
async function announce(infoFile: string, info: CompanionInfo): Promise<void> {
  const dir = path.dirname(infoFile);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(infoFile, new TextEncoder().encode(JSON.stringify(info, null, 2) + '\n'), { mode: 0o600 });
}

/** withdraw() for the process 'exit' event, where only synchronous work runs. */
function withdrawSync(infoFile: string, token: string): void {
  try {
    const current = companionInfoSchema.safeParse(JSON.parse(readFileSync(infoFile, 'utf8')));
    if (current.success && current.data.token === token) rmSync(infoFile, { force: true });
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}

/** Removes the announcement unless another companion has replaced it since. */
async function withdraw(infoFile: string, token: string): Promise<void> {
  try {
    const current = companionInfoSchema.safeParse(JSON.parse(await readFile(infoFile, 'utf8')));
    if (current.success && current.data.token === token) await rm(infoFile, { force: true });
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}
