// Builds every bundle the product ships from one source tree:
//   dist/extension.js      Node extension host (desktop VS Code, code-server)
//   dist/web/extension.js  browser extension host (vscode.dev), same entry as above
//   dist/cli.js            the `activation-lens` command line
//   dist/media/panel.js    the plot panel's webview script (vega, vega-lite)
// `node esbuild.config.mjs` builds minified bundles; `--watch` rebuilds on change; `--dev` adds source maps.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  logLevel: 'warning',
  target: 'es2022',
  legalComments: 'none',
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

/** Resolves the adapter's `import('./lazy')` to the separately built dist/lazy.js, next to dist/extension.js. */
const lazyAsSeparateFile = {
  name: 'lazy-as-separate-file',
  setup(build) {
    build.onResolve({ filter: /^(\.\.?\/)+lazy$/ }, () => ({ path: './lazy.js', external: true }));
  },
};

/** esbuild writes files 0644 even behind a `#!` banner; npx and npm's bin link execute the file itself, so the
 * command line must be executable after every build (a fresh clone has no earlier file whose mode survives). */
const executableOutput = {
  name: 'executable-output',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) chmodSync(build.initialOptions.outfile, 0o755);
    });
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    // The features and the core behind them load after activation from their own file, dist/lazy.js;
    // import() becomes require() so the extension host's hook for 'vscode' sees that file's require too.
    plugins: [lazyAsSeparateFile],
    supported: { 'dynamic-import': false },
  },
  { ...common, entryPoints: ['src/extension/lazy.ts'], outfile: 'dist/lazy.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    // The web extension host has no Node: any Node built-in reaching this bundle is a bug, so fail the build.
    mainFields: ['browser', 'module', 'main'],
    define: { ...common.define, 'process.env.NODE_ENV': '"production"' },
  },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' }, plugins: [executableOutput] },
];
if (existsSync('media/panel/main.ts')) {
  // 'vega' resolves to media/panel/vega.ts (vega without the transforms no panel chart uses) for every importer
  // (vega-lite, our code). The banner marks when the bundle starts to run, before vega's modules
  // initialise (the panel's load timeline).
  const panelVega = {
    name: 'panel-vega',
    setup(build) {
      build.onResolve({ filter: /^vega$/ }, () => ({ path: resolve('media/panel/vega.ts') }));
    },
  };
  const vegaVersion = JSON.parse(readFileSync('node_modules/vega/package.json', 'utf8')).version;
  targets.push({
    ...common,
    entryPoints: ['media/panel/main.ts'],
    outfile: 'dist/media/panel.js',
    platform: 'browser',
    format: 'iife',
    plugins: [panelVega],
    define: { ...common.define, __VEGA_VERSION__: JSON.stringify(vegaVersion) },
    banner: { js: 'self.__panelScriptStart=performance.now();' },
  });
}

function kb(file) {
  return existsSync(file) ? `${(statSync(file).size / 1024).toFixed(1)} KB` : 'missing';
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${targets.length} bundles…`);
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  for (const t of targets) console.log(`built ${t.outfile} (${kb(t.outfile)})`);
}
