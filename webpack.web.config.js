/**
 * Builds the inference page (src/apps/inference-page) into dist/web/: index.html, inference.js and the
 * onnxruntime-web files it loads at run time (ort/). webpack.config.js includes this config so
 * the plugin ships the page; the e2e tests and the bench build it (plus their harness page) into
 * a folder of their own with `env.outDir` and `env.harness`.
 */
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');

/** ort.min.js (what `require('onnxruntime-web')` resolves to) loads the JSEP build: WebGPU and wasm in one binary. */
const ORT_PAGE_FILES = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

function webConfig({ mode = 'production', outDir = path.resolve(__dirname, 'dist/web'), harness = false } = {}) {
  return {
    name: 'web',
    mode,
    target: 'web',
    entry: {
      inference: './src/apps/inference-page/inferencePage.ts',
      ...(harness ? { harness: './test/e2e/harness/bridgeHarness.ts', panel: './test/e2e/harness/panelHarness.ts' } : {}),
    },
    output: { path: outDir, filename: '[name].js', clean: true },
    devtool: false,
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{
        test: /\.ts$/,
        exclude: /node_modules/,
        // Types are checked by `npm run typecheck`; the bundle only needs the JavaScript.
        use: { loader: 'ts-loader', options: { configFile: 'tsconfig.json', transpileOnly: true } },
      }],
    },
    performance: { hints: false },
    plugins: [
      new CopyPlugin({
        patterns: [
          { from: 'src/apps/inference-page/index.html', to: 'index.html' },
          ...(harness ? [
            { from: 'test/e2e/harness/harness.html', to: 'harness.html' },
            { from: 'test/e2e/harness/panel.html', to: 'panel.html' },
            { from: 'panels/styles.css', to: 'styles.css' },
          ] : []),
          ...ORT_PAGE_FILES.map((file) => ({ from: `node_modules/onnxruntime-web/dist/${file}`, to: `ort/${file}` })),
        ],
      }),
    ],
  };
}

module.exports = (env = {}, argv = {}) => webConfig({ mode: argv.mode, outDir: env.outDir, harness: Boolean(env.harness) });
module.exports.webConfig = webConfig;
