// The smooth (or C^1) non-sigmoid activations: silu, mish, elu, selu, celu, softsign, squareplus,
// tanhshrink, exponential. Each keeps relative accuracy in its tails: exponential factors stay scaled
// (m * 2^k) until the last rounding, differences that cancel (mish' and silu' near their minima,
// x - tanh x near 0, x + √(x²+b) for x < 0) are done in double-double or rewritten without cancellation.
import { ddAdd, ddAddNum, ddDiv, ddExp, ddMul, ddMulNum, ddSqrt, twoProd, twoSum, type DD } from './dd';
import { EXP, accurateExp, expDD, expSplit, scaleToNumber } from './exp';
import { expm1DD, sech2DD, tanhDD, tanhshrinkDD } from './elementary';
import {
  addScaled, sigmoidDerivativeScaled, sigmoidScaled, stableSigmoid, stableSigmoidDerivative, type Scaled,
} from './sigmoid';
import { accurateTanh } from './elementary';

const X_TAIL = 45;

function round(a: DD): number {
  return a.hi + a.lo;
}

function scaledNumber(s: Scaled): number {
  return scaleToNumber(s.m.hi, s.m.lo, s.k);
}

/** e^x * factor rounded once, exact down into the subnormal range. */
function expTimes(x: number, factor: DD): number {
  if (x < -1400) return 0 * factor.hi;
  if (x > 709.79) return factor.hi * Infinity;
  expSplit(x, 0);
  const m = ddMul({ hi: EXP.hi, lo: EXP.lo }, factor);
  return scaleToNumber(m.hi, m.lo, EXP.k);
}

// ---- silu (swish): x σ(x) ----

export function silu(x: number): number {
  if (x !== x || x === 0) return x;
  if (x === Infinity) return x;
  if (x === -Infinity) return -0;
  const s = sigmoidScaled({ hi: x, lo: 0 });
  return scaleToNumber(ddMulNum(s.m, x).hi, ddMulNum(s.m, x).lo, s.k);
}

/** σ(x) + x σ'(x): cancels near x = -1.278, both terms are double-doubles. */
export function siluDerivative(x: number): number {
  if (x !== x) return x;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -0;
  const z = { hi: x, lo: 0 };
  const precise = x > -4 && x < 0; // σ(x) + xσ'(x) vanishes at -1.278
  const d = sigmoidDerivativeScaled(z, precise);
  return scaledNumber(addScaled(sigmoidScaled(z, precise), { m: ddMulNum(d.m, x), k: d.k }));
}

/** σ'(x) (2 - x tanh(x/2)). */
export function siluSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (!isFinite(x)) return 0;
  const d = sigmoidDerivativeScaled({ hi: x, lo: 0 });
  return scaledNumber({ m: ddMulNum(d.m, 2 - x * accurateTanh(x / 2)), k: d.k });
}

// ---- mish: x tanh(softplus(x)) ----
// With E = e^(-|x|): for x >= 0, tanh(sp) = (1+2E)/(1+2E+2E²) and sech²(sp) σ(x) = 4E²(1+E)/(1+2E+2E²)²;
// for x < 0, tanh(sp) = E(2+E)/(2+2E+E²) and sech²(sp) σ(x) = 4E(1+E)/(2+2E+E²)².

interface MishParts {
  readonly t: DD; // tanh(softplus(x))
  readonly sSigma: DD; // sech²(softplus(x)) σ(x)
  readonly s: DD; // sech²(softplus(x))
}

function mishParts(x: number): MishParts {
  if (x >= 0) {
    const e = expDD(-x);
    const e2 = ddMul(e, e);
    const d = ddAdd(ddAddNum(ddMulNum(e, 2), 1), ddMulNum(e2, 2));
    const t = ddDiv(ddAddNum(ddMulNum(e, 2), 1), d);
    const d2 = ddMul(d, d);
    const onePlusE = ddAddNum(e, 1);
    const sSigma = ddDiv(ddMul(ddMulNum(e2, 4), onePlusE), d2);
    const s = ddDiv(ddMul(ddMulNum(e2, 4), ddMul(onePlusE, onePlusE)), d2);
    return { t, sSigma, s };
  }
  // mish' vanishes at -1.19: there the ~2^-100 exp keeps the cancellation in tanh(sp) + x sech²(sp) σ harmless.
  const e = x > -4 ? ddExp({ hi: x, lo: 0 }) : expDD(x);
  const d = ddAdd(ddAddNum(ddMulNum(e, 2), 2), ddMul(e, e));
  const t = ddDiv(ddMul(e, ddAddNum(e, 2)), d);
  const d2 = ddMul(d, d);
  const onePlusE = ddAddNum(e, 1);
  const sSigma = ddDiv(ddMul(ddMulNum(e, 4), onePlusE), d2);
  const s = ddDiv(ddMulNum(ddMul(onePlusE, onePlusE), 4), d2);
  return { t, sSigma, s };
}

export function mish(x: number): number {
  if (x !== x || x === 0) return x;
  if (x === Infinity || x > 40) return x;
  if (x === -Infinity) return -0;
  // tanh(softplus(x)) = E(1 - E/2 + ...) for x < -45: x e^x to well under an ulp.
  if (x < -X_TAIL) return expTimes(x, { hi: x, lo: 0 });
  return round(ddMulNum(mishParts(x).t, x));
}

/** tanh(sp) + x sech²(sp) σ(x); cancels near x = -1.19, so all in double-double. */
export function mishDerivative(x: number): number {
  if (x !== x) return x;
  if (x === Infinity || x > 40) return 1;
  if (x === -Infinity) return -0;
  if (x < -X_TAIL) return expTimes(x, { hi: 1 + x, lo: 0 });
  const p = mishParts(x);
  return round(ddAdd(p.t, ddMulNum(p.sSigma, x)));
}

/** sech²(sp) (2σ + x(σ' - 2 tanh(sp) σ²)). */
export function mishSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (!isFinite(x) || x > 40) return 0;
  if (x < -X_TAIL) return expTimes(x, { hi: 2 + x, lo: 0 });
  const p = mishParts(x);
  const sig = stableSigmoid(x);
  const dsig = stableSigmoidDerivative(x);
  const t = round(p.t);
  return round(p.s) * (2 * sig + x * (dsig - 2 * t * sig * sig));
}

// ---- elu, selu, celu ----

export function elu(x: number, alpha: number): number {
  if (x !== x || x === 0) return x; // keeps -0
  if (x > 0) return x;
  return round(ddMulNum(expm1DD({ hi: x, lo: 0 }), alpha));
}

/** 1 for x > 0, α e^x for x <= 0 (torch's backward takes the left branch at 0). */
export function eluDerivative(x: number, alpha: number): number {
  if (x !== x) return x;
  if (x > 0) return 1;
  return expTimes(x, { hi: alpha, lo: 0 });
}

export function eluSecondDerivative(x: number, alpha: number): number {
  if (x !== x) return x;
  if (x > 0) return 0;
  if (x === 0) return NaN; // f'' jumps from α to 0
  return expTimes(x, { hi: alpha, lo: 0 });
}

export function selu(x: number, alpha: number, scale: number): number {
  if (x !== x || x === 0) return x * scale;
  if (x > 0) return scale * x;
  return round(ddMul(expm1DD({ hi: x, lo: 0 }), twoProd(scale, alpha)));
}

export function seluDerivative(x: number, alpha: number, scale: number): number {
  if (x !== x) return x;
  if (x > 0) return scale;
  return expTimes(x, twoProd(scale, alpha));
}

export function seluSecondDerivative(x: number, alpha: number, scale: number): number {
  if (x !== x) return x;
  if (x > 0) return 0;
  if (x === 0) return NaN;
  return expTimes(x, twoProd(scale, alpha));
}

/** x / α as a double-double, so e^(x/α) keeps its relative accuracy for large |x|. */
function divide(x: number, alpha: number): DD {
  if (Math.abs(x) > 1e300) return { hi: x / alpha, lo: 0 };
  return ddDiv({ hi: x, lo: 0 }, { hi: alpha, lo: 0 });
}

export function celu(x: number, alpha: number): number {
  if (x !== x || x === 0) return x;
  if (x > 0) return x;
  if (alpha === 0) return 0; // the limit α → 0: relu
  return round(ddMulNum(expm1DD(divide(x, alpha)), alpha));
}

export function celuDerivative(x: number, alpha: number): number {
  if (x !== x) return x;
  if (x > 0) return 1;
  const q = divide(x, alpha);
  if (q.hi < -1400) return 0;
  expSplit(q.hi, q.lo);
  return scaleToNumber(EXP.hi, EXP.lo, EXP.k);
}

export function celuSecondDerivative(x: number, alpha: number): number {
  if (x !== x) return x;
  if (x > 0) return 0;
  if (x === 0) return NaN;
  const q = divide(x, alpha);
  if (q.hi < -1400) return 0;
  expSplit(q.hi, q.lo);
  const m = ddDiv({ hi: EXP.hi, lo: EXP.lo }, { hi: alpha, lo: 0 });
  return scaleToNumber(m.hi, m.lo, EXP.k);
}

// ---- softsign: x / (1 + |x|) ----

export function softsign(x: number): number {
  if (x !== x || x === 0) return x;
  if (!isFinite(x)) return x > 0 ? 1 : -1;
  return round(ddDiv({ hi: x, lo: 0 }, twoSum(1, Math.abs(x))));
}

export function softsignDerivative(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax > 1e100) {
    const r = 1 / ax; // 1/(1+|x|)² = 1/x² to far below an ulp (and the exact split would overflow)
    return r * r;
  }
  const d = twoSum(1, ax);
  return round(ddDiv({ hi: 1, lo: 0 }, ddMul(d, d)));
}

/** -2 sign(x) / (1 + |x|)³; undefined at 0, where f'' jumps from 2 to -2. */
export function softsignSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (x === 0) return NaN;
  const ax = Math.abs(x);
  if (ax > 1e100) return 0 * -Math.sign(x);
  const d = twoSum(1, ax);
  const r = round(ddDiv({ hi: 2, lo: 0 }, ddMul(ddMul(d, d), d)));
  return x > 0 ? -r : r;
}

// ---- squareplus: (x + √(x² + b)) / 2 ----

function rootXSquaredPlusB(x: number, b: number): DD {
  return ddSqrt(ddAddNum(twoProd(x, x), b));
}

export function squareplus(x: number, b: number): number {
  if (x !== x) return x;
  if (x === Infinity) return x;
  if (x === -Infinity) return 0;
  const ax = Math.abs(x);
  if (ax > 1e100) return x > 0 ? x : b / 4 / ax; // b/(4x²) relative to x is below 2^-600
  const r = rootXSquaredPlusB(x, b);
  if (x >= 0) return round(ddAddNum(r, x)) / 2;
  // x + r = b / (r - x) for x < 0, without the cancellation
  return round(ddDiv({ hi: b, lo: 0 }, ddAddNum(r, -x))) / 2;
}

export function squareplusDerivative(x: number, b: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax > 1e100) return x > 0 ? 1 : b / 4 / ax / ax;
  const r = rootXSquaredPlusB(x, b);
  if (r.hi === 0) return 0.5; // b = 0 at x = 0: relu's kink, take the mean of the one-sided slopes
  if (x >= 0) return round(ddAddNum(ddDiv({ hi: x, lo: 0 }, r), 1)) / 2;
  return round(ddDiv({ hi: b, lo: 0 }, ddMul(r, ddAddNum(r, -x)))) / 2;
}

export function squareplusSecondDerivative(x: number, b: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax > 1e100) return 0;
  const r = rootXSquaredPlusB(x, b);
  if (r.hi === 0) return NaN;
  return round(ddDiv({ hi: b, lo: 0 }, ddMul(ddMul(r, r), r))) / 2;
}

// ---- tanh, tanhshrink, exponential ----

export function tanhDerivative(x: number): number {
  if (x !== x) return x;
  if (!isFinite(x)) return 0;
  return round(sech2DD(x));
}

/** -2 tanh(x) sech²(x). */
export function tanhSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (!isFinite(x)) return 0 * -Math.sign(x);
  return -2 * round(ddMul(tanhDD(x), sech2DD(x)));
}

export function tanhshrink(x: number): number {
  if (x !== x || x === 0) return x;
  if (!isFinite(x)) return x;
  return round(tanhshrinkDD(x));
}

/** tanh²(x). */
export function tanhshrinkDerivative(x: number): number {
  if (x !== x) return x;
  const t = tanhDD(x);
  return round(ddMul(t, t));
}

/** 2 tanh(x) sech²(x). */
export function tanhshrinkSecondDerivative(x: number): number {
  return -tanhSecondDerivative(x);
}

export { accurateExp as exponential };
