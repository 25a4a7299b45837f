// Piecewise-linear and piecewise-polynomial activations. Values are rounded once: products with
// parameters and the following addition go through an exact product and sum (a*x + b with one
// rounding), so hard_sigmoid near its corners and sparse_plus near -1 stay within half an ulp.
// Derivatives at kinks follow what torch's autograd reports there, noted per function.
import {
  DD_LO, ddAddNum, ddAddNumParts, ddDiv, ddDivParts, ddMul, ddMulNum, twoProd, twoProdParts, twoSum, type DD,
} from './dd';

// Local aliases of the allocation-free helpers: hot paths read a module constant, not another module's
// live binding (which a CommonJS build turns into a getter call per use).
const LO = DD_LO;
const addNumParts = ddAddNumParts;
const divParts = ddDivParts;
const prodParts = twoProdParts;

function round(a: DD): number {
  return a.hi + a.lo;
}

/** a*x + b rounded once (up to exact ties). */
export function mulAdd(a: number, x: number, b: number): number {
  const ph = prodParts(a, x);
  if (!isFinite(ph)) return ph + b;
  const hi = addNumParts(ph, LO.lo, b);
  return hi + LO.lo;
}

/** (x + c) / d rounded once (up to exact ties): x + c exactly, then a double-double division. */
function sumOver(x: number, c: number, d: number): number {
  const s = x + c;
  const bb = s - x;
  const hi = divParts(s, x - (s - bb) + (c - bb), d, 0);
  return hi + LO.lo;
}

/** relu'(0) = 0 as in torch. */
export const relu = (x: number): number => (x > 0 ? x : x !== x ? x : 0);
export const reluDerivative = (x: number): number => (x > 0 ? 1 : x !== x ? x : 0);

/** clip(x, lo, hi); torch's hardtanh backward is 0 at both corners. */
export function clip(x: number, lo: number, hi: number): number {
  if (x !== x) return x;
  return x < lo ? lo : x > hi ? hi : x;
}
export function clipDerivative(x: number, lo: number, hi: number): number {
  if (x !== x) return x;
  return x > lo && x < hi ? 1 : 0;
}

/** x for x > 0, slope*x otherwise; the derivative at 0 is the slope, as torch's leaky_relu/prelu backward. */
export function leaky(x: number, slope: number): number {
  if (x !== x) return x;
  return x > 0 ? x : slope * x;
}
export function leakyDerivative(x: number, slope: number): number {
  if (x !== x) return x;
  return x > 0 ? 1 : slope;
}

/** clip(slope*x + offset, 0, 1); derivative 0 at the corners (torch hardsigmoid backward). */
export function hardSigmoid(x: number, slope: number, offset: number): number {
  if (x !== x) return x;
  if (slope === 0) return clip(offset, 0, 1);
  // torch/JAX/Keras 3 define it as relu6(x + 3)/6: keep the kinks exactly at ±3 rather than where fl(1/6)·x + 0.5 crosses.
  if (slope === 1 / 6 && offset === 0.5) return x <= -3 ? 0 : x >= 3 ? 1 : sumOver(x, 3, 6);
  return clip(mulAdd(slope, x, offset), 0, 1);
}
export function hardSigmoidDerivative(x: number, slope: number, offset: number): number {
  if (x !== x) return x;
  if (slope === 1 / 6 && offset === 0.5) return x > -3 && x < 3 ? slope : 0;
  const vh = prodParts(slope, x);
  const yh = addNumParts(vh, LO.lo, offset);
  return yh > 0 && yh < 1 ? slope : 0;
}

/**
 * x relu6(x + 3) / 6 (torch hardswish, keras hard_silu): x(x+3)/6 on (-3, 3), rounded once.
 * torch's backward: 0 below -3, (2x+3)/6 on [-3, 3], 1 above (so -0.5 at -3 and 1.5 at 3).
 */
export function hardSwish(x: number): number {
  if (x !== x) return x;
  if (x <= -3) return -0; // x · 0 with x negative
  if (x >= 3) return x;
  return round(ddDiv(ddMul({ hi: x, lo: 0 }, twoSum(x, 3)), { hi: 6, lo: 0 }));
}
export function hardSwishDerivative(x: number): number {
  if (x !== x) return x;
  if (x < -3) return 0;
  if (x > 3) return 1;
  return round(ddDiv(ddAddNum(twoProd(2, x), 3), { hi: 6, lo: 0 }));
}
export function hardSwishSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (x === -3 || x === 3) return NaN;
  return x > -3 && x < 3 ? 1 / 3 : 0;
}

/** Heaviside as numpy's (x > 0): 0 at 0. */
export const step = (x: number): number => (x > 0 ? 1 : x !== x ? x : 0);

/** torch.nn.Threshold: x if x > threshold else value. */
export function thresholdValue(x: number, threshold: number, value: number): number {
  if (x !== x) return x;
  return x > threshold ? x : value;
}

/** torch softshrink: x - λ above λ, x + λ below -λ, 0 between; derivative 0 at ±λ. */
export function softshrink(x: number, lambda: number): number {
  if (x !== x) return x;
  return x > lambda ? x - lambda : x < -lambda ? x + lambda : 0;
}
export function hardshrink(x: number, lambda: number): number {
  if (x !== x) return x;
  return x > lambda || x < -lambda ? x : 0;
}
export function shrinkDerivative(x: number, lambda: number): number {
  if (x !== x) return x;
  return x > lambda || x < -lambda ? 1 : 0;
}

/** Keras/JAX sparse_plus: 0 for x <= -1, (x+1)²/4 on (-1, 1), x for x >= 1. */
export function sparsePlus(x: number): number {
  if (x !== x) return x;
  if (x <= -1) return 0;
  if (x >= 1) return x;
  const s = twoSum(x, 1);
  return round(ddMulNum(ddMul(s, s), 0.25));
}
export function sparsePlusDerivative(x: number): number {
  if (x !== x) return x;
  if (x <= -1) return 0;
  if (x >= 1) return 1;
  return round(twoSum(x, 1)) / 2;
}
export function sparsePlusSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (x === -1 || x === 1) return NaN;
  return x > -1 && x < 1 ? 0.5 : 0;
}
