// The panel's data from the real math core: parameters resolved per framework, kinks and jumps of the
// catalog resolved exactly, overflow regions from the core's thresholds, JSON-safe all the way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, getActivation } from '../../src/core/math/catalog';
import { naiveSigmoid, naiveSoftplus, naiveTanh } from '../../src/core/math/naive';
import { adjacentFloat } from '../../src/core/math/sample';
import { thresholds } from '../../src/core/math/thresholds';
import { ACTIVATION_IDS, type Dtype } from '../../src/core/math/types';
import { catalogEntries, computePlotData, PlotSampleCache, withSelections } from '../../src/core/render/plotCompute';
import { mathCorePlotCatalog, naiveOverflowRegions } from '../../src/core/render/plotOverflow';
import { DEFAULT_PLOT_STATE, type PlotState } from '../../src/core/render/plotState';

const catalog = mathCorePlotCatalog();

/** Survives JSON (postMessage, setState): finite numbers only, plain arrays and objects, no undefined in arrays. */
function assertJsonSafe(v: unknown, where: string): void {
  if (typeof v === 'number') assert.ok(Number.isFinite(v), `${where}: ${v}`);
  else if (Array.isArray(v)) v.forEach((x, i) => (assert.notEqual(x, undefined, `${where}[${i}]`), assertJsonSafe(x, `${where}[${i}]`)));
  else if (v !== null && typeof v === 'object') {
    assert.ok(!ArrayBuffer.isView(v), `${where}: typed array`);
    for (const [k, x] of Object.entries(v)) assertJsonSafe(x, `${where}.${k}`);
  } else assert.ok(v === null || typeof v === 'string' || typeof v === 'boolean' || v === undefined, `${where}: ${typeof v}`);
}
const state = (patch: Partial<PlotState>): PlotState => ({ ...DEFAULT_PLOT_STATE, ...patch });

describe('computePlotData with the math core', () => {
  it('samples sigmoid with its properties', () => {
    const { data, problems } = computePlotData(DEFAULT_PLOT_STATE, catalog);
    assert.deepEqual(problems, []);
    const s = data.series[0]!;
    assert.equal(s.label, 'sigmoid');
    assert.deepEqual(s.curves.map((c) => c.order), [0, 1], 'f\'\' only while drawn');
    const withSecond = computePlotData(state({ orders: [2] }), catalog).data.series[0]!;
    assert.deepEqual(withSecond.curves.map((c) => c.order), [0, 1, 2], 'f and f\' always, for the tooltip and shading');
    assert.equal(s.curves[0]!.segments[0]!.x.length, DEFAULT_PLOT_STATE.points);
    const sigmoid = getActivation('sigmoid');
    const seg = s.curves[1]!.segments[0]!;
    for (let i = 0; i < seg.x.length; i += 97) assert.equal(seg.y[i], sigmoid.derivative(seg.x[i]!), 'the panel shows exactly the core\'s numbers');
    assert.equal(s.properties?.range, '(0, 1)');
    assert.equal(s.properties?.maxSlope, '0.25');
    assert.equal(s.properties?.maxSlopeAt, 'x = 0');
    assert.equal(s.properties?.zeroCentred, false);
    assert.equal(s.properties?.monotonic, true);
    assert.equal(s.properties?.smooth, true);
  });

  it('uses the framework preset, then explicit parameters, and labels what differs from the catalog default', () => {
    const keras = computePlotData(state({ framework: 'keras', selections: [{ id: 'leaky_relu', params: {} }] }), catalog).data.series[0]!;
    const torch = computePlotData(state({ framework: 'torch', selections: [{ id: 'leaky_relu', params: {} }] }), catalog).data.series[0]!;
    assert.notEqual(keras.params.negative_slope, torch.params.negative_slope, 'keras and torch leaky_relu slopes differ');
    const mine = computePlotData(state({ framework: 'keras', selections: [{ id: 'leaky_relu', params: { negative_slope: 0.05 } }] }), catalog).data.series[0]!;
    assert.equal(mine.params.negative_slope, 0.05);
    assert.match(mine.label, /negative_slope=0\.05/);
    const perCall = computePlotData(state({ framework: 'torch', selections: [{ id: 'leaky_relu', params: {}, framework: 'keras' }] }), catalog).data.series[0]!;
    assert.equal(perCall.params.negative_slope, keras.params.negative_slope, 'a call\'s own framework wins over the preset');
  });

  it('drops invalid parameters with a problem, keeping the rest of the plot', () => {
    const { data, problems } = computePlotData(state({ selections: [{ id: 'gelu', params: { approximate: 'cubic' } }, { id: 'relu', params: { nope: 1 } }, { id: 'tanh', params: {} }] }), catalog);
    assert.equal(data.series.length, 3);
    assert.ok(problems.some((p) => /gelu\.approximate/.test(p)), problems.join('; '));
    assert.ok(problems.some((p) => /relu has no parameter nope/.test(p)), problems.join('; '));
  });

  it('resolves relu\'s kink, step\'s jump and hard_sigmoid\'s corners exactly', () => {
    const { data } = computePlotData(state({ selections: [{ id: 'relu', params: {} }, { id: 'step', params: {} }, { id: 'hard_sigmoid', params: {} }], points: 100 }), catalog);
    const [relu, step, hard] = data.series;
    assert.equal(relu!.curves[0]!.segments.length, 1);
    assert.ok(relu!.curves[0]!.segments[0]!.x.includes(0));
    assert.equal(relu!.curves[1]!.segments.length, 2, 'relu\' jumps at 0');
    assert.equal(step!.curves[0]!.segments.length, 2, 'step jumps at 0');
    const [left, right] = step!.curves[0]!.segments;
    assert.equal(left!.x.at(-1), 0);
    assert.equal(right!.x[0], 0);
    assert.notEqual(left!.y.at(-1), right!.y[0], 'a vertical gap, not a line');
    const corners = getActivation('hard_sigmoid').breakpoints({ ...catalog.defaults('hard_sigmoid', 'torch') }).map((b) => b.x);
    assert.ok(corners.length >= 2);
    for (const c of corners) if (c > -6 && c < 6) assert.ok(hard!.curves[0]!.segments[0]!.x.includes(c), `corner ${c}`);
  });

  it('samples every activation in both dtypes: finite, ordered, breakpoints exact, JSON-safe', () => {
    for (const dtype of ['float64', 'float32'] as Dtype[]) {
      const { data, problems } = computePlotData(state({ dtype, points: 400, orders: [0, 1, 2], selections: ACTIVATION_IDS.map((id) => ({ id, params: {} })).slice(0, 8) }), catalog);
      const rest = computePlotData(state({ dtype, points: 400, orders: [0, 1, 2], selections: ACTIVATION_IDS.map((id) => ({ id, params: {} })).slice(8, 16) }), catalog);
      const more = computePlotData(state({ dtype, points: 400, orders: [0, 1, 2], selections: ACTIVATION_IDS.map((id) => ({ id, params: {} })).slice(16, 24) }), catalog);
      const last = computePlotData(state({ dtype, points: 400, orders: [0, 1, 2], selections: ACTIVATION_IDS.map((id) => ({ id, params: {} })).slice(24) }), catalog);
      const all = [data, rest.data, more.data, last.data].flatMap((d) => d.series);
      assert.deepEqual([...problems, ...rest.problems, ...more.problems, ...last.problems], []);
      assert.equal(all.length, ACTIVATION_IDS.length);
      for (const s of all) {
        const a = getActivation(s.id);
        for (const c of s.curves) {
          for (const seg of c.segments) {
            assert.ok(seg.y.every(Number.isFinite), `${s.id} order ${c.order}`);
            for (let i = 1; i < seg.x.length; i++) assert.ok(seg.x[i]! > seg.x[i - 1]!, `${s.id} x increasing`);
          }
        }
        const fx = s.curves[0]!.segments.flatMap((seg) => seg.x);
        for (const b of a.breakpoints(s.params)) if (b.x > -6 && b.x < 6) assert.ok(fx.includes(dtype === 'float32' ? Math.fround(b.x) : b.x), `${s.id} breakpoint ${b.x}`);
        assertJsonSafe(s, s.id);
      }
    }
  });

  it('gives the webview a JSON-safe catalog with aliases', () => {
    const entries = catalogEntries(catalog);
    assert.equal(entries.length, CATALOG.length);
    assert.deepEqual(JSON.parse(JSON.stringify(entries)), entries);
    assert.ok(entries.find((e) => e.id === 'sigmoid')!.aliases.includes('logistic'));
    assert.ok(entries.find((e) => e.id === 'silu')!.aliases.includes('swish'));
  });
});

describe('naive overflow regions', () => {
  it('start exactly where the naive forms break, per dtype', () => {
    for (const dtype of ['float64', 'float32'] as Dtype[]) {
      const [sig] = naiveOverflowRegions('sigmoid', dtype);
      assert.equal(sig!.lo, -Infinity);
      assert.equal(naiveSigmoid(sig!.hi, dtype), 0);
      assert.ok(naiveSigmoid(adjacentFloat(sig!.hi, 1, dtype), dtype) > 0);
      assert.equal(sig!.hi, thresholds(dtype).naiveSigmoidOverflow);
      const [sp] = naiveOverflowRegions('softplus', dtype);
      assert.equal(naiveSoftplus(sp!.lo, dtype), Infinity);
      assert.ok(Number.isFinite(naiveSoftplus(adjacentFloat(sp!.lo, -1, dtype), dtype)));
      const tanh = naiveOverflowRegions('tanh', dtype);
      assert.equal(tanh.length, 2);
      assert.ok(Number.isNaN(naiveTanh(tanh[0]!.hi, dtype)) && !Number.isNaN(naiveTanh(adjacentFloat(tanh[0]!.hi, 1, dtype), dtype)));
      assert.ok(Number.isNaN(naiveTanh(tanh[1]!.lo, dtype)) && !Number.isNaN(naiveTanh(adjacentFloat(tanh[1]!.lo, -1, dtype), dtype)));
      assert.deepEqual(naiveOverflowRegions('relu', dtype), []);
    }
    assert.ok(thresholds('float32').naiveSigmoidOverflow > -100 && thresholds('float64').naiveSigmoidOverflow < -700);
  });

  it('reach the panel clipped to the plotted range (no ±Infinity through postMessage)', () => {
    const { data } = computePlotData(state({ xMin: -800, xMax: 800, selections: [{ id: 'sigmoid', params: {} }] }), catalog);
    assert.deepEqual(data.series[0]!.overflow.map((r) => [r.lo, r.hi]), [[-800, thresholds('float64').naiveSigmoidOverflow]]);
    const f32 = computePlotData(state({ dtype: 'float32', xMin: -100, xMax: 100, selections: [{ id: 'sigmoid', params: {} }] }), catalog);
    assert.deepEqual(f32.data.series[0]!.overflow.map((r) => [r.lo, r.hi]), [[-100, thresholds('float32').naiveSigmoidOverflow]]);
    const narrow = computePlotData(state({ selections: [{ id: 'sigmoid', params: {} }] }), catalog);
    assert.deepEqual(narrow.data.series[0]!.overflow, [], 'nothing to shade in [-6, 6]');
  });
});

describe('withSelections', () => {
  it('keeps the view and widens x only to bring breakpoints into sight', () => {
    const base = state({ xMin: -3, xMax: 3 });
    assert.deepEqual(withSelections(base, [{ id: 'relu', params: {} }], catalog), { ...base, selections: [{ id: 'relu', params: {} }] });
    const far = withSelections(base, [{ id: 'threshold', params: { threshold: 20 } }], catalog);
    assert.ok(far.xMin <= -3 && far.xMax >= 21, `${far.xMin}..${far.xMax}`);
    const wide = state({ xMin: -50, xMax: 50 });
    assert.equal(withSelections(wide, [{ id: 'threshold', params: { threshold: 20 } }], catalog).xMax, 50);
  });
});

describe('PlotSampleCache', () => {
  it('resamples only what changed', () => {
    const cache = new PlotSampleCache();
    const five = state({ selections: ['sigmoid', 'tanh', 'relu', 'gelu', 'elu'].map((id) => ({ id: id as PlotState['selections'][number]['id'], params: {} })), points: 200 });
    const first = computePlotData(five, catalog, cache);
    assert.equal(cache.misses, 5);
    const changed = { ...five, selections: five.selections.map((s) => (s.id === 'elu' ? { ...s, params: { alpha: 0.5 } } : s)) };
    const second = computePlotData(changed, catalog, cache);
    assert.equal(cache.misses, 6, 'only elu is sampled again');
    assert.equal(cache.hits, 4);
    assert.equal(second.data.series[0]!.curves, first.data.series[0]!.curves);
    assert.notDeepEqual(second.data.series[4]!.curves, first.data.series[4]!.curves);
    assert.deepEqual(computePlotData(changed, catalog).data, second.data, 'cached and fresh results agree');
    computePlotData({ ...five, dtype: 'float32' }, catalog, cache);
    assert.equal(cache.misses, 11, 'the dtype is part of the key');
  });
});
