/**
 * onnxruntime-node's telemetry must stay off in every process the project starts: a run of the
 * CLI and a start of the companion (its stylizer worker included) in a bare environment whose
 * home, cache and temp folders are fresh must leave nothing in them (no onnxruntime.db, device
 * id, .ses or mat-debug-<pid>.log). The environment carries no CI markers, which onnxruntime
 * honours on its own and would hide the defect.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { COMPANION_FILE_ENV } from '../../src/protocol/companionInfo';
import { fixtureRegistry, fixtureStylizer } from '../support/fixtureModels';
import { SAFETY_NET_MS, waitFor } from '../support/waitFor';
import { FIXTURE_MODELS_DIR, pngBytes, REPO, removeDir, STYLE, tempDir } from '../apps/cli/cliHarness';

let dir: string;
let env: NodeJS.ProcessEnv;
const scratch = ['home', 'cache', 'tmp'];

beforeEach(async () => {
  dir = await tempDir('cs-security-telemetry-');
  for (const name of scratch) mkdirSync(path.join(dir, name));
  env = {
    PATH: process.env.PATH, HOME: path.join(dir, 'home'), XDG_CACHE_HOME: path.join(dir, 'cache'),
    TMPDIR: path.join(dir, 'tmp'), [COMPANION_FILE_ENV]: path.join(dir, 'companion.json'),
  };
});
afterEach(() => removeDir(dir));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

function startCli(args: readonly string[]) {
  const child = spawn(process.execPath, [path.join(REPO, 'test/support/runTs.js'), path.join(REPO, 'src/apps/cli/cli.ts'), 'main', ...args],
    { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

it('a CLI run leaves no telemetry files', async () => {
  writeFileSync(path.join(dir, 'in.png'), pngBytes(24, 16));
  const run = startCli(['stylize', 'in.png', '--style', STYLE, '--out', 'out.png', '--models', FIXTURE_MODELS_DIR]);
  expect({ code: await run.exited, stderr: run.stderr() }).toMatchObject({ code: 0 });
  for (const name of scratch) expect({ [name]: filesUnder(path.join(dir, name)) }).toEqual({ [name]: [] });
}, SAFETY_NET_MS);

it('a companion start and stop leaves no telemetry files', async () => {
  const serve = startCli(['serve', '--port', '0', '--models', FIXTURE_MODELS_DIR]);
  try {
    await waitFor('serve to listen', () => /listening on/.test(serve.stdout()) || serve.child.exitCode !== null);
    expect({ stdout: serve.stdout(), stderr: serve.stderr() }).toMatchObject({ stdout: expect.stringMatching(/listening on 127\.0\.0\.1:\d+/) });
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  } finally {
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  }
  for (const name of scratch) expect({ [name]: filesUnder(path.join(dir, name)) }).toEqual({ [name]: [] });
}, SAFETY_NET_MS);

it('the test runner\'s own processes run onnxruntime-node without telemetry, and leave no mat-debug log', async () => {
  // A test's process.env is Jest's copy; a child started without an env of its own sees the real one.
  expect(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.env.ORT_DISABLE_TELEMETRY))']).toString()).toBe('1');
  const stylizer = await fixtureStylizer();
  try {
    await stylizer.prepare((await fixtureRegistry()).defaultMode.id);
  } finally {
    await stylizer.dispose();
  }
  expect(existsSync(path.join(tmpdir(), `mat-debug-${process.pid}.log`))).toBe(false);
});
