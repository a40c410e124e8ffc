/** The real CLI as child processes for the farm tests (workers, submitters), with their output collected. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../apps/cli/cliHarness';

export { makeTestCertificates, RedisServer } from '../support/redisServer';
export { SAFETY_NET_MS, waitFor } from '../support/waitFor';

const RUN_TS = path.join(REPO, 'test/support/runTs.js');
const CLI_TS = path.join(REPO, 'src/apps/cli/cli.ts');

export interface CliChild {
  readonly pid: number;
  exited: Promise<number | null>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliChild {
  const child = spawn(process.execPath, [RUN_TS, CLI_TS, 'main', ...args], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let text = '';
  child.stdout.on('data', (b: Buffer) => { text += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { text += b.toString(); });
  return {
    pid: child.pid!,
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    output: () => text,
    kill: (signal) => { if (child.exitCode === null) child.kill(signal); },
  };
}
