// Bundles: the extension (runs in VS Code's extension host), the CLI (which
// also serves the debug adapter and language server), and the language server.
'use strict';
const path = require('path');

const common = {
  target: 'node',
  devtool: 'source-map',
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] }],
  },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
  infrastructureLogging: { level: 'error' },
  performance: { hints: false },
  // fengari's package.loadlib uses a dynamic require for C modules, which ned never loads; the UMD wrapper of
  // vscode-languageserver-types probes for `require`, which works as is in a Node bundle.
  ignoreWarnings: [{ module: /node_modules[\\/](fengari|vscode-languageserver-types)/ }],
};

// The webviews run in a browser frame: DOM types (their own tsconfig), no Node, one plain script each.
const webview = {
  ...common,
  name: 'webview',
  target: 'web',
  entry: { 'sequence-chart': './extension/views/sequence-chart/webview/main.ts' },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, 'extension/views/sequence-chart/webview/tsconfig.json') } }] }],
  },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js' },
};

module.exports = [
  { ...common, name: 'extension', entry: { extension: './extension/extension.ts' }, externals: { vscode: 'commonjs vscode' } },
  { ...common, name: 'cli', entry: { cli: './cli/main.ts' },
    plugins: [new (require('webpack').BannerPlugin)({ banner: '#!/usr/bin/env node', raw: true })] },
  // The memory view's webview script: runs in the webview (a browser), not in Node.
  { ...common, name: 'memory-webview', target: 'web', devtool: false, entry: { 'memory-webview': './extension/views/memory/webview/memory-webview.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js' } },
  // The Capability Graph's webview script: runs in the webview (a browser page), not in Node.
  { ...common, name: 'capability-graph-webview', target: 'web', devtool: false,
    entry: { 'capability-graph-webview': './extension/views/capability-graph/webview/capability-graph-webview.ts' },
    output: { ...common.output, libraryTarget: undefined } },
  webview,
];
