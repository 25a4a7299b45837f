// `npm test`: everything CI checks, in order, stopping at the first failing stage.
//   1. type checks (extension/CLI/tests, core without Node or DOM, webview with DOM)
//   2. production build
//   3. unit tests (node --test), which include the toolchain proofs of fixes
//   4. stages registered in scripts/test-stages/ (integration in a real VS Code, browser e2e), if present
// Ends with one line `test: N passed, M failed` summing every stage.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';

const counts = { passed: 0, failed: 0, skipped: 0 };
const t0 = Date.now();

// A first-time code-server install (minutes) for the real-VS-Code stages overlaps the checks below.
if (existsSync('scripts/vscode-env.mjs')) (await import('./vscode-env.mjs')).prepareVsCodeEnvInBackground();

// Runs one stage; `countResults` adds what the stage reported before a failure ends the run, so the
// closing line counts the failing stage's failures too.
function run(title, cmd, args, countResults = () => {}) {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  countResults();
  if (r.status !== 0) {
    if (counts.failed === 0) counts.failed = 1; // a stage that failed without reporting counts still failed
    console.log(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    summary();
    process.exit(1);
  }
}

function countTap(file) {
  if (!existsSync(file)) return;
  const tap = readFileSync(file, 'utf8');
  const num = (k) => Number((tap.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  counts.passed += num('pass');
  counts.failed += num('fail');
  counts.skipped += num('skipped');
}

function summary() {
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(`\n(all stages: ${secs} s)`);
  console.log(`test: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

const tsc = 'node_modules/typescript/bin/tsc';
run('type check: extension, CLI, tests', process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json']);
run('type check: core (no Node, no DOM)', process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.core.json']);
if (existsSync('media') && readdirSync('media', { recursive: true }).some((f) => String(f).endsWith('.ts'))) {
  run('type check: webview (DOM)', process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.webview.json']);
}
run('build', process.execPath, ['esbuild.config.mjs']);
rmSync('test-results/unit.tap', { force: true });
run('unit tests', process.execPath, ['scripts/run-unit-tests.mjs'], () => countTap('test-results/unit.tap'));

// Later stages (real VS Code, browser) plug in as scripts/test-stages/NN-name.mjs; each writes
// test-results/<name>.counts as "passed failed skipped".
if (existsSync('scripts/test-stages')) {
  for (const stage of readdirSync('scripts/test-stages').filter((f) => f.endsWith('.mjs')).sort()) {
    const name = stage.replace(/^\d+-/, '').replace(/\.mjs$/, '');
    const f = `test-results/${name}.counts`;
    rmSync(f, { force: true }); // never count an earlier run's results
    run(name, process.execPath, [`scripts/test-stages/${stage}`], () => {
      if (!existsSync(f)) return;
      const [p, fl, s] = readFileSync(f, 'utf8').trim().split(/\s+/).map(Number);
      counts.passed += p || 0;
      counts.failed += fl || 0;
      counts.skipped += s || 0;
    });
  }
}
summary();
process.exit(counts.failed > 0 ? 1 : 0);
