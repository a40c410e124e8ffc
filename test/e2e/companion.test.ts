/**
 * The companion server as a real process (`coherent-style serve`) with real WebSocket clients on
 * loopback: token checks, two interleaved clients, hostile and oversized messages, and SIGTERM
 * in the middle of a job. Results are compared with onnxruntime-node run in this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { connectCompanion } from '../../src/protocol/companionClient';
import { clientAuth, newNonce } from '../../src/protocol/companionHandshake';
import { COMPANION_FILE_ENV, companionInfoSchema, companionUrl, type CompanionInfo } from '../../src/protocol/companionInfo';
import type { RasterImage } from '../../src/engine/images/image';
import type { ProgressMessage, ServerMessage } from '../../src/protocol/messages';
import { decodeServerMessage, encodeMessage } from '../../src/protocol/protocol';
import type { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import type { InProcessStylizeService } from '../../src/engine/inference/stylizer';
import { openWebSocketTransport, type WebSocketLike } from '../../src/protocol/webSocketTransport';
import { FIXTURE_MODELS_DIR, fixtureStylizer } from '../support/fixtureModels';
import { hostileMessages } from '../support/hostileMessages';
import { syntheticImage } from '../support/syntheticImages';
import { SAFETY_NET_MS, waitFor } from '../support/waitFor';

const ROOT = path.resolve(__dirname, '../..');
const MODELS = process.env.COHERENT_STYLE_TEST_MODELS ?? FIXTURE_MODELS_DIR;
const MAX_MESSAGE_MB = 1;

const testCard = (width: number, height: number, seed: number) => syntheticImage(width, height, { seed });

function maxDifference(a: RasterImage, b: RasterImage): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
  return max;
}

interface Companion {
  child: ChildProcess;
  info: CompanionInfo;
  infoFile: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function startCompanion(): Promise<Companion> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-companion-'));
  const infoFile = path.join(dir, 'config', 'companion.json');
  const child = spawn(process.execPath, [
    path.join(ROOT, 'test/support/runTs.js'), path.join(ROOT, 'src/apps/cli/cli.ts'), 'main',
    'serve', '--port', '0', '--models', MODELS, '--max-queue', '2', '--max-message-mb', String(MAX_MESSAGE_MB), '--grace-seconds', '20',
  ], { env: { ...process.env, [COMPANION_FILE_ENV]: infoFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Started when it says so (the test's safety net bounds a hang).
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (/listening on 127\.0\.0\.1:\d+\n/.test(stdout)) resolve();
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(stdout)![1]);
  const info = companionInfoSchema.parse(JSON.parse(readFileSync(infoFile, 'utf8')));
  expect(info.port).toBe(port);
  return { child, info, infoFile, stderr: () => stderr, exited };
}

const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

async function connect(info: CompanionInfo, name: string, onProgress?: (p: ProgressMessage) => void): Promise<RemoteStylizeService> {
  return connectCompanion(info, createSocket, { clientName: name, onProgress });
}

/** Opens a raw socket and resolves with the HTTP status of a refused upgrade (or 101). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); socket.terminate(); });
    socket.on('open', () => { resolve(101); socket.close(); });
    socket.on('error', () => undefined);
  });
}

describe('coherent-style serve', () => {
  let companion: Companion;
  let reference: InProcessStylizeService;

  beforeAll(async () => {
    companion = await startCompanion();
    reference = await fixtureStylizer({}, MODELS);
  }, SAFETY_NET_MS);

  afterAll(async () => {
    await reference?.dispose();
    if (companion && companion.child.exitCode === null) companion.child.kill('SIGKILL');
  });

  it('announces itself in a file only the user can read', () => {
    if (process.platform !== 'win32') expect(statSync(companion.infoFile).mode & 0o777).toBe(0o600);
    expect(companion.info.host).toBe('127.0.0.1');
  });

  it('refuses connections without the access proof or with a wrong one', async () => {
    const { port, token } = companion.info;
    const nonce = newNonce();
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/?token=${token}`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/?nonce=${nonce}&auth=${clientAuth('0'.repeat(64), nonce)}`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/?nonce=${newNonce()}&auth=${clientAuth(token, nonce)}`)).toBe(401);
    await expect(openWebSocketTransport(`ws://127.0.0.1:${port}/?nonce=bad`, createSocket)).rejects.toThrow(/Could not connect to the companion/);
    expect(await upgradeStatus(companionUrl(companion.info, nonce))).toBe(101);
  });

  it('serves two interleaved clients, each with its own style, matching onnxruntime-node', async () => {
    const [a, b] = await Promise.all([connect(companion.info, 'panel A'), connect(companion.info, 'panel B')]);
    expect(a.capabilities.provider).toBe('cpu');
    expect(a.providerLabel).toMatch(/CPU/);
    const styleA = testCard(48, 48, 1);
    const styleB = testCard(40, 56, 2);
    await Promise.all([a.setStyle('job', styleA, { mode: 'artistic' }), b.setStyle('job', styleB, { mode: 'artistic' })]);
    await reference.setStyle('a', styleA, { mode: 'artistic' });
    await reference.setStyle('b', styleB, { mode: 'artistic' });
    const frames = [0, 1, 2, 3].map((i) => testCard(96, 64, i + 3));
    const results = await Promise.all(frames.flatMap((f) => [a.stylize('job', f, { strength: 0.8 }), b.stylize('job', f, { strength: 0.8 })]));
    for (let i = 0; i < frames.length; i++) {
      const expectedA = await reference.stylize('a', frames[i], { strength: 0.8 });
      const expectedB = await reference.stylize('b', frames[i], { strength: 0.8 });
      expect(maxDifference(results[2 * i], expectedA)).toBeLessThanOrEqual(1);
      expect(maxDifference(results[2 * i + 1], expectedB)).toBeLessThanOrEqual(1);
      expect(maxDifference(results[2 * i], results[2 * i + 1])).toBeGreaterThan(1);
    }
    await Promise.all([a.dispose(), b.dispose()]);
  }, SAFETY_NET_MS);

  it('answers hostile messages with errors and closes on an oversized one', async () => {
    const socket = new WebSocket(companionUrl(companion.info, newNonce()));
    const replies: ServerMessage[] = [];
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(data, { maxMessageBytes: 1 << 24 });
      if (decoded.ok) replies.push(decoded.message);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const repliesReach = (count: number) => waitFor(`${count} replies`, () => replies.length >= count);
    socket.send(encodeMessage({ type: 'hello', id: 1, client: 'hostile' }, 'binary'));
    socket.send(encodeMessage({ type: 'setStyle', id: 2, job: 'job', mode: 'artistic', image: testCard(24, 24, 0) }, 'binary'));
    await repliesReach(2);
    const hostile = hostileMessages('job', 'artistic');
    for (const [n, message] of hostile.entries()) {
      const wire = message.wire;
      if (typeof wire === 'string' || wire instanceof Uint8Array) socket.send(wire);
      else socket.send(JSON.stringify(wire));
      await repliesReach(3 + n);
      expect({ name: message.name, reply: replies[2 + n] }).toMatchObject({ name: message.name, reply: { type: 'error', id: message.replyId } });
    }
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(new Uint8Array(MAX_MESSAGE_MB * 2 ** 20 + 1));
    expect(await closed).toBe(1009);
    // The server is unharmed.
    const client = await connect(companion.info, 'after');
    await client.setStyle('job', testCard(24, 24, 0), { mode: 'artistic' });
    expect((await client.stylize('job', testCard(32, 32, 1), { strength: 1 })).width).toBe(32);
    await client.dispose();
  }, SAFETY_NET_MS);

  it('stops cleanly on SIGTERM in the middle of a job', async () => {
    let markRunning: () => void = () => undefined;
    const firstRunning = new Promise<void>((resolve) => { markRunning = resolve; });
    const client = await connect(companion.info, 'long job', (p) => { if (p.frame === 0 && p.state === 'running') markRunning(); });
    await client.setStyle('job', testCard(32, 32, 0), { mode: 'artistic' });
    const big = testCard(512, 512, 5);
    const settle = (p: Promise<RasterImage>) => p.then((r) => `result ${r.width}`, (e: { code?: string }) => e.code ?? 'error');
    const first = settle(client.stylize('job', big, { strength: 1, renderShortSide: 512 }));
    const second = settle(client.stylize('job', big, { strength: 1, renderShortSide: 512 }));
    await firstRunning;
    companion.child.kill('SIGTERM');
    expect(await companion.exited).toBe(0);
    const outcomes = await Promise.all([first, second]);
    expect(outcomes[0]).toBe('result 512');
    expect(['CANCELLED', 'result 512']).toContain(outcomes[1]);
    expect(existsSync(companion.infoFile)).toBe(false);
    expect(companion.stderr()).toMatch(/Stopped/);
    rmSync(path.dirname(path.dirname(companion.infoFile)), { recursive: true, force: true });
  }, SAFETY_NET_MS);
});
