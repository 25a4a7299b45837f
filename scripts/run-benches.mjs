// `npm run bench`: runs every bench/*.bench.ts (or only those matching the arguments) one after another,
// each in its own process so one bench's garbage and JIT state do not colour the next.
// Benchmarks print their figures and ratios against peers measured in the same run; they never fail on time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n=== bench/${b} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${b}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
