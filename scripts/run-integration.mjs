// Runs the Mocha suite of test/integration/ inside a real VS Code extension host: code-server from the cache
// (scripts/vscode-env.mjs), the packaged .vsix installed into an isolated profile, a copy of
// test/integration/workspace/ opened, and Chromium (playwright-core) loading the workbench with the
// extension-test payload. Prints `integration: N passed, N failed, N skipped` and writes
// test-results/integration.counts ("passed failed skipped"; integration-oldest.counts for --target oldest). code-server is always stopped.
//
//   node scripts/run-integration.mjs [--vsix file.vsix] [--grep <regexp>] [--keep] [--target newest|oldest]
//
// The extension under test is the INSTALLED .vsix: its installed folder is passed as extensionDevelopmentPath
// (VS Code's test runner needs one), so the tests run exactly the files users get. Test bundles come from
// dist/test/integration-run-<pid>/ (scripts/build-tests.mjs), removed afterwards. Environment: ACTIVATION_LENS_TEST_TIMEOUT_MS (default 300000).
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { buildIntegrationTests } from './build-tests.mjs';
import {
  allowDevelopmentPayload, copyWorkspace, freePort, installVsix, launchBrowser, makeProfile, startCodeServer, tail, tempDir, workbenchUrl,
} from './code-server.mjs';
import { packageVsix } from './package.mjs';
import { ensureVsCodeEnv, repoRoot } from './vscode-env.mjs';

const REPORTER_LINE = '\u2063'; // see test/integration/index.ts
const t0 = Date.now();
const log = (msg) => console.log(`[integration ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function countsName(target) {
  return target === 'newest' ? 'integration' : `integration-${target}`;
}

function writeCounts(target, passed, failed, skipped) {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(join(repoRoot, 'test-results', `${countsName(target)}.counts`), `${passed} ${failed} ${skipped}\n`);
  console.log(`${countsName(target)}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

export async function runIntegration({ vsix, grep, keep = false, target = 'newest' } = {}) {
  const env = ensureVsCodeEnv(target);
  log(`VS Code ${env.vscodeVersion} (code-server, target '${target}')`);
  vsix = vsix ? resolve(vsix) : packageVsix({ ifStale: true });
  const testsDir = join(repoRoot, 'dist', 'test', `integration-run-${process.pid}`);
  const files = await buildIntegrationTests(testsDir);
  const removeTests = () => rmSync(testsDir, { recursive: true, force: true });
  if (!keep) process.on('exit', removeTests);
  const testsEntry = join(testsDir, 'index.js');

  const scratch = tempDir('activation-lens-integration-');
  const profile = makeProfile(join(scratch.dir, 'profile'));
  const workspace = copyWorkspace(join(repoRoot, 'test', 'integration', 'workspace'), join(scratch.dir, 'workspace'));
  const resultsFile = join(scratch.dir, 'results.json');
  const resultsDir = join(repoRoot, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const logName = countsName(target);
  const logFile = join(resultsDir, `${logName}-code-server.log`);
  writeFileSync(logFile, '');

  let server;
  let browser;
  let outcome = { code: 'NOT RUN' };
  try {
    const installedDir = installVsix(env, profile, vsix);
    log(`installed ${vsix.replace(`${repoRoot}/`, '')} → ${installedDir}`);
    server = await startCodeServer(env, profile, {
      port: await freePort(),
      logFile,
      extraEnv: {
        ACTIVATION_LENS_TEST_RESULTS: resultsFile,
        ACTIVATION_LENS_EXTENSIONS_DIR: profile.extensionsDir,
        ACTIVATION_LENS_EXPECT_VSCODE: env.vscodeVersion,
        ...(grep ? { ACTIVATION_LENS_TEST_GREP: grep } : {}),
      },
    });
    log(`code-server up at ${server.url} (pid ${server.pid}); running ${files} test file(s) in the extension host`);

    browser = await launchBrowser({ viewport: { width: 1200, height: 800 } });
    const { page } = browser;
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    let finish;
    const finished = new Promise((r) => { finish = r; });
    const workbenchLog = join(resultsDir, `${logName}-workbench.log`);
    writeFileSync(workbenchLog, '');
    const verbose = Boolean(process.env.ACTIVATION_LENS_TEST_VERBOSE);
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(args ?? []));
      // Lines from Mocha's reporter carry the marker set in test/integration/index.ts; the rest is the
      // workbench's and extension host's own logging, filed away (printed too with ACTIVATION_LENS_TEST_VERBOSE=1).
      if (text.startsWith(REPORTER_LINE)) console.log(`  ${text.slice(REPORTER_LINE.length)}`);
      else {
        appendFileSync(workbenchLog, `[${type}] ${text}\n`);
        if (verbose) console.log(`  [${type}] ${text}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    await allowDevelopmentPayload(page);
    page.on('pageerror', (e) => log(`workbench page error: ${e.message}`));
    await page.goto(workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remote(installedDir)],
      ['extensionTestsPath', remote(testsEntry)],
      ['skipWelcome', 'true'],
    ]));
    const timeoutMs = Number(process.env.ACTIVATION_LENS_TEST_TIMEOUT_MS || 300_000);
    const timer = setTimeout(() => finish({ code: 'TIMEOUT' }), timeoutMs);
    outcome = await finished;
    clearTimeout(timer);
    if (outcome.code === 'TIMEOUT') {
      await page.screenshot({ path: join(resultsDir, `${logName}-timeout.png`) }).catch(() => {});
      log(`no result after ${timeoutMs / 1000} s; screenshot in test-results/${logName}-timeout.png`);
    }
    log(`extension host exited with code ${outcome.code} (workbench log: test-results/${logName}-workbench.log)`);
  } catch (e) {
    log(`harness error: ${e.message}`);
    if (server) console.log(`last lines of ${logFile}:\n${tail(logFile)}`);
    outcome = { code: 'ERROR', error: e };
  } finally {
    await browser?.close();
    await server?.stop();
  }

  let results;
  try {
    results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
  } catch {
    results = undefined;
  }
  if (keep) log(`kept ${scratch.dir} and ${testsDir}`);
  else {
    scratch.remove();
    removeTests();
  }
  if (!results) {
    // No report at all: the suite never ran (or crashed before the end); count that as one failure.
    writeCounts(target, 0, 1, 0);
    console.log(`the extension-host suite did not report (exit: ${outcome.code}); see the log above and test-results/${countsName(target)}-code-server.log`);
    return 1;
  }
  for (const f of results.failures ?? []) console.log(`  FAILED ${f.title}: ${f.message}`);
  const failed = results.failed + (outcome.code !== 0 && results.failed === 0 ? 1 : 0);
  writeCounts(target, results.passed, failed, results.skipped);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runIntegration({ vsix: arg('--vsix'), grep: arg('--grep'), keep: process.argv.includes('--keep'), target: arg('--target') ?? 'newest' })
    .then((code) => process.exit(code))
    .catch((e) => {
      console.error(`integration: ${e.message}`);
      writeCounts(arg('--target') ?? 'newest', 0, 1, 0);
      process.exit(1);
    });
}
