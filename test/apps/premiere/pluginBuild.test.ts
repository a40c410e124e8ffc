/**
 * The plugin as the UXP Developer Tool loads it: `webpack` writes a dist/ whose manifest is a valid
 * manifest v5 with both entry points, whose bundle leaves the host modules external and uses no
 * eval, and which packs into a .ccx zip. (Built once, in development mode without minifying, to stay fast.)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { filesUnder } from './harness';

const ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script outside the TypeScript project
const { packageDist } = require(path.join(ROOT, 'scripts/package-ccx.js')) as {
  packageDist(distDir: string, outFile: string): { outFile: string; files: number; bytes: number };
};

let out: string;
let dist: string;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-build-'));
  dist = path.join(out, 'dist');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'),
    '--mode', 'development', '--no-devtool', '--env', 'transpileOnly', '--env', `distDir=${dist}`], { cwd: ROOT, stdio: 'pipe' });
}, 180000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const size = z.object({ width: z.number().int().positive(), height: z.number().int().positive() });
const theme = z.enum(['lightest', 'light', 'medium', 'dark', 'darkest', 'all']);
const icon = z.object({
  width: z.number().int().positive(), height: z.number().int().positive(), path: z.string().min(1),
  scale: z.array(z.number()).min(1), theme: z.array(theme).min(1), species: z.array(z.string()).optional(),
});
const label = z.object({ default: z.string().min(1) });
/** The manifest v5 keys this plugin uses, as the UXP documentation defines them. */
const manifestV5 = z.object({
  manifestVersion: z.literal(5),
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  main: z.string().min(1),
  host: z.object({ app: z.literal('premierepro'), minVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/) }),
  entrypoints: z.array(z.discriminatedUnion('type', [
    z.object({ type: z.literal('panel'), id: z.string().min(1), label, minimumSize: size, maximumSize: size,
      preferredDockedSize: size.optional(), preferredFloatingSize: size.optional(), icons: z.array(icon).min(1) }).strict(),
    z.object({ type: z.literal('command'), id: z.string().min(1), label }).strict(),
  ])),
  icons: z.array(icon).min(1),
  requiredPermissions: z.object({
    clipboard: z.enum(['read', 'readAndWrite']).optional(),
    localFileSystem: z.enum(['plugin', 'request', 'fullAccess']).optional(),
    network: z.object({ domains: z.union([z.literal('all'), z.array(z.string().url())]) }).optional(),
    webview: z.object({
      allow: z.literal('yes'), domains: z.union([z.literal('all'), z.array(z.string())]).optional(),
      allowLocalRendering: z.literal('yes').optional(), enableMessageBridge: z.enum(['localOnly', 'localAndRemote', 'no']).optional(),
    }).strict().optional(),
  }).strict(),
}).strict();

test('dist/manifest.json is a valid manifest v5 with the panel and the applyToSelection command', () => {
  const manifest = manifestV5.parse(JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8')));
  expect(manifest.host).toEqual({ app: 'premierepro', minVersion: '25.6.0' });
  expect(manifest.entrypoints.map((e) => `${e.type}:${e.id}`)).toEqual(['panel:coherentStylePanel', 'command:applyToSelection']);
  expect(fs.existsSync(path.join(dist, manifest.main))).toBe(true);
  const panel = manifest.entrypoints.find((e) => e.type === 'panel')!;
  const icons = [...manifest.icons, ...('icons' in panel ? panel.icons : [])];
  expect(new Set(icons.flatMap((i) => i.theme))).toEqual(new Set(['lightest', 'light', 'medium', 'dark', 'darkest']));
  for (const i of icons) {
    for (const scale of i.scale) expect(fs.existsSync(path.join(dist, i.path.replace(/\.png$/, `@${scale}x.png`)))).toBe(true);
  }
  // The companion is only ever on this machine.
  expect(manifest.requiredPermissions.network?.domains).toEqual(['http://127.0.0.1', 'ws://127.0.0.1']);
  expect(manifest.requiredPermissions.webview).toMatchObject({ allow: 'yes', allowLocalRendering: 'yes', enableMessageBridge: 'localAndRemote' });
  // Diagnostics' "Copy report" writes to the clipboard.
  expect(manifest.requiredPermissions.clipboard).toBe('readAndWrite');
});

test('the bundle keeps the host modules external and has no eval-based code', () => {
  const bundle = fs.readFileSync(path.join(dist, 'index.js'), 'utf8');
  for (const external of ['uxp', 'premierepro', 'path']) expect(bundle).toContain(`require("${external}")`);
  expect(bundle).not.toMatch(/\beval\(|sourceURL=webpack/);
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  expect(html).toContain('src="index.js"');
  expect(fs.existsSync(path.join(dist, 'styles.css'))).toBe(true);
  // The inference page and the onnxruntime-web files it and the in-process carrier load.
  expect(fs.existsSync(path.join(dist, 'web/index.html'))).toBe(true);
  expect(fs.existsSync(path.join(dist, 'web/ort/ort-wasm-simd-threaded.jsep.wasm'))).toBe(true);
});

test('the installed models are copied into dist/models (the model contract is bundled into the code instead)', () => {
  const modelsDir = path.join(ROOT, 'models');
  const shipped = filesUnder(modelsDir).filter((f) => !f.startsWith('training') && (f.endsWith('.onnx') || f === 'models.json'));
  expect(shipped).toContain('models.json');
  for (const file of shipped) expect(fs.readFileSync(path.join(dist, 'models', file))).toEqual(fs.readFileSync(path.join(modelsDir, file)));
});

test('the bundled styles of the gallery row are copied into dist/styles, and packing refuses a dist/ without them', () => {
  const samples = path.join(ROOT, 'samples/styles');
  const names = fs.readdirSync(samples).filter((n) => n.endsWith('.png')).sort();
  expect(names.length).toBeGreaterThanOrEqual(3);
  expect(fs.readdirSync(path.join(dist, 'styles')).sort()).toEqual(names);
  for (const name of names) expect(fs.readFileSync(path.join(dist, 'styles', name))).toEqual(fs.readFileSync(path.join(samples, name)));
  const bare = path.join(out, 'bare');
  fs.mkdirSync(bare);
  fs.copyFileSync(path.join(dist, 'manifest.json'), path.join(bare, 'manifest.json'));
  expect(() => packageDist(bare, path.join(out, 'bare.ccx'))).toThrow(/has no bundled styles: run `npm run build`/);
});

test('npm run package writes a .ccx zip of dist/', () => {
  const ccx = path.join(out, 'coherent-style.ccx');
  const result = packageDist(dist, ccx);
  const listing = execFileSync('python3', ['-c',
    'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(sorted(z.namelist())))', ccx]);
  const names: string[] = JSON.parse(listing.toString());
  expect(names).toEqual(filesUnder(dist).map((f) => f.split(path.sep).join('/')).sort());
  expect(names).toContain('manifest.json');
  expect(names).toContain('styles/brush-strokes.png');
  expect(result.files).toBe(names.length);
});
