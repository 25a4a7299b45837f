// `npm test` stage (and `npm run test:e2e`): the browser end-to-end checks of test/e2e/*.e2e.mjs, driving a real
// VS Code workbench (code-server) in Chromium as a user would. Ensures the cached environment, packs the
// .vsix (reused when up to date) and runs scripts/run-e2e.mjs, which writes test-results/e2e.counts.
// Extra arguments go to the runner: `npm run test:e2e -- hover` runs only files whose name contains "hover".
import { mkdirSync, writeFileSync } from 'node:fs';
import { runE2e } from '../run-e2e.mjs';
import { packageVsix } from '../package.mjs';
import { EnvSetupError, ensureVsCodeEnv } from '../vscode-env.mjs';

function fail(message) {
  console.error(`e2e: ${message}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/e2e.counts', '0 1 0\n');
  process.exit(1);
}

try {
  ensureVsCodeEnv();
} catch (e) {
  fail(e instanceof EnvSetupError ? `could not set up the VS Code test environment:\n${e.message}` : String(e));
}
let vsix;
try {
  vsix = packageVsix({ ifStale: true });
} catch (e) {
  fail(`packaging failed: ${e.message}`);
}
process.exit(await runE2e({ vsix, filters: process.argv.slice(2).filter((a) => !a.startsWith('--')) }));
