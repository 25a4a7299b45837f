// Runs the unit tests (test/unit/**/*.test.ts) with Node's own test runner over TypeScript via tsx:
// no VS Code, no browser. Extra arguments are passed as file filters: `npm run test:unit -- math`.
// Writes a TAP copy to test-results/unit.tap so scripts/test-all.mjs can count passes and failures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const filters = process.argv.slice(2);
const files = findTests('test/unit').filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`no unit test files match ${filters.join(' ') || 'test/unit/**/*.test.ts'}`);
  process.exit(2);
}
mkdirSync('test-results', { recursive: true });
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', '--test-reporter-destination=test-results/unit.tap',
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
