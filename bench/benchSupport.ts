/** What every bench section shares: the models under test, runtimes, timing statistics and table formatting. */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { stat } from 'node:fs/promises';
import type { ModelRegistry } from '../src/engine/inference/modelRegistry';
import type { InferenceRuntime } from '../src/engine/inference/runtime';
import { InProcessStylizeService, type InProcessStylizerOptions } from '../src/engine/inference/stylizer';
import { loadRegistry } from '../src/node-io/fsModelStore';
import { OrtNodeRuntime } from '../src/node-io/ortNodeRuntime';
import { OrtWebRuntime } from '../src/apps/inference-page/ortWebRuntime';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface BenchContext {
  registry: ModelRegistry;
  modelsDir: string;
  /** True for the tiny random test fixtures (used when the real models are not installed). */
  fixtureModels: boolean;
  /** Timed runs per measurement (after one warm-up run), unless the time cap stops earlier. */
  runs: number;
  /** A measurement stops adding runs after this many seconds (it keeps at least 3 runs). */
  capSeconds: number;
  log: (line: string) => void;
}

/** One part of BENCHMARKS.md; sections are rendered in order, each on its own. */
export interface BenchSection {
  title: string;
  run(context: BenchContext): Promise<string>;
}

export async function benchContext(log: (line: string) => void): Promise<BenchContext> {
  const real = path.join(REPO_ROOT, 'models');
  const hasReal = await stat(path.join(real, 'models.json')).then(() => true, () => false);
  const modelsDir = process.env.BENCH_MODELS_DIR ?? (hasReal ? real : path.join(REPO_ROOT, 'test/fixtures/models'));
  return {
    registry: await loadRegistry(modelsDir),
    modelsDir,
    fixtureModels: modelsDir.includes(path.join('test', 'fixtures')),
    runs: Number(process.env.BENCH_RUNS ?? 5),
    capSeconds: Number(process.env.BENCH_CAP_SECONDS ?? 25),
    log,
  };
}

export interface RuntimeUnderTest {
  label: string;
  create(): InferenceRuntime;
}

/** Both CPU runtimes the products ship, pinned to this machine's cores so they compare fairly. */
export const CPU_RUNTIMES: readonly RuntimeUnderTest[] = [
  { label: 'onnxruntime-node (CPU)', create: () => new OrtNodeRuntime({ providers: ['cpu'] }) },
  {
    label: 'onnxruntime-web (wasm, in Node)',
    create: () => new OrtWebRuntime({
      preferred: ['wasm'],
      wasmPaths: `${path.join(REPO_ROOT, 'node_modules/onnxruntime-web/dist')}/`,
      numThreads: Math.min(4, os.cpus().length),
    }),
  },
];

export function service(runtime: InferenceRuntime, registry: ModelRegistry, options: InProcessStylizerOptions = {}): InProcessStylizeService {
  return new InProcessStylizeService(runtime, registry, options);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `once` one time to warm up, then up to `runs` timed times (at least 3, capped by time); returns milliseconds. */
export async function timeRuns(context: BenchContext, once: () => Promise<unknown>): Promise<number[]> {
  await once();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < context.runs) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
    if (times.length >= 3 && (performance.now() - started) / 1000 > context.capSeconds) break;
  }
  return times;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function machineDescription(): string {
  const cpus = os.cpus();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ortVersion = (require('onnxruntime-node/package.json') as { version: string }).version;
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, `
    + `${os.platform()} ${os.release()}, Node ${process.version}, onnxruntime ${ortVersion}`;
}

/** Runs `node args…` and resolves with its standard output (rejects with the end of its standard error). */
export function runChild(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err.slice(-500)}`))));
  });
}
