// A redraw that keeps the chart's layers needs no new vega view: the spec's named data sets and value params
// are all that differ, and a running view takes those as data and signal changes. The spec builder keeps every
// layer whatever is shown (plotSpec.ts), so only a new size or theme, or going from no series to some, needs
// a new view. Compiling with vega-lite and parsing with vega again cost most of a redraw; a data change runs
// only the dataflow the new values touch.
import { LEGEND_DOMAIN_PARAMS, VIEW_SET_PARAMS, type Json, type VegaLiteSpec } from './plotSpec';

export interface PlotSpecParts {
  /** The spec with every named data set's values and every param's value left out: equal when the layers are. */
  readonly structure: string;
  /** Named inline data sets (vega keeps vega-lite's names), by name. */
  readonly data: Readonly<Record<string, readonly Json[]>>;
  /** Top-level value params (vega signals of the same name), by name. */
  readonly params: Readonly<Record<string, Json>>;
}

type JsonObject = { readonly [k: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function plotSpecParts(spec: VegaLiteSpec): PlotSpecParts {
  const data: Record<string, readonly Json[]> = {};
  const params: Record<string, Json> = {};
  const layers = Array.isArray(spec.layer) ? (spec.layer as readonly Json[]) : [];
  const structuralLayers = layers.map((layer) => {
    if (!isObject(layer) || !isObject(layer.data)) return layer;
    const { name, values } = layer.data;
    if (typeof name !== 'string' || !Array.isArray(values)) return layer;
    data[name] = values;
    return { ...layer, data: { ...layer.data, values: [] } };
  });
  const specParams = Array.isArray(spec.params) ? (spec.params as readonly Json[]) : [];
  const structuralParams = specParams.map((p) => {
    if (!isObject(p) || typeof p.name !== 'string' || !('value' in p)) return p;
    params[p.name] = p.value ?? null;
    return { ...p, value: null };
  });
  const structure = JSON.stringify({ ...spec, layer: structuralLayers, params: structuralParams });
  return { structure, data, params };
}

/**
 * Whether two JSON values are equal, compared in place: the curve data sets hold thousands of rows, and
 * serialising both sides on every update allocated twice their text only to compare it. Stops at the first
 * difference; key order does not matter (vega reads fields by name).
 */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as JsonObject;
  const y = b as JsonObject;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
  return true;
}

/** The part of vega's View an update uses. */
export interface UpdatableView {
  data(name: string, values: readonly object[]): unknown;
  signal(name: string, value: unknown): unknown;
  resize(): unknown;
  runAsync(): Promise<unknown>;
}

/**
 * Hands the new data and params to a view drawn from a spec with the same structure (`previous`: the parts
 * it shows now), and runs it. Only what differs from `previous` is set: a signal set to an equal new array
 * still re-runs its scales, axes, legends and layout, and a data set replaced by equal rows still re-joins
 * every mark, which is most of a toggle's redraw. Throws (vega's own error) when the view has no data set or
 * signal of a name: the caller then embeds anew.
 */
export async function applyPlotUpdate(view: UpdatableView, parts: PlotSpecParts, previous: PlotSpecParts): Promise<void> {
  const differs = (a: Json | undefined, b: Json | undefined) => !sameJson(a, b);
  const params = Object.entries(parts.params).filter(([name, value]) => differs(value, previous.params[name]));
  const data = Object.entries(parts.data).filter(([name, values]) => differs(values, previous.data[name]));
  // vega lays a legend's entries out again when its labels change, but does not pass the legend's new width
  // up to the chart's layout (legend entries are exempt from reflow), so the next legend in the row would
  // overlap a longer label. A legend emptied and filled again in two runs is laid out as a new one is.
  const relabelled = params.filter(([name]) => LEGEND_DOMAIN_PARAMS.includes(name));
  if (relabelled.length > 0) {
    for (const [name] of relabelled) view.signal(name, []);
    await view.runAsync();
  }
  for (const [name, values] of data) view.data(name, values as readonly object[]);
  for (const [name, value] of params) view.signal(name, value);
  for (const name of VIEW_SET_PARAMS) if (name in parts.params) view.signal(name, parts.params[name]);
  // New domains or labels can change the axis labels' widths, hence the padding around the plot: vega
  // recomputes the chart's size only when asked (a new view always does). Data alone moves no axis or legend.
  if (params.length > 0) view.resize();
  await view.runAsync();
}
