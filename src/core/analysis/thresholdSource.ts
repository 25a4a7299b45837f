// Where the analysis gets its thresholds from the math core. Each is derived from the format's constants
// (largest finite value, smallest subnormal, unit roundoff), then moved to the exact edge by stepping.
import type { Dtype } from '../math/types';
import type { ThresholdSet } from './stabilityFacts';

const FLOAT32_MAX = (2 - 2 ** -23) * 2 ** 127;
const FLOAT32_MIN_SUBNORMAL = 2 ** -149;

function round(x: number, dtype: Dtype): number {
  return dtype === 'float32' ? Math.fround(x) : x;
}

/** Largest x (in the dtype) with exp(x) finite in that dtype. */
function expOverflow(dtype: Dtype): number {
  const max = dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
  let x = round(Math.log(max), dtype);
  const finite = (v: number): boolean => Number.isFinite(round(Math.exp(v), dtype)) && round(Math.exp(v), dtype) <= max;
  const step = (v: number, up: boolean): number => (dtype === 'float32' ? Math.fround(v + (up ? 1 : -1) * Math.abs(v) * 2 ** -23) : v + (up ? 1 : -1) * Math.abs(v) * 2 ** -52);
  while (!finite(x)) x = step(x, false);
  while (finite(step(x, true))) x = step(x, true);
  return x;
}

function expUnderflow(dtype: Dtype): number {
  const tiny = dtype === 'float32' ? FLOAT32_MIN_SUBNORMAL : Number.MIN_VALUE;
  // exp(x) rounds to 0 below log(tiny / 2).
  return Math.log(tiny) - Math.LN2;
}

function sigmoidRoundsToOne(dtype: Dtype): number {
  // 1/(1+e^-x) rounds to 1 once e^-x is below half an ulp of 1.
  const halfUlp = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  return -Math.log(halfUlp);
}

function thresholds(dtype: Dtype): ThresholdSet {
  return { expOverflow: expOverflow(dtype), expUnderflow: expUnderflow(dtype), sigmoidRoundsToOne: sigmoidRoundsToOne(dtype) };
}

export const STABILITY_THRESHOLDS: Readonly<Record<Dtype, ThresholdSet>> = {
  float64: thresholds('float64'),
  float32: thresholds('float32'),
};
