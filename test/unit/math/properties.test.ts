// Computed properties (max slope and where, saturation |f'| < 1e-3, range of the dipping ones), the
// thresholds found by bisection on the naive forms, the naive forms themselves, stable softmax, and
// fast-check properties: symmetries, monotonicity where claimed, f' against central differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CATALOG, getActivation } from '../../../src/core/math/catalog';
import { THRESHOLDS } from '../../../src/core/math/thresholds';
import {
  naiveSigmoid, naiveSigmoidAutogradGradient, naiveSigmoidGradient, naiveSigmoidRatio, naiveSoftmax, naiveSoftplus,
} from '../../../src/core/math/naive';
import { logSumExp, stableLogSoftmax, stableSoftmax } from '../../../src/core/math/vector';
import { SATURATION_SLOPE } from '../../../src/core/math/properties';
import type { Interval, Params } from '../../../src/core/math/types';

const nextUp = (x: number) => {
  const f = new Float64Array([x]);
  const i = new BigInt64Array(f.buffer);
  i[0] = x >= 0 ? i[0]! + 1n : i[0]! - 1n;
  return f[0]!;
};
const nextDown = (x: number) => -nextUp(-x);
const inside = (iv: Interval, x: number) => (iv.loClosed ? x >= iv.lo : x > iv.lo) && (iv.hiClosed ? x <= iv.hi : x < iv.hi);

test('max |f\'| and where: sigmoid 0.25 at 0, tanh 1 at 0, relu 1 on (0, ∞), hard_sigmoid 1/6 on (-3, 3)', () => {
  const p = (id: Parameters<typeof getActivation>[0]) => getActivation(id).properties().maxSlope;
  assert.deepEqual(p('sigmoid'), { value: 0.25, at: { lo: 0, hi: 0, loClosed: true, hiClosed: true } });
  assert.deepEqual(p('tanh'), { value: 1, at: { lo: 0, hi: 0, loClosed: true, hiClosed: true } });
  assert.deepEqual(p('relu'), { value: 1, at: { lo: 0, hi: Infinity, loClosed: false, hiClosed: false } });
  assert.deepEqual(p('relu6'), { value: 1, at: { lo: 0, hi: 6, loClosed: false, hiClosed: false } });
  assert.deepEqual(p('hard_sigmoid'), { value: 1 / 6, at: { lo: -3, hi: 3, loClosed: false, hiClosed: false } });
  assert.equal(p('hard_swish').value, 1.5);
  assert.equal(p('hard_swish').at.lo, 3);
  // smooth peaks elsewhere: GELU's f'' = φ(x)(2 - x²) vanishes at √2
  assert.ok(Math.abs(p('gelu').at.lo - Math.SQRT2) < 1e-6);
  assert.ok(Math.abs(p('gelu').value - 1.1289) < 1e-4);
  // limits, not attained: log_sigmoid' → 1 as x → -∞
  assert.deepEqual(p('log_sigmoid').at, { lo: -Infinity, hi: -Infinity, loClosed: false, hiClosed: false });
});

test('saturation |f\'| < 1e-3: computed boundaries are the exact switch points', () => {
  for (const a of CATALOG) {
    const props = a.properties();
    for (const iv of props.saturation) {
      for (const x of [iv.lo, iv.hi]) {
        if (!isFinite(x)) continue;
        // a closed end is inside, its outer neighbour is not (unless it is a breakpoint where f' is torch's value)
        const fin = (v: number) => Math.abs(a.derivative(v)) < SATURATION_SLOPE;
        const onBp = a.breakpoints().some((b) => b.x === x);
        if (x === iv.lo && iv.loClosed) assert.ok(fin(x) && (onBp || !fin(nextDown(x))), `${a.id} lo ${x}`);
        if (x === iv.hi && iv.hiClosed) assert.ok(fin(x) && (onBp || !fin(nextUp(x))), `${a.id} hi ${x}`);
      }
    }
  }
  const sat = getActivation('sigmoid').properties().saturation;
  assert.equal(sat.length, 2);
  assert.ok(Math.abs(sat[1]!.lo - 6.9057) < 1e-3 && sat[1]!.hi === Infinity);
  assert.ok(Math.abs(sat[0]!.hi + 6.9057) < 1e-3 && sat[0]!.lo === -Infinity);
  assert.deepEqual(getActivation('relu').properties().saturation, [{ lo: -Infinity, hi: 0, loClosed: false, hiClosed: true }]);
  assert.deepEqual(getActivation('linear').properties().saturation, []);
  // silu' crosses zero near -1.278: a small saturated island there
  const silu = getActivation('silu').properties().saturation;
  assert.ok(silu.some((iv) => inside(iv, -1.2785) && iv.hi - iv.lo < 0.02), JSON.stringify(silu));
});

test('ranges: bounds of the dipping activations are their computed minima', () => {
  const lo = (id: Parameters<typeof getActivation>[0]) => getActivation(id).properties().range.lo;
  assert.ok(Math.abs(lo('gelu') + 0.16997) < 1e-5);
  assert.ok(Math.abs(lo('silu') + 0.27846) < 1e-5);
  assert.ok(Math.abs(lo('mish') + 0.30884) < 1e-5);
  assert.equal(lo('hard_swish'), -0.375);
  assert.deepEqual(getActivation('sigmoid').properties().range, { lo: 0, hi: 1, loClosed: false, hiClosed: false });
});

test('thresholds are found on the naive evaluations, per dtype', () => {
  const t = THRESHOLDS.float64;
  assert.ok(Math.abs(t.expOverflow - 709.78) < 0.01);
  assert.equal(Math.exp(t.expOverflow), Infinity);
  assert.ok(Number.isFinite(Math.exp(nextDown(t.expOverflow))));
  assert.equal(naiveSigmoid(t.naiveSigmoidOverflow), 0);
  assert.ok(naiveSigmoid(nextUp(t.naiveSigmoidOverflow)) > 0);
  assert.ok(Number.isNaN(naiveSigmoidAutogradGradient(t.naiveSigmoidGradientNaN)));
  assert.ok(Number.isNaN(naiveSigmoidRatio(t.naiveRatioSigmoidNaN)));
  assert.equal(naiveSoftplus(t.naiveSoftplusOverflow), Infinity);
  // σ(1-σ) = 0 from 36.7 on, while the true σ' there is 1.1e-16
  assert.ok(Math.abs(t.naiveSigmoidGradientZero - 36.7) < 0.05);
  assert.equal(naiveSigmoidGradient(t.naiveSigmoidGradientZero), 0);
  assert.ok(naiveSigmoidGradient(nextDown(t.naiveSigmoidGradientZero)) > 0);
  assert.ok(getActivation('sigmoid').derivative(t.naiveSigmoidGradientZero) > 1e-16);
  assert.ok(Math.abs(t.sigmoidDerivativeUnderflow - 745.13) < 0.01);
  assert.ok(Math.abs(t.expUnderflow + 745.13) < 0.01);
  const f = THRESHOLDS.float32;
  assert.ok(Math.abs(f.expOverflow - 88.72) < 0.01);
  assert.ok(Math.abs(f.naiveSigmoidGradientZero - 16.6) < 0.1);
  assert.ok(Math.abs(f.sigmoidDerivativeUnderflow - 103.97) < 0.01);
  assert.equal(Math.fround(f.expOverflow), f.expOverflow, 'float32 thresholds are float32 values');
  assert.equal(naiveSigmoid(f.naiveSigmoidOverflow, 'float32'), 0);
});

test('naive forms fail where expected and the stable ones do not', () => {
  assert.equal(naiveSigmoid(-740), 0);
  assert.ok(getActivation('sigmoid').value(-740) > 0);
  assert.ok(Number.isNaN(naiveSigmoidRatio(800)));
  assert.equal(getActivation('sigmoid').value(800), 1);
  assert.equal(naiveSoftplus(800), Infinity);
  assert.equal(getActivation('softplus').value(800, { threshold: Infinity }), 800);
  assert.equal(naiveSoftplus(-40), 0);
  assert.ok(getActivation('softplus').value(-40) > 4e-18);
  assert.ok(naiveSoftmax([1000, 0]).some(Number.isNaN));
  assert.deepEqual(stableSoftmax([1000, 0]), [1, 0]);
  const sm = stableSoftmax([1, 2, 3]);
  assert.ok(Math.abs(sm.reduce((a, b) => a + b) - 1) < 1e-15);
  assert.equal(logSumExp([1000, 1000]), 1000 + Math.LN2);
  assert.ok(Math.abs(stableLogSoftmax([2, 0])[0]! - getActivation('log_sigmoid').value(2)) < 1e-15);
});

const moderate = fc.double({ min: -700, max: 700, noNaN: true });

test('fast-check: σ(-x) = 1 - σ(x), softplus(x) - softplus(-x) = x, tanh odd, log σ(x) = -softplus(-x)', () => {
  const sig = getActivation('sigmoid');
  const sp = getActivation('softplus');
  const exact = { threshold: Infinity };
  fc.assert(fc.property(moderate, (x) => Math.abs(sig.value(-x) - (1 - sig.value(x))) <= 2 ** -53));
  fc.assert(
    fc.property(moderate, (x) => {
      const d = sp.value(x, exact) - sp.value(-x, exact);
      return Math.abs(d - x) <= 4 * Number.EPSILON * Math.max(1, Math.abs(x));
    }),
  );
  fc.assert(fc.property(moderate, (x) => getActivation('tanh').value(-x) === -getActivation('tanh').value(x)));
  fc.assert(fc.property(moderate, (x) => getActivation('log_sigmoid').value(x) === -sp.value(-x, exact)));
  fc.assert(fc.property(moderate, (x) => sig.derivative(x) === sig.derivative(-x)));
});

test('fast-check: activations claimed monotonic never decrease', () => {
  for (const a of CATALOG.filter((c) => c.properties().monotonic)) {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (u, v) => {
        const [x, y] = u <= v ? [u, v] : [v, u];
        return a.value(x) <= a.value(y);
      }),
      { numRuns: 300 },
    );
  }
  for (const id of ['gelu', 'silu', 'mish', 'hard_swish'] as const) {
    assert.equal(getActivation(id).properties().monotonic, false);
    assert.ok(getActivation(id).value(-1) < getActivation(id).value(-5) || getActivation(id).value(-1.5) < getActivation(id).value(-4), id);
  }
});

test('fast-check: f\' agrees with a central difference of f, and f\'\' with one of f\', away from breakpoints', () => {
  for (const a of CATALOG) {
    // where f'' jumps without a kink in f (C¹ joints) the second difference is skipped like a breakpoint
    const joints = [...a.breakpoints().map((b) => b.x), ...(['elu', 'selu', 'celu', 'softsign'].includes(a.id) ? [0] : []), ...(a.id === 'sparse_plus' ? [-1, 1] : [])];
    const paramsList: Params[] = a.id === 'gelu' ? [{}, { approximate: 'tanh' }] : [{}];
    for (const params of paramsList) {
      fc.assert(
        fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
          const h = 1e-5 * Math.max(1, Math.abs(x));
          if (joints.some((b) => Math.abs(b - x) <= 2 * h)) return true;
          if (a.id === 'softplus' && Math.abs(x - 20) <= 2 * h) return true;
          const fd = (a.value(x + h, params) - a.value(x - h, params)) / (2 * h);
          const d = a.derivative(x, params);
          const scale = Math.max(1e-6, Math.abs(d), Math.abs(a.value(x, params)) * 1e-3);
          const ok1 = Math.abs(fd - d) <= 1e-5 * scale + 1e-9;
          const fd2 = (a.derivative(x + h, params) - a.derivative(x - h, params)) / (2 * h);
          const d2 = a.secondDerivative(x, params);
          const ok2 = Number.isNaN(d2) || Math.abs(fd2 - d2) <= 1e-4 * Math.max(1e-6, Math.abs(d2)) + 1e-8;
          return ok1 && ok2;
        }),
        { numRuns: 200 },
      );
    }
  }
});
