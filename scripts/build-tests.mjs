// Builds the extension-host test suite (test/integration/index.ts and every test/integration/**/*.test.ts) into
// dist/test/integration/, for the code-server runner and `npm run test:electron`. Test-only: the production
// bundles in esbuild.config.mjs never include it, and .vscodeignore keeps dist/test out of the .vsix.
// Each test file is its own bundle (so it can import src/core directly); `vscode` comes from the extension
// host and `mocha` from the repository's node_modules at run time.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';

import { join } from 'node:path';
import { isAlive } from './vscode-env.mjs';

const root = 'test/integration';
const outdir = 'dist/test/integration';

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'workspace' && e.name !== 'node_modules') out.push(...testFiles(p));
    } else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

/**
 * Bundles the suite into `out` (default dist/test/integration/). The code-server runner gives each run its own
 * folder (dist/test/integration-run-<pid>/), so two runs in one working tree cannot pull files from under
 * each other; folders left by runs that died are removed here.
 */
export async function buildIntegrationTests(out = outdir) {
  const entryPoints = [join(root, 'index.ts'), ...testFiles(root)];
  for (const name of existsSync('dist/test') ? readdirSync('dist/test') : []) {
    const pid = Number(name.match(/^integration-run-(\d+)$/)?.[1]);
    if (pid && !isAlive(pid)) rmSync(join('dist/test', name), { recursive: true, force: true });
  }
  rmSync(out, { recursive: true, force: true }); // no stale bundles of deleted tests
  await esbuild.build({
    entryPoints,
    outdir: out,
    outbase: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline', // stack traces in failures point at the .ts lines
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  console.log(`built ${entryPoints.length - 1} integration test file(s) into ${out}/`);
  return entryPoints.length - 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildIntegrationTests();
}
