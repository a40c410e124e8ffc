// @ts-check
/**
 * Lint rules `npm test` enforces: promises are awaited or handled on purpose (type-aware), and
 * imports point into the engine, never out (the layering README.md "Architecture" describes).
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

const engineRule = 'The engine is host-agnostic: hosts and the panel import it, never the reverse.';
const hostsRule = 'Hosts do not import each other: move what both need to src/hosts/uxp.';
const sharedUxpRule = 'src/hosts/uxp is shared by the UXP hosts: it cannot depend on one of them.';

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
    files: ['src/hosts/premiere/**/*.ts', 'src/hosts/aftereffects/**/*.ts', 'src/hosts/uxp/**/*.ts'],
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
  layer(['src/engine/**/*.ts'], [
    { folder: 'panel', why: engineRule },
    { folder: 'hosts', why: engineRule },
  ], ['onnxruntime-node', 'onnxruntime-web', 'ws'].map((name) => ({
    name, message: 'The engine uses onnxruntime-common types only; hosts inject the runtime and the transport.',
  }))),
  layer(['src/panel/**/*.ts'], [
    { folder: 'hosts', why: 'The panel reaches its host through PanelHost (src/panel/panelHost.ts), never a host module.' },
  ]),
  // Each UXP host app stands on the shared UXP code (src/hosts/uxp), never on the other host.
  layer(['src/hosts/premiere/**/*.ts'], [
    { folder: 'aftereffects', why: hostsRule },
    { folder: 'hosts/aftereffects', why: hostsRule },
  ]),
  layer(['src/hosts/aftereffects/**/*.ts'], [
    { folder: 'premiere', why: hostsRule },
    { folder: 'hosts/premiere', why: hostsRule },
  ]),
  layer(['src/hosts/uxp/**/*.ts'], [
    { folder: 'premiere', why: sharedUxpRule },
    { folder: 'aftereffects', why: sharedUxpRule },
  ]),
  layer(['src/hosts/web/**/*.ts'], [
    { folder: 'premiere', why: 'The inference page runs in a browser: it cannot use Premiere host code.' },
    { folder: 'node', why: 'The inference page runs in a browser: it cannot use Node host code.' },
    { folder: 'hosts/premiere', why: 'The inference page runs in a browser: it cannot use Premiere host code.' },
    { folder: 'aftereffects', why: 'The inference page runs in a browser: it cannot use After Effects host code.' },
    { folder: 'uxp', why: 'The inference page runs in a browser: it cannot use UXP host code.' },
    { folder: 'hosts/node', why: 'The inference page runs in a browser: it cannot use Node host code.' },
  ]),
);
