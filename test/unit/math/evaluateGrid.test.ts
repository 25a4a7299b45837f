// Activation.evaluateGrid against the scalar methods it stands in for: the sampler (and so the plot
// panel) reads evaluateGrid, the hovers and the CLI read value/derivative/secondDerivative, and they must
// agree bit for bit (Object.is: -0 and NaN included) for every activation, parameter set and dtype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, frameworkDefaults } from '../../../src/core/math/catalog';
import { FRAMEWORKS, type Activation, type Params } from '../../../src/core/math/types';

/** Dense where the evaluators switch paths, plus the whole double range and the special values. */
function testPoints(activation: Activation, params: Params): Float64Array {
  const xs: number[] = [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 1e-300, -1e-300, 1e308, -1e308];
  for (let i = 0; i <= 1600; i++) xs.push(-50 + i / 16);
  // GELU's fast range edges and the derivative's double-double window; the sigmoid tails; exp's overflow
  for (const edge of [2 ** -900, 26, 40, 45, 60, 0.65, 0.85, 709.79, 745.2, 1400]) {
    for (const sign of [1, -1]) {
      let x = sign * edge;
      for (let k = 0; k < 3; k++) {
        xs.push(x, x * (1 + 2 ** -52), x * (1 - 2 ** -53));
        x *= 1 + 2 ** -20;
      }
    }
  }
  // a deterministic spread over every exponent
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 1500; i++) xs.push((next() < 0.5 ? -1 : 1) * (1 + next()) * 2 ** Math.round(next() * 2040 - 1020));
  for (const b of activation.breakpoints(params)) xs.push(b.x, b.x * (1 + 2 ** -52), b.x * (1 - 2 ** -53));
  return Float64Array.from(xs);
}

function paramSets(activation: Activation): Params[] {
  const sets: Params[] = [{}];
  for (const fw of FRAMEWORKS) sets.push(frameworkDefaults(fw, activation.id));
  const extra: Partial<Record<Activation['id'], Params[]>> = {
    gelu: [{ approximate: 'tanh' }],
    softplus: [{ beta: 2, threshold: Infinity }, { beta: 0.5, threshold: 3 }],
    leaky_relu: [{ negative_slope: 1 }],
    hard_sigmoid: [{ slope: 0.2, offset: 0.5 }],
    elu: [{ alpha: 0.5 }],
    threshold: [{ threshold: 2, value: 2 }],
  };
  // framework presets mostly repeat the defaults: each distinct set once
  const distinct = new Map<string, Params>();
  for (const set of [...sets, ...(extra[activation.id] ?? [])]) {
    const key = JSON.stringify({ ...activation.params.reduce((o, p) => ({ ...o, [p.name]: p.default }), {}), ...set });
    if (!distinct.has(key)) distinct.set(key, set);
  }
  return [...distinct.values()];
}

test('evaluateGrid gives the numbers of value, derivative and secondDerivative, bit for bit', () => {
  for (const activation of CATALOG) {
    assert.ok(activation.evaluateGrid, `${activation.id} has evaluateGrid`);
    for (const params of paramSets(activation)) {
      const xs = testPoints(activation, params);
      for (const dtype of ['float64', 'float32'] as const) {
        const f = new Float64Array(xs.length);
        const d1 = new Float64Array(xs.length);
        const d2 = new Float64Array(xs.length);
        activation.evaluateGrid!(xs, { f, d1, d2 }, params, dtype);
        const label = `${activation.id} ${JSON.stringify(params)} ${dtype}`;
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i]!;
          const ok =
            Object.is(f[i], activation.value(x, params, dtype)) &&
            Object.is(d1[i], activation.derivative(x, params, dtype)) &&
            Object.is(d2[i], activation.secondDerivative(x, params, dtype));
          if (!ok) {
            assert.fail(
              `${label} at x = ${x}: grid [${f[i]}, ${d1[i]}, ${d2[i]}], scalar [${activation.value(x, params, dtype)}, ` +
                `${activation.derivative(x, params, dtype)}, ${activation.secondDerivative(x, params, dtype)}]`,
            );
          }
        }
      }
    }
  }
});

test('evaluateGrid fills only the orders asked for', () => {
  const gelu = CATALOG.find((a) => a.id === 'gelu')!;
  const xs = Float64Array.from([-1, 0.5, 2]);
  const d1 = new Float64Array(3);
  gelu.evaluateGrid!(xs, { d1 });
  assert.deepEqual(Array.from(d1), Array.from(xs, (x) => gelu.derivative(x)));
  const f = new Float64Array(3);
  const d2 = new Float64Array(3);
  gelu.evaluateGrid!(xs, { f, d2 });
  assert.deepEqual(Array.from(f), Array.from(xs, (x) => gelu.value(x)));
  assert.deepEqual(Array.from(d2), Array.from(xs, (x) => gelu.secondDerivative(x)));
});

test('the sampler gives the same curves through evaluateGrid as through the scalar methods', async () => {
  const { sampleActivation } = await import('../../../src/core/math/sample');
  const range = { xMin: -7, xMax: 25, points: 641 };
  for (const activation of CATALOG) {
    const scalarOnly: Activation = { ...activation, evaluateGrid: undefined };
    for (const params of paramSets(activation)) {
      for (const dtype of ['float64', 'float32'] as const) {
        const viaGrid = sampleActivation(activation, params, range, dtype, [0, 1, 2]);
        const viaScalar = sampleActivation(scalarOnly, params, range, dtype, [0, 1, 2]);
        assert.deepEqual(viaGrid, viaScalar, `${activation.id} ${JSON.stringify(params)} ${dtype}`);
      }
    }
  }
});
