// Throughput of the stable sigmoid and its derivative against the naive forms, on 1e6 float64 points in
// the same run (several rounds, medians):
//   stableSigmoid(x)            vs  1 / (1 + Math.exp(-x))
//   stableSigmoidDerivative(x)  vs  s * (1 - s) with the naive s
// Goal (issue 2): stable/naive ≤ 1.5. Printed, never asserted: timing is not a test.
import { performance } from 'node:perf_hooks';
import { stableSigmoid, stableSigmoidDerivative } from '../src/core/math/sigmoid';

const N = 1_000_000;
const ROUNDS = 15;

// Points spread like real inputs: mostly moderate, some tails (the stable path branches on the sign).
const xs = new Float64Array(N);
let seed = 12345;
for (let i = 0; i < N; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  const u = seed / 4294967296;
  xs[i] = i % 10 === 0 ? (u - 0.5) * 1600 : (u - 0.5) * 24;
}
const out = new Float64Array(N);

function naiveSigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
function naiveDerivative(x: number): number {
  const s = 1 / (1 + Math.exp(-x));
  return s * (1 - s);
}

function runMap(f: (x: number) => number): number {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) out[i] = f(xs[i]!);
  const ms = performance.now() - t0;
  return ms;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// Interleave the contenders round by round so machine load hits them alike.
const contenders: Array<[string, (x: number) => number]> = [
  ['naive sigmoid 1/(1+exp(-x))', naiveSigmoid],
  ['stableSigmoid', stableSigmoid],
  ['naive derivative s(1-s)', naiveDerivative],
  ['stableSigmoidDerivative', stableSigmoidDerivative],
];
const times = new Map<string, number[]>(contenders.map(([n]) => [n, []]));
for (let warm = 0; warm < 3; warm++) for (const [, f] of contenders) runMap(f);
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of contenders) times.get(name)!.push(runMap(f));
}
let checksum = 0;
for (let i = 0; i < N; i += 997) checksum += out[i]!;

const med = (name: string) => median(times.get(name)!);
// The fastest round is the least disturbed by other processes; on a busy machine it is the steadier ratio.
const best = (name: string) => Math.min(...times.get(name)!);
console.log(`${N.toExponential(0)} float64 points, ${ROUNDS} rounds: median ms (Mpoints/s), fastest round ms`);
for (const [name] of contenders) {
  const ms = med(name);
  console.log(`  ${name.padEnd(30)} ${ms.toFixed(2).padStart(8)} ms  ${(N / ms / 1000).toFixed(1).padStart(7)} M/s   ${best(name).toFixed(2).padStart(8)} ms`);
}
const ratio = (of: (n: string) => number, a: string, b: string) => (of(a) / of(b)).toFixed(2);
const F = ['stableSigmoid', 'naive sigmoid 1/(1+exp(-x))'] as const;
const D = ['stableSigmoidDerivative', 'naive derivative s(1-s)'] as const;
console.log(`ratio stableSigmoid / naive:                     ${ratio(med, ...F)} (medians), ${ratio(best, ...F)} (fastest)  (goal ≤ 1.5)`);
console.log(`ratio stableSigmoidDerivative / naive s(1-s):    ${ratio(med, ...D)} (medians), ${ratio(best, ...D)} (fastest)  (goal ≤ 1.5)`);
console.log(`(checksum ${checksum.toFixed(6)})`);
