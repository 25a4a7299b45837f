// What the extension host sends the plot panel: sampled curves in plain JSON (no typed arrays, no NaN,
// no Infinity), so it crosses postMessage and setState unchanged. Built from the math core's samples;
// the spec builder (plotSpec.ts) and the matplotlib script (matplotlibScript.ts) read only this.
import type { DerivativeOrder, SampledActivation, XInterval } from '../math/sample';
import type { ActivationId, ActivationProperties, Dtype, Framework, Interval, Params } from '../math/types';

export interface PlotSegment {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** A breakpoint of one curve; null stands for an undefined value (NaN in the core). */
export interface PlotBreakpoint {
  readonly x: number;
  readonly value: number | null;
  readonly left: number | null;
  readonly right: number | null;
  readonly discontinuous: boolean;
}

export interface PlotCurve {
  readonly order: DerivativeOrder;
  readonly segments: readonly PlotSegment[];
  readonly breakpoints: readonly PlotBreakpoint[];
}

/** The properties table's row, already in display form (intervals with ∞ cannot travel as JSON numbers). */
export interface PlotPropertiesRow {
  readonly range: string;
  readonly maxSlope: string;
  readonly maxSlopeAt: string;
  readonly zeroCentred: boolean;
  readonly monotonic: boolean;
  readonly smooth: boolean;
}

/** Where the naive textbook form of this activation overflows, from the math core's thresholds. */
export interface OverflowRegion extends XInterval {
  /** What overflows there, e.g. "exp(-x) in 1/(1+exp(-x))". */
  readonly what: string;
}

export interface PlotSeries {
  /** Unique within one plot; stable across re-samples of the same selection. */
  readonly key: string;
  readonly id: ActivationId;
  /** Legend text, unique within one plot: "leaky_relu (negative_slope=0.2)". */
  readonly label: string;
  readonly params: Params;
  readonly framework?: Framework;
  readonly curves: readonly PlotCurve[];
  readonly overflow: readonly OverflowRegion[];
  readonly properties?: PlotPropertiesRow;
}

export interface PlotData {
  readonly xMin: number;
  readonly xMax: number;
  readonly dtype: Dtype;
  readonly series: readonly PlotSeries[];
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Turns the core's sample into the wire form. */
export function toPlotCurves(sample: SampledActivation): PlotCurve[] {
  const out: PlotCurve[] = [];
  for (const order of [0, 1, 2] as const) {
    const c = sample.curves[order];
    if (!c) continue;
    out.push({
      order,
      segments: c.segments.map((s) => ({ x: Array.from(s.x), y: Array.from(s.y) })),
      breakpoints: c.breakpoints.map((b) => ({
        x: b.x,
        value: finiteOrNull(b.value),
        left: finiteOrNull(b.left),
        right: finiteOrNull(b.right),
        discontinuous: b.discontinuous,
      })),
    });
  }
  return out;
}

/** Short decimal for tables and labels: up to 6 significant digits, no trailing zeros, ∞ spelled out. */
export function formatNumber(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Number.isNaN(v)) return 'NaN';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e7 ? String(Number(v.toPrecision(6))) : v.toExponential(5).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

export function formatInterval(iv: Interval): string {
  if (iv.lo === iv.hi && iv.loClosed && iv.hiClosed) return `{${formatNumber(iv.lo)}}`;
  const open = iv.loClosed && Number.isFinite(iv.lo) ? '[' : '(';
  const close = iv.hiClosed && Number.isFinite(iv.hi) ? ']' : ')';
  return `${open}${formatNumber(iv.lo)}, ${formatNumber(iv.hi)}${close}`;
}

/** Where the maximum slope is reached: a point when the interval is one, else the interval. */
function formatWhere(iv: Interval): string {
  return iv.lo === iv.hi ? `x = ${formatNumber(iv.lo)}` : `x ∈ ${formatInterval(iv)}`;
}

export function toPropertiesRow(p: ActivationProperties): PlotPropertiesRow {
  return {
    range: formatInterval(p.range),
    maxSlope: formatNumber(p.maxSlope.value),
    maxSlopeAt: formatWhere(p.maxSlope.at),
    zeroCentred: p.zeroCentred,
    monotonic: p.monotonic,
    smooth: p.smooth,
  };
}

/** The legend text: the id, plus parameters that are set, in a stable order. */
export function seriesLabel(id: ActivationId, params: Params): string {
  const names = Object.keys(params).sort();
  if (names.length === 0) return id;
  return `${id} (${names.map((n) => `${n}=${typeof params[n] === 'number' ? formatNumber(params[n] as number) : String(params[n])}`).join(', ')})`;
}

/** Makes labels unique by numbering repeats ("relu", "relu #2"), keeping the first as is. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}
