// GELU in both forms. The exact form needs erfc(t) with t = -x/√2 to full relative precision deep into
// the tail: erfc amplifies an argument error by about 2t^2, so t and t^2 are double-doubles, and the
// result keeps its exponential factor e^(-t^2) separate (as m * 2^k) until the one final rounding, so
// gelu stays right down to its subnormal tail near x = -38.
//   erfc(t) = G(t) * e^(-t^2), with the scaled complement G = e^(t^2) erfc(t) from
//   - t < 0.5:      G = (1 - erf t) e^(t^2), erf t = (2/√π) e^(-t^2) S(t)
//   - 0.5 <= t < 5: G = e^(t^2) - (2/√π) S(t)   (both to ~2^-104, the difference keeps > 2^-65)
//   - t >= 5:       G = (1/√π) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...))))  (Laplace's continued fraction)
//   where S(t) = Σ 2^n t^(2n+1) / (1·3·5···(2n+1)) has only positive terms.
import {
  PI, ddAdd, ddAddNum, ddDiv, ddExp, ddExpParts, ddMul, ddMulNum, ddNeg, ddScale, ddSqrt, twoProd, type DD,
} from './dd';
import { scaleToNumber } from './exp';
import { accurateTanh } from './elementary';
import { addScaled, scaleDD, sigmoidDerivativeScaled, sigmoidScaled } from './sigmoid';

const ONE: DD = { hi: 1, lo: 0 };
const SQRT_PI = ddSqrt(PI);
const TWO_OVER_SQRT_PI = ddDiv({ hi: 2, lo: 0 }, SQRT_PI);
const INV_SQRT_PI = ddDiv(ONE, SQRT_PI);
const INV_SQRT2 = ddSqrt({ hi: 0.5, lo: 0 });
const INV_SQRT_2PI = ddDiv(ONE, ddSqrt(ddScale(PI, 2)));
/** √(2/π) and 0.044715 of the tanh approximation, both to double-double precision. */
const TANH_C1 = ddSqrt(ddDiv({ hi: 2, lo: 0 }, PI));
const TANH_C2 = ddDiv({ hi: 44715, lo: 0 }, { hi: 1e6, lo: 0 });

function seriesS(t: DD, t2: DD): DD {
  const twoT2 = ddScale(t2, 2);
  let term = t;
  let sum = t;
  for (let n = 1; n < 400; n++) {
    term = ddDiv(ddMul(term, twoT2), { hi: 2 * n + 1, lo: 0 });
    sum = ddAdd(sum, term);
    if (Math.abs(term.hi) < Math.abs(sum.hi) * 2 ** -110) break;
  }
  return sum;
}

/** G(t) = e^(t^2) erfc(t) for t >= 0 (t2 = t^2, both double-doubles). */
function erfcScaled(t: DD, t2: DD): DD {
  const v = t.hi;
  if (v < 0.5) {
    const erf = ddMul(ddMul(TWO_OVER_SQRT_PI, ddExp(ddNeg(t2))), seriesS(t, t2));
    return ddMul(ddAddNum(ddNeg(erf), 1), ddExp(t2));
  }
  if (v < 5) return ddAdd(ddExp(t2), ddNeg(ddMul(TWO_OVER_SQRT_PI, seriesS(t, t2))));
  if (v > 1e8) return ddDiv(INV_SQRT_PI, t);
  // Depth enough for 2^-70 at t = 5 and more beyond (it converges faster as t grows).
  const depth = Math.ceil(40 + 1500 / (v * v));
  let k: DD = t;
  for (let n = depth; n >= 1; n--) k = ddAdd(t, ddDiv({ hi: n / 2, lo: 0 }, k));
  return ddDiv(INV_SQRT_PI, k);
}

/** Φ(x) (standard normal CDF) and the pieces gelu and gelu' share. */
interface NormalParts {
  /** e^(-x^2/2) = expo.m * 2^expo.k */
  readonly expo: { m: DD; k: number };
  /** G(|x|/√2) */
  readonly g: DD;
}

function normalParts(x: number): NormalParts {
  const t = ddMulNum(INV_SQRT2, Math.abs(x));
  const t2 = ddScale(twoProd(x, x), 0.5);
  return { expo: ddExpParts(ddNeg(t2)), g: erfcScaled(t, t2) };
}

function scaled(m: DD, k: number): number {
  return scaleToNumber(m.hi, m.lo, k);
}

/** GELU, exact form: x Φ(x) = x erfc(-x/√2) / 2. */
export function geluErf(x: number): number {
  if (x !== x) return x;
  if (x === Infinity) return x;
  if (x === -Infinity || x < -60) return -0;
  if (x === 0) return x;
  if (x > 40) return x; // 1 - Φ(40) < 2^-1000
  const p = normalParts(x);
  const tail = ddScale(ddMul(p.g, p.expo.m), 0.5); // erfc(|t|)/2 = Φ(-|x|), scaled by 2^-k
  if (x < 0) return scaled(ddMulNum(tail, x), p.expo.k);
  const phi = ddAddNum(ddNeg(scaleDD(tail, p.expo.k)), 1);
  const r = ddMulNum(phi, x);
  return r.hi + r.lo;
}

/** GELU', exact form: Φ(x) + x φ(x). Near x = -0.75 the two terms cancel; both are double-doubles. */
export function geluErfDerivative(x: number): number {
  if (x !== x) return x;
  if (x === Infinity || x > 40) return 1;
  if (x === -Infinity || x < -60) return -0;
  const p = normalParts(x);
  const xphi = ddMulNum(INV_SQRT_2PI, x); // x φ(x) / e^(-x^2/2)
  if (x < 0) {
    // e^(-x^2/2) (G/2 + x/√(2π))
    const bracket = ddAdd(ddScale(p.g, 0.5), xphi);
    return scaled(ddMul(bracket, p.expo.m), p.expo.k);
  }
  const e = scaleDD(p.expo.m, p.expo.k);
  const r = ddAdd(ddAddNum(ddNeg(ddScale(ddMul(p.g, e), 0.5)), 1), ddMul(xphi, e));
  return r.hi + r.lo;
}

/** GELU'', exact form: φ(x)(2 - x^2). */
export function geluErfSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (!isFinite(x) || Math.abs(x) > 60) return 0;
  const t2 = ddScale(twoProd(x, x), 0.5);
  const e = ddExpParts(ddNeg(t2));
  const factor = ddMul(INV_SQRT_2PI, ddAddNum(ddNeg(twoProd(x, x)), 2));
  return scaled(ddMul(factor, e.m), e.k);
}

/** z = 2√(2/π)(x + 0.044715 x^3) and z' for the tanh form, as double-doubles. */
function tanhFormArgument(x: number): { z: DD; dz: DD } {
  const x2 = twoProd(x, x);
  const x3 = ddMulNum(x2, x);
  const inner = ddAddNum(ddMul(TANH_C2, x3), x);
  const z = ddScale(ddMul(TANH_C1, inner), 2);
  const dz = ddScale(ddMul(TANH_C1, ddAddNum(ddMul(ddMulNum(TANH_C2, 3), x2), 1)), 2);
  return { z, dz };
}

/** The tanh approximation: x/2 (1 + tanh(√(2/π)(x + 0.044715x^3))) = x σ(2√(2/π)(x + 0.044715x^3)). */
export function geluTanh(x: number): number {
  if (x !== x) return x;
  if (x === 0) return x;
  if (x > 40 || x === Infinity) return x;
  if (x < -40) return -0;
  const { z } = tanhFormArgument(x);
  const s = sigmoidScaled(z);
  return scaled(ddMulNum(s.m, x), s.k);
}

/** d/dx of the tanh form: σ(z) + x σ'(z) z'. */
export function geluTanhDerivative(x: number): number {
  if (x !== x) return x;
  if (x > 40 || x === Infinity) return 1;
  if (x < -40) return -0;
  const { z, dz } = tanhFormArgument(x);
  const precise = x > -3 && x < 0; // the derivative vanishes near -0.752
  const s = sigmoidScaled(z, precise);
  const ds = sigmoidDerivativeScaled(z, precise);
  const r = addScaled(s, { m: ddMul(ddMulNum(ds.m, x), dz), k: ds.k });
  return scaled(r.m, r.k);
}

/** Second derivative of the tanh form: σ'(z) (2z' + x(z'' - tanh(z/2) z'^2)). */
export function geluTanhSecondDerivative(x: number): number {
  if (x !== x) return x;
  if (!isFinite(x) || Math.abs(x) > 40) return 0;
  const { z, dz } = tanhFormArgument(x);
  const ds = sigmoidDerivativeScaled(z);
  const dzv = dz.hi + dz.lo;
  const d2z = 2 * (TANH_C1.hi * 6 * TANH_C2.hi * x);
  const bracket = 2 * dzv + x * (d2z - accurateTanh((z.hi + z.lo) / 2) * dzv * dzv);
  return scaled(ddMulNum(ds.m, bracket), ds.k);
}
