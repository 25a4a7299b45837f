// softmax and log_softmax over vectors, the stable way: subtract the maximum before exponentiating
// (so no exp overflows and the largest term is exactly 1), and log-sum-exp for the log form.
import { accurateExp } from './exp';
import { exactSoftplus } from './sigmoid';

/** log Σ e^(x_i), without overflow: m + log Σ e^(x_i − m). NaN if any input is NaN; −Infinity for []. */
export function logSumExp(xs: readonly number[]): number {
  if (xs.length === 0) return -Infinity;
  let m = -Infinity;
  for (const x of xs) {
    if (x !== x) return NaN;
    if (x > m) m = x;
  }
  if (m === Infinity || m === -Infinity) return m;
  if (xs.length === 2) {
    // log(e^a + e^b) = max + softplus(min − max), the two-class case every sigmoid reduces to.
    const lo = Math.min(xs[0]!, xs[1]!);
    return m + exactSoftplus(lo - m);
  }
  let s = 0;
  for (const x of xs) s += accurateExp(x - m);
  return m + Math.log(s);
}

export function stableSoftmax(xs: readonly number[]): number[] {
  if (xs.some((x) => x !== x)) return xs.map(() => NaN);
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === Infinity) {
    const n = xs.filter((x) => x === Infinity).length;
    return xs.map((x) => (x === Infinity ? 1 / n : 0));
  }
  const es = xs.map((x) => accurateExp(x - m));
  let s = 0;
  for (const e of es) s += e;
  return es.map((e) => e / s);
}

export function stableLogSoftmax(xs: readonly number[]): number[] {
  const lse = logSumExp(xs);
  return xs.map((x) => x - lse);
}
