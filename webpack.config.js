/**
 * Builds the UXP plugin into dist/ (load dist/manifest.json in the UXP Developer Tool for Premiere Pro;
 * `npm run build` then copies it to dist-aftereffects/ with the After Effects manifest, scripts/host-dist.js).
 * One bundle serves both hosts (src/apps/pluginEntry.ts picks the host app at run time).
 * Host modules are externals: UXP provides `uxp`, `premierepro`, `aftereffects`, `fs`, `os` and `path` to require().
 * No eval-based source maps: UXP refuses code generation from strings.
 */
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');
const { ProvidePlugin } = require('webpack');

const { webConfig } = require('./webpack.web.config.js');

/**
 * `--env transpileOnly` skips type checking (tests build the bundle; `npm run typecheck` checks types);
 * `--env distDir=DIR` builds somewhere other than dist/.
 * The inference page (dist/web/, with onnxruntime-web's files in dist/web/ort/) is built beside the
 * panel; the in-process wasm carrier loads the same ort files, so they ship once.
 */
const distDir = (env) => path.resolve(__dirname, env.distDir ?? 'dist');

const pluginConfig = (env = {}, argv = {}) => ({
  name: 'plugin',
  mode: argv.mode ?? 'production',
  target: 'web',
  entry: { index: './src/apps/pluginEntry.ts' },
  output: {
    path: distDir(env),
    filename: '[name].js',
    clean: { keep: /^web\// },
  },
  devtool: argv.mode === 'development' ? 'source-map' : false,
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{
      test: /\.ts$/,
      exclude: /node_modules/,
      use: { loader: 'ts-loader', options: { configFile: 'tsconfig.json', onlyCompileBundledFiles: true, transpileOnly: Boolean(env.transpileOnly) } },
    }],
  },
  externalsType: 'commonjs',
  externals: { uxp: 'uxp', premierepro: 'premierepro', aftereffects: 'aftereffects', fs: 'fs', os: 'os', path: 'path' },
  performance: { hints: false },
  // onnxruntime-web's UMD build probes for Node's require at run time; that branch never runs in UXP.
  ignoreWarnings: [{ module: /onnxruntime-web/, message: /Critical dependency/ }],
  plugins: [
    // UXP has no TextDecoder/TextEncoder; bundled libraries that name them get ours (no global is defined).
    new ProvidePlugin({
      TextDecoder: [path.resolve(__dirname, 'src/uxp/bundledTextCodecs.ts'), 'BundledTextDecoder'],
      TextEncoder: [path.resolve(__dirname, 'src/uxp/bundledTextCodecs.ts'), 'BundledTextEncoder'],
    }),
    new CopyPlugin({
      patterns: [
        { from: 'manifest.json', to: 'manifest.json' },
        { from: 'panels', to: '.', globOptions: { ignore: ['**/*.ts'] } },
        // The panel's gallery row reads these from the plugin folder (src/apps/premiere/bundledStyles.ts).
        { from: 'samples/styles/*.png', to: 'styles/[name][ext]' },
        // models/contract.json is bundled through modelContract.ts's import; the plugin reads only the manifest as a file.
        { from: 'models/models.json', to: 'models/[name][ext]', noErrorOnMissing: true },
        { from: 'models/**/*.onnx', to: ({ absoluteFilename }) =>
            `models/${path.relative(path.resolve(__dirname, 'models'), absoluteFilename).split(path.sep).join('/')}`,
          globOptions: { ignore: ['**/training/**'] }, noErrorOnMissing: true },
      ],
    }),
  ],
});

module.exports = (env = {}, argv = {}) => [
  pluginConfig(env, argv),
  webConfig({ mode: argv.mode, outDir: path.join(distDir(env), 'web') }),
];
