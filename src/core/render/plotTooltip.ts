// The panel's pointer tooltip: x, and f(x), f'(x) (and f''(x) when drawn) of every curve at the sampled x
// nearest the pointer, plus the shaded regions the pointer is in. Built once per data set as a table over
// every sampled x (full resolution, not the simplified lines), then looked up by binary search on each
// pointer move, which costs microseconds where vega's nearest-point selection cost a redraw budget.
import type { DerivativeOrder } from '../math/sample';
import type { PlotData } from './plotData';
import { curve, shadingRegions, type PlotLabels, type PlotView, type ShadedRegion } from './plotSpec';

export interface TooltipColumn {
  readonly series: number;
  readonly order: DerivativeOrder;
  /** "sigmoid f'(x)" */
  readonly title: string;
}

export interface TooltipTable {
  readonly columns: readonly TooltipColumn[];
  /** Sorted distinct sampled x of all curves. */
  readonly xs: Float64Array;
  /** values[column][row]; null where the curve is undefined or has no sample at that x. */
  readonly values: readonly (readonly (number | null)[])[];
  readonly vanishing: readonly ShadedRegion[];
  readonly overflow: readonly ShadedRegion[];
}

export interface TooltipEntry {
  readonly title: string;
  readonly value: string;
}

/** Seven significant digits, as a tooltip has room for; exact integers and small decimals stay short. */
export function formatTooltipValue(v: number | null): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-5 && a < 1e9 ? String(Number(v.toPrecision(7))) : v.toExponential(6).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

export function buildTooltipTable(data: PlotData, view: Pick<PlotView, 'orders' | 'vanishingThreshold' | 'showOverflow'>, labels: PlotLabels): TooltipTable {
  const orders = [...new Set<DerivativeOrder>([0, 1, ...view.orders])].sort();
  const columns: TooltipColumn[] = [];
  data.series.forEach((s, i) => {
    for (const order of orders) if (curve(s, order)) columns.push({ series: i, order, title: `${s.label} ${labels.orders[order]}(x)` });
  });
  const xSet = new Set<number>();
  for (const s of data.series) {
    for (const c of s.curves) {
      for (const seg of c.segments) for (const x of seg.x) xSet.add(x);
      for (const b of c.breakpoints) xSet.add(b.x);
    }
  }
  const xs = Float64Array.from(xSet).sort();
  const values = columns.map((col) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    const c = curve(data.series[col.series]!, col.order)!;
    for (const seg of c.segments) for (let k = 0; k < seg.x.length; k++) column[indexOf(xs, seg.x[k]!)] = seg.y[k]!;
    // At a breakpoint the tooltip shows the value at x0 itself, not the one-sided limit a segment ends with.
    for (const b of c.breakpoints) column[indexOf(xs, b.x)] = b.value;
    return column;
  });
  const { vanishing, overflow } = shadingRegions(data, view);
  return { columns, xs, values, vanishing, overflow };
}

/** Index of the first xs[i] >= x (xs sorted). */
function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOf(xs: Float64Array, x: number): number {
  return lowerBound(xs, x);
}

/** The row of the sampled x nearest to `x`, or -1 for an empty table. */
export function nearestRow(table: TooltipTable, x: number): number {
  const n = table.xs.length;
  if (n === 0 || !Number.isFinite(x)) return -1;
  const i = lowerBound(table.xs, x);
  if (i === 0) return 0;
  if (i === n) return n - 1;
  return x - table.xs[i - 1]! <= table.xs[i]! - x ? i - 1 : i;
}

/** The tooltip's lines at a row: x, every curve's value, then the shaded regions containing x. */
export function tooltipEntries(table: TooltipTable, row: number, labels: PlotLabels): TooltipEntry[] {
  const x = table.xs[row];
  if (x === undefined) return [];
  const out: TooltipEntry[] = [{ title: labels.x, value: formatTooltipValue(x) }];
  table.columns.forEach((c, k) => out.push({ title: c.title, value: formatTooltipValue(table.values[k]![row]!) }));
  const inside = (r: ShadedRegion) => r.lo <= x && x <= r.hi;
  const vanishing = table.vanishing.filter(inside).map((r) => r.series);
  if (vanishing.length > 0) out.push({ title: labels.vanishing, value: [...new Set(vanishing)].join(', ') });
  for (const r of table.overflow.filter(inside)) out.push({ title: labels.overflow, value: `${r.series}: ${r.what ?? ''}` });
  return out;
}
