// `npm test` stage: the same extension-host suite as 50-integration, in the oldest VS Code the manifest
// accepts (engines.vscode ^1.100.0 → code-server 4.100.3 = VS Code 1.100.3, on Node 20), so an API newer than
// our floor fails here rather than for users. Writes test-results/integration-oldest.counts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runIntegration } from '../run-integration.mjs';
import { packageVsix } from '../package.mjs';
import { EnvSetupError, VSCODE_TARGETS, ensureVsCodeEnv } from '../vscode-env.mjs';

function fail(message) {
  console.error(`integration-oldest: ${message}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/integration-oldest.counts', '0 1 0\n');
  process.exit(1);
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const floor = /(\d+\.\d+)/.exec(manifest.engines.vscode)?.[1];
if (!VSCODE_TARGETS.oldest.vscode.startsWith(`${floor}.`)) {
  fail(`package.json engines.vscode is ${manifest.engines.vscode} but the oldest test target is VS Code ${VSCODE_TARGETS.oldest.vscode}; update VSCODE_TARGETS.oldest in scripts/vscode-env.mjs to match the floor.`);
}
try {
  ensureVsCodeEnv('oldest');
} catch (e) {
  fail(e instanceof EnvSetupError ? `could not set up VS Code ${VSCODE_TARGETS.oldest.vscode}:\n${e.message}` : String(e));
}
let vsix;
try {
  vsix = packageVsix({ ifStale: true });
} catch (e) {
  fail(`packaging failed: ${e.message}`);
}
process.exit(await runIntegration({ vsix, target: 'oldest' }));
