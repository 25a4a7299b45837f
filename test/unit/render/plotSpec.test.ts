import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleActivation } from '../../../src/core/math/sample';
import type { Activation, Breakpoint } from '../../../src/core/math/types';
import { seriesLabel, toPlotCurves, uniqueLabels, formatNumber, formatInterval, type PlotData } from '../../../src/core/render/plotData';
import { autoYDomain, buildPlotSpec, tooltipField, type PlotTheme, type PlotView } from '../../../src/core/render/plotSpec';

function fixture(id: Activation['id'], f: (x: number) => number, df: (x: number) => number, bps: Breakpoint[]): Activation {
  return {
    id,
    displayName: id,
    aliases: [],
    formula: { text: '', latex: '' },
    params: [],
    vector: false,
    value: (x) => f(x),
    derivative: (x) => df(x),
    secondDerivative: (x) => (bps.some((b) => b.x === x) ? NaN : 0),
    breakpoints: () => bps,
    properties: () => {
      throw new Error('unused');
    },
  };
}
const sigmoid = fixture('sigmoid', (x) => 1 / (1 + Math.exp(-x)), (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2, []);
const step = fixture('step', (x) => (x > 0 ? 1 : x < 0 ? 0 : 0.5), () => 0, [{ x: 0, kind: 'jump' }]);

const range = { xMin: -8, xMax: 8, points: 161 };
function data(): PlotData {
  const items = [
    { a: sigmoid, params: {} },
    { a: step, params: {} },
  ];
  const labels = uniqueLabels(items.map((i) => seriesLabel(i.a.id, i.params)));
  return {
    xMin: range.xMin,
    xMax: range.xMax,
    dtype: 'float64',
    series: items.map((it, i) => ({
      key: `${it.a.id}#${i}`,
      id: it.a.id,
      label: labels[i]!,
      params: it.params,
      curves: toPlotCurves(sampleActivation(it.a, it.params, range, 'float64', [0, 1, 2])),
      overflow: it.a.id === 'sigmoid' ? [{ lo: -Infinity, hi: -7, what: 'exp(-x)' }] : [],
    })),
  };
}
const theme: PlotTheme = {
  foreground: '#333333',
  background: '#ffffff',
  axisColor: '#888888',
  gridColor: '#e5e5e5',
  fontFamily: 'sans-serif',
  fontSize: 12,
  palette: ['#1f77b4', '#ff7f0e', '#2ca02c'],
  overflowColor: '#d62728',
  highContrast: false,
};
const view: PlotView = { orders: [0, 1], yDomain: 'auto', vanishingThreshold: 1e-3, showOverflow: true, width: 500, height: 300 };

type Layer = { data?: { values?: Record<string, unknown>[]; url?: string }; mark: { type: string } | string; encoding?: Record<string, unknown>; params?: unknown[] };
const layers = (spec: Record<string, unknown>) => spec.layer as Layer[];
const markOf = (l: Layer) => (typeof l.mark === 'string' ? l.mark : l.mark.type);

describe('buildPlotSpec', () => {
  it('is a layered vega-lite spec with inline values only', () => {
    const spec = buildPlotSpec(data(), view, theme);
    assert.match(String(spec.$schema), /vega-lite\/v6/);
    assert.equal(spec.width, 500);
    assert.equal(spec.height, 300);
    const json = JSON.stringify(spec);
    assert.ok(!json.includes('"url"'), 'no data urls');
    assert.ok(!json.includes('"csv"'));
    for (const l of layers(spec)) if (l.data) assert.ok(Array.isArray(l.data.values));
    assert.deepEqual(JSON.parse(json), spec, 'plain JSON: no NaN, Infinity or typed arrays');
  });

  it('draws each segment as its own line, so the step\'s jump is not bridged', () => {
    const spec = buildPlotSpec(data(), view, theme);
    const line = layers(spec).find((l) => markOf(l) === 'line')!;
    assert.deepEqual(line.encoding!.detail, { field: 'segment', type: 'nominal' });
    const rows = line.data!.values!;
    const stepF = rows.filter((r) => r.series === 'step' && r.curve === 'f');
    const segments = new Set(stepF.map((r) => r.segment));
    assert.equal(segments.size, 2);
    // The left segment ends at (0, 0) and the right one starts at (0, 1): a vertical gap at x = 0.
    const atZero = stepF.filter((r) => r.x === 0).map((r) => [r.segment, r.y]);
    assert.deepEqual(atZero, [['step#1/0/0', 0], ['step#1/0/1', 1]]);
    // f'' is not drawn unless toggled on.
    assert.ok(!rows.some((r) => r.curve === "f''"));
    // The value at the jump itself is a dot.
    const dots = layers(spec).find((l) => markOf(l) === 'point')!;
    assert.ok(dots.data!.values!.some((r) => r.series === 'step' && r.curve === 'f' && r.x === 0 && r.y === 0.5));
  });

  it('follows the f / f\' / f\'\' toggles', () => {
    const only2 = buildPlotSpec(data(), { ...view, orders: [2] }, theme);
    const rows = layers(only2).find((l) => markOf(l) === 'line')!.data!.values!;
    assert.deepEqual([...new Set(rows.map((r) => r.curve))], ["f''"]);
    const dash = (layers(only2).find((l) => markOf(l) === 'line')!.encoding!.strokeDash as { scale: { domain: string[] } }).scale.domain;
    assert.deepEqual(dash, ["f''"]);
  });

  it('shades the vanishing gradient per activation and the overflow region, clipped to the view', () => {
    const spec = buildPlotSpec(data(), view, theme);
    const rects = layers(spec).filter((l) => markOf(l) === 'rect');
    assert.equal(rects.length, 2);
    const vanishing = rects[0]!.data!.values!;
    const sig = vanishing.filter((r) => r.series === 'sigmoid');
    assert.equal(sig.length, 2, 'both tails of sigmoid');
    assert.equal(sig[0]!.lo, -8);
    assert.ok((sig[0]!.hi as number) > -7.1 && (sig[0]!.hi as number) < -6.8);
    // step's f' is 0 everywhere.
    assert.deepEqual(vanishing.filter((r) => r.series === 'step').map((r) => [r.lo, r.hi]), [[-8, 8]]);
    assert.deepEqual(rects[1]!.data!.values, [{ series: 'sigmoid', what: 'exp(-x)', lo: -8, hi: -7 }]);

    const off = buildPlotSpec(data(), { ...view, vanishingThreshold: null, showOverflow: false }, theme);
    assert.equal(layers(off).filter((l) => markOf(l) === 'rect').length, 0);
  });

  it('has a tooltip with x, f(x) and f\'(x) of every curve at the pointer', () => {
    const spec = buildPlotSpec(data(), view, theme);
    const rule = layers(spec).find((l) => l.params !== undefined)!;
    assert.equal(markOf(rule), 'rule');
    const titles = (rule.encoding!.tooltip as { title: string }[]).map((t) => t.title);
    assert.deepEqual(titles, ['x', 'sigmoid f(x)', "sigmoid f'(x)", 'step f(x)', "step f'(x)"]);
    const rows = rule.data!.values!;
    const at0 = rows.find((r) => r.x === 0)!;
    assert.equal(at0[tooltipField(0, 0)], 0.5);
    assert.equal(at0[tooltipField(0, 1)], 0.25);
    assert.equal(at0[tooltipField(1, 0)], 0.5, 'the value at the jump, not a one-sided limit');
    const at4 = rows.find((r) => r.x === 4)!;
    assert.equal(at4[tooltipField(0, 0)], sigmoid.value(4));
  });

  it('uses the theme and fixed ranges', () => {
    const hc = { ...theme, highContrast: true, foreground: '#ffffff', background: '#000000', fontFamily: 'Menlo' };
    const spec = buildPlotSpec(data(), { ...view, yDomain: { lo: -0.5, hi: 1.5 } }, hc);
    assert.equal(spec.background, '#000000');
    const config = spec.config as { font: string; axis: { labelColor: string } };
    assert.equal(config.font, 'Menlo');
    assert.equal(config.axis.labelColor, '#ffffff');
    const line = layers(spec).find((l) => markOf(l) === 'line')!;
    assert.deepEqual((line.encoding!.y as { scale: { domain: number[] } }).scale.domain, [-0.5, 1.5]);
    assert.deepEqual((line.encoding!.x as { scale: { domain: number[] } }).scale.domain, [-8, 8]);
    assert.ok((line.mark as unknown as { strokeWidth: number }).strokeWidth > 2, 'thicker lines in high contrast');
    assert.deepEqual((line.encoding!.color as { scale: { range: string[] } }).scale.range, ['#1f77b4', '#ff7f0e']);
  });

  it('compiles with vega-lite and renders paths with vega, without a DOM', async () => {
    // vega is ESM with top-level await, so it is loaded dynamically from this CommonJS test.
    const vega = await import('vega');
    const vegaLite = await import('vega-lite');
    const { expressionInterpreter } = await import('vega-interpreter');
    const spec = buildPlotSpec(data(), view, theme);
    const { spec: vg } = vegaLite.compile(spec as never);
    const v = new vega.View(vega.parse(vg, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter } as never);
    const svg = await v.toSVG();
    v.finalize();
    const paths = svg.match(/<path[^>]* d="M[^"]{20,}"/g) ?? [];
    assert.ok(paths.length >= 4, `expected curve paths, got ${paths.length}`);
    assert.ok(svg.includes('sigmoid'));
  });
});

describe('autoYDomain', () => {
  it('pads the drawn extent', () => {
    const d = autoYDomain(data(), [0]);
    assert.ok(d.lo < 0 && d.lo > -0.1);
    assert.ok(d.hi > 1 && d.hi < 1.1);
    assert.deepEqual(autoYDomain({ xMin: 0, xMax: 1, dtype: 'float64', series: [] }, [0]), { lo: -1, hi: 1 });
  });
});

describe('plot data helpers', () => {
  it('labels series by id and set parameters, numbering repeats', () => {
    assert.equal(seriesLabel('leaky_relu', { negative_slope: 0.2 }), 'leaky_relu (negative_slope=0.2)');
    assert.equal(seriesLabel('gelu', { approximate: 'tanh' }), 'gelu (approximate=tanh)');
    assert.deepEqual(uniqueLabels(['relu', 'relu', 'elu']), ['relu', 'relu #2', 'elu']);
  });
  it('formats numbers and intervals for the properties table', () => {
    assert.equal(formatNumber(0.25), '0.25');
    assert.equal(formatNumber(-1.0507009873554805), '−1.0507');
    assert.equal(formatNumber(1e-9), '1e-9');
    assert.equal(formatInterval({ lo: 0, hi: 1, loClosed: false, hiClosed: false }), '(0, 1)');
    assert.equal(formatInterval({ lo: 0, hi: Infinity, loClosed: true, hiClosed: false }), '[0, ∞)');
    assert.equal(formatInterval({ lo: -Infinity, hi: Infinity, loClosed: true, hiClosed: true }), '(−∞, ∞)');
  });
});
