// A fast exp that returns a double-double: exp(x) = (EXP.hi + EXP.lo) * 2^EXP.k with EXP.hi in
// [1, 2), relative error about 2^-60. Math.exp is only faithful (up to ~1 ulp) and returns no
// low part, which is what makes `e / (1 + e)` land at 1.5-2.5 ulp; with the low part, a sigmoid can
// be rounded once at the end.
//
// Method: x = (256 m + j) ln2/256 + r with |r| <= ln2/512 (Cody-Waite: the ln2/256 constant is split
// so k * C_HI is exact), exp(x) = 2^m * 2^(j/256) * exp(r), 2^(j/256) from a double-double table built
// at load time by ddExp, exp(r) - 1 by a degree-5 polynomial (truncation < 2^-66).
// Results go to the module-level EXP object instead of a fresh object, so the hot path allocates nothing.
import { DD_LO, LN2, ddExp, ddMulNum, ddScalePow2, ddScalePow2Parts, type DD } from './dd';

// Local aliases of the allocation-free helpers: hot paths read a module constant, not another module's
// live binding (which a CommonJS build turns into a getter call per use).
const LO = DD_LO;
const scalePow2Parts = ddScalePow2Parts;

const TABLE_BITS = 8;
const N = 1 << TABLE_BITS;
const TABLE_HI = new Float64Array(N);
const TABLE_LO = new Float64Array(N);

/**
 * Fills the 2^(j/256) double-double table on first use (256 double-double exps, ~10 ms of CPU cold), not
 * when the module loads. Users check `TABLE_HI[1] === 0` (2^(1/256) once filled) before a lookup.
 */
export function fillExpTables(): void {
  for (let j = 0; j < N; j++) {
    const t = ddExp(ddMulNum(LN2, j / N));
    TABLE_HI[j] = t.hi;
    TABLE_LO[j] = t.lo;
  }
}

const INV_STEP = N / LN2.hi;
// ln2/N split: C_HI has at most 34 significant bits so k * C_HI is exact for |k| < 2^19 (|x| < 1400).
const C_HI = Math.round((LN2.hi / N) * 2 ** 42) / 2 ** 42;
const C_LO = (LN2.hi - N * C_HI) / N + LN2.lo / N;
const ROUNDER = 6755399441055744; // 1.5 * 2^52: adding and subtracting it rounds to an integer.

/** 2^e for e in [-1022, 1023], exact. */
const POW2 = new Float64Array(2046);
for (let e = -1022; e <= 1023; e++) POW2[e + 1022] = 2 ** e;

/** The reduction constants and tables, for hot paths that inline the reduction (stableSigmoid). */
export const EXP_TABLES = { TABLE_HI, TABLE_LO, INV_STEP, C_HI, C_LO, ROUNDER, POW2, TABLE_BITS } as const;

/** Output registers of expSplit: exp(x) = (hi + lo) * 2^k. */
export const EXP = { hi: 1, lo: 0, k: 0 };

/**
 * exp(xhi + xlo) as (EXP.hi + EXP.lo) * 2^EXP.k. Requires finite |xhi| < 1400 (callers clamp first:
 * beyond that exp is 0 or Infinity in every format we model). xlo must be tiny next to xhi's ulp scale
 * (a double-double low part).
 */
export function expSplit(xhi: number, xlo: number): void {
  const kf = xhi * INV_STEP + ROUNDER - ROUNDER;
  const a = xhi - kf * C_HI; // exact
  const b = xlo - kf * C_LO;
  const r = a + b;
  const q = r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))));
  const u = a + (b + q);
  const ki = kf | 0;
  const j = ki & (N - 1);
  if (TABLE_HI[1] === 0) fillExpTables();
  const th = TABLE_HI[j]!;
  const tl = TABLE_LO[j]!;
  const t = th * u + tl * (1 + u);
  const hi = th + t;
  EXP.hi = hi;
  EXP.lo = t - (hi - th);
  EXP.k = ki >> TABLE_BITS;
}

/**
 * (hi + lo) * 2^k rounded to a double, over the whole range: overflow to Infinity, gradual underflow
 * into subnormals with a single rounding of hi (lo only matters at exact ties, below our ulp budget).
 */
export function scaleToNumber(hi: number, lo: number, k: number): number {
  if (k >= -1022 && k <= 1023) return (hi + lo) * POW2[k + 1022]!;
  const v = hi + lo;
  if (k > 1023) return k > 2046 ? v * Infinity : v * 2 ** 1023 * 2 ** (k - 1023);
  // Mantissas here are below 2^100 in magnitude, so beyond 2^-1200 everything rounds to (signed) zero.
  if (k < -1200) return v * 0;
  // Exact down to 2^-600, then one rounding step into the subnormal range.
  return v * 2 ** (k + 600) * 2 ** -600;
}

/** exp(x) as a double-double object for code off the hot path; {0,0} / {Infinity,0} beyond the range. */
export function expDD(xhi: number, xlo = 0): DD {
  if (xhi !== xhi) return { hi: NaN, lo: 0 };
  if (xhi > 709.79) return { hi: Infinity, lo: 0 };
  if (xhi < -745.2) return { hi: 0, lo: 0 };
  expSplit(xhi, xlo);
  return ddScalePow2({ hi: EXP.hi, lo: EXP.lo }, EXP.k);
}

/** expDD(xhi, xlo) without the object: returns the high part, the low part in LO.lo. */
export function expDDParts(xhi: number, xlo: number): number {
  LO.lo = 0;
  if (xhi !== xhi) return NaN;
  if (xhi > 709.79) return Infinity;
  if (xhi < -745.2) return 0;
  expSplit(xhi, xlo);
  return scalePow2Parts(EXP.hi, EXP.lo, EXP.k);
}

/** exp(x) for a double, rounded once from the double-double: within 0.5 ulp + 2^-8 ulp. */
export function accurateExp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.79) return Infinity;
  if (x < -745.2) return 0;
  expSplit(x, 0);
  return scaleToNumber(EXP.hi, EXP.lo, EXP.k);
}
