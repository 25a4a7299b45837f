// The sigmoid family: σ, σ', σ'', softplus (with torch's beta and threshold), log_sigmoid.
// stableSigmoid and stableSigmoidDerivative are the hot paths (hover sampling, plots, the bench): they
// allocate nothing. Both take e^(-|x|) as a double-double from expSplit and divide with the exact residual
// (Dekker product, no FMA in JS), so the only rounding that counts is the final one.
import {
  DD_LO, SPLITTER, ddAdd, ddAddNum, ddAddNumParts, ddAddParts, ddDiv, ddDivParts, ddExp, ddMulNumParts, ddMulParts, ddScale,
  twoProd, twoProdParts, type DD,
} from './dd';
import { EXP, EXP_TABLES, expDD, expDDParts, expSplit, fillExpTables, scaleToNumber } from './exp';
import { accurateTanh, log1pParts } from './elementary';

// Local aliases of the allocation-free helpers: hot paths read a module constant, not another module's
// live binding (which a CommonJS build turns into a getter call per use).
const LO = DD_LO;
const addParts = ddAddParts;
const addNumParts = ddAddNumParts;
const mulParts = ddMulParts;
const mulNumParts = ddMulNumParts;
const divParts = ddDivParts;
const prodParts = twoProdParts;
const expParts = expDDParts;
const log1pPartsLocal = log1pParts;
const tanhLocal = accurateTanh;

/**
 * Beyond this |x| the exponential term E = e^(-|x|) is below 2^-64: σ(x) = E(1 - E + ...) is E to well
 * under an ulp for x < 0, and σ(x) = 1 - E rounds to 1 for x > 0.
 */
const TAIL = 45;

// Local aliases of the exp tables and the Dekker splitter: module-level constants, so the hot paths read them
// directly rather than through another module's live binding.
const { TABLE_HI: T_HI, TABLE_LO: T_LO, INV_STEP, C_HI, C_LO, ROUNDER, POW2 } = EXP_TABLES;
const SPLIT = SPLITTER;
const INV6 = 1 / 6;
const INV24 = 1 / 24;
const INV120 = 1 / 120;

// The exp reduction of exp.ts, inlined below as exp(-a) for 0 <= a <= TAIL = eh + el (relative error ~2^-60):
// a call and result registers cost as much as the arithmetic in these loops.
const expSplitTail = expSplit;
const EXP_OUT = EXP;
const scaleTail = scaleToNumber;

/** σ(x) = 1/(1 + e^(-x)), within 0.5 ulp + 2^-8 ulp over the whole double range, subnormal tail included. */
export function stableSigmoid(x: number): number {
  if (x >= 0) {
    if (x > TAIL) return 1;
    const a = x;
    const kf = -a * INV_STEP + ROUNDER - ROUNDER;
    const pr = -a - kf * C_HI;
    const b = -kf * C_LO;
    const r = pr + b;
    const u = pr + (b + r * r * (0.5 + r * (INV6 + r * (INV24 + r * INV120))));
    const ki = kf | 0;
    if (T_HI[1] === 0) fillExpTables();
    const th = T_HI[ki & 255]!;
    const tt = th * u + T_LO[ki & 255]! * (1 + u);
    const hi = th + tt;
    const sc = POW2[(ki >> 8) + 1022]!;
    const eh = hi * sc;
    const el = (tt - (hi - th)) * sc;
    // d = 1 + E as s + dl (1 >= eh, so the fast two-sum is exact)
    const s = 1 + eh;
    const dl = eh - (s - 1) + el;
    const q = 1 / s;
    // residual 1 - q*s exactly (Dekker), then minus q*dl
    let t = SPLIT * q;
    const qh = t - (t - q);
    const ql = q - qh;
    t = SPLIT * s;
    const sh = t - (t - s);
    const sl = s - sh;
    const p = q * s;
    const pe = qh * sh - p + qh * sl + ql * sh + ql * sl;
    return q + q * (1 - p - pe - q * dl);
  }
  if (x < 0) {
    if (x < -TAIL) {
      if (x < -745.2) return 0;
      expSplitTail(x, 0);
      return scaleTail(EXP_OUT.hi, EXP_OUT.lo, EXP_OUT.k);
    }
    const a = -x;
    const kf = -a * INV_STEP + ROUNDER - ROUNDER;
    const pr = -a - kf * C_HI;
    const b = -kf * C_LO;
    const r = pr + b;
    const u = pr + (b + r * r * (0.5 + r * (INV6 + r * (INV24 + r * INV120))));
    const ki = kf | 0;
    if (T_HI[1] === 0) fillExpTables();
    const th = T_HI[ki & 255]!;
    const tt = th * u + T_LO[ki & 255]! * (1 + u);
    const hi = th + tt;
    const sc = POW2[(ki >> 8) + 1022]!;
    const eh = hi * sc;
    const el = (tt - (hi - th)) * sc;
    const s = 1 + eh;
    const dl = eh - (s - 1) + el;
    const q = eh / s;
    let t = SPLIT * q;
    const qh = t - (t - q);
    const ql = q - qh;
    t = SPLIT * s;
    const sh = t - (t - s);
    const sl = s - sh;
    const p = q * s;
    const pe = qh * sh - p + qh * sl + ql * sh + ql * sl;
    return q + (eh - p - pe + el - q * dl) / s;
  }
  return x; // NaN
}

/** σ'(x) = σ(x)σ(-x) = E/(1+E)^2 with E = e^(-|x|): relative accuracy in both tails (never σ(1-σ)). */
export function stableSigmoidDerivative(x: number): number {
  const a = x < 0 ? -x : x;
  if (a > TAIL) {
    if (a > 745.2) return 0;
    // (1+E)^-2 = 1 - 2E + ...: 2E < 2^-63 here.
    expSplitTail(-a, 0);
    return scaleTail(EXP_OUT.hi, EXP_OUT.lo, EXP_OUT.k);
  }
  if (a !== a) return a;
  const kf = -a * INV_STEP + ROUNDER - ROUNDER;
  const pr = -a - kf * C_HI;
  const b = -kf * C_LO;
  const r = pr + b;
  const u = pr + (b + r * r * (0.5 + r * (INV6 + r * (INV24 + r * INV120))));
  const ki = kf | 0;
  if (T_HI[1] === 0) fillExpTables();
  const th = T_HI[ki & 255]!;
  const tt = th * u + T_LO[ki & 255]! * (1 + u);
  const hi = th + tt;
  const sc = POW2[(ki >> 8) + 1022]!;
  const eh = hi * sc;
  const el = (tt - (hi - th)) * sc;
  const s = 1 + eh;
  const dl = eh - (s - 1) + el;
  // D^2 = s^2 + 2 s dl, with s^2 exact
  let t = SPLIT * s;
  const sh = t - (t - s);
  const sl = s - sh;
  const p = s * s;
  const pe = sh * sh - p + 2 * sh * sl + sl * sl;
  const d2l = pe + 2 * s * dl;
  const q = eh / p;
  t = SPLIT * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = SPLIT * p;
  const ph = t - (t - p);
  const pl = p - ph;
  const m = q * p;
  const me = qh * ph - m + qh * pl + ql * ph + ql * pl;
  return q + (eh - m - me + el - q * d2l) / p;
}

/**
 * σ(x), σ'(x) and, when `withSecond`, σ''(x) into out[0..2]: the numbers stableSigmoid,
 * stableSigmoidDerivative and sigmoidSecondDerivative return, from one E = e^(-|x|) (both formulas
 * start from the same E and 1 + E; only the final division differs).
 */
export function sigmoidJoint(x: number, out: Float64Array, withSecond: boolean): void {
  const a = x < 0 ? -x : x;
  if (!(a <= TAIL)) {
    // the tails (one exp each, nothing to share) and NaN
    out[0] = stableSigmoid(x);
    out[1] = stableSigmoidDerivative(x);
    if (withSecond) out[2] = sigmoidSecondDerivative(x);
    return;
  }
  const kf = -a * INV_STEP + ROUNDER - ROUNDER;
  const pr = -a - kf * C_HI;
  const b = -kf * C_LO;
  const r = pr + b;
  const u = pr + (b + r * r * (0.5 + r * (INV6 + r * (INV24 + r * INV120))));
  const ki = kf | 0;
  if (T_HI[1] === 0) fillExpTables();
  const th = T_HI[ki & 255]!;
  const tt = th * u + T_LO[ki & 255]! * (1 + u);
  const hi = th + tt;
  const sc = POW2[(ki >> 8) + 1022]!;
  const eh = hi * sc;
  const el = (tt - (hi - th)) * sc;
  const s = 1 + eh;
  const dl = eh - (s - 1) + el;
  let t = SPLIT * s;
  const sh = t - (t - s);
  const sl = s - sh;
  // σ: 1/(1 + E) for x >= 0, E/(1 + E) below, each with its exact residual (as stableSigmoid)
  const q = x >= 0 ? 1 / s : eh / s;
  t = SPLIT * q;
  let qh = t - (t - q);
  let ql = q - qh;
  let p = q * s;
  let pe = qh * sh - p + qh * sl + ql * sh + ql * sl;
  out[0] = x >= 0 ? q + q * (1 - p - pe - q * dl) : q + (eh - p - pe + el - q * dl) / s;
  // σ' = E/(1 + E)^2 (as stableSigmoidDerivative)
  p = s * s;
  pe = sh * sh - p + 2 * sh * sl + sl * sl;
  const d2l = pe + 2 * s * dl;
  const qd = eh / p;
  t = SPLIT * qd;
  qh = t - (t - qd);
  ql = qd - qh;
  t = SPLIT * p;
  const ph = t - (t - p);
  const pl = p - ph;
  const m = qd * p;
  const me = qh * ph - m + qh * pl + ql * ph + ql * pl;
  out[1] = qd + (eh - m - me + el - qd * d2l) / p;
  if (withSecond) out[2] = -out[1] * tanhLocal(x / 2);
}

/** σ''(x) = σ'(x)(1 - 2σ(x)) = -σ'(x) tanh(x/2): no cancellation of 1 - 2σ near 0. */
export function sigmoidSecondDerivative(x: number): number {
  if (x !== x) return x;
  return -stableSigmoidDerivative(x) * tanhLocal(x / 2);
}

/**
 * σ(z) for a double-double argument as (hi + lo) * 2^k, so callers that multiply by a factor before
 * rounding (silu, the tanh-form GELU) keep full relative precision even when the result is subnormal.
 */
export interface Scaled {
  readonly m: DD;
  readonly k: number;
}

/**
 * Where a caller's result cancels (silu', mish' and the tanh-form GELU' near their zeros), the fast exp's
 * 2^-60 is not enough: `precise` switches to the ~2^-100 ddExp for arguments of moderate size.
 */
function expFor(v: number, lo: number, precise: boolean): DD {
  return precise ? ddExp({ hi: v, lo }) : expDD(v, lo);
}

export function sigmoidScaled(z: DD, precise = false): Scaled {
  const v = z.hi;
  if (v !== v) return { m: { hi: NaN, lo: 0 }, k: 0 };
  if (v > 40) return { m: { hi: 1, lo: -expDD(-v, -z.lo).hi }, k: 0 };
  if (v < -TAIL) {
    if (v < -1400) return { m: { hi: 0, lo: 0 }, k: 0 };
    expSplit(v, z.lo);
    return { m: { hi: EXP.hi, lo: EXP.lo }, k: EXP.k };
  }
  const neg = v < 0;
  const e = neg ? expFor(v, z.lo, precise) : expFor(-v, -z.lo, precise);
  const d = ddAddNum(e, 1);
  return { m: ddDiv(neg ? e : { hi: 1, lo: 0 }, d), k: 0 };
}

/** The exponent of the last sigmoidDerivativeScaledParts result. */
const SCALED_K = { k: 0 };

/** σ'(z) = E/(1+E)^2, E = e^(-|z|), for a double-double argument, scaled like sigmoidScaled. */
export function sigmoidDerivativeScaled(z: DD, precise = false): Scaled {
  const hi = sigmoidDerivativeScaledParts(z.hi, z.lo, precise);
  return { m: { hi, lo: LO.lo }, k: SCALED_K.k };
}

/** sigmoidDerivativeScaled without the objects: the mantissa's high part, its low part in LO.lo, k in SCALED_K.k. */
function sigmoidDerivativeScaledParts(zh: number, zl: number, precise: boolean): number {
  SCALED_K.k = 0;
  LO.lo = 0;
  const v = zh;
  if (v !== v) return NaN;
  const ah = v < 0 ? -v : zh;
  const al = v < 0 ? -zl : zl;
  if (ah > TAIL) {
    if (ah > 1400) return 0;
    expSplit(-ah, -al);
    SCALED_K.k = EXP.k;
    LO.lo = EXP.lo;
    return EXP.hi;
  }
  let eh: number;
  let el: number;
  if (precise) {
    const e = ddExp({ hi: -ah, lo: -al });
    eh = e.hi;
    el = e.lo;
  } else {
    eh = expParts(-ah, -al);
    el = LO.lo;
  }
  const dh = addNumParts(eh, el, 1);
  const dl = LO.lo;
  const d2h = mulParts(dh, dl, dh, dl);
  return divParts(eh, el, d2h, LO.lo);
}

export function scaledToNumber(s: Scaled): number {
  return scaleToNumber(s.m.hi, s.m.lo, s.k);
}

/** The exact (no threshold) softplus log(1 + e^z) of a double-double z, as a double-double. */
export function softplusDD(z: DD): DD {
  const hi = softplusParts(z.hi, z.lo);
  return { hi, lo: LO.lo };
}

/** softplusDD without the objects: the high part, the low part in LO.lo. */
function softplusParts(zh: number, zl: number): number {
  const v = zh;
  LO.lo = 0;
  if (v !== v) return NaN;
  if (v === Infinity) return Infinity;
  if (v > 40) {
    // z + log1p(e^-z) with e^-z < 2^-57: log1p(E) = E - E^2/2.
    const eh = expParts(-v, -zl);
    return addNumParts(zh, zl, eh);
  }
  if (v >= 0) {
    const eh = expParts(-v, -zl);
    const lh = log1pPartsLocal(eh, LO.lo);
    return addParts(zh, zl, lh, LO.lo);
  }
  if (v < -TAIL) return expParts(v, zl);
  const eh = expParts(v, zl);
  return log1pPartsLocal(eh, LO.lo);
}

/** log(1 + e^x) exactly (no threshold), rounded once. */
export function exactSoftplus(x: number): number {
  if (x < -TAIL) {
    if (x < -745.2) return 0;
    expSplit(x, 0);
    return scaleToNumber(EXP.hi, EXP.lo, EXP.k);
  }
  const hi = softplusParts(x, 0);
  return hi + LO.lo;
}

/**
 * torch.nn.functional.softplus(x, beta, threshold): log(1 + e^(βx))/β, and x itself where βx > threshold
 * (threshold = Infinity gives the plain softplus of Keras, JAX, TF and ONNX).
 */
export function softplus(x: number, beta: number, threshold: number): number {
  if (x !== x) return x;
  // β = 1 (every framework's default): βx is x exactly
  if (beta === 1) return x > threshold ? x : exactSoftplus(x);
  const bx = twoProd(beta, x);
  if (bx.hi > threshold) return x;
  if (beta === 1) return exactSoftplus(x);
  const bxv = bx.hi;
  if (bxv < -TAIL) {
    // e^(βx)/β, kept scaled so a subnormal result is rounded once.
    if (bxv < -1400) return 0;
    expSplit(bxv, bx.lo);
    const m = ddDiv({ hi: EXP.hi, lo: EXP.lo }, { hi: beta, lo: 0 });
    return scaleToNumber(m.hi, m.lo, EXP.k);
  }
  if (!isFinite(bxv)) return bxv > 0 ? x : 0;
  const r = ddDiv(softplusDD(bx), { hi: beta, lo: 0 });
  return r.hi + r.lo;
}

/** softplus'(x) = σ(βx), or 1 beyond the threshold (torch's backward uses the same switch). */
export function softplusDerivative(x: number, beta: number, threshold: number): number {
  if (x !== x) return x;
  if (beta === 1) return x > threshold ? 1 : stableSigmoid(x);
  const bx = twoProd(beta, x);
  if (bx.hi > threshold) return 1;
  return scaledToNumber(sigmoidScaled(bx));
}

export function softplusSecondDerivative(x: number, beta: number, threshold: number): number {
  if (x !== x) return x;
  const bxh = prodParts(beta, x);
  if (bxh > threshold) return 0;
  const mh = sigmoidDerivativeScaledParts(bxh, LO.lo, false);
  const k = SCALED_K.k;
  const rh = mulNumParts(mh, LO.lo, beta);
  return scaleToNumber(rh, LO.lo, k);
}

/** log σ(x) = -softplus(-x). */
export function logSigmoid(x: number): number {
  return -exactSoftplus(-x);
}

/** a * 2^k for a double-double of moderate size; zero below 2^-1100. */
export function scaleDD(a: DD, k: number): DD {
  if (k < -1100) return { hi: 0, lo: 0 };
  if (k < -1000) return ddScale(ddScale(a, 2 ** -1000), 2 ** (k + 1000));
  return ddScale(a, 2 ** k);
}

/** Sum of two scaled values; the one with the smaller exponent is folded into the other. */
export function addScaled(a: Scaled, b: Scaled): Scaled {
  if (a.k === b.k) return { m: ddAdd(a.m, b.m), k: a.k };
  // Different exponents only when one side is far below the other's ulp range; fold it in by scaling.
  return a.k > b.k
    ? { m: ddAdd(a.m, scaleDD(b.m, b.k - a.k)), k: a.k }
    : { m: ddAdd(b.m, scaleDD(a.m, a.k - b.k)), k: b.k };
}

