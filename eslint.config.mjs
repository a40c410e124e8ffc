// @ts-check
/**
 * Lint rules `npm test` enforces: promises are awaited or handled on purpose (type-aware), and
 * imports point into the engine, never out (the layering docs/architecture.md describes).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders a layer may not import from, with the reason shown in the lint error. */
const layer = (files, forbidden, packages = []) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: packages,
      patterns: forbidden.map(({ folder, why }) => ({
        // Relative imports only (the code has no path aliases): any ../ depth reaching the folder.
        regex: `^(\\.\\.?/)+(\\.\\./)*${folder.replace('/', '\\/')}(/|$)`,
        message: why,
      })),
    }],
  },
});

const APPS = ['cli', 'premiere', 'aftereffects', 'inference-page'];
/** Each part's folder, as relative imports reach it from a sibling or from deeper inside src/. */
const parts = (...names) => names.flatMap((name) => [name, `src/${name}`]);
const forbid = (names, why) => names.map((folder) => ({ folder, why }));

const engineRule = 'The engine is host-agnostic: everything else imports it, never the reverse (docs/architecture.md).';
/** The engine's folders, lowest first: each may import those before it, never those after. */
const ENGINE_LAYERS = ['images', 'temporal', 'look', 'inference', 'render'];
const engineForbidden = forbid(['protocol', 'farm', 'companion', 'node-io', 'uxp', 'panel', 'apps'], engineRule);
const enginePackages = ['onnxruntime-node', 'onnxruntime-web', 'ws'].map((name) => ({
  name, message: 'The engine uses onnxruntime-common types only; apps inject the runtime and the transport.',
}));
const protocolRule = 'The wire protocol stands on the engine only; the farm extends it from src/farm.';
const appsRule = 'Apps never import each other: move what two apps share into the engine, src/uxp or src/node-io.';
const browserRule = 'The inference page runs in a browser: it cannot use UXP or Node code.';
const serviceRule = 'Apps translate their input into a Look and a render job: shared code may not import an app.';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-aftereffects/', 'dist-node/', 'out/', 'test-output/', 'models/training/runs/', '**/*.onnx'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import x = require()` is TypeScript's typed CommonJS import; a bare require() needs a reason.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // Declarations only, checked by tsconfig.engine.json / tsconfig.uxp-check.json rather than the main project.
    files: ['src/engine/hostGlobals.d.ts', 'typecheck/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Premiere and After Effects provide these modules to require() at run time only (webpack externals).
    files: ['src/apps/premiere/**/*.ts', 'src/apps/aftereffects/**/*.ts', 'src/uxp/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true, allow: ['^premierepro$', '^aftereffects$', '^uxp$', '^os$'] }] },
  },
  {
    // Plain CommonJS scripts and configs run by Node.
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  layer(['src/engine/**/*.ts'], engineForbidden, enginePackages),
  // Inside the engine the arrows point down this list: the render job uses the stylizer, which uses the Look, …
  ...ENGINE_LAYERS.map((sub, i) => layer([`src/engine/${sub}/**/*.ts`], [
    ...engineForbidden, ...forbid(ENGINE_LAYERS.slice(i + 1), `Inside the engine, ${sub}/ stands below ${ENGINE_LAYERS.slice(i + 1).join('/, ')}/ (docs/architecture.md).`),
  ], enginePackages)),
  layer(['src/protocol/**/*.ts'], forbid(parts('farm', 'companion', 'node-io', 'uxp', 'panel', 'apps'), protocolRule)),
  layer(['src/farm/**/*.ts'], forbid(parts('companion', 'uxp', 'panel', 'apps'), serviceRule)),
  layer(['src/companion/**/*.ts'], forbid(parts('uxp', 'panel', 'apps'), serviceRule)),
  layer(['src/node-io/**/*.ts'], forbid(parts('protocol', 'farm', 'companion', 'uxp', 'panel', 'apps'), serviceRule)),
  layer(['src/uxp/**/*.ts'], forbid(parts('farm', 'companion', 'node-io', 'apps'), serviceRule)),
  layer(['src/panel/**/*.ts'], forbid(parts('protocol', 'farm', 'companion', 'node-io', 'uxp', 'apps'),
    'The panel reaches its host through PanelHost (src/panel/panelHost.ts), never a host module.')),
  ...APPS.map((app) => layer([`src/apps/${app}/**/*.ts`], [
    ...forbid(APPS.filter((other) => other !== app).flatMap((other) => [other, `apps/${other}`]), appsRule),
    ...(app === 'inference-page' ? forbid(parts('uxp', 'node-io', 'farm', 'companion'), browserRule) : []),
  ])),
  {
    // The UXP panel documents no WebAssembly: only the SIMD kernels' loader, which runs on the
    // stylizer's carriers alone, may use it (src/engine/hostGlobals.d.ts).
    files: ['src/**/*.ts'],
    ignores: ['src/engine/images/wasmKernel.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'WebAssembly', message: 'Only src/engine/images/wasmKernel.ts loads WebAssembly: the UXP panel has none.' }] },
  },
  {
    // Small modules: split by concern rather than grow one file (issue 18).
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 330, skipBlankLines: false, skipComments: false }] },
  },
);
