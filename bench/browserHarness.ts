/**
 * Shared set-up for the web bench and the browser e2e tests: builds the inference page plus the
 * bridge harness with webpack, serves them (and a models folder) from a localhost server, and
 * launches Debian's Chromium with WebGPU on SwiftShader (a CPU implementation of Vulkan).
 */
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import webpack from 'webpack';

/** The repository root, from bench/ under ts-jest or dist-node/bench/ when compiled. */
const ROOT = [path.resolve(__dirname, '..'), path.resolve(__dirname, '../..')].find((dir) => existsSync(path.join(dir, 'webpack.web.config.js')))!;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader',
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Builds dist-like output (index.html, inference.js, ort/, harness.html/js) into a fresh folder. */
export async function buildWebPage(): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'cs-web-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { webConfig } = require(path.join(ROOT, 'webpack.web.config.js'));
  const config = { ...webConfig({ mode: 'development', outDir, harness: true }), context: ROOT };
  await new Promise<void>((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) reject(error);
      else if (stats?.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
      else resolve();
    });
  });
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `/web/` from the built page and `/models/` from a models folder on 127.0.0.1, cross-origin
 * isolated (COOP/COEP) so onnxruntime-web may use wasm threads, as a WebView with those headers would.
 */
export async function serveStatic(webDir: string, modelsDir: string): Promise<StaticServer> {
  const roots: Record<string, string> = { web: webDir, models: modelsDir };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, top, ...rest] = url.pathname.split('/');
    const root = roots[top];
    const file = root ? path.resolve(root, ...rest.map(decodeURIComponent)) : '';
    if (!root || !file.startsWith(root + path.sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Chromium with a fresh profile; WebGPU comes from SwiftShader. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cs-chromium-'));
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Makes the page see no WebGPU, like a WebView without it. */
export const HIDE_WEBGPU = (): void => {
  Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
};
