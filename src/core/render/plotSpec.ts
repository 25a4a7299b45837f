// Builds the plot panel's vega-lite spec from sampled data and view options. Pure: the same inputs give
// the same JSON, which the unit tests check and which the panel's "spec as JSON" export shows.
// Data is inline `values` only (the webview's CSP allows no fetches), and every expression the spec
// needs is one vega's AST interpreter evaluates (no `new Function` in the webview).
import { vanishingGradientIntervals, type DerivativeOrder, type XInterval } from '../math/sample';
import type { PlotCurve, PlotData, PlotSeries } from './plotData';

/** A JSON value, so the spec is plainly serialisable (vega-lite's own types need DOM typings). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };
export type VegaLiteSpec = { readonly [k: string]: Json };

export interface PlotTheme {
  readonly foreground: string;
  readonly background: string;
  /** Axis lines through 0 and the tooltip rule. */
  readonly axisColor: string;
  readonly gridColor: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** One colour per series, in order; reused cyclically when there are more series. */
  readonly palette: readonly string[];
  readonly overflowColor: string;
  /** High-contrast themes get thicker lines and stronger shading. */
  readonly highContrast: boolean;
}

export interface PlotLabels {
  readonly x: string;
  readonly y: string;
  readonly activation: string;
  readonly curve: string;
  /** Legend names of f, f', f''. */
  readonly orders: readonly [string, string, string];
  readonly vanishing: string;
  readonly overflow: string;
}

export const DEFAULT_PLOT_LABELS: PlotLabels = {
  x: 'x',
  y: 'y',
  activation: 'activation',
  curve: 'curve',
  orders: ['f', "f'", "f''"],
  vanishing: 'vanishing gradient',
  overflow: 'naive form overflows',
};

export interface PlotView {
  /** The curves to draw, in any order; the tooltip always shows f and f'. */
  readonly orders: readonly DerivativeOrder[];
  readonly yDomain: 'auto' | { readonly lo: number; readonly hi: number };
  /** Shade where |f'| < this; null turns the shading off. */
  readonly vanishingThreshold: number | null;
  readonly showOverflow: boolean;
  readonly width: number;
  readonly height: number;
  readonly labels?: PlotLabels;
}

/** Dash patterns telling f, f' and f'' apart independently of colour (colour tells activations apart). */
const DASHES: readonly (readonly number[])[] = [[1, 0], [7, 4], [2, 3]];
const TOOLTIP_FORMAT = '.7~g';

/** Field names for the tooltip table: plain identifiers, since '.' and '[' in a field mean nested access. */
export function tooltipField(seriesIndex: number, order: DerivativeOrder): string {
  return `s${seriesIndex}_d${order}`;
}

function curve(series: PlotSeries, order: DerivativeOrder): PlotCurve | undefined {
  return series.curves.find((c) => c.order === order);
}

interface LineRow {
  readonly series: string;
  readonly curve: string;
  /** Separates segments so no line joins the two sides of a jump. */
  readonly segment: string;
  readonly x: number;
  readonly y: number;
}

function lineRows(data: PlotData, orders: readonly DerivativeOrder[], labels: PlotLabels): LineRow[] {
  const rows: LineRow[] = [];
  for (const s of data.series) {
    for (const order of orders) {
      const c = curve(s, order);
      if (!c) continue;
      c.segments.forEach((seg, k) => {
        const segment = `${s.key}/${order}/${k}`;
        for (let i = 0; i < seg.x.length; i++) {
          rows.push({ series: s.label, curve: labels.orders[order], segment, x: seg.x[i]!, y: seg.y[i]! });
        }
      });
    }
  }
  return rows;
}

/** Dots at the value a curve takes exactly at its discontinuities (step(0), relu'(0)). */
function breakpointRows(data: PlotData, orders: readonly DerivativeOrder[], labels: PlotLabels) {
  const rows: { series: string; curve: string; x: number; y: number }[] = [];
  for (const s of data.series) {
    for (const order of orders) {
      for (const b of curve(s, order)?.breakpoints ?? []) {
        if (b.discontinuous && b.value !== null) rows.push({ series: s.label, curve: labels.orders[order], x: b.x, y: b.value });
      }
    }
  }
  return rows;
}

/**
 * One row per sampled x with every series' f, f' (and f'' when drawn) for the tooltip. At a
 * breakpoint the row holds the value at x0 itself, not a one-sided limit.
 */
function tooltipRows(data: PlotData, orders: readonly DerivativeOrder[]): Record<string, number | null>[] {
  const byX = new Map<number, Record<string, number | null>>();
  const row = (x: number) => {
    let r = byX.get(x);
    if (!r) {
      r = { x };
      byX.set(x, r);
    }
    return r;
  };
  data.series.forEach((s, i) => {
    for (const order of orders) {
      const c = curve(s, order);
      if (!c) continue;
      const field = tooltipField(i, order);
      for (const seg of c.segments) for (let k = 0; k < seg.x.length; k++) row(seg.x[k]!)[field] = seg.y[k]!;
      for (const b of c.breakpoints) row(b.x)[field] = b.value;
    }
  });
  return [...byX.values()].sort((a, b) => (a.x as number) - (b.x as number));
}

function clampIntervals(ivs: readonly XInterval[], lo: number, hi: number): XInterval[] {
  return ivs.map((iv) => ({ lo: Math.max(iv.lo, lo), hi: Math.min(iv.hi, hi) })).filter((iv) => iv.lo < iv.hi);
}

/** The y extent of what is drawn, padded by 5%; [-1, 1] around a flat line. */
export function autoYDomain(data: PlotData, orders: readonly DerivativeOrder[]): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of data.series) {
    for (const order of orders) {
      for (const seg of curve(s, order)?.segments ?? []) {
        for (const y of seg.y) {
          if (y < lo) lo = y;
          if (y > hi) hi = y;
        }
      }
    }
  }
  if (!(lo <= hi)) return { lo: -1, hi: 1 };
  if (lo === hi) return { lo: lo - 1, hi: hi + 1 };
  const pad = (hi - lo) * 0.05;
  return { lo: lo - pad, hi: hi + pad };
}

export function buildPlotSpec(data: PlotData, view: PlotView, theme: PlotTheme): VegaLiteSpec {
  const labels = view.labels ?? DEFAULT_PLOT_LABELS;
  const orders = [...new Set(view.orders)].sort();
  const seriesLabels = data.series.map((s) => s.label);
  const colours = seriesLabels.map((_, i) => theme.palette[i % theme.palette.length]!);
  const y = view.yDomain === 'auto' ? autoYDomain(data, orders) : view.yDomain;
  const xScale = { domain: [data.xMin, data.xMax], nice: false, zero: false };
  const yScale = { domain: [y.lo, y.hi], nice: false, zero: false };
  const strokeWidth = theme.highContrast ? 2.6 : 1.8;
  const colour = {
    field: 'series',
    type: 'nominal',
    title: labels.activation,
    scale: { domain: seriesLabels, range: colours },
    legend: seriesLabels.length > 0 ? { orient: 'top' } : null,
  } as const;

  const layers: Json[] = [];

  // Shading first, so curves draw over it.
  const shading: { series: string; kind: string; lo: number; hi: number }[] = [];
  if (view.vanishingThreshold !== null) {
    for (const s of data.series) {
      const ivs = vanishingGradientIntervals(curve(s, 1)?.segments ?? [], view.vanishingThreshold);
      for (const iv of clampIntervals(ivs, data.xMin, data.xMax)) shading.push({ series: s.label, kind: labels.vanishing, ...iv });
    }
  }
  if (shading.length > 0) {
    layers.push({
      data: { values: shading },
      mark: { type: 'rect', opacity: theme.highContrast ? 0.22 : 0.1, clip: true },
      encoding: {
        x: { field: 'lo', type: 'quantitative', scale: xScale },
        x2: { field: 'hi' },
        color: { ...colour, legend: null },
        tooltip: [
          { field: 'series', type: 'nominal', title: labels.activation },
          { field: 'kind', type: 'nominal', title: labels.curve },
        ],
      },
    });
  }
  const overflow: { series: string; what: string; lo: number; hi: number }[] = [];
  if (view.showOverflow) {
    for (const s of data.series) {
      for (const r of s.overflow) {
        for (const iv of clampIntervals([r], data.xMin, data.xMax)) overflow.push({ series: s.label, what: r.what, ...iv });
      }
    }
  }
  if (overflow.length > 0) {
    layers.push({
      data: { values: overflow },
      mark: {
        type: 'rect',
        color: theme.overflowColor,
        opacity: theme.highContrast ? 0.3 : 0.12,
        stroke: theme.overflowColor,
        strokeDash: [4, 3],
        strokeOpacity: 0.8,
        clip: true,
      },
      encoding: {
        x: { field: 'lo', type: 'quantitative', scale: xScale },
        x2: { field: 'hi' },
        tooltip: [
          { field: 'series', type: 'nominal', title: labels.overflow },
          { field: 'what', type: 'nominal', title: ' ' },
        ],
      },
    });
  }

  // Axes through 0, as in the seed articles' matplotlib plots.
  const axisLines: Json[] = [];
  if (data.xMin < 0 && data.xMax > 0) axisLines.push({ mark: { type: 'rule', color: theme.axisColor, strokeWidth: 1 }, encoding: { x: { datum: 0, type: 'quantitative', scale: xScale } } });
  if (y.lo < 0 && y.hi > 0) axisLines.push({ mark: { type: 'rule', color: theme.axisColor, strokeWidth: 1 }, encoding: { y: { datum: 0, type: 'quantitative', scale: yScale } } });
  layers.push(...axisLines);

  layers.push({
    data: { values: lineRows(data, orders, labels) as unknown as Json },
    mark: { type: 'line', strokeWidth, clip: true, interpolate: 'linear' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: labels.x, scale: xScale },
      y: { field: 'y', type: 'quantitative', title: labels.y, scale: yScale },
      color: colour,
      strokeDash: {
        field: 'curve',
        type: 'nominal',
        title: labels.curve,
        scale: { domain: orders.map((o) => labels.orders[o]), range: orders.map((o) => DASHES[o]!) },
        legend: { orient: 'top' },
      },
      detail: { field: 'segment', type: 'nominal' },
      order: { field: 'x', type: 'quantitative' },
    },
  });

  const dots = breakpointRows(data, orders, labels);
  if (dots.length > 0) {
    layers.push({
      data: { values: dots as unknown as Json },
      mark: { type: 'point', filled: true, size: theme.highContrast ? 60 : 40, opacity: 1, clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: xScale },
        y: { field: 'y', type: 'quantitative', scale: yScale },
        color: { ...colour, legend: null },
      },
    });
  }

  // The pointer's x: a rule with every curve's values at the nearest sampled x.
  const tooltipOrders = [...new Set<DerivativeOrder>([0, 1, ...orders])].sort();
  const tooltip: Json[] = [{ field: 'x', type: 'quantitative', title: labels.x, format: TOOLTIP_FORMAT }];
  data.series.forEach((s, i) => {
    for (const o of tooltipOrders) {
      if (curve(s, o)) tooltip.push({ field: tooltipField(i, o), type: 'quantitative', title: `${s.label} ${orderCall(labels.orders[o])}`, format: TOOLTIP_FORMAT });
    }
  });
  layers.push({
    data: { values: tooltipRows(data, tooltipOrders) as unknown as Json },
    mark: { type: 'rule', color: theme.axisColor, strokeWidth: 1 },
    params: [{ name: 'pointer', select: { type: 'point', encodings: ['x'], nearest: true, on: 'pointermove', clear: 'pointerout' } }],
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: xScale },
      opacity: { condition: { param: 'pointer', empty: false, value: 0.7 }, value: 0 },
      tooltip,
    },
  });

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: view.width,
    height: view.height,
    background: theme.background,
    padding: 8,
    layer: layers,
    config: {
      font: theme.fontFamily,
      view: { stroke: theme.gridColor },
      axis: {
        domainColor: theme.axisColor,
        gridColor: theme.gridColor,
        tickColor: theme.axisColor,
        labelColor: theme.foreground,
        titleColor: theme.foreground,
        labelFontSize: theme.fontSize,
        titleFontSize: theme.fontSize,
        titleFontWeight: 'normal',
      },
      legend: {
        labelColor: theme.foreground,
        titleColor: theme.foreground,
        labelFontSize: theme.fontSize,
        titleFontSize: theme.fontSize,
        symbolStrokeWidth: strokeWidth,
        labelLimit: 320,
      },
    },
  };
}

/** "f'" → "f'(x)", so the tooltip reads "sigmoid f'(x)". */
function orderCall(name: string): string {
  return `${name}(x)`;
}
