import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script outside the TypeScript project
const { KERNELS, moduleText } = require(path.join(ROOT, 'scripts/build-wasm.js')) as {
  KERNELS: { source: string; module: string }[];
  moduleText(kernel: { source: string; module: string }): Promise<string>;
};

test.each(KERNELS.map((kernel) => [kernel.module, kernel]))('%s is what its WebAssembly text compiles to (rerun scripts/build-wasm.js)', async (_, kernel) => {
  expect(fs.readFileSync(path.join(ROOT, kernel.module), 'utf8')).toBe(await moduleText(kernel));
});

test.each(KERNELS.map((kernel) => [kernel.module, kernel]))('%s stays small enough for a synchronous compile on a browser page’s main thread (4 KB in Chromium)', async (_, kernel) => {
  const bytes = (await moduleText(kernel)).match(/\d+(?=,)/g) ?? [];
  expect(bytes.length).toBeGreaterThan(8);
  expect(bytes.length).toBeLessThan(4096);
});
