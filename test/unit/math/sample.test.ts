import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  adjacentFloat,
  checkSampleRange,
  sampleActivation,
  sampleActivations,
  sampleGrid,
  vanishingGradientIntervals,
} from '../../../src/core/math/sample';
import type { Activation, Breakpoint, Params } from '../../../src/core/math/types';

// Small hand-written activations with known kinks and jumps, so the sampler's handling of
// breakpoints is tested apart from the catalog (which has its own tests).
function fixture(
  id: Activation['id'],
  f: (x: number, p: Params) => number,
  df: (x: number, p: Params) => number,
  d2f: (x: number, p: Params) => number,
  breakpoints: (p: Params) => Breakpoint[],
): Activation {
  return {
    id,
    displayName: id,
    aliases: [],
    formula: { text: '', latex: '' },
    params: [],
    vector: false,
    value: (x, p = {}, d = 'float64') => (d === 'float32' ? Math.fround(f(x, p)) : f(x, p)),
    derivative: (x, p = {}, d = 'float64') => (d === 'float32' ? Math.fround(df(x, p)) : df(x, p)),
    secondDerivative: (x, p = {}) => d2f(x, p),
    breakpoints,
    properties: () => {
      throw new Error('not used by the sampler');
    },
  };
}

const relu = fixture(
  'relu',
  (x) => Math.max(0, x),
  (x) => (x > 0 ? 1 : 0),
  (x) => (x === 0 ? NaN : 0),
  () => [{ x: 0, kind: 'kink' }],
);
// Heaviside with step(0) = 0.5, so the value at the jump differs from both limits.
const step = fixture(
  'step',
  (x) => (x > 0 ? 1 : x < 0 ? 0 : 0.5),
  (x) => (x === 0 ? NaN : 0),
  (x) => (x === 0 ? NaN : 0),
  () => [{ x: 0, kind: 'jump' }],
);
const sigmoid = fixture(
  'sigmoid',
  (x) => 1 / (1 + Math.exp(-x)),
  (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s) * (1 - 2 * s);
  },
  () => [],
);
const hardSigmoid = fixture(
  'hard_sigmoid',
  (x) => Math.min(1, Math.max(0, x / 6 + 0.5)),
  (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
  (x) => (x === -3 || x === 3 ? NaN : 0),
  () => [
    { x: -3, kind: 'kink' },
    { x: 3, kind: 'kink' },
  ],
);
const shifted = fixture(
  'threshold',
  (x, p) => (x > Number(p.threshold) ? x : Number(p.value)),
  (x, p) => (x > Number(p.threshold) ? 1 : 0),
  () => 0,
  (p) => [{ x: Number(p.threshold), kind: 'jump' }],
);

const range = { xMin: -5, xMax: 5, points: 101 };

function allPoints(seg: { x: Float64Array; y: Float64Array }[]): [number, number][] {
  return seg.flatMap((s) => Array.from(s.x, (x, i) => [x, s.y[i]!] as [number, number]));
}

describe('sampleActivation', () => {
  it('samples a smooth function as one segment on the even grid, ends exact', () => {
    const s = sampleActivation(sigmoid, {}, range, 'float64');
    const f = s.curves[0]!;
    assert.equal(f.segments.length, 1);
    const seg = f.segments[0]!;
    assert.equal(seg.x.length, 101);
    assert.equal(seg.x[0], -5);
    assert.equal(seg.x[100], 5);
    for (let i = 0; i < seg.x.length; i++) assert.equal(seg.y[i], sigmoid.value(seg.x[i]!));
    assert.equal(s.curves[2], undefined, 'f\'\' is only sampled when asked');
  });

  it('keeps relu in one piece but puts the kink at exactly x = 0', () => {
    const s = sampleActivation(relu, {}, { xMin: -1, xMax: 2, points: 4 }, 'float64', [0, 1, 2]);
    const f = s.curves[0]!;
    assert.equal(f.segments.length, 1);
    assert.deepEqual(allPoints(f.segments as never), [[-1, 0], [0, 0], [1, 1], [2, 2]]);
    // f' jumps from 0 to 1 at the kink: two segments meeting at x = 0, no line between them.
    const df = s.curves[1]!;
    assert.equal(df.segments.length, 2);
    const [left, right] = df.segments;
    assert.equal(left!.x[left!.x.length - 1], 0);
    assert.equal(left!.y[left!.y.length - 1], 0);
    assert.equal(right!.x[0], 0);
    assert.equal(right!.y[0], 1);
    assert.deepEqual(df.breakpoints[0], { x: 0, kind: 'kink', value: 0, left: 0, right: 1, discontinuous: true });
    // f'' is NaN at the kink and is never drawn through it.
    assert.equal(s.curves[2]!.segments.length, 2);
    assert.ok(Number.isNaN(s.curves[2]!.breakpoints[0]!.value));
  });

  it('inserts a breakpoint that falls between grid points', () => {
    // 0 is not on this grid (step 10/99): the sampler adds it.
    const s = sampleActivation(relu, {}, { xMin: -5, xMax: 5, points: 100 }, 'float64');
    const xs = s.curves[0]!.segments[0]!.x;
    assert.equal(xs.length, 101);
    assert.ok(xs.includes(0));
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i]! > xs[i - 1]!, 'strictly increasing');
  });

  it('leaves a vertical gap at a jump, with the value at the jump reported apart', () => {
    const s = sampleActivation(step, {}, range, 'float64');
    const f = s.curves[0]!;
    assert.equal(f.segments.length, 2);
    const [left, right] = f.segments;
    assert.ok(Array.from(left!.y).every((y) => y === 0));
    assert.ok(Array.from(right!.y).every((y) => y === 1));
    assert.equal(left!.x[left!.x.length - 1], 0);
    assert.equal(right!.x[0], 0);
    assert.deepEqual(f.breakpoints, [{ x: 0, kind: 'jump', value: 0.5, left: 0, right: 1, discontinuous: true }]);
  });

  it('finds both corners of hard_sigmoid', () => {
    const s = sampleActivation(hardSigmoid, {}, { xMin: -6, xMax: 6, points: 7 }, 'float64', [0, 1]);
    assert.deepEqual(
      allPoints(s.curves[0]!.segments as never),
      [[-6, 0], [-4, 0], [-3, 0], [-2, 1 / 6], [0, 0.5], [2, 5 / 6], [3, 1], [4, 1], [6, 1]].map(([x, y]) => [x, hardSigmoid.value(x!)]),
    );
    assert.equal(s.curves[1]!.segments.length, 3);
  });

  it('uses parameters to place breakpoints, and ignores those outside the range', () => {
    const inside = sampleActivation(shifted, { threshold: 1, value: -2 }, range, 'float64');
    assert.equal(inside.curves[0]!.segments.length, 2);
    const outside = sampleActivation(shifted, { threshold: 10, value: -2 }, range, 'float64');
    assert.equal(outside.curves[0]!.segments.length, 1);
  });

  it('breaks the curve where values are not finite', () => {
    const log = fixture('linear', (x) => Math.log(x), (x) => 1 / x, (x) => -1 / (x * x), () => []);
    const s = sampleActivation(log, {}, { xMin: -1, xMax: 1, points: 5 }, 'float64');
    // log is NaN for x < 0 and -Infinity at 0: only (0.5, ..) and (1, 0) remain, in one segment.
    const pts = allPoints(s.curves[0]!.segments as never);
    assert.deepEqual(pts, [[0.5, Math.log(0.5)], [1, 0]]);
  });

  it('rounds x to float32 and evaluates in float32', () => {
    const s = sampleActivation(sigmoid, {}, { xMin: -1, xMax: 1, points: 11 }, 'float32');
    const seg = s.curves[0]!.segments[0]!;
    for (let i = 0; i < seg.x.length; i++) {
      assert.equal(seg.x[i], Math.fround(seg.x[i]!));
      assert.equal(seg.y[i], Math.fround(seg.y[i]!));
    }
    assert.equal(s.dtype, 'float32');
  });

  it('rejects ranges it cannot sample', () => {
    assert.throws(() => sampleActivation(relu, {}, { xMin: 1, xMax: -1, points: 10 }, 'float64'), RangeError);
    assert.match(checkSampleRange({ xMin: 0, xMax: Infinity, points: 10 })!, /finite/);
    assert.match(checkSampleRange({ xMin: 0, xMax: 1, points: 1 })!, /points/);
    assert.match(checkSampleRange({ xMin: 0, xMax: 1, points: 2.5 })!, /points/);
    assert.equal(checkSampleRange(range), undefined);
  });

  it('samples several activations on the same grid', () => {
    const all = sampleActivations([{ activation: relu }, { activation: sigmoid }], range, 'float64');
    assert.deepEqual(all.map((a) => a.id), ['relu', 'sigmoid']);
  });
});

describe('sampleGrid', () => {
  it('has exact ends and even spacing', () => {
    const g = sampleGrid({ xMin: -5, xMax: 5, points: 11 }, 'float64');
    assert.deepEqual(Array.from(g), [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
  });
});

describe('adjacentFloat', () => {
  it('steps one ulp in float64 and float32', () => {
    assert.equal(adjacentFloat(1, 1, 'float64'), 1 + Number.EPSILON);
    assert.equal(adjacentFloat(1, -1, 'float64'), 1 - Number.EPSILON / 2);
    assert.equal(adjacentFloat(0, -1, 'float64'), -Number.MIN_VALUE);
    assert.equal(adjacentFloat(-2, 1, 'float64'), -2 + Number.EPSILON);
    assert.equal(adjacentFloat(1, 1, 'float32'), 1 + 2 ** -23);
    assert.equal(adjacentFloat(1, -1, 'float32'), 1 - 2 ** -24);
    assert.equal(adjacentFloat(0, 1, 'float32'), 2 ** -149);
    // 0.1 is not a float32: its neighbours are the float32 values around it.
    const up = adjacentFloat(0.1, 1, 'float32');
    const down = adjacentFloat(0.1, -1, 'float32');
    assert.ok(down < 0.1 && 0.1 < up);
    assert.equal(up, Math.fround(up));
    assert.equal(down, Math.fround(down));
  });
});

describe('vanishingGradientIntervals', () => {
  it('finds where sigmoid\'s slope is below a threshold, on both tails', () => {
    const s = sampleActivation(sigmoid, {}, { xMin: -10, xMax: 10, points: 2001 }, 'float64');
    const iv = vanishingGradientIntervals(s.curves[1]!.segments, 1e-3);
    assert.equal(iv.length, 2);
    // sigmoid'(x) = 1e-3 near |x| ≈ 6.906; grid step 0.01.
    const edge = Math.log((1 - 2e-3 + Math.sqrt(1 - 4e-3)) / 2e-3);
    assert.equal(iv[0]!.lo, -10);
    assert.ok(Math.abs(iv[0]!.hi + edge) <= 0.01, `${iv[0]!.hi} vs ${-edge}`);
    assert.ok(Math.abs(iv[1]!.lo - edge) <= 0.01);
    assert.equal(iv[1]!.hi, 10);
  });

  it('reports relu\'s whole negative side, merged across its kink', () => {
    const s = sampleActivation(relu, {}, range, 'float64');
    assert.deepEqual(vanishingGradientIntervals(s.curves[1]!.segments, 1e-3), [{ lo: -5, hi: 0 }]);
  });
});
