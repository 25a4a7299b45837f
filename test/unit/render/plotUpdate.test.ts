// A redraw through a running view (plotUpdate.ts) must draw exactly what a new view of the new spec draws:
// the same SVG, byte for byte, from vega's headless renderer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePlotData } from '../../../src/core/render/plotCompute';
import { mathCorePlotCatalog } from '../../../src/core/render/plotOverflow';
import { buildPlotSpec, DEFAULT_PLOT_LABELS, exportPlotSpec, PLOT_DATA_NAMES, type Json, type PlotTheme, type VegaLiteSpec } from '../../../src/core/render/plotSpec';
import { DEFAULT_PLOT_STATE, type PlotState } from '../../../src/core/render/plotState';
import { applyPlotUpdate, plotSpecParts, sameJson, type UpdatableView } from '../../../src/core/render/plotUpdate';

const theme: PlotTheme = {
  foreground: '#cccccc', background: '#1f1f1f', axisColor: '#9d9d9d', gridColor: '#3c3c3c', fontFamily: 'sans-serif', fontSize: 13,
  palette: ['#3794ff', '#d18616', '#388a34', '#b180d7', '#f14c4c'], overflowColor: '#f14c4c', highContrast: false,
};
const catalog = mathCorePlotCatalog();

function specOf(state: PlotState): VegaLiteSpec {
  const { data } = computePlotData(state, catalog);
  return buildPlotSpec(data, {
    orders: state.orders, yDomain: state.yDomain, vanishingThreshold: state.vanishingThreshold, showOverflow: state.showOverflow,
    width: 640, height: 320, labels: DEFAULT_PLOT_LABELS,
  }, theme);
}

async function newView(spec: VegaLiteSpec) {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const { expressionInterpreter } = await import('vega-interpreter');
  const view = new vega.View(vega.parse(vegaLite.compile(spec as never).spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter } as never);
  await view.runAsync();
  return view;
}

/**
 * What an SVG draws: its tags, with vega's global clip-path counter numbers dropped, in sorted order (an updated
 * view keeps its surviving axis ticks first and appends new ones; a new view lists them in domain order).
 */
function drawing(svg: string): string[] {
  return (svg.replace(/clip\d+/g, 'clip').match(/<[^>]+>[^<]*/g) ?? []).sort();
}

/**
 * What an SVG shows: each drawing element (path, line, rect, text with its text) at its position in the
 * whole picture (the translations of its groups added up), in sorted order; elements at opacity 0 and the
 * clip-path definitions draw nothing, and the groups themselves only place what is in them.
 */
function visiblePrimitives(svg: string): string[] {
  const out: string[] = [];
  const offsets: [number, number][] = [[0, 0]];
  let inDefs = false;
  const tokens = svg.match(/<[^>]+>|[^<]+/g) ?? [];
  tokens.forEach((tag, i) => {
    if (tag.startsWith('<defs')) inDefs = !tag.endsWith('/>');
    else if (tag === '</defs>') inDefs = false;
    else if (tag.startsWith('<g') && !tag.endsWith('/>')) {
      const [x, y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(tag)?.slice(1).map(Number) ?? [0, 0];
      const [px, py] = offsets[offsets.length - 1]!;
      offsets.push([px + x!, py + y!]);
    } else if (tag === '</g>') offsets.pop();
    else if (!inDefs && /^<(path|line|rect|text|circle)\b/.test(tag) && !/ opacity="0"| display="none"| d="(M0,0h0v0h0Z)?"/.test(tag)) {
      const [px, py] = offsets[offsets.length - 1]!;
      const text = tag.startsWith('<text') ? (tokens[i + 1] ?? '') : '';
      // A legend's stroke symbol is a line (M-5,0L5,0): a fill on it has no area to paint.
      const drawn = / d="M-?[\d.]+,0L[\d.]+,0"/.test(tag) ? tag.replace(/ fill="[^"]*"/, '') : tag;
      out.push(`${px.toFixed(3)},${py.toFixed(3)} ${drawn.replace(/clip\d+/g, 'clip')}${text}`);
    }
  });
  return out.sort();
}

const base: PlotState = {
  ...DEFAULT_PLOT_STATE,
  selections: [{ id: 'sigmoid', params: {} }, { id: 'leaky_relu', params: {} }],
  // float32 over ±100: every layer is there (vanishing-gradient and overflow shading, step dots, axis lines).
  xMin: -100,
  xMax: 100,
  dtype: 'float32',
  orders: [0, 1],
  vanishingThreshold: 1e-3,
  showOverflow: true,
};

/**
 * Changes drawn by updating the view of `base`: every choice of what to show, since each layer is there
 * whatever is shown (with no rows when it draws nothing).
 */
const sameLayers: [string, PlotState][] = [
  ['a parameter (the series label changes too)', { ...base, selections: [{ id: 'sigmoid', params: {} }, { id: 'leaky_relu', params: { negative_slope: 0.3 } }] }],
  ['the x range', { ...base, xMin: -95, xMax: 60 }],
  ['the vanishing-gradient threshold', { ...base, vanishingThreshold: 0.05 }],
  ['a fixed y range', { ...base, yDomain: { lo: -2, hi: 3 } }],
  ["f'' switched on (a new entry in the dash legend)", { ...base, orders: [0, 1, 2] }],
  ["f' switched off", { ...base, orders: [0] }],
  ['every curve switched off', { ...base, orders: [] }],
  ['the overflow shading switched off', { ...base, showOverflow: false }],
  ['the vanishing-gradient shading switched off', { ...base, vanishingThreshold: null }],
  ['the dtype', { ...base, dtype: 'float64' }],
  ['an activation added', { ...base, selections: [...base.selections, { id: 'gelu', params: {} }] }],
  ['an activation removed', { ...base, selections: [{ id: 'leaky_relu', params: {} }] }],
  ['a range without 0 (no axis lines through 0, grids instead)', { ...base, xMin: 1, xMax: 5, yDomain: { lo: 0.2, hi: 3 } }],
  ['a range without jumps or shading (no dots, no shaded regions)', { ...base, selections: [{ id: 'sigmoid', params: {} }], xMin: -3, xMax: 3, dtype: 'float64' }],
];

describe('plotSpecParts / applyPlotUpdate', () => {
  for (const [what, next] of sameLayers) {
    it(`redraws a change of ${what} through the running view exactly as a new view draws it`, async () => {
      const before = plotSpecParts(specOf(base));
      const afterSpec = specOf(next);
      const after = plotSpecParts(afterSpec);
      assert.equal(after.structure, before.structure, 'same layers, same structure');
      assert.notDeepEqual(after.data, before.data, 'the change reaches the data');
      const fresh = await newView(afterSpec);
      const expected = await fresh.toSVG();
      fresh.finalize();
      const updated = await newView(specOf(base));
      const first = await updated.toSVG();
      await applyPlotUpdate(updated as unknown as UpdatableView, after, before);
      const actual = await updated.toSVG();
      updated.finalize();
      assert.notEqual(first, expected, 'the change is visible');
      assert.deepEqual(drawing(actual), drawing(expected));
    });
  }

  it('sees a new size, theme or an empty selection as a change of structure', () => {
    const structure = plotSpecParts(specOf(base)).structure;
    const { data } = computePlotData(base, catalog);
    const options = { orders: base.orders, yDomain: base.yDomain, vanishingThreshold: base.vanishingThreshold, showOverflow: base.showOverflow, width: 640, height: 320, labels: DEFAULT_PLOT_LABELS };
    assert.equal(plotSpecParts(buildPlotSpec(data, options, theme)).structure, structure);
    assert.notEqual(plotSpecParts(buildPlotSpec(data, { ...options, width: 800 }, theme)).structure, structure);
    assert.notEqual(plotSpecParts(buildPlotSpec(data, options, { ...theme, background: '#ffffff' })).structure, structure);
    // No series, no colour legend (an empty one would still show its title).
    assert.notEqual(plotSpecParts(specOf({ ...base, selections: [] })).structure, structure);
  });

  it('takes every named data set and value param, and leaves them out of the structure', () => {
    const spec = specOf(base);
    const parts = plotSpecParts(spec);
    assert.deepEqual(Object.keys(parts.data).sort(), Object.values(PLOT_DATA_NAMES).sort());
    assert.ok((parts.data[PLOT_DATA_NAMES.lines] ?? []).length > 10, 'the curves are data');
    assert.deepEqual(Object.keys(parts.params).sort(), ['curveLabels', 'hoverX', 'seriesLabels', 'xDomain', 'xGridOpacity', 'yDomain', 'yGridOpacity']);
    assert.ok(!parts.structure.includes('"leaky_relu"'), 'labels are data, not structure');
  });

  it('exports a spec that draws what the panel draws, without its empty layers and transparent grids', async () => {
    for (const [, state] of [['base', base], ...sameLayers] as [string, PlotState][]) {
      const spec = specOf(state);
      const exported = exportPlotSpec(spec);
      const views = await Promise.all([newView(spec), newView(exported)]);
      const [shown, saved] = await Promise.all(views.map((v) => v.toSVG()));
      for (const v of views) v.finalize();
      assert.deepEqual(visiblePrimitives(saved!), visiblePrimitives(shown!), JSON.stringify(state));
      assert.ok(JSON.stringify(exported).length <= JSON.stringify(spec).length);
    }
  });

  it('sets only the data and params that differ, and always resets the pointer rule', async () => {
    const calls: string[] = [];
    const recorder: UpdatableView = {
      data: (name) => calls.push(`data ${name}`),
      signal: (name, value) => calls.push(`signal ${name} ${JSON.stringify(value)}`),
      resize: () => calls.push('resize'),
      runAsync: async () => calls.push('run'),
    };
    const before = plotSpecParts(specOf(base));
    await applyPlotUpdate(recorder, before, before);
    assert.deepEqual(calls, ['signal hoverX null', 'run'], 'nothing differs: nothing set but the pointer, no new layout');
    calls.length = 0;
    // The overflow shading off, y domain unchanged: only its data set; data alone moves no axis or legend.
    const noOverflow = plotSpecParts(specOf({ ...base, showOverflow: false }));
    assert.deepEqual(noOverflow.params, before.params);
    await applyPlotUpdate(recorder, noOverflow, before);
    assert.deepEqual(calls, [`data ${PLOT_DATA_NAMES.overflow}`, 'signal hoverX null', 'run']);
    calls.length = 0;
    // A parameter relabels the colour legend: emptied and run, then filled, with a new layout.
    const slope = plotSpecParts(specOf(sameLayers[0]![1]));
    await applyPlotUpdate(recorder, slope, before);
    assert.deepEqual(calls.slice(0, 2), ['signal seriesLabels []', 'run']);
    assert.ok(calls.includes(`data ${PLOT_DATA_NAMES.lines}`));
    assert.ok(!calls.includes(`data ${PLOT_DATA_NAMES.overflow}`), 'the overflow regions are the same');
    assert.deepEqual(calls.slice(-2), ['resize', 'run']);
  });

  it('throws when the view lacks a data set, so the panel embeds anew', async () => {
    const view = await newView(specOf(base));
    const parts = plotSpecParts(specOf(base));
    await assert.rejects(applyPlotUpdate(view as unknown as UpdatableView, { ...parts, data: { nosuch: [] } }, parts));
    view.finalize();
  });
});

describe('sameJson', () => {
  it('compares values in place, ignoring key order, and finds any difference', () => {
    assert.ok(sameJson({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] }));
    assert.ok(sameJson(undefined, undefined));
    for (const [a, b] of [
      [[1, 2], [1, 2, 3]], [{ a: 1 }, { a: 1, b: 2 }], [{ a: 1, b: 2 }, { a: 1, c: 2 }], [[{ x: 0 }], [{ x: -1 }]],
      [1, '1'], [null, {}], [[], {}], [{ a: [] }, { a: {} }], [0, undefined], [true, false],
    ] as const) {
      assert.equal(sameJson(a as Json, b as Json), false, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.equal(sameJson(b as Json, a as Json), false);
    }
  });

  it('agrees with comparing the serialised text on the panel’s own data sets', () => {
    const a = plotSpecParts(specOf(base));
    const b = plotSpecParts(specOf(sameLayers[0]![1]));
    for (const name of Object.keys(a.data)) {
      assert.equal(sameJson(a.data[name], b.data[name]), JSON.stringify(a.data[name]) === JSON.stringify(b.data[name]), name);
      assert.ok(sameJson(a.data[name], structuredClone(a.data[name])), name);
    }
  });
});
