// What the analysis benches share: a generated source file of a given size, and a median timing.
import { performance } from 'node:perf_hooks';

/** A function of the block's index that returns one block of source, ending in a newline. */
export type Block = (i: number) => string;

/** Repeats the blocks in turn until `lines` lines are written, then cuts to exactly that many. */
export function generateFromBlocks(blocks: readonly Block[], lines: number): string {
  let out = '';
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const block = blocks[i % blocks.length]!(i);
    out += block;
    count += block.split('\n').length - 1;
  }
  return out.split('\n').slice(0, lines).join('\n') + '\n';
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median wall time of `runs` calls, after warm-up calls until 25 have run or a second has passed (at least three).
 * Three warm-up calls measured V8 still compiling: an analysis of the 10,000-line files takes 150–230 ms on its
 * first call and reaches its steady time only after 15–20 calls, so with three the median held the compiler's work.
 * The benches print the first, cold call separately.
 */
export function medianTime(fn: () => unknown, runs: number, times: number[] = []): number {
  const warmUntil = performance.now() + 1000;
  for (let i = 0; i < 3 || (i < 25 && performance.now() < warmUntil); i++) fn();
  const t = times;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}
