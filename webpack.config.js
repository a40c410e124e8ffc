/**
 * Builds the Premiere UXP plugin into dist/ (load dist/manifest.json in the UXP Developer Tool).
 * Host modules are externals: UXP provides `uxp`, `premierepro`, `fs`, `os` and `path` to require().
 * No eval-based source maps: UXP refuses code generation from strings.
 */
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');

const ORT_WASM_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'];

/** `--env transpileOnly` skips type checking (tests build the bundle; `npm run typecheck` checks types). */
module.exports = (env = {}, argv = {}) => ({
  mode: argv.mode ?? 'production',
  target: 'web',
  entry: { index: './src/hosts/premiere/main.ts' },
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    clean: true,
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
  externals: { uxp: 'uxp', premierepro: 'premierepro', fs: 'fs', os: 'os', path: 'path' },
  performance: { hints: false },
  // onnxruntime-web's UMD build probes for Node's require at run time; that branch never runs in UXP.
  ignoreWarnings: [{ module: /onnxruntime-web/, message: /Critical dependency/ }],
  plugins: [
    new CopyPlugin({
      patterns: [
        { from: 'manifest.json', to: 'manifest.json' },
        { from: 'panels', to: '.', globOptions: { ignore: ['**/*.ts'] } },
        { from: 'models/*.json', to: 'models/[name][ext]', noErrorOnMissing: true },
        { from: 'models/**/*.onnx', to: ({ absoluteFilename }) =>
            `models/${path.relative(path.resolve(__dirname, 'models'), absoluteFilename).split(path.sep).join('/')}`,
          globOptions: { ignore: ['**/training/**'] }, noErrorOnMissing: true },
        ...ORT_WASM_FILES.map((file) => ({ from: `node_modules/onnxruntime-web/dist/${file}`, to: `ort/${file}` })),
      ],
    }),
  ],
});
