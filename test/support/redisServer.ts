/**
 * A real redis-server for the farm's tests and bench: a free loopback port, an append-only file in
 * a temp folder (so a restart keeps the queues), optionally TLS-only with a password.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { waitFor } from './waitFor';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A TLS-only server that wants a password: certificate files made by `makeTestCertificates`. */
export interface SecureRedis {
  password: string;
  certificates: TestCertificates;
}

export interface TestCertificates {
  ca: string;
  cert: string;
  key: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1, made with openssl. */
export function makeTestCertificates(dir: string): TestCertificates {
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=coherent-style test CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.cnf']);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

export class RedisServer {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(readonly port: number, private readonly dir: string, private readonly secure?: SecureRedis) {}

  static async start(dir: string, secure?: SecureRedis): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), dir, secure);
    await server.launch();
    return server;
  }

  get url(): string {
    return this.secure ? `rediss://:${this.secure.password}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  private async launch(): Promise<void> {
    this.log = '';
    const { secure } = this;
    const listen = secure
      ? ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', secure.certificates.cert, '--tls-key-file', secure.certificates.key,
        '--tls-ca-cert-file', secure.certificates.ca, '--tls-auth-clients', 'no', '--requirepass', secure.password]
      : ['--port', String(this.port)];
    const child = spawn('redis-server', [
      ...listen, '--bind', '127.0.0.1', '--dir', this.dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', '--logfile', '',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (b: Buffer) => { this.log += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { this.log += b.toString(); });
    await waitFor(`redis-server on port ${this.port}:\n${this.log}`, () => /Ready to accept connections/.test(this.log) || child.exitCode !== null);
    if (child.exitCode !== null) throw new Error(`redis-server did not start:\n${this.log}`);
  }

  /** A clean shutdown (the append-only file is complete), then the same server again. */
  async restart(downMs = 500): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.launch();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}
