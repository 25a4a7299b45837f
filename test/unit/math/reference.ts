// High-precision reference values of every activation and its first derivative at one point, from the
// mathematical definitions in 240-bit binary floating point (bigfloat.ts). Subexpressions shared by many
// functions (e^-|x|, log(1 + e^-|x|), erfc, ...) are computed once per point and memoised.
import { naiveSigmoid, naiveSigmoidGradient } from '../../../src/core/math/naive';
import { stableSigmoid, stableSigmoidDerivative } from '../../../src/core/math/sigmoid';
import { BF, LN2, bfErfc, bfExp, bfExpm1, bfLog1p, bfSqrt, PI } from './bigfloat';

const ONE = BF.ONE;
const TWO = BF.int(2);
const SQRT2 = bfSqrt(TWO);
const SQRT_2PI = bfSqrt(PI.scale(1));
const TANH_C1 = bfSqrt(TWO.div(PI)); // √(2/π)
const TANH_C2 = BF.int(44715).div(BF.int(1000000)); // 0.044715 exactly (in 240 bits)
const SELU_ALPHA = BF.from(1.6732632423543772848170429916717);
const SELU_SCALE = BF.from(1.0507009873554804934193349852946);

export type Ref = BF;

/** Taylor coefficients of tanh (tanh x = Σ a_k x^(2k+1)) from tanh' = 1 - tanh²: (2k+1) a_k = [k=0] - Σ a_i a_(k-1-i). */
const TANH_COEFFICIENTS: BF[] = (() => {
  const a: BF[] = [];
  for (let k = 0; k < 60; k++) {
    let conv = BF.ZERO;
    for (let i = 0; i <= k - 1; i++) conv = conv.add(a[i]!.mul(a[k - 1 - i]!));
    a.push((k === 0 ? ONE : BF.ZERO).sub(conv).divInt(2 * k + 1));
  }
  return a;
})();

function clip(v: BF, lo: BF, hi: BF): BF {
  return v.cmp(lo) < 0 ? lo : v.cmp(hi) > 0 ? hi : v;
}

/** Memoised shared quantities at one finite point. */
export class Point {
  readonly X: BF;
  readonly pos: boolean;
  private memo = new Map<string, BF>();
  constructor(readonly x: number) {
    this.X = BF.from(x);
    this.pos = x >= 0;
  }
  private get(key: string, make: () => BF): BF {
    let v = this.memo.get(key);
    if (!v) {
      v = make();
      this.memo.set(key, v);
    }
    return v;
  }
  /** e^(-|x|) */
  get E(): BF {
    return this.get('E', () => bfExp(this.X.abs().neg()));
  }
  /** e^x */
  get expX(): BF {
    return this.pos ? ONE.div(this.E) : this.E;
  }
  get sigmoid(): BF {
    return this.get('sig', () => (this.pos ? ONE.div(ONE.add(this.E)) : this.E.div(ONE.add(this.E))));
  }
  /** σ(-x) */
  get sigmoidNeg(): BF {
    return this.get('sigN', () => (this.pos ? this.E.div(ONE.add(this.E)) : ONE.div(ONE.add(this.E))));
  }
  get dsigmoid(): BF {
    return this.sigmoid.mul(this.sigmoidNeg);
  }
  /** e^(-|x|) - 1 */
  get Em1(): BF {
    return this.get('Em1', () => bfExpm1(this.X.abs().neg()));
  }
  /** log(1 + e^-|x|); near 0 as ln 2 + log1p((E - 1)/2), whose series converges in a few terms. */
  get L(): BF {
    return this.get('L', () => (Math.abs(this.x) < 0.5 ? LN2.add(bfLog1p(this.Em1.scale(-1))) : bfLog1p(this.E)));
  }
  get softplus(): BF {
    return this.pos ? this.X.add(this.L) : this.L;
  }
  get logSigmoid(): BF {
    return this.pos ? this.L.neg() : this.X.sub(this.L);
  }
  get expm1X(): BF {
    return this.get('em1', () => bfExpm1(this.X));
  }
  get tanh(): BF {
    return this.get('tanh', () => {
      // e^(-2|x|) - 1, from E away from 0 where it does not cancel
      const em = Math.abs(this.x) < 0.5 ? bfExpm1(this.X.abs().scale(1).neg()) : this.E.mul(this.E).sub(ONE);
      const t = em.neg().div(TWO.add(em));
      return this.pos ? t : t.neg();
    });
  }
  get dtanh(): BF {
    const e2 = this.E.mul(this.E);
    const d = ONE.add(e2);
    return e2.scale(2).div(d.mul(d));
  }
  /** tanh(softplus(x)) */
  get mishT(): BF {
    return this.get('mishT', () => {
      const e = this.E;
      if (this.pos) {
        const num = ONE.add(e.scale(1));
        return num.div(num.add(e.mul(e).scale(1)));
      }
      const num = e.mul(e.add(TWO));
      return num.div(num.add(TWO));
    });
  }
  /** Φ(x) */
  get phiCdf(): BF {
    return this.get('Phi', () => {
      const t = this.X.abs().div(SQRT2);
      const half = bfErfc(t, this.expNegHalfX2).scale(-1);
      return this.pos ? ONE.sub(half) : half;
    });
  }
  /** e^(-x²/2) */
  get expNegHalfX2(): BF {
    return this.get('ehx2', () => bfExp(this.X.mul(this.X).scale(-1).neg()));
  }
  /** φ(x) */
  get phiPdf(): BF {
    return this.get('phi', () => this.expNegHalfX2.div(SQRT_2PI));
  }
  /** σ(z), σ'(z) and z' for the tanh form of GELU, z = 2√(2/π)(x + 0.044715x³). */
  get tanhForm(): { s: BF; ds: BF; dz: BF } {
    let v = this.tanhFormMemo;
    if (!v) {
      const x2 = this.X.mul(this.X);
      const z = TANH_C1.mul(this.X.add(TANH_C2.mul(x2).mul(this.X))).scale(1);
      const dz = TANH_C1.mul(ONE.add(TANH_C2.mul(x2).mulInt(3))).scale(1);
      v = { ...sigmoidOf(z), dz };
      this.tanhFormMemo = v;
    }
    return v;
  }
  private tanhFormMemo: { s: BF; ds: BF; dz: BF } | undefined;
  /** √(x² + 4) */
  get squareplusRoot(): BF {
    return this.get('sqp', () => bfSqrt(this.X.mul(this.X).add(BF.int(4))));
  }
  /** x - tanh x: near 0 by its Taylor series (the subtraction would cancel 2 log2(1/|x|) bits). */
  get tanhshrink(): BF {
    return this.get('tsh', () => {
      if (Math.abs(this.x) >= 0.25) return this.X.sub(this.tanh);
      // -Σ_{k>=1} a_k x^(2k+1), a_k the Taylor coefficients of tanh; terms shrink by ≲ 0.4x² ≤ 1/40
      const x2 = this.X.mul(this.X);
      let pow = this.X.mul(x2);
      let sum = BF.ZERO;
      for (let k = 1; k < TANH_COEFFICIENTS.length; k++) {
        const term = pow.mul(TANH_COEFFICIENTS[k]!);
        sum = sum.sub(term);
        if (term.isZero() || term.log2Floor() < sum.log2Floor() - 150) break;
        pow = pow.mul(x2);
      }
      return sum;
    });
  }
}

function sigmoidOf(z: BF): { s: BF; ds: BF } {
  const e = bfExp(z.abs().neg());
  const d = ONE.add(e);
  const s = z.sign >= 0 ? ONE.div(d) : e.div(d);
  return { s, ds: e.div(d.mul(d)) };
}

export interface RefCase {
  /** A label for the table: the id, plus the parameters when not the defaults. */
  readonly name: string;
  readonly id: string;
  readonly params?: Record<string, number | string>;
  /** Max ulp allowed for f and for f'. */
  readonly goal: readonly [number, number];
  readonly f: (p: Point) => BF;
  readonly d1: (p: Point) => BF;
  /** Evaluate this instead of the catalog entry: the naive forms, measured for comparison (goal ∞). */
  readonly impl?: { readonly f: (x: number) => number; readonly d1: (x: number) => number };
}

const c = (v: number): BF => BF.from(v);
const ZERO = BF.ZERO;

function pw(p: Point, cond: boolean, a: () => BF, b: () => BF): BF {
  return cond ? a() : b();
}

export const REF_CASES: readonly RefCase[] = [
  // For comparison (no goal): the naive 1/(1+exp(-x)) and s(1-s) where they still work (|x| < 36; the
  // stable values stand in outside, scoring 0), then everywhere.
  {
    name: 'naive, |x| < 36 (no goal)', id: 'sigmoid', goal: [Infinity, Infinity],
    impl: {
      f: (x) => (Math.abs(x) < 36 ? naiveSigmoid(x) : stableSigmoid(x)),
      d1: (x) => (Math.abs(x) < 36 ? naiveSigmoidGradient(x) : stableSigmoidDerivative(x)),
    },
    f: (p) => p.sigmoid, d1: (p) => p.dsigmoid,
  },
  {
    name: 'naive, all x (no goal)', id: 'sigmoid', goal: [Infinity, Infinity],
    impl: { f: (x) => naiveSigmoid(x), d1: (x) => naiveSigmoidGradient(x) },
    f: (p) => p.sigmoid, d1: (p) => p.dsigmoid,
  },
  { name: 'sigmoid', id: 'sigmoid', goal: [1, 2], f: (p) => p.sigmoid, d1: (p) => p.dsigmoid },
  { name: 'softmax([x,0])', id: 'softmax', goal: [1, 2], f: (p) => p.sigmoid, d1: (p) => p.dsigmoid },
  { name: 'tanh', id: 'tanh', goal: [1, 2], f: (p) => p.tanh, d1: (p) => p.dtanh },
  {
    name: 'softplus (torch: threshold 20)', id: 'softplus', goal: [1, 2],
    f: (p) => (p.x > 20 ? p.X : p.softplus), d1: (p) => (p.x > 20 ? ONE : p.sigmoid),
  },
  { name: 'softplus (exact)', id: 'softplus', params: { threshold: Infinity }, goal: [1, 2], f: (p) => p.softplus, d1: (p) => p.sigmoid },
  { name: 'log_sigmoid', id: 'log_sigmoid', goal: [1, 2], f: (p) => p.logSigmoid, d1: (p) => p.sigmoidNeg },
  { name: 'log_softmax([x,0])', id: 'log_softmax', goal: [1, 2], f: (p) => p.logSigmoid, d1: (p) => p.sigmoidNeg },
  {
    name: 'softsign', id: 'softsign', goal: [1, 2],
    f: (p) => p.X.div(ONE.add(p.X.abs())), d1: (p) => ONE.div(ONE.add(p.X.abs()).mul(ONE.add(p.X.abs()))),
  },
  { name: 'relu', id: 'relu', goal: [1, 2], f: (p) => (p.x > 0 ? p.X : ZERO), d1: (p) => (p.x > 0 ? ONE : ZERO) },
  {
    name: 'relu6', id: 'relu6', goal: [1, 2],
    f: (p) => clip(p.X, ZERO, c(6)), d1: (p) => (p.x > 0 && p.x < 6 ? ONE : ZERO),
  },
  {
    name: 'leaky_relu', id: 'leaky_relu', goal: [1, 2],
    f: (p) => (p.x > 0 ? p.X : c(0.01).mul(p.X)), d1: (p) => (p.x > 0 ? ONE : c(0.01)),
  },
  { name: 'prelu', id: 'prelu', goal: [1, 2], f: (p) => (p.x > 0 ? p.X : c(0.25).mul(p.X)), d1: (p) => (p.x > 0 ? ONE : c(0.25)) },
  {
    name: 'hard_sigmoid (relu6(x+3)/6)', id: 'hard_sigmoid', goal: [1, 2],
    f: (p) => clip(p.X.add(c(3)).divInt(6), ZERO, ONE), d1: (p) => (p.x > -3 && p.x < 3 ? c(1 / 6) : ZERO),
  },
  {
    name: 'hard_sigmoid (onnx 0.2x+0.5)', id: 'hard_sigmoid', params: { slope: 0.2, offset: 0.5 }, goal: [1, 2],
    f: (p) => clip(c(0.2).mul(p.X).add(c(0.5)), ZERO, ONE),
    d1: (p) => {
      const v = c(0.2).mul(p.X).add(c(0.5));
      return v.sign > 0 && v.cmp(ONE) < 0 ? c(0.2) : ZERO;
    },
  },
  { name: 'hard_tanh', id: 'hard_tanh', goal: [1, 2], f: (p) => clip(p.X, c(-1), ONE), d1: (p) => (p.x > -1 && p.x < 1 ? ONE : ZERO) },
  { name: 'step', id: 'step', goal: [1, 2], f: (p) => (p.x > 0 ? ONE : ZERO), d1: () => ZERO },
  { name: 'linear', id: 'linear', goal: [1, 2], f: (p) => p.X, d1: () => ONE },
  {
    name: 'softshrink', id: 'softshrink', goal: [1, 2],
    f: (p) => (p.x > 0.5 ? p.X.sub(c(0.5)) : p.x < -0.5 ? p.X.add(c(0.5)) : ZERO), d1: (p) => (Math.abs(p.x) > 0.5 ? ONE : ZERO),
  },
  { name: 'hardshrink', id: 'hardshrink', goal: [1, 2], f: (p) => (Math.abs(p.x) > 0.5 ? p.X : ZERO), d1: (p) => (Math.abs(p.x) > 0.5 ? ONE : ZERO) },
  { name: 'threshold', id: 'threshold', goal: [1, 2], f: (p) => (p.x > 1 ? p.X : ZERO), d1: (p) => (p.x > 1 ? ONE : ZERO) },
  { name: 'exponential', id: 'exponential', goal: [1, 2], f: (p) => p.expX, d1: (p) => p.expX },
  { name: 'silu', id: 'silu', goal: [2, 2], f: (p) => p.X.mul(p.sigmoid), d1: (p) => p.sigmoid.add(p.X.mul(p.dsigmoid)) },
  { name: 'elu', id: 'elu', goal: [2, 2], f: (p) => pw(p, p.x > 0, () => p.X, () => p.expm1X), d1: (p) => (p.x > 0 ? ONE : p.E) },
  {
    name: 'selu', id: 'selu', goal: [2, 2],
    f: (p) => pw(p, p.x > 0, () => SELU_SCALE.mul(p.X), () => SELU_SCALE.mul(SELU_ALPHA).mul(p.expm1X)),
    d1: (p) => (p.x > 0 ? SELU_SCALE : SELU_SCALE.mul(SELU_ALPHA).mul(p.E)),
  },
  { name: 'celu', id: 'celu', goal: [2, 2], f: (p) => pw(p, p.x > 0, () => p.X, () => p.expm1X), d1: (p) => (p.x > 0 ? ONE : p.E) },
  {
    name: 'gelu (erf)', id: 'gelu', goal: [2, 4],
    f: (p) => (p.x > 40 ? p.X : p.x < -60 ? ZERO : p.X.mul(p.phiCdf)),
    d1: (p) => (p.x > 40 ? ONE : p.x < -60 ? ZERO : p.phiCdf.add(p.X.mul(p.phiPdf))),
  },
  {
    name: 'gelu (tanh)', id: 'gelu', params: { approximate: 'tanh' }, goal: [2, 4],
    f: (p) => (p.x > 40 ? p.X : p.x < -40 ? ZERO : p.X.mul(p.tanhForm.s)),
    d1: (p) => {
      if (p.x > 40) return ONE;
      if (p.x < -40) return ZERO;
      const { s, ds, dz } = p.tanhForm;
      return s.add(p.X.mul(ds).mul(dz));
    },
  },
  {
    name: 'mish', id: 'mish', goal: [2, 4],
    f: (p) => p.X.mul(p.mishT),
    d1: (p) => {
      const t = p.mishT;
      return t.add(p.X.mul(ONE.sub(t.mul(t))).mul(p.sigmoid));
    },
  },
  {
    name: 'hard_swish', id: 'hard_swish', goal: [1, 2],
    f: (p) => p.X.mul(clip(p.X.add(c(3)), ZERO, c(6))).divInt(6),
    d1: (p) => (p.x < -3 ? ZERO : p.x > 3 ? ONE : p.X.scale(1).add(c(3)).divInt(6)),
  },
  {
    name: 'tanhshrink', id: 'tanhshrink', goal: [2, 2],
    f: (p) => p.tanhshrink, d1: (p) => p.tanh.mul(p.tanh),
  },
  {
    name: 'squareplus', id: 'squareplus', goal: [2, 2],
    f: (p) => p.X.add(p.squareplusRoot).scale(-1),
    d1: (p) => ONE.add(p.X.div(p.squareplusRoot)).scale(-1),
  },
  {
    name: 'sparse_plus', id: 'sparse_plus', goal: [1, 2],
    f: (p) => (p.x <= -1 ? ZERO : p.x >= 1 ? p.X : p.X.add(ONE).mul(p.X.add(ONE)).scale(-2)),
    d1: (p) => (p.x <= -1 ? ZERO : p.x >= 1 ? ONE : p.X.add(ONE).scale(-1)),
  },
];
