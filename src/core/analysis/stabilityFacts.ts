// The thresholds the stability messages quote, from the math core (math/thresholds.ts finds each one by
// bisection over the dtype's values on the naive evaluation). This module only picks the dtype a finding
// is about: torch, tf and jax compute in float32 by default, numpy and math in float64.
import { THRESHOLDS, type NumericThresholds } from '../math/thresholds';
import type { Dtype } from '../math/types';

export type ThresholdName = Exclude<keyof NumericThresholds, 'dtype'>;

export function stabilityThresholds(dtype: Dtype): NumericThresholds {
  return THRESHOLDS[dtype];
}

/** The edge of the range where exp(x) is finite. */
export function expOverflowLimit(dtype: Dtype): number {
  return THRESHOLDS[dtype].expOverflow;
}

export function dtypeForLibrary(lib: string, fileMentionsFloat32: boolean): Dtype {
  return lib === 'torch' || lib === 'tf' || lib === 'jax' || fileMentionsFloat32 ? 'float32' : 'float64';
}

/** Thresholds as messages print them: two decimals, rounded away from the safe side so the claim holds. */
export function formatThreshold(x: number, direction: 'floor' | 'ceil' = 'floor'): string {
  const scaled = direction === 'floor' ? Math.floor(x * 100) / 100 : Math.ceil(x * 100) / 100;
  return scaled.toFixed(2);
}
