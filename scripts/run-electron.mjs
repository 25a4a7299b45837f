// `npm run test:electron`: the same extension-host suite as `npm run test:integration`, in a desktop VS Code
// downloaded by @vscode/test-electron (cached in .vscode-test/). For machines that can reach VS Code's update
// server; this project's default route is code-server (scripts/run-integration.mjs), which needs only npm.
// Here the extension is loaded from the source tree (extensionDevelopmentPath = the repository, its dist/
// bundles freshly built), not from the .vsix. Not part of `npm test`.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildIntegrationTests } from './build-tests.mjs';
import { repoRoot } from './vscode-env.mjs';

const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
await buildIntegrationTests();

const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable' });
} catch (e) {
  console.error(`test:electron: could not download a desktop VS Code (${e.message?.split('\n')[0]}).
This machine probably cannot reach update.code.visualstudio.com. The same suite runs offline through
code-server: npm run test:integration`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'activation-lens-electron-'));
const workspace = join(scratch, 'workspace');
cpSync(join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
const resultsFile = join(scratch, 'results.json');
let code = 0;
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'dist', 'test', 'integration', 'index.js'),
    extensionTestsEnv: { ACTIVATION_LENS_TEST_RESULTS: resultsFile, ...(process.env.ACTIVATION_LENS_TEST_GREP ? { ACTIVATION_LENS_TEST_GREP: process.env.ACTIVATION_LENS_TEST_GREP } : {}) },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`test:electron: ${e.message}`);
  code = 1;
}
try {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`electron: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
} catch {
  console.log('electron: the suite did not report');
  code = 1;
}
rmSync(scratch, { recursive: true, force: true });
process.exit(code);
