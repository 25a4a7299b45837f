// Double-double arithmetic: a value is hi + lo with |lo| <= ulp(hi)/2, about 106 bits.
// Used where one double rounding would cost ulps: residuals of divisions, sums that cancel, and the
// arguments of exp/erfc whose rounding error the function amplifies. No FMA in JavaScript, so exact
// products use Dekker's split. These helpers allocate a small object per result; the hot sigmoid path
// (sigmoid.ts) inlines the same steps without allocating.

export interface DD {
  readonly hi: number;
  readonly lo: number;
}

/** 2^27 + 1: splits a double into two 26-bit halves whose pairwise products are exact. */
export const SPLITTER = 134217729;

/** Exact sum of two doubles (Knuth), any magnitudes. */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  return { hi: s, lo: err };
}

/** Exact product of two doubles (Dekker) while |a|, |b| <= 1e300 and the product does not underflow. */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  // Beyond 2^996 the split itself overflows; there the low part is far below anything we round to.
  if (a > 1e300 || a < -1e300 || b > 1e300 || b < -1e300) return { hi: p, lo: 0 };
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  return { hi: p, lo: err };
}

function renorm(s: number, e: number): DD {
  const hi = s + e;
  return { hi, lo: e - (hi - s) };
}

export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = renorm(s.hi, s.lo + t.hi);
  r = renorm(r.hi, r.lo + t.lo);
  return r;
}

export function ddAddNum(a: DD, b: number): DD {
  const s = twoSum(a.hi, b);
  return renorm(s.hi, s.lo + a.lo);
}

export function ddNeg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

export function ddSub(a: DD, b: DD): DD {
  return ddAdd(a, ddNeg(b));
}

export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return renorm(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function ddMulNum(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return renorm(p.hi, p.lo + a.lo * b);
}

/** Multiplies by a power of two: exact unless it under- or overflows. */
export function ddScale(a: DD, pow2: number): DD {
  return { hi: a.hi * pow2, lo: a.lo * pow2 };
}

export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  if (!isFinite(q1) || q1 === 0) return { hi: q1, lo: 0 };
  let r = ddSub(a, ddMulNum(b, q1));
  const q2 = r.hi / b.hi;
  r = ddSub(r, ddMulNum(b, q2));
  const q3 = r.hi / b.hi;
  return ddAddNum(renorm(q1, q2), q3);
}

export function ddSqrt(a: DD): DD {
  if (a.hi <= 0) return { hi: a.hi === 0 ? 0 : NaN, lo: 0 };
  const s = Math.sqrt(a.hi);
  // One Newton step on s^2 = a, with the residual computed exactly.
  const r = ddSub(a, twoProd(s, s));
  return renorm(s, r.hi / (2 * s));
}

// ln 2 to 107 bits: the double nearest ln 2 and the double nearest the remainder.
export const LN2: DD = { hi: 0.6931471805599453, lo: 2.3190468138462996e-17 };
// pi to 107 bits, same convention.
export const PI: DD = { hi: 3.141592653589793, lo: 1.2246467991473532e-16 };

const TAYLOR_TERMS = 9; // |r| < 2^-11 after reduction: the tenth term is below 2^-120
const RECIPROCALS: DD[] = [];
for (let n = 0; n <= TAYLOR_TERMS; n++) RECIPROCALS.push(n === 0 ? { hi: Infinity, lo: 0 } : ddDivPlain(n));

function ddDivPlain(n: number): DD {
  const q = 1 / n;
  const p = twoProd(q, n);
  return renorm(q, (1 - p.hi - p.lo) / n);
}

/**
 * exp of a double-double to about 100 bits: reduction by k ln 2, a further 2^-10 scaling, a Taylor
 * series in double-double and ten squarings. Slow (hundreds of flops); used to build tables and in
 * paths such as erfc where the fast exp's 2^-60 is not enough. Returns {Infinity, 0} on overflow and
 * a possibly subnormal hi (lo 0) on underflow.
 */
export function ddExp(x: DD): DD {
  const p = ddExpParts(x);
  return ddScalePow2(p.m, p.k);
}

/**
 * exp(x) as m * 2^k with m a double-double in [0.5, 2] (or 0/Infinity/NaN with k = 0), so callers can
 * multiply before the one rounding into a subnormal result.
 */
export function ddExpParts(x: DD): { m: DD; k: number } {
  if (x.hi !== x.hi) return { m: { hi: NaN, lo: 0 }, k: 0 };
  if (x.hi > 709.8) return { m: { hi: Infinity, lo: 0 }, k: 0 };
  if (x.hi < -1e5) return { m: { hi: 0, lo: 0 }, k: 0 };
  const k = Math.round(x.hi / LN2.hi);
  const r = ddScale(ddSub(x, ddMulNum(LN2, k)), 1 / 1024);
  // Horner on 1 + r(1 + r/2(1 + r/3(...))) with the reciprocals 1/n as double-doubles.
  let sum: DD = { hi: 1, lo: 0 };
  for (let n = TAYLOR_TERMS; n >= 1; n--) sum = ddAddNum(ddMul(ddMul(sum, r), RECIPROCALS[n]!), 1);
  for (let i = 0; i < 10; i++) sum = ddMul(sum, sum);
  return { m: sum, k };
}

/** a * 2^k for integer k over the whole exponent range, in two steps so 2^k itself never overflows. */
export function ddScalePow2(a: DD, k: number): DD {
  if (k > 1000) return ddScale(ddScale(a, 2 ** 1000), 2 ** (k - 1000));
  if (k < -1000) {
    const b = ddScale(a, 2 ** -1000);
    // Normal results keep their low part; subnormal ones are rounded once, from the full sum.
    if (k >= -1022) return ddScale(b, 2 ** (k + 1000));
    return { hi: (b.hi + b.lo) * 2 ** (k + 1000), lo: 0 };
  }
  return ddScale(a, 2 ** k);
}

// ---- Allocation-free variants for hot paths ----
// The same operations, in the same order, as twoProd/ddAdd/ddAddNum/ddMul/ddMulNum/ddDiv above (so the
// results are bit-identical), on unpacked operands: each returns the high part and leaves the low part in
// DD_LO.lo, which the caller reads before the next call. Sampling loops call these thousands of times, and
// a fresh {hi, lo} per step costs more than the arithmetic.

/** Low part of the last result of the *Parts functions below (and the exponent, for ddExpPartsParts). */
export const DD_LO = { lo: 0, k: 0 };

/** twoProd(a, b): a*b, its rounding error in DD_LO.lo. */
export function twoProdParts(a: number, b: number): number {
  const p = a * b;
  if (a > 1e300 || a < -1e300 || b > 1e300 || b < -1e300) {
    DD_LO.lo = 0;
    return p;
  }
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  DD_LO.lo = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** ddAdd(a, b). */
export function ddAddParts(ah: number, al: number, bh: number, bl: number): number {
  const s = ah + bh;
  let bb = s - ah;
  const se = ah - (s - bb) + (bh - bb);
  const t = al + bl;
  bb = t - al;
  const te = al - (t - bb) + (bl - bb);
  const e1 = se + t;
  const h1 = s + e1;
  const l1 = e1 - (h1 - s);
  const e2 = l1 + te;
  const hi = h1 + e2;
  DD_LO.lo = e2 - (hi - h1);
  return hi;
}

/** ddAddNum(a, b). */
export function ddAddNumParts(ah: number, al: number, b: number): number {
  const s = ah + b;
  const bb = s - ah;
  const e = ah - (s - bb) + (b - bb) + al;
  const hi = s + e;
  DD_LO.lo = e - (hi - s);
  return hi;
}

/** ddMul(a, b). */
export function ddMulParts(ah: number, al: number, bh: number, bl: number): number {
  const p = twoProdParts(ah, bh);
  const e = DD_LO.lo + (ah * bl + al * bh);
  const hi = p + e;
  DD_LO.lo = e - (hi - p);
  return hi;
}

/** ddMulNum(a, b). */
export function ddMulNumParts(ah: number, al: number, b: number): number {
  const p = twoProdParts(ah, b);
  const e = DD_LO.lo + al * b;
  const hi = p + e;
  DD_LO.lo = e - (hi - p);
  return hi;
}

/** ddDiv(a, b). */
export function ddDivParts(ah: number, al: number, bh: number, bl: number): number {
  const q1 = ah / bh;
  if (!isFinite(q1) || q1 === 0) {
    DD_LO.lo = 0;
    return q1;
  }
  let mh = ddMulNumParts(bh, bl, q1);
  let rh = ddAddParts(ah, al, -mh, -DD_LO.lo);
  let rl = DD_LO.lo;
  const q2 = rh / bh;
  mh = ddMulNumParts(bh, bl, q2);
  rh = ddAddParts(rh, rl, -mh, -DD_LO.lo);
  rl = DD_LO.lo;
  const q3 = rh / bh;
  const h = q1 + q2;
  const l = q2 - (h - q1);
  return ddAddNumParts(h, l, q3);
}

/** ddScalePow2(a, k). */
export function ddScalePow2Parts(ah: number, al: number, k: number): number {
  if (k > 1000) {
    const s = 2 ** (k - 1000);
    DD_LO.lo = al * 2 ** 1000 * s;
    return ah * 2 ** 1000 * s;
  }
  if (k < -1000) {
    const bh = ah * 2 ** -1000;
    const bl = al * 2 ** -1000;
    if (k >= -1022) {
      DD_LO.lo = bl * 2 ** (k + 1000);
      return bh * 2 ** (k + 1000);
    }
    DD_LO.lo = 0;
    return (bh + bl) * 2 ** (k + 1000);
  }
  const s = 2 ** k;
  DD_LO.lo = al * s;
  return ah * s;
}

/** ddExpParts(x) as m * 2^k: the high part of m returned, its low part in DD_LO.lo, k in DD_LO.k. */
export function ddExpPartsParts(xh: number, xl: number): number {
  DD_LO.lo = 0;
  DD_LO.k = 0;
  if (xh !== xh) return NaN;
  if (xh > 709.8) return Infinity;
  if (xh < -1e5) return 0;
  const k = Math.round(xh / LN2.hi);
  const mh = ddMulNumParts(LN2.hi, LN2.lo, k);
  const dh = ddAddParts(xh, xl, -mh, -DD_LO.lo);
  const rh = dh * (1 / 1024);
  const rl = DD_LO.lo * (1 / 1024);
  let sh = 1;
  let sl = 0;
  for (let n = TAYLOR_TERMS; n >= 1; n--) {
    const ph = ddMulParts(sh, sl, rh, rl);
    const c = RECIPROCALS[n]!;
    const qh = ddMulParts(ph, DD_LO.lo, c.hi, c.lo);
    sh = ddAddNumParts(qh, DD_LO.lo, 1);
    sl = DD_LO.lo;
  }
  for (let i = 0; i < 10; i++) {
    sh = ddMulParts(sh, sl, sh, sl);
    sl = DD_LO.lo;
  }
  DD_LO.lo = sl;
  DD_LO.k = k;
  return sh;
}

/** ddExp(x): the high part, the low part in DD_LO.lo. */
export function ddExpHiLo(xh: number, xl: number): number {
  const mh = ddExpPartsParts(xh, xl);
  return ddScalePow2Parts(mh, DD_LO.lo, DD_LO.k);
}
