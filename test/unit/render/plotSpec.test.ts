import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleActivation } from '../../../src/core/math/sample';
import type { Activation, Breakpoint } from '../../../src/core/math/types';
import { seriesLabel, toPlotCurves, uniqueLabels, formatNumber, formatInterval, type PlotData } from '../../../src/core/render/plotData';
import { autoYDomain, buildPlotSpec, CURVES_PARAM, DEFAULT_PLOT_LABELS, exportPlotSpec, HOVER_PARAM, PLOT_DATA_NAMES, SERIES_PARAM, simplifiedIndices, X_DOMAIN_PARAM, X_GRID_PARAM, Y_DOMAIN_PARAM, Y_GRID_PARAM, type PlotTheme, type PlotView } from '../../../src/core/render/plotSpec';
import { buildTooltipTable, formatTooltipValue, nearestRow, tooltipEntries } from '../../../src/core/render/plotTooltip';

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
const param = (spec: Record<string, unknown>, name: string) => (spec.params as { name: string; value: unknown }[]).find((p) => p.name === name)?.value;

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
    // The dash scale keeps every order's dash (f'' dotted whether or not f is drawn); the legend lists the drawn ones.
    const dash = layers(only2).find((l) => markOf(l) === 'line')!.encoding!.strokeDash as { scale: { domain: string[]; range: number[][] }; legend: { values: unknown } };
    assert.deepEqual(dash.scale.domain, ['f', "f'", "f''"]);
    assert.deepEqual(dash.scale.range[2], [2, 3]);
    assert.deepEqual(dash.legend.values, { expr: CURVES_PARAM });
    assert.deepEqual(param(only2, CURVES_PARAM), ["f''"]);
    assert.deepEqual(param(buildPlotSpec(data(), view, theme), CURVES_PARAM), ['f', "f'"]);
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

    // Switched off, the layers stay (so the running view can show them again) with no rows; the export leaves them out.
    const off = buildPlotSpec(data(), { ...view, vanishingThreshold: null, showOverflow: false }, theme);
    assert.deepEqual(layers(off).filter((l) => markOf(l) === 'rect').map((l) => l.data!.values!.length), [0, 0]);
    assert.equal(layers(exportPlotSpec(off)).filter((l) => markOf(l) === 'rect').length, 0);
    assert.equal(layers(exportPlotSpec(spec)).filter((l) => markOf(l) === 'rect').length, 2);
  });

  it('draws the axis lines through 0 when 0 is in range, and a grid on an axis without one', () => {
    const rows = (spec: Record<string, unknown>, name: string) => layers(spec).find((l) => (l.data as { name?: string } | undefined)?.name === name)!.data!.values!;
    const spec = buildPlotSpec(data(), view, theme);
    assert.deepEqual(rows(spec, PLOT_DATA_NAMES.xZero), [{ at: 0 }]);
    assert.deepEqual(rows(spec, PLOT_DATA_NAMES.yZero), [{ at: 0 }]);
    assert.equal(param(spec, X_GRID_PARAM), 0);
    assert.equal(param(spec, Y_GRID_PARAM), 0);
    // y from 0.2 up: no horizontal line through 0, so the y axis has its grid.
    const above = buildPlotSpec(data(), { ...view, yDomain: { lo: 0.2, hi: 2 } }, theme);
    assert.deepEqual(rows(above, PLOT_DATA_NAMES.yZero), []);
    assert.deepEqual(rows(above, PLOT_DATA_NAMES.xZero), [{ at: 0 }]);
    assert.equal(param(above, Y_GRID_PARAM), 1);
    assert.equal(param(above, X_GRID_PARAM), 0);
    // The export has no empty axis-line layer and turns a hidden grid off instead of drawing it transparent.
    const exported = exportPlotSpec(above);
    const axis = (channel: 'x' | 'y') => ((layers(exported).find((l) => markOf(l) === 'line')!.encoding![channel] as { axis: Record<string, unknown> }).axis);
    assert.equal(axis('x').grid, false);
    assert.ok(!('gridOpacity' in axis('x')));
    assert.deepEqual(axis('y').gridOpacity, { expr: Y_GRID_PARAM });
    assert.equal(layers(exported).filter((l) => markOf(l) === 'rule' && l.data && (l.data as { name?: string }).name !== undefined).length, 1);
    assert.equal(layers(exported).length, layers(above).length - 1);
  });

  it('has one pointer rule driven by the hoverX param, not a mark per sample', () => {
    const spec = buildPlotSpec(data(), view, theme);
    assert.deepEqual((spec.params as { name: string; value: unknown }[])[0], { name: HOVER_PARAM, value: null });
    const rule = layers(spec).find((l) => JSON.stringify(l).includes(HOVER_PARAM))!;
    assert.equal(markOf(rule), 'rule');
    assert.equal(rule.data!.values!.length, 1);
    assert.ok(!JSON.stringify(spec).includes('"tooltip"'), 'the panel draws its own tooltip (plotTooltip.ts)');
  });

  it('simplifies straight pieces but keeps every segment\'s ends', () => {
    const spec = buildPlotSpec(data(), view, theme);
    const rows = layers(spec).find((l) => markOf(l) === 'line')!.data!.values!;
    // step's f is two flat pieces: two points each.
    const stepF = rows.filter((r) => r.series === 'step' && r.curve === 'f').map((r) => [r.x, r.y]);
    assert.deepEqual(stepF, [[-8, 0], [0, 0], [0, 1], [8, 1]]);
    // sigmoid keeps enough points to be smooth, far fewer than sampled.
    const sig = rows.filter((r) => r.series === 'sigmoid' && r.curve === 'f');
    assert.ok(sig.length > 20 && sig.length < 161, String(sig.length));
  });

  it('uses the theme and fixed ranges', () => {
    const hc = { ...theme, highContrast: true, foreground: '#ffffff', background: '#000000', fontFamily: 'Menlo' };
    const spec = buildPlotSpec(data(), { ...view, yDomain: { lo: -0.5, hi: 1.5 } }, hc);
    assert.equal(spec.background, '#000000');
    const config = spec.config as { font: string; axis: { labelColor: string } };
    assert.equal(config.font, 'Menlo');
    assert.equal(config.axis.labelColor, '#ffffff');
    const line = layers(spec).find((l) => markOf(l) === 'line')!;
    // The domains are params, so a redraw with the same layers only sets them (plotUpdate.ts).
    assert.deepEqual((line.encoding!.y as { scale: { domain: unknown } }).scale.domain, { expr: Y_DOMAIN_PARAM });
    assert.deepEqual((line.encoding!.x as { scale: { domain: unknown } }).scale.domain, { expr: X_DOMAIN_PARAM });
    assert.deepEqual(param(spec, Y_DOMAIN_PARAM), [-0.5, 1.5]);
    assert.deepEqual(param(spec, X_DOMAIN_PARAM), [-8, 8]);
    assert.deepEqual(param(spec, SERIES_PARAM), ['sigmoid', 'step']);
    assert.ok((line.mark as unknown as { strokeWidth: number }).strokeWidth > 2, 'thicker lines in high contrast');
    // The whole palette: the ordinal scale gives the i-th series the i-th colour.
    assert.deepEqual((line.encoding!.color as { scale: { range: string[] } }).scale.range, ['#1f77b4', '#ff7f0e', '#2ca02c']);
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

describe('simplifiedIndices', () => {
  it('keeps the corners of a polyline and drops collinear points', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6];
    const ys = [0, 0, 0, 3, 6, 6, 6];
    assert.deepEqual(simplifiedIndices(xs, ys, 10, 10, 0.25), [0, 2, 4, 6]);
    assert.deepEqual(simplifiedIndices([0, 1], [0, 1], 1, 1, 0.25), [0, 1]);
  });
  it('stays within the pixel tolerance of the full curve', () => {
    const xs = Array.from({ length: 2001 }, (_, i) => -8 + (16 * i) / 2000);
    const ys = xs.map((x) => 1 / (1 + Math.exp(-x)));
    const sx = 800 / 16;
    const sy = 400 / 1.1;
    const keep = simplifiedIndices(xs, ys, sx, sy, 0.25);
    assert.ok(keep.length < 300, String(keep.length));
    // Every dropped point lies within 0.25 px (vertically, a fortiori) of the kept polyline.
    let k = 0;
    for (let i = 0; i < xs.length; i++) {
      while (keep[k + 1]! < i) k++;
      const a = keep[k]!;
      const b = keep[k + 1] ?? a;
      if (a === b) continue;
      const t = (xs[i]! - xs[a]!) / (xs[b]! - xs[a]!);
      const yLine = ys[a]! + t * (ys[b]! - ys[a]!);
      assert.ok(Math.abs(yLine - ys[i]!) * sy <= 0.5, `point ${i} is ${Math.abs(yLine - ys[i]!) * sy} px off`);
    }
  });
});

describe('tooltip table', () => {
  it('gives x, f(x) and f\'(x) of every curve at the nearest sampled x', () => {
    const table = buildTooltipTable(data(), view, DEFAULT_PLOT_LABELS);
    assert.deepEqual(table.columns.map((c) => c.title), ['sigmoid f(x)', "sigmoid f'(x)", 'step f(x)', "step f'(x)"]);
    assert.equal(table.xs.length, 161);
    const at0 = nearestRow(table, 0.04);
    assert.equal(table.xs[at0], 0);
    const entries = tooltipEntries(table, at0, DEFAULT_PLOT_LABELS);
    assert.deepEqual(entries.slice(0, 5), [
      { title: 'x', value: '0' },
      { title: 'sigmoid f(x)', value: '0.5' },
      { title: "sigmoid f'(x)", value: '0.25' },
      { title: 'step f(x)', value: '0.5' },
      { title: "step f'(x)", value: '0' },
    ]);
    // step's f' is 0 everywhere: the whole range is vanishing-gradient shaded for it.
    assert.deepEqual(entries[5], { title: 'vanishing gradient', value: 'step' });
    const left = tooltipEntries(table, nearestRow(table, -7.5), DEFAULT_PLOT_LABELS);
    assert.ok(left.some((e) => e.title === 'naive form overflows' && e.value === 'sigmoid: exp(-x)'));
    assert.equal(nearestRow(table, -100), 0);
    assert.equal(nearestRow(table, 100), 160);
    assert.equal(nearestRow(table, NaN), -1);
  });
  it('adds f\'\'(x) when drawn and formats values', () => {
    const table = buildTooltipTable(data(), { ...view, orders: [2] }, DEFAULT_PLOT_LABELS);
    assert.ok(table.columns.some((c) => c.title === "sigmoid f''(x)"));
    assert.equal(formatTooltipValue(0.1 + 0.2), '0.3');
    assert.equal(formatTooltipValue(-1234567.891), '−1234568');
    assert.equal(formatTooltipValue(1e-12), '1e-12');
    assert.equal(formatTooltipValue(null), '—');
  });
});
