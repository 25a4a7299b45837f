// expm1, log1p and tanh as double-doubles (relative error about 2^-60), the building blocks of
// softplus, log_sigmoid, elu/selu/celu, tanh, tanhshrink and mish.
import {
  DD_LO, ddAdd, ddAddNum, ddAddNumParts, ddAddParts, ddDiv, ddDivParts, ddMul, ddMulNum, ddMulParts, twoSum, type DD,
} from './dd';
import { EXP, expDD, expDDParts, expSplit, scaleToNumber } from './exp';

// Local aliases of the allocation-free helpers: hot paths read a module constant, not another module's
// live binding (which a CommonJS build turns into a getter call per use).
const LO = DD_LO;
const addParts = ddAddParts;
const addNumParts = ddAddNumParts;
const mulParts = ddMulParts;
const divParts = ddDivParts;
const expParts = expDDParts;

const ONE: DD = { hi: 1, lo: 0 };

/**
 * expm1(x) for a double-double x, relative error about 2^-60 for every x (no cancellation near 0).
 * Near 0: expm1(y) for y = x/256 by a short series (the leading y is exact), then eight doublings
 * expm1(2y) = expm1(y)(expm1(y) + 2), which keep the relative error.
 */
export function expm1DD(x: DD): DD {
  const hi = expm1Parts(x.hi, x.lo);
  return { hi, lo: LO.lo };
}

/** expm1DD without the objects (the hot paths of softplus, tanh, elu): the high part, the low part in LO.lo. */
export function expm1Parts(xh: number, xl: number): number {
  const v = xh;
  LO.lo = 0;
  if (v !== v) return NaN;
  if (v === 0) return v;
  // x + x²/2 + ...: for |x| < 2^-54 the square is below half an ulp (and scaling x/256 would lose subnormal bits).
  if (Math.abs(v) < 2 ** -54) {
    LO.lo = xl + v * v * 0.5;
    return v;
  }
  if (v > 709.79) return Infinity;
  if (v < -40) {
    // e^x < 2^-57: -1 + e^x is -1 rounded, with e^x as the low part.
    const e = expParts(v, xl);
    const s = -1 + e;
    const bb = s - -1;
    LO.lo = -1 - (s - bb) + (e - bb);
    return s;
  }
  if (v > 0.5 || v < -0.5) {
    const eh = expParts(v, xl);
    return addNumParts(eh, LO.lo, -1);
  }
  const h = xh * (1 / 256);
  const c = h * h * (0.5 + h * (1 / 6 + h * (1 / 24 + h * (1 / 120 + h * (1 / 720 + h / 5040)))));
  let gh = addNumParts(h, xl * (1 / 256), c);
  let gl = LO.lo;
  for (let i = 0; i < 8; i++) {
    const th = addNumParts(gh, gl, 2);
    gh = mulParts(gh, gl, th, LO.lo);
    gl = LO.lo;
  }
  LO.lo = gl;
  return gh;
}

export function expm1Number(x: number): number {
  const r = expm1DD({ hi: x, lo: 0 });
  return r.hi + r.lo;
}

/**
 * log1p(z) for a double-double z > -1, by one Newton step on expm1(y) = z from Math.log1p's
 * estimate: y1 = y0 - (expm1(y0) - z) / (1 + z). Relative error about 2^-60, including tiny z.
 */
export function log1pDD(z: DD): DD {
  const hi = log1pParts(z.hi, z.lo);
  return { hi, lo: LO.lo };
}

/** log1pDD without the objects: the high part, the low part in LO.lo. */
export function log1pParts(zh: number, zl: number): number {
  const v = zh;
  LO.lo = 0;
  if (v !== v || v < -1) return NaN;
  if (v === -1) return -Infinity;
  if (v === Infinity) return Infinity;
  if (v === 0) return v;
  if (Math.abs(v) < 2 ** -30) {
    // z - z^2/2 + z^3/3: the cubic term is below 2^-60 relative.
    const corr = -v * v * 0.5 + (v * v * v) / 3;
    return addNumParts(zh, zl, corr);
  }
  const y0 = Math.log1p(v + zl);
  const eh = expm1Parts(y0, 0);
  const rh = addParts(eh, LO.lo, -zh, -zl);
  const rl = LO.lo;
  const dh = addNumParts(zh, zl, 1);
  const sh = divParts(rh, rl, dh, LO.lo);
  return addParts(y0, 0, -sh, -LO.lo);
}

// Taylor coefficients of tanh: tanh x = sum a_k x^(2k+1), from tanh' = 1 - tanh^2.
const TANH_COEF: number[] = (() => {
  const a: number[] = [];
  for (let k = 0; k < 24; k++) {
    let conv = 0;
    for (let i = 0; i <= k - 1; i++) conv += a[i]! * a[k - 1 - i]!;
    a.push(((k === 0 ? 1 : 0) - conv) / (2 * k + 1));
  }
  return a;
})();

/** tanh(x) as a double-double via expm1(-2|x|): tanh|x| = -t / (t + 2). */
export function tanhDD(x: number): DD {
  const hi = tanhParts(x);
  return { hi, lo: LO.lo };
}

/** tanhDD without the objects: the high part, the low part in LO.lo. */
export function tanhParts(x: number): number {
  LO.lo = 0;
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax > 40) return x > 0 ? 1 : -1;
  if (ax < 2 ** -30) {
    LO.lo = (-x * x * x) / 3;
    return x;
  }
  const th = expm1Parts(-2 * ax, 0);
  const tl = LO.lo;
  const dh = addNumParts(th, tl, 2);
  const rh = divParts(-th, -tl, dh, LO.lo);
  if (x < 0) {
    LO.lo = -LO.lo;
    return -rh;
  }
  return rh;
}

export function accurateTanh(x: number): number {
  if (x === 0) return x;
  const hi = tanhParts(x);
  return hi + LO.lo;
}

/** sech^2(x) = 1 - tanh^2(x) without the cancellation: 4E/(1+E)^2 with E = e^(-2|x|) away from 0. */
export function sech2DD(x: number): DD {
  if (x !== x) return { hi: NaN, lo: 0 };
  const ax = Math.abs(x);
  if (ax < 0.5) {
    // tanh^2 <= 0.22 here, so 1 - tanh^2 does not cancel.
    const t = tanhDD(x);
    return ddAdd(ONE, ddMulNum(ddMul(t, t), -1));
  }
  if (ax > 40) {
    // 4E(1 - 2E + ...) with E = e^(-2|x|) < 2^-115: 4E, kept scaled until the one rounding (it may be subnormal).
    if (ax > 400) return { hi: 0, lo: 0 };
    expSplit(-2 * ax, 0);
    return { hi: scaleToNumber(4 * EXP.hi, 4 * EXP.lo, EXP.k), lo: 0 };
  }
  const e = expDD(-2 * ax);
  const d = ddAddNum(e, 1);
  return ddDiv(ddMulNum(e, 4), ddMul(d, d));
}

/**
 * x - tanh(x) (tanhshrink) with relative accuracy near 0, where the difference cancels: the series
 * x^3/3 - 2x^5/15 + ... for |x| < 0.25, the double-double tanh elsewhere.
 */
export function tanhshrinkDD(x: number): DD {
  if (x !== x) return { hi: NaN, lo: 0 };
  const ax = Math.abs(x);
  if (ax < 0.25) {
    const x2 = x * x;
    let s = 0;
    for (let k = TANH_COEF.length - 1; k >= 2; k--) s = s * x2 + TANH_COEF[k]!;
    // -(a1 + a2 x^2 + ...) x^3 with a1 = -1/3 kept as the exact leading term.
    const tail = -(s * x2) * x2 * x;
    const lead = ddDiv(exactCube(x), { hi: 3, lo: 0 });
    return ddAddNum(lead, tail);
  }
  if (ax > 40) return twoSum(x, x > 0 ? -1 : 1);
  const t = tanhDD(x);
  return ddAdd({ hi: x, lo: 0 }, { hi: -t.hi, lo: -t.lo });
}

function exactCube(x: number): DD {
  return ddMulNum(ddMul({ hi: x, lo: 0 }, { hi: x, lo: 0 }), x);
}

