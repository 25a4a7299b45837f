// GELU in both forms. The exact form needs erfc(t) with t = -x/√2 to full relative precision deep into
// the tail: erfc amplifies an argument error by about 2t^2, so t and t^2 are double-doubles, and the
// result keeps its exponential factor e^(-t^2) separate (as m * 2^k) until the one final rounding, so
// gelu stays right down to its subnormal tail near x = -38.
//   erfc(t) = G(t) * e^(-t^2), with the scaled complement G = e^(t^2) erfc(t) from
//   - t < 0.5:      G = (1 - erf t) e^(t^2), erf t = (2/√π) e^(-t^2) S(t)
//   - 0.5 <= t < 5: G = e^(t^2) - (2/√π) S(t)   (both to ~2^-104, the difference keeps > 2^-65)
//   - t >= 5:       G = (1/√π) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...))))  (Laplace's continued fraction)
//   where S(t) = Σ 2^n t^(2n+1) / (1·3·5···(2n+1)) has only positive terms.
// That path costs ~13 µs per call; for 2^-900 <= |x| <= 26 a double-precision path (below, ~0.5 µs)
// with a tabulated e^(x^2/2) Φ(-|x|) takes over with the same accuracy goals.
import {
  DD_LO, PI, ddAdd, ddAddNum, ddAddNumParts, ddAddParts, ddDiv, ddDivParts, ddExp, ddExpHiLo, ddExpParts,
  ddExpPartsParts, ddMul, ddMulNum, ddMulNumParts, ddMulParts, ddNeg, ddScale, ddSqrt, twoProd, twoProdParts, type DD,
} from './dd';
import { EXP, EXP_TABLES, expSplit, scaleToNumber } from './exp';
import { GELU_R_DEGREE, GELU_R_STRIDE, GELU_R_TABLE } from './geluTable';
import { accurateTanh } from './elementary';
import { addScaled, scaleDD, sigmoidDerivativeScaled, sigmoidScaled } from './sigmoid';

// Local aliases of the hot path's imports: read as module constants, not through another module's live binding
// (which a CommonJS build turns into a getter call per use).
const EXP_OUT = EXP;
const expSplitLocal = expSplit;
const R_TABLE = GELU_R_TABLE;
const R_DEGREE = GELU_R_DEGREE;
const R_STRIDE = GELU_R_STRIDE;
const tanhLocal = accurateTanh;
const LO = DD_LO;
const addParts = ddAddParts;
const addNumParts = ddAddNumParts;
const mulParts = ddMulParts;
const mulNumParts = ddMulNumParts;
const divParts = ddDivParts;
const prodParts = twoProdParts;
const expHiLo = ddExpHiLo;
const expMK = ddExpPartsParts;
const scaleLocal = scaleToNumber;

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

// ---- The double-double path of gelu' where it crosses zero, without the objects ----
// The same operations in the same order as normalParts, erfcScaled and seriesS (so bit-identical to them),
// on unpacked double-doubles: each step returns the high part and leaves the low part in LO.lo. The panel
// samples ~30 points of every 2,000 on [-6, 6] here, and with an object per step they cost as much as the rest.

/** seriesS(t, t2): the high part, the low part in LO.lo. */
function seriesSParts(th: number, tl: number, t2h: number, t2l: number): number {
  const wh = t2h * 2;
  const wl = t2l * 2;
  let termh = th;
  let terml = tl;
  let sumh = th;
  let suml = tl;
  for (let n = 1; n < 400; n++) {
    const ph = mulParts(termh, terml, wh, wl);
    termh = divParts(ph, LO.lo, 2 * n + 1, 0);
    terml = LO.lo;
    sumh = addParts(sumh, suml, termh, terml);
    suml = LO.lo;
    if (Math.abs(termh) < Math.abs(sumh) * 2 ** -110) break;
  }
  LO.lo = suml;
  return sumh;
}

/** erfcScaled(t, t2) for 0 <= t < 5: the high part, the low part in LO.lo. */
function erfcScaledParts(th: number, tl: number, t2h: number, t2l: number): number {
  if (th < 0.5) {
    const eh = expHiLo(-t2h, -t2l);
    const ch = mulParts(TWO_OVER_SQRT_PI.hi, TWO_OVER_SQRT_PI.lo, eh, LO.lo);
    const cl = LO.lo;
    const sh = seriesSParts(th, tl, t2h, t2l);
    const erfh = mulParts(ch, cl, sh, LO.lo);
    const oh = addNumParts(-erfh, -LO.lo, 1);
    const ol = LO.lo;
    const fh = expHiLo(t2h, t2l);
    return mulParts(oh, ol, fh, LO.lo);
  }
  const fh = expHiLo(t2h, t2l);
  const fl = LO.lo;
  const sh = seriesSParts(th, tl, t2h, t2l);
  const ch = mulParts(TWO_OVER_SQRT_PI.hi, TWO_OVER_SQRT_PI.lo, sh, LO.lo);
  return addParts(fh, fl, -ch, -LO.lo);
}

/** geluErfDerivative's double-double path for -0.85 < x < -0.65: e^(-x^2/2) (G/2 + x/√(2π)). */
function geluDerivativeNearZero(x: number): number {
  const a = Math.abs(x);
  const th = mulNumParts(INV_SQRT2.hi, INV_SQRT2.lo, a);
  const tl = LO.lo;
  const ph = prodParts(x, x);
  const t2h = ph * 0.5;
  const t2l = LO.lo * 0.5;
  const mh = expMK(-t2h, -t2l);
  const ml = LO.lo;
  const k = LO.k;
  const gh = erfcScaledParts(th, tl, t2h, t2l);
  const gl = LO.lo;
  const xh = mulNumParts(INV_SQRT_2PI.hi, INV_SQRT_2PI.lo, x);
  const bh = addParts(gh * 0.5, gl * 0.5, xh, LO.lo);
  const rh = mulParts(bh, LO.lo, mh, ml);
  return scaleLocal(rh, LO.lo, k);
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


// ---- Double-precision path for 2^-900 <= |x| <= 26 (no allocation, results in module registers) ----
// With a = |x|, Q(a) = 1 - Phi(a) = E(a) R(a), E = e^(-a^2/2), R from the Taylor table in geluTable.ts.
// E is exp of the exact double-double -a^2/2 (expSplit, ~2^-60 relative, so the 2t^2 amplification of
// a rounded argument never arises); R = c0 + c1 h as a double-double (c0 stored as hi + lo, c1 h by
// Dekker) plus a Horner tail of at most ~0.02 R in doubles, so R is good to ~2^-58 relative and the
// Taylor truncation is below 2^-64. Products keep their low parts and each result is rounded once.
// Where the derivative crosses zero (x near -0.7518, kept to the 136-bit reference's relative error) the
// double-double path below is used instead, on (-0.85, -0.65); so are |x| > 26 (subnormal tails) and 0.
// Accuracy test (100,161 points): f 0.736 ulp, f' 0.745 ulp (the double-double path alone: 0.736, 0.500).
const FAST_MAX = 26;
const FAST_MIN = 2 ** -900;
const { POW2 } = EXP_TABLES;
const C_HI = INV_SQRT_2PI.hi;
const C_LO = INV_SQRT_2PI.lo;

/** Registers: R(a) = RH + RL; E(a) = (EH + EL) 2^EK. */
let RH = 0;
let RL = 0;
let EH = 0;
let EL = 0;
let EK = 0;

/** The rounding error of a*b (Dekker; |a|, |b| far from overflow). */
function prodErr(a: number, b: number, p: number): number {
  let t = 134217729 * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Fills RH/RL and EH/EL/EK for a = |x| in [2^-900, 26]. */
function fastParts(a: number): void {
  const i = (a * 2) | 0;
  const h = a - (i + 0.5) * 0.5; // exact
  const base = i * R_STRIDE;
  let s = R_TABLE[base + R_DEGREE + 1]!;
  for (let k = R_DEGREE - 1; k >= 2; k--) s = s * h + R_TABLE[base + k + 1]!;
  // c0 + c1 h exactly (to a double-double), the rest (at most ~0.02 R) rounded as doubles
  const c0 = R_TABLE[base]!;
  const c1 = R_TABLE[base + 2]!;
  const ph = c1 * h;
  const t = c0 + ph;
  const tl = sumErr(c0, ph, t) + (R_TABLE[base + 1]! + prodErr(c1, h, ph) + h * (h * s));
  RH = t + tl;
  RL = tl - (RH - t);
  const p = a * a;
  expSplitLocal(-0.5 * p, -0.5 * prodErr(a, a, p));
  EH = EXP_OUT.hi;
  EL = EXP_OUT.lo;
  EK = EXP_OUT.k;
}

/** x Phi(x) on the fast range. */
function geluFast(x: number): number {
  fastParts(Math.abs(x));
  return geluFromParts(x);
}

/** x Phi(x) from the registers fastParts(|x|) filled. */
function geluFromParts(x: number): number {
  const scale = POW2[EK + 1022]!;
  // P = E R (relative ~2^-57)
  const ph = EH * RH;
  const pl = prodErr(EH, RH, ph) + (EH * RL + EL * RH);
  if (x < 0) {
    const xh = x * ph;
    return (xh + (prodErr(x, ph, xh) + x * pl)) * scale;
  }
  const qh = ph * scale;
  const sh = 1 - qh;
  const lo = sumErr(1, -qh, sh) - pl * scale; // 1 - Q as sh + lo
  const xh = x * sh;
  return xh + (prodErr(x, sh, xh) + x * lo);
}

/** The rounding error of s = a + b (Knuth's twoSum, any magnitudes). */
function sumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/** Φ(x) + x φ(x) on the fast range, x outside (-0.85, -0.65). */
function geluDerivativeFast(x: number): number {
  fastParts(Math.abs(x));
  return geluDerivativeFromParts(x);
}

/** Φ(x) + x φ(x) from the registers fastParts(|x|) filled. */
function geluDerivativeFromParts(x: number): number {
  const a = Math.abs(x);
  const scale = POW2[EK + 1022]!;
  // D = R(a) - a/√(2π), as dh + dl; then Q(a) - a φ(a) = E D.
  const ah = a * C_HI;
  const dh = RH - ah;
  const dl = sumErr(RH, -ah, dh) + RL - prodErr(a, C_HI, ah) - a * C_LO;
  const ph = EH * dh;
  const pl = prodErr(EH, dh, ph) + (EH * dl + EL * dh);
  if (x < 0) return (ph + pl) * scale; // Φ(x) + x φ(x) = Q(a) - a φ(a)
  // x > 0: Φ(x) + x φ(x) = 1 - Q(a) + a φ(a) = 1 - E D
  const qh = ph * scale;
  const sh = 1 - qh;
  return sh + (sumErr(1, -qh, sh) - pl * scale);
}

/** φ(x)(2 - x^2) on the fast range. */
function geluSecondDerivativeFast(x: number): number {
  const a = Math.abs(x);
  const p = a * a;
  expSplitLocal(-0.5 * p, -0.5 * prodErr(a, a, p));
  return geluSecondDerivativeFromExp(a, EXP_OUT.hi, EXP_OUT.lo, EXP_OUT.k);
}

/** φ(x)(2 - x^2) given e^(-x^2/2) = (eh + el) 2^ek, a = |x|. */
function geluSecondDerivativeFromExp(a: number, eh: number, el: number, ek: number): number {
  const p = a * a;
  const pe = prodErr(a, a, p);
  const th = 2 - p;
  const tl = sumErr(2, -p, th) - pe; // 2 - x^2 = th + tl
  const uh = C_HI * th;
  const ul = prodErr(C_HI, th, uh) + (C_HI * tl + C_LO * th);
  const vh = uh * eh;
  const vl = prodErr(uh, eh, vh) + (uh * el + ul * eh);
  return (vh + vl) * POW2[ek + 1022]!;
}

/**
 * GELU (exact form), its derivative and, when `withSecond`, its second derivative at x into out[0..2]:
 * the numbers geluErf, geluErfDerivative and geluErfSecondDerivative return, from one e^(-x^2/2) and one
 * R(|x|) on the fast range (the three share them: f = x(1 - E R), f' = 1 - E(R - a/√(2π)), f'' = φ(2 - x^2)).
 */
export function geluErfJoint(x: number, out: Float64Array, withSecond: boolean): void {
  const a = Math.abs(x);
  if (!(a <= FAST_MAX && a >= FAST_MIN)) {
    out[0] = geluErf(x);
    out[1] = geluErfDerivative(x);
    if (withSecond) out[2] = geluErfSecondDerivative(x);
    return;
  }
  fastParts(a);
  out[0] = geluFromParts(x);
  if (withSecond) out[2] = geluSecondDerivativeFromExp(a, EH, EL, EK);
  // the derivative's zero near -0.7518 needs the double-double path (see geluErfDerivative)
  out[1] = x < -0.65 && x > -0.85 ? geluErfDerivative(x) : geluDerivativeFromParts(x);
}

/** GELU, exact form: x Φ(x) = x erfc(-x/√2) / 2. */
export function geluErf(x: number): number {
  if (x !== x) return x;
  if (x === Infinity) return x;
  if (x === -Infinity || x < -60) return -0;
  if (x === 0) return x;
  if (x > 40) return x; // 1 - Φ(40) < 2^-1000
  const a = Math.abs(x);
  if (a <= FAST_MAX && a >= FAST_MIN) return geluFast(x);
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
  const a = Math.abs(x);
  if (a <= FAST_MAX && a >= FAST_MIN && !(x < -0.65 && x > -0.85)) return geluDerivativeFast(x);
  if (x < -0.65 && x > -0.85) return geluDerivativeNearZero(x);
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
  if (Math.abs(x) <= FAST_MAX) return geluSecondDerivativeFast(x);
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
  const bracket = 2 * dzv + x * (d2z - tanhLocal((z.hi + z.lo) / 2) * dzv * dzv);
  return scaled(ddMulNum(ds.m, bracket), ds.k);
}
