// The panel's bundle registers only some of vega's transforms (media/panel/vega.ts). Every operator a panel
// chart needs must be among them, or the chart fails at runtime with "Unrecognized transform type": so the
// specs the builder makes (every layer on: shading, overflow, jump dots, f'', high contrast) are compiled and
// parsed here, and each operator type looked up in the sets the shim registers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePlotData } from '../../src/core/render/plotCompute';
import { mathCorePlotCatalog } from '../../src/core/render/plotOverflow';
import { buildPlotSpec, DEFAULT_PLOT_LABELS, type PlotTheme, type PlotView } from '../../src/core/render/plotSpec';
import { DEFAULT_PLOT_STATE, type PlotState } from '../../src/core/render/plotState';

const theme: PlotTheme = {
  foreground: '#cccccc', background: '#1f1f1f', axisColor: '#9d9d9d', gridColor: '#3c3c3c', fontFamily: 'sans-serif', fontSize: 13,
  palette: ['#3794ff', '#d18616', '#388a34', '#b180d7', '#f14c4c'], overflowColor: '#f14c4c', highContrast: false,
};

/** Operator types of a parsed vega runtime spec, nested scopes (facets, groups) included. */
function operatorTypes(runtime: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(runtime)) for (const x of runtime) operatorTypes(x, out);
  else if (runtime && typeof runtime === 'object') {
    const o = runtime as Record<string, unknown>;
    if (Array.isArray(o.operators)) for (const op of o.operators as { type?: unknown }[]) if (typeof op.type === 'string') out.add(op.type);
    for (const v of Object.values(o)) if (v && typeof v === 'object') operatorTypes(v, out);
  }
  return out;
}

describe('panel vega bundle', () => {
  it('registers every transform the panel charts use', async () => {
    const vega = await import('vega');
    const vegaLite = await import('vega-lite');
    // The runtime looks transforms up by lower-cased name; 'operator' is the dataflow's own plain operator.
    const registered = new Set<string>(['operator']);
    // These packages ship no typings; only their export names are read.
    const untyped = (name: string) => import(name) as Promise<Record<string, unknown>>;
    for (const m of await Promise.all(['vega-transforms', 'vega-view-transforms', 'vega-encode'].map(untyped))) {
      for (const name of Object.keys(m)) registered.add(name.toLowerCase());
    }
    const catalog = mathCorePlotCatalog();
    const states: PlotState[] = [
      { ...DEFAULT_PLOT_STATE, selections: (['sigmoid', 'gelu', 'leaky_relu', 'softplus', 'hard_sigmoid'] as const).map((id) => ({ id, params: {} })), orders: [0, 1, 2] },
      // step's jump gives the breakpoint dots; a fixed y range and no shading give the other branches.
      { ...DEFAULT_PLOT_STATE, selections: [{ id: 'step', params: {} }, { id: 'relu', params: {} }], orders: [0, 1], yDomain: { lo: -2, hi: 2 }, vanishingThreshold: null, showOverflow: false },
      { ...DEFAULT_PLOT_STATE, selections: [] },
    ];
    const used = new Set<string>();
    for (const state of states) {
      const { data } = computePlotData(state, catalog);
      for (const highContrast of [false, true]) {
        const view: PlotView = { orders: state.orders, yDomain: state.yDomain, vanishingThreshold: state.vanishingThreshold ?? 1e-3, showOverflow: true, width: 640, height: 320, labels: DEFAULT_PLOT_LABELS };
        const compiled = vegaLite.compile(buildPlotSpec(data, view, { ...theme, highContrast }) as never).spec;
        for (const t of operatorTypes(vega.parse(compiled, undefined, { ast: true }))) used.add(t.toLowerCase());
      }
    }
    assert.ok(used.has('mark') && used.has('scale') && used.has('formula'), `the parse was looked into: ${[...used].join(', ')}`);
    const missing = [...used].filter((t) => !registered.has(t));
    assert.deepEqual(missing, [], `operators the panel's vega would not know: ${missing.join(', ')}`);
  });
});
