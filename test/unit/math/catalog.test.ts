// The catalog as a contract: every id present once, names and aliases resolve, framework defaults as the
// libraries document them, parameter validation, special values, breakpoints and float32 mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATALOG, closestActivationNames, findActivation, frameworkDefaults, getActivation, validateParams,
} from '../../../src/core/math/catalog';
import { ACTIVATION_IDS, FRAMEWORKS } from '../../../src/core/math/types';

test('every ActivationId has exactly one catalog entry with formula and consistent params', () => {
  assert.deepEqual(CATALOG.map((a) => a.id).sort(), [...ACTIVATION_IDS].sort());
  for (const a of CATALOG) {
    assert.ok(a.displayName && a.formula.text && a.formula.latex, a.id);
    for (const p of a.params) {
      if (p.kind === 'choice') assert.ok(p.choices?.includes(String(p.default)), `${a.id}.${p.name}`);
      else assert.equal(typeof p.default, 'number', `${a.id}.${p.name}`);
    }
    assert.equal(getActivation(a.id), a);
  }
  assert.equal(getActivation('softmax').vector, true);
  assert.equal(getActivation('sigmoid').vector, false);
});

test('findActivation: ids, aliases and spellings, case-insensitive', () => {
  const cases: Array<[string, string]> = [
    ['sigmoid', 'sigmoid'], ['Logistic', 'sigmoid'], ['expit', 'sigmoid'], ['SWISH', 'silu'], ['hard_silu', 'hard_swish'],
    ['Hardswish', 'hard_swish'], ['LeakyReLU', 'leaky_relu'], ['leaky-relu', 'leaky_relu'], ['logsigmoid', 'log_sigmoid'],
    ['heaviside', 'step'], ['identity', 'linear'], ['HardSigmoid', 'hard_sigmoid'], ['hardtanh', 'hard_tanh'], ['GELU', 'gelu'],
  ];
  for (const [name, id] of cases) assert.equal(findActivation(name)?.id, id, name);
  assert.equal(findActivation('not_an_activation'), undefined);
  assert.equal(findActivation(''), undefined);
  assert.deepEqual(closestActivationNames('sigmod').slice(0, 1), ['sigmoid']);
  assert.ok(closestActivationNames('relu7').includes('relu6'));
  assert.ok(closestActivationNames('softpuls').includes('softplus'));
  assert.deepEqual(closestActivationNames('zzzzzzzzzzzz'), []);
});

test('framework defaults as documented (torch/jax/onnx/keras/tf/tfjs)', () => {
  const slope = (f: (typeof FRAMEWORKS)[number]) => frameworkDefaults(f, 'leaky_relu').negative_slope;
  assert.deepEqual(FRAMEWORKS.map(slope), [0.01, 0.2, 0.2, 0.01, 0.01, 0.2]);
  assert.equal(frameworkDefaults('torch', 'hard_sigmoid').slope, 1 / 6);
  assert.equal(frameworkDefaults('keras', 'hard_sigmoid').slope, 1 / 6);
  assert.equal(frameworkDefaults('jax', 'hard_sigmoid').slope, 1 / 6);
  assert.equal(frameworkDefaults('onnx', 'hard_sigmoid').slope, 0.2);
  assert.equal(frameworkDefaults('tfjs', 'hard_sigmoid').slope, 0.2);
  assert.equal(frameworkDefaults('torch', 'gelu').approximate, 'none');
  assert.equal(frameworkDefaults('jax', 'gelu').approximate, 'tanh');
  assert.equal(frameworkDefaults('keras', 'gelu').approximate, 'none');
  assert.deepEqual(frameworkDefaults('torch', 'softplus'), { beta: 1, threshold: 20 });
  assert.deepEqual(frameworkDefaults('jax', 'softplus'), { beta: 1, threshold: Infinity });
  assert.equal(frameworkDefaults('torch', 'elu').alpha, 1);
  assert.equal(frameworkDefaults('torch', 'celu').alpha, 1);
  assert.equal(frameworkDefaults('torch', 'softshrink').lambd, 0.5);
  assert.equal(frameworkDefaults('torch', 'hardshrink').lambd, 0.5);
  assert.equal(frameworkDefaults('jax', 'squareplus').b, 4);
  assert.equal(frameworkDefaults('torch', 'selu').alpha, 1.6732632423543772);
  assert.equal(frameworkDefaults('torch', 'selu').scale, 1.0507009873554805);
  // hard_sigmoid: relu6(x+3)/6 for torch vs 0.2x + 0.5 for onnx, visible in the values
  const hs = getActivation('hard_sigmoid');
  assert.equal(hs.value(1, frameworkDefaults('torch', 'hard_sigmoid')), 4 / 6);
  assert.equal(hs.value(1, frameworkDefaults('onnx', 'hard_sigmoid')), 0.7);
  assert.equal(hs.value(-3, frameworkDefaults('torch', 'hard_sigmoid')), 0);
  assert.equal(hs.value(-2.5, frameworkDefaults('onnx', 'hard_sigmoid')), 0);
  // torch's softplus threshold: x itself beyond it
  const sp = getActivation('softplus');
  assert.equal(sp.value(25, frameworkDefaults('torch', 'softplus')), 25);
  assert.equal(sp.value(25, frameworkDefaults('keras', 'softplus')), 25.000000000013888);
});

test('validateParams names unknown parameters, bad numbers and choices; values never throw on bad params', () => {
  const leaky = getActivation('leaky_relu');
  assert.deepEqual(validateParams(leaky, { negative_slope: 0.1 }), []);
  assert.deepEqual(validateParams(leaky, { alpha: 0.1 }), []);
  assert.match(validateParams(leaky, { slope2: 1 })[0]!, /no parameter 'slope2'.*negative_slope/);
  assert.match(validateParams(getActivation('relu'), { a: 1 })[0]!, /takes no parameters/);
  assert.match(validateParams(getActivation('gelu'), { approximate: 'x' })[0]!, /one of none, tanh/);
  assert.match(validateParams(getActivation('elu'), { alpha: 'abc' })[0]!, /must be a number/);
  assert.match(validateParams(getActivation('elu'), { alpha: -1 })[0]!, /≥ 0/);
  assert.deepEqual(validateParams(getActivation('softplus'), { threshold: Infinity }), []);
  assert.equal(leaky.value(-1, { negative_slope: 'oops' }), -0.01);
  assert.equal(leaky.value(-1, { unknown: 3 }), -0.01);
});

test('special values: NaN in gives NaN out, finite in never gives NaN, ±Infinity gives the limits', () => {
  const finite = [-1e308, -1e5, -800, -745.2, -709.8, -50, -3, -1, -0.5, -1e-300, -5e-324, -0, 0, 5e-324, 1e-300, 0.5, 1, 3, 50, 709.8, 800, 1e5, 1e308];
  for (const a of CATALOG) {
    assert.ok(Number.isNaN(a.value(NaN)), `${a.id}(NaN)`);
    assert.ok(Number.isNaN(a.derivative(NaN)), `${a.id}'(NaN)`);
    assert.ok(Number.isNaN(a.secondDerivative(NaN)), `${a.id}''(NaN)`);
    for (const x of finite) {
      assert.ok(!Number.isNaN(a.value(x)), `${a.id}(${x})`);
      assert.ok(!Number.isNaN(a.derivative(x)), `${a.id}'(${x})`);
      const onBreakpoint = a.breakpoints().some((b) => b.x === x);
      // C¹ functions whose f'' jumps (so is undefined) without a kink in f: elu/selu/celu/softsign at 0, sparse_plus at ±1
      const c1Joint = (x === 0 && ['elu', 'selu', 'celu', 'softsign'].includes(a.id)) || (Math.abs(x) === 1 && a.id === 'sparse_plus');
      if (!onBreakpoint && !c1Joint) {
        assert.ok(!Number.isNaN(a.secondDerivative(x)), `${a.id}''(${x})`);
      }
    }
    // The limits at ±Infinity agree with the values far out (the same double, or both overflow the same way).
    for (const [inf, far] of [[Infinity, 1e300], [-Infinity, -1e300]] as const) {
      for (const fn of ['value', 'derivative'] as const) {
        const atInf = a[fn](inf);
        const atFar = a[fn](far);
        if (Math.abs(atFar) > 1e290) assert.equal(atInf, Math.sign(atFar) * Infinity, `${a.id}.${fn}(${inf})`);
        else if (atInf === 0) assert.ok(Math.abs(atFar) < 1e-250, `${a.id}.${fn}(${inf}) = 0 vs ${atFar} at ${far}`); // 1/x decay (squareplus, softsign')
        else assert.ok(atInf === atFar, `${a.id}.${fn}(${inf}) = ${atInf} vs ${atFar} at ${far}`);
      }
    }
  }
});

test('-0 is kept where the function is odd or linear through 0', () => {
  for (const id of ['tanh', 'linear', 'softsign', 'silu', 'gelu', 'mish', 'elu', 'selu', 'celu', 'tanhshrink', 'leaky_relu'] as const) {
    assert.ok(Object.is(getActivation(id).value(-0), -0), id);
  }
  assert.equal(getActivation('sigmoid').value(-0), 0.5);
});

test('breakpoints: kinks and jumps by params; f\'\' is NaN exactly there; f\' follows torch at the kink', () => {
  assert.deepEqual(getActivation('relu').breakpoints(), [{ x: 0, kind: 'kink' }]);
  assert.deepEqual(getActivation('relu6').breakpoints(), [{ x: 0, kind: 'kink' }, { x: 6, kind: 'kink' }]);
  assert.deepEqual(getActivation('step').breakpoints(), [{ x: 0, kind: 'jump' }]);
  assert.deepEqual(getActivation('hardshrink').breakpoints({ lambd: 0.25 }), [{ x: -0.25, kind: 'jump' }, { x: 0.25, kind: 'jump' }]);
  assert.deepEqual(getActivation('hard_sigmoid').breakpoints(), [{ x: -3, kind: 'kink' }, { x: 3, kind: 'kink' }]);
  assert.deepEqual(getActivation('hard_sigmoid').breakpoints({ slope: 0.2 }), [{ x: -2.5, kind: 'kink' }, { x: 2.5, kind: 'kink' }]);
  assert.deepEqual(getActivation('softplus').breakpoints({ threshold: Infinity }), []);
  assert.deepEqual(getActivation('leaky_relu').breakpoints({ negative_slope: 1 }), []);
  assert.deepEqual(getActivation('sigmoid').breakpoints(), []);
  assert.ok(Number.isNaN(getActivation('relu').secondDerivative(0)));
  assert.equal(getActivation('relu').secondDerivative(1e-300), 0);
  assert.equal(getActivation('relu').derivative(0), 0);
  assert.equal(getActivation('leaky_relu').derivative(0), 0.01);
  assert.equal(getActivation('hard_swish').derivative(-3), -0.5);
  assert.equal(getActivation('hard_swish').derivative(3), 1.5);
  assert.ok(Number.isNaN(getActivation('threshold').secondDerivative(1)));
});

test('float32 mode rounds input, parameters and result to float32 and saturates where float32 does', () => {
  const sig = getActivation('sigmoid');
  for (const x of [0.1, -3.3, 10.7, -90.1, 17, -103]) {
    assert.equal(sig.value(x, {}, 'float32'), Math.fround(sig.value(Math.fround(x))));
  }
  // correctly rounded float32 σ reaches 1 at 17.33 (the naive form already at 16.64)
  assert.equal(sig.value(17.4, {}, 'float32'), 1);
  assert.ok(sig.value(17, {}, 'float32') < 1);
  assert.ok(sig.value(17.4) < 1);
  const exp = getActivation('exponential');
  assert.equal(exp.value(89, {}, 'float32'), Infinity);
  assert.ok(Number.isFinite(exp.value(88.7, {}, 'float32')));
  assert.ok(Number.isFinite(exp.value(709, {})));
  assert.equal(getActivation('leaky_relu').value(-1, { negative_slope: 0.1 }, 'float32'), -Math.fround(0.1));
});

test('a params object mutated between calls is re-read (the evaluators cache the last resolution)', () => {
  const leaky = getActivation('leaky_relu');
  const p: Record<string, number> = { negative_slope: 0.1 };
  assert.equal(leaky.value(-1, p), -0.1);
  p.negative_slope = 0.3;
  assert.equal(leaky.value(-1, p), -0.3);
  assert.equal(leaky.value(-1), -0.01);
  assert.equal(leaky.value(-1, p, 'float32'), -Math.fround(0.3));
});
