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

/** The variable param holding the pointer's x (null when the pointer is off the chart). */
export const HOVER_PARAM = 'hoverX';

/**
 * The spec's named inline data sets and its value params: what a redraw with the same layers changes. The
 * panel hands them to the running vega view (see plotUpdate.ts) instead of compiling and parsing anew.
 * Every layer is there whatever is shown (a layer with nothing to draw has no rows), and every choice of
 * what to show is data or a param, so the spec's structure depends only on the chart's size, theme and
 * labels: toggling f'' or a shading, adding an activation or moving the range redraws the running view.
 */
export const PLOT_DATA_NAMES = {
  vanishing: 'vanishing',
  overflow: 'overflow',
  /** The axis lines through 0: one row each when 0 is inside the plotted range, none otherwise. */
  xZero: 'xZeroLine',
  yZero: 'yZeroLine',
  lines: 'lines',
  dots: 'dots',
} as const;
export const X_DOMAIN_PARAM = 'xDomain';
export const Y_DOMAIN_PARAM = 'yDomain';
/** The colour scale's domain: the series labels, which carry the parameters (leaky_relu(negative_slope=0.3)). */
export const SERIES_PARAM = 'seriesLabels';
/** The dash legend's entries: the names of the drawn orders (the dash scale itself always has all three). */
export const CURVES_PARAM = 'curveLabels';
/**
 * The grid lines' opacity per axis: 1 when that axis has no line through 0, 0 when it has. A chart with the
 * lines through 0 has no grid (as vega-lite draws an axis shared with a rule at a constant), one whose
 * range leaves 0 out has a grid to read the values by.
 */
export const X_GRID_PARAM = 'xGridOpacity';
export const Y_GRID_PARAM = 'yGridOpacity';
/**
 * Params that are the domain of a legend with another legend after it in the row (see applyPlotUpdate in
 * plotUpdate.ts): the colour legend. The dash legend is the row's last, so a change of its width moves nothing.
 */
export const LEGEND_DOMAIN_PARAMS: readonly string[] = [SERIES_PARAM];
/** Params the panel also sets on the running view (the pointer's x): an update always sets them back to the spec's value. */
export const VIEW_SET_PARAMS: readonly string[] = [HOVER_PARAM];

export function curve(series: PlotSeries, order: DerivativeOrder): PlotCurve | undefined {
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

/**
 * Indices of the points to keep so the polyline stays within `tolerance` pixels of the full one
 * (Ramer-Douglas-Peucker in pixel space). The ends are always kept, so segments still meet exactly at
 * breakpoints; straight pieces (relu's arms) collapse to their ends. Drawing ~10x fewer points is what
 * keeps a redraw within a frame budget; the tooltip still reads the full-resolution values.
 */
export function simplifiedIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: number, sy: number, tolerance: number): number[] {
  const n = xs.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  const tol2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const ax = xs[a]! * sx;
    const ay = ys[a]! * sy;
    const dx = xs[b]! * sx - ax;
    const dy = ys[b]! * sy - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD2 = tol2;
    for (let i = a + 1; i < b; i++) {
      const px = xs[i]! * sx - ax;
      const py = ys[i]! * sy - ay;
      // Squared distance from the chord (or from its start when the chord is a point).
      const cross = px * dy - py * dx;
      const d2 = len2 > 0 ? (cross * cross) / len2 : px * px + py * py;
      if (d2 > worstD2) {
        worstD2 = d2;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/** Pixel tolerance of the simplification: a quarter pixel is invisible even on a 2x display. */
const SIMPLIFY_TOLERANCE_PX = 0.25;

function lineRows(data: PlotData, orders: readonly DerivativeOrder[], labels: PlotLabels, pxPerX: number, pxPerY: number): LineRow[] {
  const rows: LineRow[] = [];
  for (const s of data.series) {
    for (const order of orders) {
      const c = curve(s, order);
      if (!c) continue;
      c.segments.forEach((seg, k) => {
        const segment = `${s.key}/${order}/${k}`;
        for (const i of simplifiedIndices(seg.x, seg.y, pxPerX, pxPerY, SIMPLIFY_TOLERANCE_PX)) {
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

function clampIntervals(ivs: readonly XInterval[], lo: number, hi: number): XInterval[] {
  return ivs.map((iv) => ({ lo: Math.max(iv.lo, lo), hi: Math.min(iv.hi, hi) })).filter((iv) => iv.lo < iv.hi);
}

export interface ShadedRegion extends XInterval {
  readonly series: string;
  /** For overflow regions: what overflows there. */
  readonly what?: string;
}

/** The shaded x intervals, clipped to the plotted range: vanishing gradient per series, and naive-form overflow. */
export function shadingRegions(data: PlotData, view: Pick<PlotView, 'vanishingThreshold' | 'showOverflow'>): { vanishing: ShadedRegion[]; overflow: ShadedRegion[] } {
  const vanishing: ShadedRegion[] = [];
  const overflow: ShadedRegion[] = [];
  for (const s of data.series) {
    if (view.vanishingThreshold !== null) {
      const ivs = vanishingGradientIntervals(curve(s, 1)?.segments ?? [], view.vanishingThreshold);
      for (const iv of clampIntervals(ivs, data.xMin, data.xMax)) vanishing.push({ series: s.label, ...iv });
    }
    if (view.showOverflow) {
      for (const r of s.overflow) for (const iv of clampIntervals([r], data.xMin, data.xMax)) overflow.push({ series: s.label, what: r.what, ...iv });
    }
  }
  return { vanishing, overflow };
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
  const y = view.yDomain === 'auto' ? autoYDomain(data, orders) : view.yDomain;
  const xScale = { domain: { expr: X_DOMAIN_PARAM }, nice: false, zero: false };
  const yScale = { domain: { expr: Y_DOMAIN_PARAM }, nice: false, zero: false };
  const strokeWidth = theme.highContrast ? 2.6 : 1.8;
  const colour = {
    field: 'series',
    type: 'nominal',
    title: labels.activation,
    // The whole palette: an ordinal scale gives the i-th label the i-th colour (cycling past the last), so
    // the range need not follow the number of series.
    scale: { domain: { expr: SERIES_PARAM }, range: theme.palette as string[] },
    // Stroke symbols at full opacity: the legend otherwise takes the first layer's faint shading rect. No
    // legend at all with no series (an empty one would still show its title): the one choice that changes
    // the structure, from none to some.
    legend: seriesLabels.length > 0 ? { orient: 'top', symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: strokeWidth + 1 } : null,
  } as const;
  const named = (name: string, values: readonly object[]) => ({ name, values: values as unknown as Json });

  const layers: Json[] = [];

  // Shading first, so curves draw over it.
  const { vanishing: shading, overflow } = shadingRegions(data, view);
  layers.push({
    data: named(PLOT_DATA_NAMES.vanishing, shading),
    mark: { type: 'rect', opacity: theme.highContrast ? 0.22 : 0.1, clip: true },
    encoding: {
      x: { field: 'lo', type: 'quantitative', scale: xScale },
      x2: { field: 'hi' },
      color: colour,
    },
  });
  layers.push({
    data: named(PLOT_DATA_NAMES.overflow, overflow),
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
    },
  });

  // Axes through 0, as in the seed articles' matplotlib plots.
  const axisRule = { type: 'rule', color: theme.axisColor, strokeWidth: 1 };
  const xZero = data.xMin < 0 && data.xMax > 0;
  const yZero = y.lo < 0 && y.hi > 0;
  layers.push({
    data: named(PLOT_DATA_NAMES.xZero, xZero ? [{ at: 0 }] : []),
    mark: axisRule,
    encoding: { x: { field: 'at', type: 'quantitative', scale: xScale } },
  });
  layers.push({
    data: named(PLOT_DATA_NAMES.yZero, yZero ? [{ at: 0 }] : []),
    mark: axisRule,
    encoding: { y: { field: 'at', type: 'quantitative', scale: yScale } },
  });

  layers.push({
    data: named(PLOT_DATA_NAMES.lines, lineRows(data, orders, labels, view.width / (data.xMax - data.xMin), view.height / (y.hi - y.lo))),
    mark: { type: 'line', strokeWidth, clip: true, interpolate: 'linear' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: labels.x, scale: xScale, axis: { tickCount: Math.max(4, Math.round(view.width / 80)), labelOverlap: true, grid: true, gridOpacity: { expr: X_GRID_PARAM } } },
      y: { field: 'y', type: 'quantitative', title: labels.y, scale: yScale, axis: { tickCount: Math.max(4, Math.round(view.height / 50)), labelOverlap: true, grid: true, gridOpacity: { expr: Y_GRID_PARAM } } },
      color: colour,
      strokeDash: {
        field: 'curve',
        type: 'nominal',
        title: labels.curve,
        // Every order keeps its dash whichever are drawn; the legend lists the drawn ones.
        scale: { domain: [...labels.orders], range: DASHES as number[][] },
        legend: { orient: 'top', values: { expr: CURVES_PARAM } },
      },
      detail: { field: 'segment', type: 'nominal' },
      // Rows are already in x order within each segment: skip vega's sort.
      order: { value: null },
    },
  });

  layers.push({
    data: named(PLOT_DATA_NAMES.dots, breakpointRows(data, orders, labels)),
    mark: { type: 'point', filled: true, size: theme.highContrast ? 60 : 40, opacity: 1, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: xScale },
      y: { field: 'y', type: 'quantitative', scale: yScale },
      color: colour,
    },
  });

  // The pointer's x, set by the panel through the `hoverX` param (see plotTooltip.ts): one rule, so the
  // pointer costs vega no per-point marks or nearest-point search.
  layers.push({
    data: { values: [{}] },
    transform: [{ calculate: HOVER_PARAM, as: 'hx' }, { filter: 'isValid(datum.hx)' }],
    mark: { type: 'rule', color: theme.foreground, strokeWidth: 1, strokeDash: [3, 3], opacity: 0.7 },
    encoding: { x: { field: 'hx', type: 'quantitative', scale: xScale } },
  });

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: view.width,
    height: view.height,
    background: theme.background,
    padding: 8,
    params: [
      { name: HOVER_PARAM, value: null },
      { name: X_DOMAIN_PARAM, value: [data.xMin, data.xMax] },
      { name: Y_DOMAIN_PARAM, value: [y.lo, y.hi] },
      { name: SERIES_PARAM, value: seriesLabels },
      { name: CURVES_PARAM, value: orders.map((o) => labels.orders[o]) },
      { name: X_GRID_PARAM, value: xZero ? 0 : 1 },
      { name: Y_GRID_PARAM, value: yZero ? 0 : 1 },
    ],
    layer: layers,
    config: {
      // Per-mark ARIA descriptions cost a formatted string per mark on every redraw; the panel labels the
      // chart as a whole and lists the numbers in its properties table and tooltip instead.
      aria: false,
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

type JsonObject = { readonly [k: string]: Json };
/** Layers that only draw their rows; the curves' layer stays even when empty, since it carries the legends. */
const OPTIONAL_LAYERS: ReadonlySet<string> = new Set([PLOT_DATA_NAMES.vanishing, PLOT_DATA_NAMES.overflow, PLOT_DATA_NAMES.xZero, PLOT_DATA_NAMES.yZero, PLOT_DATA_NAMES.dots]);
const isJsonObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The spec as the panel exports it ("spec as JSON", SVG): what `buildPlotSpec` gives with the shading, axis-line
 * and dot layers that have no rows left out, and an axis whose grid is hidden (its grid param is 0) without a grid. It draws the same
 * chart; the panel's own spec keeps those layers and grids so its running view can show them on a later change.
 */
export function exportPlotSpec(spec: VegaLiteSpec): VegaLiteSpec {
  const params = Array.isArray(spec.params) ? (spec.params as readonly Json[]) : [];
  const value = (name: string): Json | undefined => {
    const param = params.find((p) => isJsonObject(p) && p.name === name);
    return isJsonObject(param) ? param.value : undefined;
  };
  const hiddenGrid = new Set([X_GRID_PARAM, Y_GRID_PARAM].filter((name) => value(name) === 0));
  const withoutHiddenGrid = (axis: Json | undefined): Json | undefined => {
    if (!isJsonObject(axis) || !isJsonObject(axis.gridOpacity) || !hiddenGrid.has(String(axis.gridOpacity.expr))) return axis;
    const { gridOpacity: _opacity, ...rest } = axis;
    return { ...rest, grid: false };
  };
  const layers = (Array.isArray(spec.layer) ? (spec.layer as readonly Json[]) : [])
    .filter((layer) => !(isJsonObject(layer) && isJsonObject(layer.data) && OPTIONAL_LAYERS.has(String(layer.data.name)) && Array.isArray(layer.data.values) && layer.data.values.length === 0))
    .map((layer) => {
      if (!isJsonObject(layer) || !isJsonObject(layer.encoding)) return layer;
      const encoding: Record<string, Json> = { ...layer.encoding };
      for (const channel of ['x', 'y']) {
        const def = encoding[channel];
        if (isJsonObject(def) && 'axis' in def) encoding[channel] = { ...def, axis: withoutHiddenGrid(def.axis) ?? null };
      }
      return { ...layer, encoding };
    });
  return { ...spec, layer: layers };
}
