// A small binary big-float for the accuracy reference: value = m * 2^e with a BigInt mantissa kept at
// PREC bits (136 by default, 41 digits; raised locally where a reference formula cancels). Doubles convert exactly (from their bits), so the reference never inherits
// the half-ulp error of a shortest decimal string. decimal.js computes the same functions at 40 digits too,
// but at ~0.5 ms per exp it cannot cover 100,000 points x 30 functions; accuracy.test.ts cross-checks this
// module against decimal.js on a sample instead.

export let PREC = 136;

/** Runs fn with a higher working precision (for reference formulas that cancel, e.g. x - tanh x near 0). */
export function withPrecision<T>(bits: number, fn: () => T): T {
  const saved = PREC;
  PREC = Math.max(PREC, bits);
  try {
    return fn();
  } finally {
    PREC = saved;
  }
}

function bitLength(m: bigint): number {
  if (m === 0n) return 0;
  const a = m < 0n ? -m : m;
  // Number(a) is within a factor (1 + 2^-53) of a, so log2 can be off by one only at exact powers of two;
  // the correction below makes it exact.
  let n = Math.floor(Math.log2(Number(a))) + 1;
  if (!isFinite(n)) n = a.toString(2).length;
  if (a >> BigInt(n - 1) === 0n) n--;
  else if (a >> BigInt(n) !== 0n) n++;
  return n;
}

export class BF {
  constructor(readonly m: bigint, readonly e: number) {}

  static readonly ZERO = new BF(0n, 0);
  static readonly ONE = new BF(1n, 0);

  static int(n: number | bigint): BF {
    return new BF(BigInt(n), 0);
  }

  /** The exact value of a finite double. */
  static from(x: number): BF {
    if (!isFinite(x)) throw new Error(`BF.from(${x})`);
    if (x === 0) return BF.ZERO;
    const f = new Float64Array([x]);
    const b = new BigUint64Array(f.buffer)[0]!;
    const neg = b >> 63n === 1n;
    const ex = Number((b >> 52n) & 0x7ffn);
    let m = b & ((1n << 52n) - 1n);
    let e: number;
    if (ex === 0) e = -1074;
    else {
      m |= 1n << 52n;
      e = ex - 1075;
    }
    return new BF(neg ? -m : m, e);
  }

  private static norm(m: bigint, e: number): BF {
    const n = bitLength(m);
    if (n > PREC + 8) {
      const s = n - PREC;
      return new BF(m >> BigInt(s), e + s); // truncation: relative error < 2^-(PREC-1)
    }
    return new BF(m, e);
  }

  get sign(): number {
    return this.m === 0n ? 0 : this.m < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.m === 0n;
  }

  /** floor(log2 |x|); -Infinity for 0. */
  log2Floor(): number {
    return this.m === 0n ? -Infinity : bitLength(this.m) - 1 + this.e;
  }

  neg(): BF {
    return new BF(-this.m, this.e);
  }

  abs(): BF {
    return this.m < 0n ? this.neg() : this;
  }

  add(b: BF): BF {
    if (this.m === 0n) return b;
    if (b.m === 0n) return this;
    // Drop an addend entirely below the other's precision.
    const ta = this.log2Floor();
    const tb = b.log2Floor();
    if (ta - tb > PREC + 20) return this;
    if (tb - ta > PREC + 20) return b;
    if (this.e >= b.e) return BF.norm((this.m << BigInt(this.e - b.e)) + b.m, b.e);
    return BF.norm(this.m + (b.m << BigInt(b.e - this.e)), this.e);
  }

  sub(b: BF): BF {
    return this.add(b.neg());
  }

  mul(b: BF): BF {
    return BF.norm(this.m * b.m, this.e + b.e);
  }

  mulInt(n: number): BF {
    return BF.norm(this.m * BigInt(n), this.e);
  }

  div(b: BF): BF {
    if (b.m === 0n) throw new Error('BF division by zero');
    const shift = PREC + bitLength(b.m) - bitLength(this.m) + 2;
    const s = Math.max(0, shift);
    return BF.norm((this.m << BigInt(s)) / b.m, this.e - b.e - s);
  }

  divInt(n: number): BF {
    return this.div(BF.int(n));
  }

  /** Multiply by 2^k (exact). */
  scale(k: number): BF {
    return new BF(this.m, this.e + k);
  }

  cmp(b: BF): number {
    return this.sub(b).sign;
  }

  /** Nearest double (via a 64-bit rounding of the mantissa, then one rounding by Number; fine for seeds). */
  toNumber(): number {
    if (this.m === 0n) return 0;
    const n = bitLength(this.m);
    const s = Math.max(0, n - 64);
    const top = Number(this.m >> BigInt(s));
    const e = this.e + s;
    if (e > 1000) return top * 2 ** 1000 * 2 ** (e - 1000);
    if (e < -1000) return top * 2 ** -1000 * 2 ** (e + 1000);
    return top * 2 ** e;
  }
}

// ln 2 = Σ 1/(k 2^k)
const CONSTANT_BITS = 400;

export const LN2: BF = withPrecision(CONSTANT_BITS, () => {
  let s = BF.ZERO;
  for (let k = 1; k <= PREC + 20; k++) s = s.add(BF.ONE.divInt(k).scale(-k));
  return s;
});

/** e^a. */
export function bfExp(a: BF): BF {
  if (a.isZero()) return BF.ONE;
  const approx = a.toNumber();
  const k = Math.round(approx / Math.LN2);
  const r = a.sub(LN2.mulInt(k)).scale(-12);
  let term = BF.ONE;
  let sum = BF.ONE;
  for (let n = 1; n < 60; n++) {
    term = term.mul(r).divInt(n);
    sum = sum.add(term);
    if (term.isZero() || term.log2Floor() < -PREC - 20) break;
  }
  for (let i = 0; i < 12; i++) sum = sum.mul(sum);
  return sum.scale(k);
}

/** e^a - 1 without cancellation. */
export function bfExpm1(a: BF): BF {
  if (a.log2Floor() < -3) {
    let term = a;
    let sum = a;
    for (let n = 2; n < 200; n++) {
      term = term.mul(a).divInt(n);
      sum = sum.add(term);
      if (term.isZero() || term.log2Floor() < sum.log2Floor() - PREC - 10) break;
    }
    return sum;
  }
  return bfExp(a).sub(BF.ONE);
}

/** ln(1 + z), z > -1, relative accuracy for tiny z. */
export function bfLog1p(z: BF): BF {
  if (z.isZero()) return z;
  if (z.log2Floor() < -3) {
    // ln(1+z) = 2 atanh(w), w = z/(2+z): odd series in w, no cancellation
    const w = z.div(BF.int(2).add(z));
    const w2 = w.mul(w);
    let p = w;
    let sum = w;
    for (let k = 1; k < 400; k++) {
      p = p.mul(w2);
      const t = p.divInt(2 * k + 1);
      sum = sum.add(t);
      if (t.isZero() || t.log2Floor() < sum.log2Floor() - PREC - 10) break;
    }
    return sum.scale(1);
  }
  // Newton on e^y = 1 + z from the double estimate: y <- y + (1+z) e^-y - 1; quadratic: 53 -> 106 -> 212 bits.
  const onePlusZ = BF.ONE.add(z);
  let y = BF.from(Math.log1p(z.toNumber()));
  for (let i = 0; i < (PREC > 200 ? 3 : 2); i++) y = y.add(onePlusZ.mul(bfExp(y.neg())).sub(BF.ONE));
  return y;
}

export function bfSqrt(a: BF): BF {
  if (a.isZero()) return a;
  // seed from the double nearest, scaled to avoid overflow
  const k = a.log2Floor();
  const half = Math.floor(k / 2);
  const seed = Math.sqrt(a.scale(-2 * half).toNumber());
  let y = BF.from(seed).scale(half);
  for (let i = 0; i < 4; i++) y = y.add(a.div(y)).scale(-1);
  return y;
}

export const PI: BF = withPrecision(CONSTANT_BITS, () => {
  // Machin: π = 16 atan(1/5) - 4 atan(1/239)
  const atanInv = (n: number): BF => {
    const x = BF.ONE.divInt(n);
    const x2 = x.mul(x);
    let p = x;
    let sum = x;
    for (let k = 1; k < 1000; k++) {
      p = p.mul(x2);
      const t = p.divInt(2 * k + 1);
      sum = k % 2 ? sum.sub(t) : sum.add(t);
      if (t.log2Floor() < -PREC - 20) break;
    }
    return sum;
  };
  return atanInv(5).mulInt(16).sub(atanInv(239).mulInt(4));
});

const SQRT_PI = withPrecision(CONSTANT_BITS, () => bfSqrt(PI));

/**
 * erfc(t) for t >= 0: the alternating Maclaurin series of erf for t < 2 (at most 8 bits cancel), the
 * positive series erf t = (2/√π) e^(-t²) Σ 2^n t^(2n+1)/(1·3···(2n+1)) for 2 <= t < 6 (only 1 - erf cancels,
 * at most 56 bits), Laplace's continued fraction beyond, evaluated bottom-up (its depth is validated against
 * decimal.js in accuracy.test.ts).
 */
export function bfErfc(t: BF, expNegT2?: BF): BF {
  const tv = t.toNumber();
  if (tv < 0) return BF.int(2).sub(bfErfc(t.neg()));
  const expo = () => expNegT2 ?? bfExp(t.mul(t).neg());
  const t2 = t.mul(t);
  if (tv < 2) {
    let p = t; // t^(2n+1)/n!
    let sum = t;
    for (let n = 1; n < 1000; n++) {
      p = p.mul(t2).divInt(n).neg();
      const term = p.divInt(2 * n + 1);
      sum = sum.add(term);
      if (term.isZero() || term.log2Floor() < -PREC - 12) break;
    }
    return BF.ONE.sub(sum.scale(1).div(SQRT_PI));
  }
  if (tv < 6) {
    const twoT2 = t2.scale(1);
    let term = t;
    let sum = t;
    for (let n = 1; n < 2000; n++) {
      term = term.mul(twoT2).divInt(2 * n + 1);
      sum = sum.add(term);
      if (n > 2 * tv * tv && term.log2Floor() < sum.log2Floor() - PREC - 4) break;
    }
    const erf = sum.mul(expo()).scale(1).div(SQRT_PI);
    return BF.ONE.sub(erf);
  }
  let k = t;
  const depth = Math.ceil(40 + 4000 / (tv * tv));
  for (let n = depth; n >= 1; n--) k = t.add(BF.int(n).scale(-1).div(k));
  return expo().div(SQRT_PI.mul(k));
}

/** Error of a double against the reference, in ulps of the reference (ulp of the subnormal range below 2^-1022). */
export function ulpError(got: number, ref: BF | 'nan' | 'inf' | '-inf'): number {
  if (ref === 'nan') return got !== got ? 0 : Infinity;
  if (ref === 'inf') return got === Infinity ? 0 : Infinity;
  if (ref === '-inf') return got === -Infinity ? 0 : Infinity;
  if (!isFinite(got)) {
    // a true value beyond the largest double rounds to ±Infinity
    const e = ref.log2Floor();
    return e >= 1024 && Math.sign(got) === ref.sign ? 0 : Infinity;
  }
  if (ref.isZero()) return got === 0 ? 0 : Infinity;
  const e = Math.max(ref.log2Floor(), -1022);
  if (e >= 1024) return Infinity;
  const ulpExp = e - 52;
  const diff = BF.from(got).sub(ref).abs();
  return diff.scale(-ulpExp).toNumber();
}
