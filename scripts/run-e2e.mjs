// Runs the browser end-to-end checks, test/e2e/*.e2e.mjs, against a real VS Code workbench: code-server from
// the cache (scripts/vscode-env.mjs) with the packaged .vsix installed into an isolated profile, driven by
// Debian's Chromium through playwright-core. Each file gets its own browser and a fresh copy of
// test/integration/workspace/; its checks run in order (see test/e2e/helpers.mjs). Screenshots go to
// test-results/e2e/. Prints `e2e: N passed, N failed, N skipped`, writes test-results/e2e.counts, and always
// stops code-server.
//
//   node scripts/run-e2e.mjs [--vsix file.vsix] [name-filter ...]
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  copyWorkspace, freePort, installVsix, launchBrowser, makeProfile, startCodeServer, tail, tempDir,
} from './code-server.mjs';
import { packageVsix } from './package.mjs';
import { ensureVsCodeEnv, repoRoot } from './vscode-env.mjs';

const t0 = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function writeCounts(passed, failed, skipped) {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(join(repoRoot, 'test-results', 'e2e.counts'), `${passed} ${failed} ${skipped}\n`);
  console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

export async function runE2e({ vsix, filters = [] } = {}) {
  const e2eDir = join(repoRoot, 'test', 'e2e');
  const files = readdirSync(e2eDir)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    console.error(`no e2e files match ${filters.join(' ') || 'test/e2e/*.e2e.mjs'}`);
    writeCounts(0, 1, 0);
    return 1;
  }
  const env = ensureVsCodeEnv();
  vsix = vsix ? resolve(vsix) : packageVsix({ ifStale: true });
  const { Workbench, takeChecks } = await import(pathToFileURL(join(e2eDir, 'helpers.mjs')).href);

  const resultsDir = join(repoRoot, 'test-results');
  mkdirSync(join(resultsDir, 'e2e'), { recursive: true });
  const logFile = join(resultsDir, 'e2e-code-server.log');
  writeFileSync(logFile, '');
  const scratch = tempDir('activation-lens-e2e-');
  const profile = makeProfile(join(scratch.dir, 'profile'));
  let passed = 0;
  let failed = 0;
  let server;
  try {
    installVsix(env, profile, vsix);
    server = await startCodeServer(env, profile, { port: await freePort(), logFile });
    log(`code-server up at ${server.url} with ${vsix.replace(`${repoRoot}/`, '')} installed; ${files.length} file(s)`);

    for (const file of files) {
      const prefix = file.replace(/\.e2e\.mjs$/, '');
      try {
        await import(pathToFileURL(join(e2eDir, file)).href);
      } catch (e) {
        takeChecks();
        failed += 1;
        console.log(`  ✘ ${file} does not load: ${e.message}`);
        continue;
      }
      const checks = takeChecks();
      if (checks.length === 0) {
        console.log(`  ✘ ${file}: registers no checks`);
        failed += 1;
        continue;
      }
      console.log(`  ${file}`);
      const workspace = copyWorkspace(join(repoRoot, 'test', 'integration', 'workspace'), join(scratch.dir, `workspace-${prefix}`));
      const browser = await launchBrowser();
      const pageErrors = [];
      browser.page.on('pageerror', (e) => pageErrors.push(e.message));
      const wb = new Workbench(browser.page, { baseUrl: server.url, folder: workspace, resultsDir, prefix });
      try {
        let opened;
        try {
          await withTimeout(wb.open(), 90_000, 'opening the workbench');
          opened = true;
        } catch (e) {
          opened = false;
          await wb.screenshot('workbench-did-not-open').catch(() => {});
          console.log(`    ✘ the workbench did not open: ${e.message}`);
        }
        for (const c of checks) {
          if (!opened) {
            failed += 1;
            console.log(`    ✘ ${c.name} (not run: no workbench)`);
            continue;
          }
          const started = Date.now();
          try {
            await withTimeout(c.fn(wb), c.timeoutMs, c.name);
            passed += 1;
            console.log(`    ✔ ${c.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
          } catch (e) {
            failed += 1;
            const shot = await wb.screenshot(`${c.name}--failure`).catch(() => undefined);
            console.log(`    ✘ ${c.name}: ${e.message?.split('\n').slice(0, 8).join('\n      ')}`);
            if (shot) console.log(`      screenshot: ${shot.replace(`${repoRoot}/`, '')}`);
          }
        }
        if (process.env.ACTIVATION_LENS_TEST_VERBOSE && pageErrors.length) console.log(`    page errors:\n      ${pageErrors.join('\n      ')}`);
      } finally {
        await browser.close();
      }
    }
  } catch (e) {
    failed += 1;
    log(`harness error: ${e.message}`);
    console.log(`last lines of ${logFile}:\n${tail(logFile)}`);
  } finally {
    await server?.stop();
    scratch.remove();
  }
  writeCounts(passed, failed, 0);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const vsixAt = args.indexOf('--vsix');
  const vsix = vsixAt >= 0 ? args[vsixAt + 1] : undefined;
  const filters = args.filter((a, i) => !a.startsWith("--") && (vsixAt < 0 || i !== vsixAt + 1));
  runE2e({ vsix, filters })
    .then((code) => process.exit(code))
    .catch((e) => {
      console.error(`e2e: ${e.message}`);
      writeCounts(0, 1, 0);
      process.exit(1);
    });
}
