// `npm test` stage (and `npm run test:integration`): the extension-host suite of test/integration/ in a real
// VS Code (code-server). Ensures the cached environment, type-checks the suite, packs the .vsix (reused when
// up to date) and runs scripts/run-integration.mjs, which writes test-results/integration.counts.
// Extra arguments go to the runner: `npm run test:integration -- --grep hover`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { runIntegration } from '../run-integration.mjs';
import { packageVsix } from '../package.mjs';
import { EnvSetupError, ensureVsCodeEnv } from '../vscode-env.mjs';

function fail(message) {
  console.error(`integration: ${message}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/integration.counts', '0 1 0\n');
  process.exit(1);
}

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
try {
  ensureVsCodeEnv();
} catch (e) {
  fail(e instanceof EnvSetupError ? `could not set up the VS Code test environment:\n${e.message}` : String(e));
}
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'test/integration/tsconfig.json'], { stdio: 'inherit' });
if (tsc.status !== 0) fail('the integration tests do not type-check (tsc -p test/integration/tsconfig.json)');
let vsix;
try {
  vsix = packageVsix({ ifStale: true });
} catch (e) {
  fail(`packaging failed: ${e.message}`);
}
process.exit(await runIntegration({ vsix, grep: grepAt >= 0 ? args[grepAt + 1] : undefined, keep: args.includes('--keep') }));
