/* eslint-env node */
// The Excel add-in's web part: task pane (taskpane.html) and the dev-only harness (harness.html).
//
//   webpack --mode production                 → dist/addin (deploy as the site root the manifest names)
//   webpack serve --mode development          → https://localhost:3000 with ~/.office-addin-dev-certs
//   webpack serve --mode development --env http   (or HTTP=1) → plain http://localhost:3000, headless tests
//
// Type checking is not done here (ts-loader transpileOnly): `npm run typecheck` does it.
const fs = require('fs');
const os = require('os');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const ROOT = __dirname;
const PORT = 3000;
const CERT_DIR = path.join(os.homedir(), '.office-addin-dev-certs');

/**
 * https options from the files `npx office-addin-dev-certs install` leaves in ~/.office-addin-dev-certs
 * (it creates them even when it cannot install the CA without sudo), or null when they are missing.
 */
function devCertificates() {
  const file = (name) => path.join(CERT_DIR, name);
  if (!['localhost.key', 'localhost.crt'].every((name) => fs.existsSync(file(name)))) return null;
  return {
    key: fs.readFileSync(file('localhost.key')),
    cert: fs.readFileSync(file('localhost.crt')),
    ...(fs.existsSync(file('ca.crt')) ? { ca: fs.readFileSync(file('ca.crt')) } : {}),
  };
}

function devServerTransport(http) {
  if (http) return 'http';
  const options = devCertificates();
  if (options) return { type: 'https', options };
  console.warn(
    `[webpack.config] No certificates in ${CERT_DIR}: run \`npx office-addin-dev-certs install\` ` +
      '(Office needs a trusted https://localhost). Serving https with a self-signed certificate for now.',
  );
  return 'https';
}

/**
 * @param {Record<string, unknown>} env  `--env` flags (`http`)
 * @param {{ mode?: string }} argv
 * @param {{ entries?: { taskpane?: string, harness?: string } }} [overrides]  for tests: other entry files
 */
function createConfig(env = {}, argv = {}, overrides = {}) {
  const production = (argv.mode || process.env.NODE_ENV) === 'production';
  const http = Boolean(env.http) || process.env.HTTP === '1';
  const entries = {
    taskpane: path.join(ROOT, 'src/taskpane/index.tsx'),
    harness: path.join(ROOT, 'src/harness/index.tsx'),
    ...(overrides.entries || {}),
  };

  return {
    context: ROOT,
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    entry: entries,
    output: {
      path: path.join(ROOT, 'dist/addin'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: '',
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              configFile: path.join(ROOT, 'tsconfig.json'),
              transpileOnly: true,
              // ES modules so that webpack tree-shakes Fluent UI (the root tsconfig emits CommonJS for Node).
              compilerOptions: { module: 'es2020', target: 'es2020', sourceMap: !production },
            },
          },
        },
      ],
    },
    optimization: {
      minimize: production,
    },
    performance: {
      hints: production ? 'warning' : false,
      // Our bundles only: the dev-only harness (with ExcelJS's browser build) is not deployed and not held
      // to the task pane's budget.
      assetFilter: (file) => file.endsWith('.js') && !file.startsWith('harness'),
      maxAssetSize: 700 * 1024,
      maxEntrypointSize: 700 * 1024,
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: path.join(ROOT, 'src/taskpane/taskpane.html'),
        chunks: ['taskpane'],
      }),
      new HtmlWebpackPlugin({
        filename: 'harness.html',
        template: path.join(ROOT, 'src/harness/harness.html'),
        chunks: ['harness'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets' },
          { from: 'manifest.xml', to: 'manifest.xml' },
          // Copied as written, not bundled: ES5 for the webviews that cannot run the bundle (see the file).
          { from: 'src/taskpane/bootstrap.js', to: 'bootstrap.js' },
          // The harness page opens the bundled sample by default.
          { from: 'samples/sample.xlsx', to: 'samples/sample.xlsx' },
        ],
      }),
    ],
    devServer: {
      port: PORT,
      host: 'localhost',
      server: devServerTransport(http),
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      hot: false, // no react-refresh: a change reloads the page
      // Compile errors on the page; not runtime errors, which the pane reports itself (and an overlay
      // would cover the page under a headless browser test).
      client: { overlay: { errors: true, warnings: false, runtimeErrors: false } },
    },
  };
}

module.exports = (env, argv) => createConfig(env, argv);
module.exports.createConfig = createConfig;
