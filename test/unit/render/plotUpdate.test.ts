// A redraw through a running view (plotUpdate.ts) must draw exactly what a new view of the new spec draws:
// the same SVG, byte for byte, from vega's headless renderer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePlotData } from '../../../src/core/render/plotCompute';
import { mathCorePlotCatalog } from '../../../src/core/render/plotOverflow';
import { buildPlotSpec, DEFAULT_PLOT_LABELS, PLOT_DATA_NAMES, type PlotTheme, type VegaLiteSpec } from '../../../src/core/render/plotSpec';
import { DEFAULT_PLOT_STATE, type PlotState } from '../../../src/core/render/plotState';
import { applyPlotUpdate, plotSpecParts, type UpdatableView } from '../../../src/core/render/plotUpdate';

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

/** Changes that keep every layer: each is drawn by updating the view of `base`. */
const sameLayers: [string, PlotState][] = [
  ['a parameter (the series label changes too)', { ...base, selections: [{ id: 'sigmoid', params: {} }, { id: 'leaky_relu', params: { negative_slope: 0.3 } }] }],
  ['the x range', { ...base, xMin: -95, xMax: 60 }],
  ['the vanishing-gradient threshold', { ...base, vanishingThreshold: 0.05 }],
  ['a fixed y range', { ...base, yDomain: { lo: -2, hi: 3 } }],
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

  it('sees a change of layers as a change of structure', () => {
    const structure = plotSpecParts(specOf(base)).structure;
    for (const next of [
      { ...base, orders: [0, 1, 2] },
      { ...base, showOverflow: false },
      { ...base, vanishingThreshold: null },
      { ...base, dtype: 'float64' },
      { ...base, selections: [...base.selections, { id: 'gelu', params: {} }] },
    ] as PlotState[]) {
      assert.notEqual(plotSpecParts(specOf(next)).structure, structure, JSON.stringify(next));
    }
  });

  it('takes every named data set and value param, and leaves them out of the structure', () => {
    const spec = specOf(base);
    const parts = plotSpecParts(spec);
    assert.deepEqual(Object.keys(parts.data).sort(), Object.values(PLOT_DATA_NAMES).sort());
    assert.ok((parts.data[PLOT_DATA_NAMES.lines] ?? []).length > 10, 'the curves are data');
    assert.deepEqual(Object.keys(parts.params).sort(), ['hoverX', 'seriesLabels', 'xDomain', 'yDomain']);
    assert.ok(!parts.structure.includes('"leaky_relu"'), 'labels are data, not structure');
  });

  it('throws when the view lacks a data set, so the panel embeds anew', async () => {
    const view = await newView(specOf(base));
    const parts = plotSpecParts(specOf(base));
    await assert.rejects(applyPlotUpdate(view as unknown as UpdatableView, { ...parts, data: { nosuch: [] } }, parts));
    view.finalize();
  });
});
