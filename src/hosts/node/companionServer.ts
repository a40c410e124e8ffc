/**
 * The companion server: the protocol over WebSocket on 127.0.0.1, for machines whose WebView
 * has no WebGPU and for heavy jobs. Security model: loopback only, a random 256-bit token per
 * start, announced in a file only the user can read; connections without the right token (or
 * with a foreign Host header, i.e. DNS rebinding) are refused at the HTTP upgrade, before any
 * message is read. Memory is bounded by the message size cap (ws maxPayload), the client cap
 * and the endpoint's per-client frame cap.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import * as path from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { companionInfoSchema, type CompanionInfo } from '../../engine/protocol/companionInfo';
import { CoherentStyleError } from '../../engine/errors';
import { ProtocolEndpoint, type EndpointBackend, type EndpointLimits } from '../../engine/protocol/protocolEndpoint';
import type { MessageTransport, WireMessage } from '../../engine/protocol/protocol';
import { writeFileAtomic } from './atomicFile';

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

export class CompanionServer {
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly endpoint: ProtocolEndpoint,
    readonly info: CompanionInfo,
    private readonly infoFile: string,
    private readonly log: (line: string) => void,
  ) {}

  static async start(backend: EndpointBackend, options: CompanionOptions): Promise<CompanionServer> {
    const log = options.log ?? (() => undefined);
    const endpoint = new ProtocolEndpoint(backend, options.limits);
    const token = randomBytes(32).toString('hex');
    const maxClients = options.maxClients ?? 8;
    const wss = new WebSocketServer({
      host: LOOPBACK,
      port: options.port ?? 0,
      maxPayload: endpoint.limits.maxMessageBytes,
      perMessageDeflate: false,
      verifyClient: ({ req }, done) => {
        const refusal = refuse(req, token, endpoint.clientCount >= maxClients);
        if (refusal) log(`refused a connection: ${refusal.reason}`);
        if (refusal) done(false, refusal.status, refusal.reason);
        else done(true);
      },
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', (e) => reject(new CoherentStyleError('HOST',
        `The companion could not listen on ${LOOPBACK}:${options.port ?? 0} (${e.message}). Choose another port with --port.`, { cause: e })));
    });
    const port = (wss.address() as { port: number }).port;
    const info: CompanionInfo = { version: 1, host: LOOPBACK, port, token, pid: process.pid, startedAt: new Date().toISOString() };
    try {
      await announce(options.infoFile, info);
    } catch (e) {
      wss.close();
      throw e;
    }
    const server = new CompanionServer(wss, endpoint, info, options.infoFile, log);
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
   * aborts them), says bye to every client, and removes the announcement file.
   */
  stop(graceMs = 5000): Promise<void> {
    this.stopping ??= (async () => {
      this.log('shutting down');
      await this.endpoint.shutdown(graceMs, 'The companion server is shutting down.');
      for (const client of this.wss.clients) client.terminate();
      await new Promise<void>((resolve) => this.wss.close(() => resolve()));
      await withdraw(this.infoFile, this.info.token);
    })();
    return this.stopping;
  }
}

interface Refusal {
  status: number;
  reason: string;
}

function refuse(req: IncomingMessage, token: string, full: boolean): Refusal | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return { status: 403, reason: `foreign Host header "${host}"` };
  const given = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams.get('token') ?? '';
  if (!sameToken(given, token)) return { status: 401, reason: given ? 'wrong token' : 'no token' };
  if (full) return { status: 503, reason: 'too many clients' };
  return undefined;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function webSocketTransport(socket: WebSocket): MessageTransport {
  return {
    format: 'binary',
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

/**
 * Writes the announcement readable by the user only: the folder is created 0700 so the file is
 * private from the moment it is renamed into place, then the file itself is set to 0600.
 */
async function announce(infoFile: string, info: CompanionInfo): Promise<void> {
  const dir = path.dirname(infoFile);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(infoFile, new TextEncoder().encode(JSON.stringify(info, null, 2) + '\n'));
  await chmod(infoFile, 0o600);
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
