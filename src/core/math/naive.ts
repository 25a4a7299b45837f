// The textbook forms people write by hand, evaluated exactly as written: in float64 with Math.exp and
// Math.log, or in float32 with every intermediate rounded by Math.fround as a float32 framework would.
// The editor shows these next to the true values, and thresholds.ts finds where they break.
import type { Dtype } from './types';

export type Rounder = (v: number) => number;

const identity: Rounder = (v) => v;
export function rounderFor(dtype: Dtype): Rounder {
  return dtype === 'float32' ? Math.fround : identity;
}

function ops(dtype: Dtype) {
  const r = rounderFor(dtype);
  return {
    r,
    exp: (v: number) => r(Math.exp(r(v))),
    log: (v: number) => r(Math.log(r(v))),
    tanh: (v: number) => r(Math.tanh(r(v))),
  };
}

/** 1 / (1 + exp(-x)): exp(-x) overflows for x below −709.78 (float64) / −88.72 (float32), giving 0. */
export function naiveSigmoid(x: number, dtype: Dtype = 'float64'): number {
  const { r, exp } = ops(dtype);
  return r(1 / r(1 + exp(-r(x))));
}

/** exp(x) / (1 + exp(x)): Infinity/Infinity = NaN once exp(x) overflows. */
export function naiveSigmoidRatio(x: number, dtype: Dtype = 'float64'): number {
  const { r, exp } = ops(dtype);
  const e = exp(x);
  return r(e / r(1 + e));
}

/** σ(x)(1 − σ(x)) on the naive σ: exactly 0 once σ rounds to 1 (x ≈ 36.7 in float64, 16.6 in float32). */
export function naiveSigmoidGradient(x: number, dtype: Dtype = 'float64'): number {
  const { r } = ops(dtype);
  const s = naiveSigmoid(x, dtype);
  return r(s * r(1 - s));
}

/**
 * What autograd computes for 1/(1 + exp(-x)): e / (1 + e)² with e = exp(-x). (1 + e)² overflows first
 * (the gradient becomes 0), then e itself (Infinity/Infinity = NaN).
 */
export function naiveSigmoidAutogradGradient(x: number, dtype: Dtype = 'float64'): number {
  const { r, exp } = ops(dtype);
  const e = exp(-x);
  const d = r(1 + e);
  return r(e / r(d * d));
}

/** log(1 + exp(x)): Infinity once exp(x) overflows; and log(1 + tiny) = 0 loses e^x for x < −37. */
export function naiveSoftplus(x: number, dtype: Dtype = 'float64'): number {
  const { r, exp, log } = ops(dtype);
  return log(r(1 + exp(x)));
}

/** log(1 / (1 + exp(-x))): −Infinity where the naive σ underflows to 0. */
export function naiveLogSigmoid(x: number, dtype: Dtype = 'float64'): number {
  const { log } = ops(dtype);
  return log(naiveSigmoid(x, dtype));
}

/** (exp(x) − exp(−x)) / (exp(x) + exp(−x)): NaN once either exp overflows. */
export function naiveTanh(x: number, dtype: Dtype = 'float64'): number {
  const { r, exp } = ops(dtype);
  const a = exp(x);
  const b = exp(-x);
  return r(r(a - b) / r(a + b));
}

/** 1 − tanh²(x): exactly 0 once tanh rounds to ±1. */
export function naiveTanhDerivative(x: number, dtype: Dtype = 'float64'): number {
  const { r, tanh } = ops(dtype);
  const t = tanh(x);
  return r(1 - r(t * t));
}

/** x / (1 + exp(−x)). */
export function naiveSilu(x: number, dtype: Dtype = 'float64'): number {
  const { r, exp } = ops(dtype);
  return r(r(x) / r(1 + exp(-r(x))));
}

/** x · tanh(log(1 + exp(x))): NaN at large x (Infinity in the log, tanh(Infinity) = 1 is fine, but 0·∞ is not). */
export function naiveMish(x: number, dtype: Dtype = 'float64'): number {
  const { r, tanh } = ops(dtype);
  return r(r(x) * tanh(naiveSoftplus(x, dtype)));
}

export function naiveExp(x: number, dtype: Dtype = 'float64'): number {
  return ops(dtype).exp(x);
}

/** exp(x_i) / Σ exp(x_j) without subtracting the maximum: NaN once any exp overflows. */
export function naiveSoftmax(xs: readonly number[], dtype: Dtype = 'float64'): number[] {
  const { r, exp } = ops(dtype);
  const es = xs.map((x) => exp(x));
  let sum = 0;
  for (const e of es) sum = r(sum + e);
  return es.map((e) => r(e / sum));
}
