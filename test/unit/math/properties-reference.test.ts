// properties() samples f' on a sparse grid and refines (regula falsi, bisection over the doubles, the
// zero crossings and dips of f'); here it is checked against a slow dense scan, and its islands and cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getActivation } from '../../../src/core/math/catalog';
import { SATURATION_SLOPE } from '../../../src/core/math/properties';
import type { ActivationId, Dtype, Interval, Params } from '../../../src/core/math/types';

const inside = (iv: Interval, x: number) => (iv.loClosed ? x >= iv.lo : x > iv.lo) && (iv.hiClosed ? x <= iv.hi : x < iv.hi);

const cases: Array<[ActivationId, Params | undefined, Dtype]> = [
  ['sigmoid', undefined, 'float64'], ['tanh', undefined, 'float32'], ['elu', { alpha: 3 }, 'float64'],
  ['gelu', undefined, 'float64'], ['gelu', { approximate: 'tanh' }, 'float32'], ['silu', undefined, 'float64'],
  ['mish', undefined, 'float64'], ['hard_swish', undefined, 'float64'], ['softplus', { beta: 0.25 }, 'float64'],
];

test('saturation regions agree with a dense scan of |f\'| < 1e-3 (step 2^-10 on [-12, 12])', () => {
  for (const [id, params, dtype] of cases) {
    const a = getActivation(id);
    const sat = a.properties(params, dtype).saturation;
    for (let i = -12 * 1024; i <= 12 * 1024; i++) {
      const x = i / 1024;
      if (a.breakpoints(params).some((b) => b.x === x)) continue;
      const saturated = Math.abs(a.derivative(x, params, dtype)) < SATURATION_SLOPE;
      assert.equal(sat.some((iv) => inside(iv, x)), saturated, `${id} ${JSON.stringify(params)} ${dtype} at ${x}`);
    }
  }
});

test('max |f\'| is not exceeded anywhere on a dense scan, and the range bound is the scanned minimum or below', () => {
  for (const [id, params, dtype] of cases) {
    const a = getActivation(id);
    const props = a.properties(params, dtype);
    let maxSlope = 0;
    let minF = Infinity;
    for (let i = -12 * 1024; i <= 12 * 1024; i++) {
      const x = i / 1024;
      maxSlope = Math.max(maxSlope, Math.abs(a.derivative(x, params, dtype)));
      minF = Math.min(minF, a.value(x, params, dtype));
    }
    assert.ok(maxSlope <= props.maxSlope.value, `${id}: scanned ${maxSlope} > ${props.maxSlope.value}`);
    assert.ok(props.range.lo <= minF, `${id}: range.lo ${props.range.lo} above scanned ${minF}`);
    if (Number.isFinite(props.range.lo) && props.range.loClosed) {
      // the scan steps 2^-10, so it misses the bottom by up to f''·Δx²/2 ≈ 1e-7
      assert.ok(minF - props.range.lo < 1e-6, `${id}: range.lo ${props.range.lo} far below scanned ${minF}`);
    }
  }
});

test('the narrow islands where f\' crosses 0 are found (gelu tanh form, mish), and results are cached', () => {
  const island = (id: ActivationId, params: Params | undefined, near: number) =>
    getActivation(id).properties(params).saturation.some((iv) => inside(iv, near) && iv.hi - iv.lo < 0.02);
  assert.ok(island('gelu', { approximate: 'tanh' }, -0.7524));
  assert.ok(island('mish', undefined, -1.1924));
  assert.ok(island('gelu', undefined, -0.7518));
  const a = getActivation('gelu');
  assert.equal(a.properties({ approximate: 'tanh' }, 'float32'), a.properties({ approximate: 'tanh' }, 'float32'));
});
