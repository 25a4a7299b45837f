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

/** Median wall time of `runs` calls after three warm-up calls. */
export function medianTime(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 3; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}
