// The thresholds the stability messages quote, in one place. They come from the math core; this module
// only picks the dtype a finding is about (torch, tf and jax compute in float32 by default).
import type { Dtype } from '../math/types';
import { STABILITY_THRESHOLDS } from './thresholdSource';

export function expOverflowLimit(dtype: Dtype): number {
  return STABILITY_THRESHOLDS[dtype].expOverflow;
}

export function stabilityThresholds(dtype: Dtype): ThresholdSet {
  return STABILITY_THRESHOLDS[dtype];
}

export interface ThresholdSet {
  /** Largest x with exp(x) finite. */
  readonly expOverflow: number;
  /** Below -x, exp(x) is 0 (below the smallest subnormal). */
  readonly expUnderflow: number;
  /** Above this x, sigmoid(x) rounds to 1, so 1 - sigmoid(x) is 0 and s*(1-s) has no correct digit. */
  readonly sigmoidRoundsToOne: number;
}

export function dtypeForLibrary(lib: string, fileMentionsFloat32: boolean): Dtype {
  return lib === 'torch' || lib === 'tf' || lib === 'jax' || fileMentionsFloat32 ? 'float32' : 'float64';
}

/** Thresholds as messages print them: two decimals, never rounded across the edge they describe. */
export function formatThreshold(x: number, direction: 'floor' | 'ceil' = 'floor'): string {
  const scaled = direction === 'floor' ? Math.floor(x * 100) / 100 : Math.ceil(x * 100) / 100;
  return scaled.toFixed(2);
}
