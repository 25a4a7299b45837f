// The hover's graph: f solid and f' dashed as a small standalone SVG document (shown through a data URI,
// since hovers accept images but not inline <svg>). Pure string building, no DOM: it runs in the Node
// extension host, the browser worker and the CLI alike.
import type { Activation, Dtype, Interval, Params } from '../math/types';

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export interface PlotRange {
  readonly lo: number;
  readonly hi: number;
}

export interface HoverSvgOptions {
  readonly theme: ThemeKind;
  readonly params?: Params;
  readonly dtype?: Dtype;
  /** Fixed x range; when absent one is chosen that shows the shape (see `autoPlotRange`). */
  readonly range?: PlotRange;
  /** The call's numeric literal argument: marked with a dot on f (and a ring on f'). */
  readonly literal?: number;
  /** Legend and accessible title; the caller localizes them. */
  readonly labels?: { readonly f?: string; readonly derivative?: string; readonly title?: string };
  readonly width?: number;
  readonly height?: number;
}

export interface HoverSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly range: PlotRange;
}

interface Palette {
  readonly f: string;
  readonly df: string;
  readonly axis: string;
  readonly text: string;
  readonly saturation: string;
  readonly saturationOpacity: number;
  readonly stroke: number;
  readonly dotEdge: string;
}

// Hover backgrounds are the editor widget colour of the theme; the image itself stays transparent.
const PALETTES: Readonly<Record<ThemeKind, Palette>> = {
  light: { f: '#0062b8', df: '#c2410c', axis: '#8a8a8a', text: '#555555', saturation: '#b4232a', saturationOpacity: 0.1, stroke: 1.8, dotEdge: '#ffffff' },
  dark: { f: '#4fb3ff', df: '#ffab5e', axis: '#8c8c8c', text: '#b8b8b8', saturation: '#ff6b6b', saturationOpacity: 0.14, stroke: 1.8, dotEdge: '#1e1e1e' },
  highContrast: { f: '#ffff00', df: '#00ffff', axis: '#ffffff', text: '#ffffff', saturation: '#ff00ff', saturationOpacity: 0.2, stroke: 2.4, dotEdge: '#000000' },
  highContrastLight: { f: '#0000c0', df: '#a00000', axis: '#000000', text: '#000000', saturation: '#6b006b', saturationOpacity: 0.15, stroke: 2.4, dotEdge: '#ffffff' },
};

export const DEFAULT_HALF_WIDTH = 6;
/** Literals farther out than this are marked at the plot's edge instead of stretching the plot until the shape is lost. */
export const MAX_LITERAL_WIDEN = 100;
// About 2.3 px per segment on the 218 px plot: smooth to the eye, and few evaluations of the costlier activations (GELU).
const SAMPLES = 96;

/**
 * An x range that shows the shape: [-6, 6] by default, widened so that the start of saturation
 * (sigmoid's |f'| < 1e-3 from |x| ≈ 6.9) and every kink or jump of these params are inside,
 * and so that a moderate literal argument is on the plot.
 */
export function autoPlotRange(activation: Activation, params?: Params, literal?: number, dtype?: Dtype): PlotRange {
  let half = DEFAULT_HALF_WIDTH;
  const reach = (x: number): void => {
    if (Number.isFinite(x)) half = Math.max(half, Math.abs(x) * 1.25);
  };
  for (const bp of safeBreakpoints(activation, params)) reach(bp.x);
  for (const s of safeSaturation(activation, params, dtype)) {
    // Only the finite edges matter: an interval reaching to ±∞ starts at its finite end.
    if (Number.isFinite(s.lo) && Math.abs(s.lo) < MAX_LITERAL_WIDEN) reach(s.lo);
    if (Number.isFinite(s.hi) && Math.abs(s.hi) < MAX_LITERAL_WIDEN) reach(s.hi);
  }
  if (literal !== undefined && Number.isFinite(literal) && Math.abs(literal) <= MAX_LITERAL_WIDEN) reach(literal);
  half = niceCeil(half);
  return { lo: -half, hi: half };
}

export function renderHoverSvg(activation: Activation, options: HoverSvgOptions): HoverSvg {
  const width = options.width ?? 260;
  const height = options.height ?? 150;
  const palette = PALETTES[options.theme];
  const { params, dtype } = options;
  const range = validRange(options.range) ?? autoPlotRange(activation, params, options.literal, dtype);
  const breakpoints = safeBreakpoints(activation, params).filter((b) => b.x > range.lo && b.x < range.hi);

  const f = (x: number): number => safeEval(() => activation.value(x, params, dtype));
  const df = (x: number): number => safeEval(() => activation.derivative(x, params, dtype));

  // Pieces between breakpoints, each sampled up to (not across) its ends; one-sided limits at a breakpoint
  // come from evaluating a hair inside the piece so a jump's two values are both drawn, unconnected.
  const cuts = [range.lo, ...breakpoints.map((b) => b.x), range.hi];
  const fPieces: Array<Array<[number, number]>> = [];
  const dfPieces: Array<Array<[number, number]>> = [];
  const span = range.hi - range.lo;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k]!;
    const b = cuts[k + 1]!;
    const n = Math.max(2, Math.ceil((SAMPLES * (b - a)) / span));
    const xs: number[] = [];
    for (let i = 0; i <= n; i++) xs.push(a + ((b - a) * i) / n);
    const inset = span * 1e-9;
    const at = (i: number): number => (i === 0 && k > 0 ? a + inset : i === n && k + 2 < cuts.length ? b - inset : xs[i]!);
    fPieces.push(xs.map((_, i) => [at(i), f(at(i))]));
    dfPieces.push(xs.map((_, i) => [at(i), df(at(i))]));
  }

  const literal = options.literal !== undefined && Number.isFinite(options.literal) ? options.literal : undefined;
  const literalOnPlot = literal !== undefined && literal >= range.lo && literal <= range.hi;
  const literalPoint = literalOnPlot ? { x: literal, f: f(literal), df: df(literal) } : undefined;

  const ys: number[] = [0];
  for (const piece of [...fPieces, ...dfPieces]) for (const [, y] of piece) if (Number.isFinite(y)) ys.push(y);
  if (literalPoint) for (const y of [literalPoint.f, literalPoint.df]) if (Number.isFinite(y)) ys.push(y);
  let yLo = Math.min(...ys);
  let yHi = Math.max(...ys);
  if (yHi - yLo < 1e-12) {
    yLo -= 1;
    yHi += 1;
  }
  const pad = (yHi - yLo) * 0.08;
  yLo -= pad;
  yHi += pad;

  const left = 34;
  const right = 8;
  const top = 16;
  const bottom = 16;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const sx = (x: number): number => left + ((x - range.lo) / span) * plotW;
  const sy = (y: number): number => top + ((yHi - y) / (yHi - yLo)) * plotH;
  // Values far outside the fitted range (an exploding f') are clamped just past the frame; the clip hides them.
  const clampY = (y: number): number => Math.min(height + 10, Math.max(-10, sy(y)));

  const parts: string[] = [];
  const title = options.labels?.title ?? `${activation.displayName}: f and f'`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="9">`,
  );
  parts.push(`<title>${escapeXml(title)}</title>`);
  parts.push(`<defs><clipPath id="plot"><rect x="${left}" y="${top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`);

  for (const s of safeSaturation(activation, params, dtype)) {
    const lo = Math.max(range.lo, s.lo);
    const hi = Math.min(range.hi, s.hi);
    if (!(hi > lo)) continue;
    parts.push(
      `<rect class="saturation" x="${fmt(sx(lo))}" y="${top}" width="${fmt(sx(hi) - sx(lo))}" height="${plotH}" fill="${palette.saturation}" fill-opacity="${palette.saturationOpacity}"/>`,
    );
  }

  // Axes through 0 (or along the frame's edge when 0 is outside the range).
  const x0 = sx(Math.min(range.hi, Math.max(range.lo, 0)));
  const y0 = sy(Math.min(yHi, Math.max(yLo, 0)));
  parts.push(
    `<path class="axes" d="M${left} ${fmt(y0)}H${left + plotW}M${fmt(x0)} ${top}V${top + plotH}" stroke="${palette.axis}" stroke-width="1" fill="none"/>`,
  );
  parts.push(
    `<g fill="${palette.text}"><text x="${left}" y="${height - 4}">${fmtTick(range.lo)}</text>` +
      `<text x="${left + plotW}" y="${height - 4}" text-anchor="end">${fmtTick(range.hi)}</text>` +
      `<text x="${left - 3}" y="${fmt(sy(yHi - pad) + 3)}" text-anchor="end">${fmtTick(yHi - pad)}</text>` +
      `<text x="${left - 3}" y="${fmt(y0 + 3)}" text-anchor="end">0</text>` +
      (yLo + pad < -1e-12 ? `<text x="${left - 3}" y="${fmt(sy(yLo + pad) + 3)}" text-anchor="end">${fmtTick(yLo + pad)}</text>` : '') +
      `</g>`,
  );

  const w = palette.stroke;
  parts.push(`<g clip-path="url(#plot)" fill="none" stroke-linejoin="round">`);
  parts.push(`<path class="f" d="${pathData(fPieces, sx, clampY)}" stroke="${palette.f}" stroke-width="${w}"/>`);
  parts.push(`<path class="df" d="${pathData(dfPieces, sx, clampY)}" stroke="${palette.df}" stroke-width="${w}" stroke-dasharray="4 3"/>`);
  parts.push(`</g>`);

  if (literalPoint) {
    if (Number.isFinite(literalPoint.df)) {
      parts.push(
        `<circle class="literal-df" cx="${fmt(sx(literalPoint.x))}" cy="${fmt(clampY(literalPoint.df))}" r="3" fill="${palette.dotEdge}" stroke="${palette.df}" stroke-width="1.5"/>`,
      );
    }
    if (Number.isFinite(literalPoint.f)) {
      parts.push(
        `<circle id="literal" class="literal" cx="${fmt(sx(literalPoint.x))}" cy="${fmt(clampY(literalPoint.f))}" r="3.5" fill="${palette.f}" stroke="${palette.dotEdge}" stroke-width="1"/>`,
      );
    }
  } else if (literal !== undefined) {
    // Off the plot: an arrowhead at the edge the literal lies beyond, at the height f tends to there.
    const toRight = literal > range.hi;
    const ex = toRight ? left + plotW : left;
    const ey = clampY(f(toRight ? range.hi : range.lo));
    const d = toRight ? 6 : -6;
    parts.push(
      `<path id="literal" class="literal-offscale" d="M${fmt(ex)} ${fmt(ey - 4)}L${fmt(ex + d)} ${fmt(ey)}L${fmt(ex)} ${fmt(ey + 4)}Z" fill="${palette.f}"/>`,
    );
  }

  const fLabel = escapeXml(options.labels?.f ?? 'f');
  const dfLabel = escapeXml(options.labels?.derivative ?? "f'");
  parts.push(
    `<g font-size="10"><path d="M${left + 2} 8h14" stroke="${palette.f}" stroke-width="${w}"/><text x="${left + 19}" y="11" fill="${palette.text}">${fLabel}</text>` +
      `<path d="M${left + 62} 8h14" stroke="${palette.df}" stroke-width="${w}" stroke-dasharray="4 3"/><text x="${left + 79}" y="11" fill="${palette.text}">${dfLabel}</text></g>`,
  );
  parts.push(`</svg>`);
  return { svg: parts.join(''), width, height, range };
}

function pathData(
  pieces: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  sx: (x: number) => number,
  sy: (y: number) => number,
): string {
  let d = '';
  for (const piece of pieces) {
    let pen = false;
    for (const [x, y] of piece) {
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${fmt(sx(x))} ${fmt(sy(y))}`;
      pen = true;
    }
  }
  return d;
}

function safeEval(fn: () => number): number {
  try {
    const v = fn();
    return typeof v === 'number' ? v : NaN;
  } catch {
    return NaN;
  }
}

function safeBreakpoints(activation: Activation, params?: Params): ReadonlyArray<{ x: number; kind: 'jump' | 'kink' }> {
  try {
    return activation.breakpoints(params).filter((b) => Number.isFinite(b.x));
  } catch {
    return [];
  }
}

function safeSaturation(activation: Activation, params?: Params, dtype?: Dtype): readonly Interval[] {
  try {
    return activation.properties(params, dtype).saturation;
  } catch {
    return [];
  }
}

function validRange(r: PlotRange | undefined): PlotRange | undefined {
  return r && Number.isFinite(r.lo) && Number.isFinite(r.hi) && r.hi > r.lo ? r : undefined;
}

/** The smallest of 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, ... that is ≥ v. */
function niceCeil(v: number): number {
  if (v <= DEFAULT_HALF_WIDTH) return DEFAULT_HALF_WIDTH;
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

function fmt(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

function fmtTick(v: number): string {
  if (Math.abs(v) < 1e-12) return '0';
  const abs = Math.abs(v);
  const s = abs >= 1e4 || abs < 1e-2 ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
  return s.replace('-', '−');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
