// From the panel's state to the data it draws: resolves each selection's parameters (framework defaults,
// then the explicit ones, checked against the activation's ParamSpecs), samples f, f' and f'' with the
// math core, and adds the properties and overflow regions. Runs in the extension host.
import { sampleActivation, type DerivativeOrder } from '../math/sample';
import type { Activation, ActivationId, Dtype, Framework, ParamValue, Params } from '../math/types';
import { seriesLabel, toPlotCurves, toPropertiesRow, uniqueLabels, type OverflowRegion, type PlotCurve, type PlotData, type PlotSeries } from './plotData';
import type { CatalogEntry } from './plotMessages';
import { rangeFor, type PlotSelection, type PlotState } from './plotState';

/** The parts of the math core the panel uses; the extension wires the real catalog and thresholds in. */
export interface PlotCatalog {
  readonly activations: readonly Activation[];
  get(id: ActivationId): Activation | undefined;
  /** The framework's defaults for this activation (e.g. keras leaky_relu slope 0.2). */
  defaults(id: ActivationId, framework: Framework): Params;
  /** Where the naive textbook form overflows for this dtype; empty when it has no unstable naive form. */
  overflow(id: ActivationId, params: Params, dtype: Dtype): readonly OverflowRegion[];
}

export interface ResolvedSelection {
  readonly activation: Activation;
  readonly params: Params;
  /** Params that differ from the activation's own defaults: what the legend shows. */
  readonly shownParams: Params;
  readonly framework: Framework;
}

function paramProblem(a: Activation, name: string, value: ParamValue): string | undefined {
  const spec = a.params.find((p) => p.name === name);
  if (!spec) return `${a.id} has no parameter ${name}`;
  if (spec.kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${a.id}.${name} must be a number`;
    if (spec.min !== undefined && value < spec.min) return `${a.id}.${name} must be ≥ ${spec.min}`;
    if (spec.max !== undefined && value > spec.max) return `${a.id}.${name} must be ≤ ${spec.max}`;
  } else if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) {
    return `${a.id}.${name} must be one of ${(spec.choices ?? []).join(', ')}`;
  }
  return undefined;
}

/** The parameters a selection plots with; invalid explicit ones are dropped and reported. */
export function resolveSelection(sel: PlotSelection, state: PlotState, catalog: PlotCatalog, problems: string[]): ResolvedSelection | undefined {
  const a = catalog.get(sel.id);
  if (!a) {
    problems.push(`unknown activation ${sel.id}`);
    return undefined;
  }
  const framework = sel.framework ?? state.framework;
  const params: Record<string, ParamValue> = {};
  for (const spec of a.params) params[spec.name] = spec.default;
  Object.assign(params, catalog.defaults(a.id, framework));
  for (const [name, value] of Object.entries(sel.params)) {
    const problem = paramProblem(a, name, value);
    if (problem) problems.push(problem);
    else params[name] = value;
  }
  const shownParams: Record<string, ParamValue> = {};
  for (const spec of a.params) if (params[spec.name] !== spec.default) shownParams[spec.name] = params[spec.name]!;
  return { activation: a, params, shownParams, framework };
}


export interface ComputedPlot {
  readonly data: PlotData;
  readonly problems: readonly string[];
}

/**
 * Samples every selection over the state's range: the drawn orders, plus f and f' which the tooltip and
 * the vanishing-gradient shading always read. f'' is sampled only while it is drawn, since it is the
 * costliest derivative and a third of the data sent to the webview.
 */
/**
 * Sampled curves by activation, parameters, dtype, range and orders. Changing one activation's parameter
 * in a panel showing five resamples one, not five; toggling back to an earlier view costs nothing.
 */
export class PlotSampleCache {
  private readonly entries = new Map<string, readonly PlotCurve[]>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 64) {}

  get(key: string, compute: () => readonly PlotCurve[]): readonly PlotCurve[] {
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      // Re-insert: Map order is insertion order, so the oldest entry is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const curves = compute();
    this.entries.set(key, curves);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return curves;
  }
}

function sampleKey(id: ActivationId, params: Params, state: PlotState, orders: readonly DerivativeOrder[]): string {
  const sortedParams = Object.keys(params).sort().map((k) => [k, params[k]]);
  return JSON.stringify([id, sortedParams, state.dtype, state.xMin, state.xMax, state.points, orders]);
}

export function computePlotData(state: PlotState, catalog: PlotCatalog, cache?: PlotSampleCache): ComputedPlot {
  const problems: string[] = [];
  const resolved = state.selections
    .map((sel) => resolveSelection(sel, state, catalog, problems))
    .filter((r): r is ResolvedSelection => r !== undefined);
  const labels = uniqueLabels(resolved.map((r) => seriesLabel(r.activation.id, r.shownParams)));
  const range = { xMin: state.xMin, xMax: state.xMax, points: state.points };
  const orders = [...new Set<DerivativeOrder>([0, 1, ...state.orders])].sort();
  const series: PlotSeries[] = [];
  resolved.forEach((r, i) => {
    try {
      const sample = () => toPlotCurves(sampleActivation(r.activation, r.params, range, state.dtype, orders));
      const curves = cache ? cache.get(sampleKey(r.activation.id, r.params, state, orders), sample) : sample();
      let properties;
      try {
        properties = toPropertiesRow(r.activation.properties(r.params, state.dtype));
      } catch (e) {
        problems.push(`${r.activation.id}: properties unavailable (${e instanceof Error ? e.message : String(e)})`);
      }
      series.push({
        key: `${r.activation.id}#${i}`,
        id: r.activation.id,
        label: labels[i]!,
        params: r.params,
        framework: r.framework,
        curves,
        overflow: finiteOverflow(catalog.overflow(r.activation.id, r.params, state.dtype), state.xMin, state.xMax),
        ...(properties ? { properties } : {}),
      });
    } catch (e) {
      // One activation failing to sample must not blank the others.
      problems.push(`${r.activation.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return { data: { xMin: state.xMin, xMax: state.xMax, dtype: state.dtype, series }, problems };
}

/** Overflow regions clipped to the plotted range: ±Infinity ends would arrive as null after postMessage's JSON. */
function finiteOverflow(regions: readonly OverflowRegion[], xMin: number, xMax: number): OverflowRegion[] {
  return regions
    .map((r) => ({ ...r, lo: Math.max(r.lo, xMin), hi: Math.min(r.hi, xMax) }))
    .filter((r) => r.lo < r.hi);
}

/** The catalog as the webview's controls need it: JSON-safe (no functions, no infinite bounds). */
export function catalogEntries(catalog: PlotCatalog): CatalogEntry[] {
  return catalog.activations.map((a) => ({
    id: a.id,
    displayName: a.displayName,
    aliases: a.aliases,
    formula: a.formula.text,
    params: a.params.map((p) => {
      const out: Record<string, unknown> = { name: p.name, kind: p.kind, default: p.default, description: p.description };
      if (p.choices) out.choices = p.choices;
      if (p.min !== undefined && Number.isFinite(p.min)) out.min = p.min;
      if (p.max !== undefined && Number.isFinite(p.max)) out.max = p.max;
      return out as unknown as CatalogEntry['params'][number];
    }),
  }));
}

/**
 * The state showing these activations: the current view, with the x range widened when needed so every
 * kink and jump of the new selection is in sight (threshold at 20 shows its jump).
 */
export function withSelections(base: PlotState, selections: readonly PlotSelection[], catalog: PlotCatalog): PlotState {
  const xs: number[] = [];
  for (const s of selections) {
    try {
      const a = catalog.get(s.id);
      if (!a) continue;
      for (const b of a.breakpoints({ ...catalog.defaults(s.id, s.framework ?? base.framework), ...s.params })) xs.push(b.x);
    } catch {
      // Params the activation rejects: the range is only a convenience; sampling reports the problem.
    }
  }
  return { ...base, selections: [...selections], ...rangeFor(xs, base) };
}
