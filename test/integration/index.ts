// Entry of the extension-host test suite: VS Code's test runner calls `run()` inside the extension host
// (code-server through scripts/run-integration.mjs, or desktop VS Code through @vscode/test-electron) and
// the returned promise decides the exit code. Loads every *.test.js bundled next to this file by
// scripts/build-tests.mjs. Mocha's TDD interface: `suite`, `test`, `suiteSetup`, `setup`, `teardown`.
//
// Environment (set on the code-server process by the runner, inherited by the extension host):
//   ACTIVATION_LENS_TEST_RESULTS  file to write {passed, failed, skipped, failures[]} as JSON
//   ACTIVATION_LENS_TEST_GREP     only run tests whose full title matches this regular expression
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function bundledTests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...bundledTests(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

// The runner receives everything the workbench logs; this invisible prefix marks the reporter's lines so
// it can print those and file the rest (workbench chatter) under test-results/.
const REPORTER_LINE = '\u2063';
const reporterBase = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
const plainLog = console.log.bind(console);
reporterBase.consoleLog = (...args: unknown[]) => plainLog(REPORTER_LINE + (args.length ? String(args[0]) : ''), ...args.slice(1));

interface Failure {
  title: string;
  message: string;
}

export function run(): Promise<void> {
  process.setSourceMapsEnabled(true); // failures point at test/integration/*.ts lines (inline source maps)
  const grep = process.env.ACTIVATION_LENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 30_000, ...(grep ? { grep: new RegExp(grep) } : {}) });
  const files = bundledTests(__dirname);
  for (const f of files) mocha.addFile(f);
  const resultsFile = process.env.ACTIVATION_LENS_TEST_RESULTS;
  const failures: Failure[] = [];

  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failed) => {
        const stats = runner.stats;
        const summary = {
          files: files.length,
          passed: stats?.passes ?? 0,
          failed: stats?.failures ?? failed,
          skipped: stats?.pending ?? 0,
          failures,
        };
        if (resultsFile) writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      // A test file that throws while loading (syntax, a missing import) lands here, not in a test.
      if (resultsFile) {
        writeFileSync(resultsFile, JSON.stringify({ files: files.length, passed: 0, failed: 1, skipped: 0, failures: [{ title: 'loading the test files', message: String(e) }] }));
      }
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    runner.on('fail', (t, err: unknown) => {
      failures.push({ title: t.fullTitle(), message: err instanceof Error ? err.message : String(err) });
    });
  });
}
