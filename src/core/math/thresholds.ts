// The numbers the rest of the product quotes ("exp overflows beyond 709.78", "σ(1−σ) is exactly 0 beyond
// 36.7") are found here by bisection over the representable values of each dtype on the actual naive
// evaluation, never typed in.
import type { Dtype } from './types';
import { naiveExp, naiveSigmoid, naiveSigmoidAutogradGradient, naiveSigmoidGradient, naiveSigmoidRatio, naiveSoftplus, naiveTanhDerivative } from './naive';
import { stableSigmoid, stableSigmoidDerivative } from './sigmoid';
import { accurateTanh } from './elementary';

export interface NumericThresholds {
  readonly dtype: Dtype;
  /** Smallest x where exp(x) overflows to Infinity (709.78 in float64, 88.72 in float32). */
  readonly expOverflow: number;
  /** Largest x where exp(x) underflows to 0 (−745.13 / −103.97). */
  readonly expUnderflow: number;
  /** Largest x where exp(x) is subnormal (below the smallest normal number). */
  readonly expSubnormal: number;
  /** Largest x where the naive 1/(1+exp(−x)) returns exactly 0 because exp(−x) overflowed (−709.78 / −88.72). */
  readonly naiveSigmoidOverflow: number;
  /** Largest x where autograd's gradient of 1/(1+exp(−x)), e/(1+e)², is NaN (Infinity/Infinity). */
  readonly naiveSigmoidGradientNaN: number;
  /** Largest x where that autograd gradient is 0 because (1+e)² overflowed (−354.9 / −44.4), though σ' is not 0. */
  readonly naiveSigmoidGradientOverflowZero: number;
  /** Smallest x where exp(x)/(1+exp(x)) is NaN (Infinity/Infinity). */
  readonly naiveRatioSigmoidNaN: number;
  /** Smallest x where log(1+exp(x)) overflows to Infinity. */
  readonly naiveSoftplusOverflow: number;
  /** Smallest x > 0 where the naive σ(x) rounds to exactly 1. */
  readonly naiveSigmoidSaturates: number;
  /** Smallest x > 0 where σ(x)(1−σ(x)) is exactly 0 (36.7 / 16.6); the true σ'(x) is still about e^(−x). */
  readonly naiveSigmoidGradientZero: number;
  /** Smallest x > 0 where the correctly rounded σ(x) is 1. */
  readonly sigmoidSaturates: number;
  /** Smallest x > 0 where the true σ'(x) = σ(x)σ(−x) underflows to 0 (745.13 / 103.97). */
  readonly sigmoidDerivativeUnderflow: number;
  /** Smallest x > 0 where 1 − tanh²(x) is exactly 0. */
  readonly naiveTanhDerivativeZero: number;
  /** Smallest x > 0 where the correctly rounded tanh(x) is 1. */
  readonly tanhSaturates: number;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

function ordinal(x: number, dtype: Dtype): bigint {
  if (dtype === 'float32') {
    f32[0] = x;
    const b = i32[0]!;
    return BigInt(b < 0 ? -(b & 0x7fffffff) : b);
  }
  f64[0] = x;
  const b = i64[0]!;
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

function fromOrdinal(o: bigint, dtype: Dtype): number {
  if (dtype === 'float32') {
    const n = Number(o);
    i32[0] = n < 0 ? -n | -0x80000000 : n;
    return f32[0]!;
  }
  i64[0] = o < 0n ? -o | -0x8000000000000000n : o;
  return f64[0]!;
}

/**
 * The first value of the dtype in [lo, hi] (walking up) where pred holds, given pred(lo) false and pred(hi)
 * true and a single switch between them.
 */
export function firstWhere(pred: (x: number) => boolean, lo: number, hi: number, dtype: Dtype): number {
  let a = ordinal(lo, dtype);
  let b = ordinal(hi, dtype);
  if (pred(fromOrdinal(a, dtype)) || !pred(fromOrdinal(b, dtype))) return NaN;
  while (b - a > 1n) {
    const m = (a + b) / 2n;
    if (pred(fromOrdinal(m, dtype))) b = m;
    else a = m;
  }
  return fromOrdinal(b, dtype);
}

/** The last value in [lo, hi] where pred holds, given pred(lo) true and pred(hi) false. */
export function lastWhere(pred: (x: number) => boolean, lo: number, hi: number, dtype: Dtype): number {
  let a = ordinal(lo, dtype);
  let b = ordinal(hi, dtype);
  if (!pred(fromOrdinal(a, dtype)) || pred(fromOrdinal(b, dtype))) return NaN;
  while (b - a > 1n) {
    const m = (a + b) / 2n;
    if (pred(fromOrdinal(m, dtype))) a = m;
    else b = m;
  }
  return fromOrdinal(a, dtype);
}

function compute(dtype: Dtype): NumericThresholds {
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  const smallestNormal = dtype === 'float32' ? 2 ** -126 : 2 ** -1022;
  const big = 5000;
  const naiveSigmoidOverflow = lastWhere((x) => naiveSigmoid(x, dtype) === 0, -big, 0, dtype);
  return {
    dtype,
    expOverflow: firstWhere((x) => naiveExp(x, dtype) === Infinity, 0, big, dtype),
    expUnderflow: lastWhere((x) => naiveExp(x, dtype) === 0, -big, 0, dtype),
    expSubnormal: lastWhere((x) => naiveExp(x, dtype) < smallestNormal, -big, 0, dtype),
    naiveSigmoidOverflow,
    naiveSigmoidGradientNaN: lastWhere((x) => Number.isNaN(naiveSigmoidAutogradGradient(x, dtype)), -big, 0, dtype),
    naiveSigmoidGradientOverflowZero: lastWhere((x) => naiveSigmoidAutogradGradient(x, dtype) === 0 || Number.isNaN(naiveSigmoidAutogradGradient(x, dtype)), -big, 0, dtype),
    naiveRatioSigmoidNaN: firstWhere((x) => Number.isNaN(naiveSigmoidRatio(x, dtype)), 0, big, dtype),
    naiveSoftplusOverflow: firstWhere((x) => naiveSoftplus(x, dtype) === Infinity, 0, big, dtype),
    naiveSigmoidSaturates: firstWhere((x) => naiveSigmoid(x, dtype) === 1, 0, big, dtype),
    naiveSigmoidGradientZero: firstWhere((x) => naiveSigmoidGradient(x, dtype) === 0, 0, big, dtype),
    sigmoidSaturates: firstWhere((x) => r(stableSigmoid(r(x))) === 1, 0, big, dtype),
    sigmoidDerivativeUnderflow: firstWhere((x) => r(stableSigmoidDerivative(r(x))) === 0, 0, big, dtype),
    naiveTanhDerivativeZero: firstWhere((x) => naiveTanhDerivative(x, dtype) === 0, 0, big, dtype),
    tanhSaturates: firstWhere((x) => r(accurateTanh(r(x))) === 1, 0, big, dtype),
  };
}

// Computed on first use (a few thousand naive evaluations), not when the module loads.
const computed: Partial<Record<Dtype, NumericThresholds>> = {};
const lazy = (dtype: Dtype): NumericThresholds => (computed[dtype] ??= compute(dtype));

export const THRESHOLDS: Readonly<Record<Dtype, NumericThresholds>> = Object.freeze({
  get float64() {
    return lazy('float64');
  },
  get float32() {
    return lazy('float32');
  },
});

export function thresholds(dtype: Dtype): NumericThresholds {
  return lazy(dtype);
}
