// Properties computed from the functions themselves rather than typed in: the largest |f'| and where it
// is reached, the saturation region where |f'| < 1e-3, and the minimum of non-monotonic activations.
// A grid (fine near 0, geometric in the tails) finds candidates; bisection over the doubles and
// golden-section search refine them; ends that are within a few ulps of a breakpoint snap to it.
import type { Breakpoint, Interval } from './types';

export const SATURATION_SLOPE = 1e-3;

type Fn = (x: number) => number;

/**
 * Sample points, built on first use: step 1/4 on [-4, 4], then geometric progressions to ±1e300 (ratio
 * 1.2 to 1e6, then 64): about 500 points, few of them where the activations are expensive. Features
 * narrower than a step are not left to luck: breakpoints and the midpoints between them are added, and the
 * saturation search adds every zero crossing and sampled local minimum of |f'| (the small islands of silu,
 * gelu and mish), so the grid only has to separate single switches, which are then found exactly.
 */
let GRID: readonly number[] | undefined;
function grid(): readonly number[] {
  if (GRID) return GRID;
  const inner: number[] = [];
  for (let i = -4 * 4; i <= 4 * 4; i++) inner.push(i / 4);
  const tail: number[] = [];
  for (let x = 4 * 1.2; x < 1e300; x *= x < 1e6 ? 1.2 : 64) tail.push(x);
  GRID = [...tail.map((x) => -x).reverse(), ...inner, ...tail];
  return GRID;
}

/** Grid, breakpoints, midpoints between adjacent breakpoints and extra points, sorted without repeats. */
function pointsWith(bps: readonly Breakpoint[], extra: readonly number[] = []): number[] {
  const xs = bps.map((b) => b.x);
  const mids: number[] = [];
  for (let i = 1; i < xs.length; i++) if (isFinite(xs[i - 1]!) && isFinite(xs[i]!)) mids.push(xs[i - 1]! / 2 + xs[i]! / 2);
  const all = [...grid(), ...xs, ...mids, ...extra].filter((x) => x === x).sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of all) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Doubles ordered as integers (monotone in x, -0 and +0 adjacent), for bisection over representable values. */
function toOrdinal(x: number): bigint {
  f64[0] = x;
  const b = i64[0]!;
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
function fromOrdinal(o: bigint): number {
  i64[0] = o < 0n ? -o | -0x8000000000000000n : o;
  return f64[0]!;
}

/**
 * Given pred(a) !== pred(b) with a < b, the adjacent doubles lo < hi around the switch, found by
 * bisection over the representable doubles (at most 64 steps).
 */
export function bisectDoubles(pred: (x: number) => boolean, a: number, b: number): [number, number] {
  const pa = pred(a);
  let lo = toOrdinal(a);
  let hi = toOrdinal(b);
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (pred(fromOrdinal(mid)) === pa) lo = mid;
    else hi = mid;
  }
  return [fromOrdinal(lo), fromOrdinal(hi)];
}

/**
 * As bisectDoubles, but first closing in with regula falsi (Illinois) on a continuous h whose sign follows
 * pred (h < 0 on one side, > 0 on the other): a dozen evaluations instead of ~60 for a smooth switch. The
 * sides are always decided by pred, and every third step is a plain halving, so a poor h only costs speed;
 * the last few ulps are settled by bisection over the doubles, so the answer is the same adjacent pair.
 */
export function switchBetween(pred: (x: number) => boolean, h: Fn, a: number, b: number): [number, number] {
  if (!isFinite(a) || !isFinite(b)) return bisectDoubles(pred, a, b);
  const pa = pred(a);
  let lo = a;
  let hi = b;
  let hlo = h(a);
  let hhi = h(b);
  let last = 0;
  let prevX = NaN;
  const move = (x: number, hx: number): boolean => {
    const same = pred(x) === pa;
    if (same) {
      lo = x;
      hlo = hx;
      if (last === -1) hhi /= 2;
      last = -1;
    } else {
      hi = x;
      hhi = hx;
      if (last === 1) hlo /= 2;
      last = 1;
    }
    return same;
  };
  for (let i = 0; i < 60; i++) {
    const width = hi - lo;
    if (!(width > 32 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE * 2 ** 60))) break;
    let x = i % 3 === 2 ? lo + width / 2 : lo - (hlo * width) / (hhi - hlo);
    if (x !== x) x = lo + width / 2;
    // never closer to an end than a few ulps: when the estimate sits on the switch, the probe lands just
    // past it and the bracket collapses
    const tol = 8 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi));
    if (width > 4 * tol) x = Math.min(Math.max(x, lo + tol), hi - tol);
    if (!(x > lo && x < hi)) x = lo + width / 2;
    if (!(x > lo && x < hi)) break;
    const leftOf = move(x, h(x));
    // regula falsi closes in from one side: step past the estimate by twice its last change, so the
    // bracket itself shrinks
    if (prevX === prevX) {
      const d = 2 * Math.abs(x - prevX);
      const y = leftOf ? x + d : x - d;
      if (y > lo && y < hi) move(y, h(y));
    }
    prevX = x;
  }
  return bisectDoubles(pred, lo, hi);
}

/**
 * A breakpoint or an integer within 2^-40 (relative, or absolute near 0) of x: region ends found by
 * bisection land an ulp or two beside the kink that causes them (elu' rounds to 1 from -1.1e-16).
 */
function nearBreakpoint(x: number, bps: readonly Breakpoint[]): number | undefined {
  const tol = 2 ** -40 * Math.max(1, Math.abs(x));
  for (const bp of bps) if (Math.abs(x - bp.x) <= tol) return bp.x;
  const r = Math.round(x);
  if (x !== r && Math.abs(x - r) <= tol) return r;
  return undefined;
}

/** Maximal intervals of the grid where pred holds, with both ends refined to the exact switch. */
export function regionsWhere(
  pred: (x: number) => boolean, bps: readonly Breakpoint[], extra: readonly number[] = [], h?: Fn,
  known?: ReadonlyMap<number, boolean>,
): Interval[] {
  const out: Interval[] = [];
  const points = pointsWith(bps, extra);
  // pred at the points, reusing what the caller already sampled (not at 0: a Map does not tell -0 from +0)
  const at = (x: number): boolean => {
    const k = x === 0 ? undefined : known?.get(x);
    return k === undefined ? pred(x) : k;
  };
  let start: { lo: number; closed: boolean } | undefined;
  let prev = points[0]!;
  let prevIn = at(prev);
  if (prevIn) start = { lo: -Infinity, closed: false };
  const boundary = (a: number, b: number, entering: boolean): { x: number; closed: boolean } => {
    const [lo, hi] = h ? switchBetween(pred, h, a, b) : bisectDoubles(pred, a, b);
    const edge = entering ? hi : lo;
    const snapped = nearBreakpoint(edge, bps);
    if (snapped !== undefined) return { x: snapped, closed: pred(snapped) };
    return { x: edge, closed: true };
  };
  for (let i = 1; i < points.length; i++) {
    const x = points[i]!;
    if (x === prev) continue;
    const inside = at(x);
    if (inside !== prevIn) {
      const b = boundary(prev, x, inside);
      if (inside) start = { lo: b.x, closed: b.closed };
      else if (start) {
        out.push({ lo: start.lo, hi: b.x, loClosed: start.closed, hiClosed: b.closed });
        start = undefined;
      }
    }
    prev = x;
    prevIn = inside;
  }
  if (start) out.push({ lo: start.lo, hi: Infinity, loClosed: start.closed, hiClosed: false });
  return out;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Golden-section search for a maximum of g on [a, b]. */
function goldenMax(g: Fn, a: number, b: number): number {
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let gc = g(c);
  let gd = g(d);
  // to 1e-10 of the width: |f'| is flat to far below an ulp that close to its peak; snapToSimple finishes
  for (let i = 0; i < 200 && b - a > 1e-10 * (1 + Math.abs(a) + Math.abs(b)); i++) {
    if (gc >= gd) {
      b = d;
      d = c;
      gd = gc;
      c = b - GOLDEN * (b - a);
      gc = g(c);
    } else {
      a = c;
      c = d;
      gc = gd;
      d = a + GOLDEN * (b - a);
      gd = g(d);
    }
  }
  return gc >= gd ? c : d;
}

/** The shortest-looking point near x where g is at least as large (so 0 and 1.5 come out exact). */
function snapToSimple(g: Fn, x: number, candidates: readonly number[], lo: number, hi: number): number {
  const best = g(x);
  // a candidate (0, a breakpoint) inside the search bracket that does as well wins: in float32 σ' is 0.25
  // on a whole rounding plateau around 0
  for (const c of candidates) if (c >= lo && c <= hi && g(c) >= best) return c;
  for (let digits = 1; digits <= 17; digits++) {
    const c = Number(x.toPrecision(digits));
    if (Math.abs(c - x) < 1e-6 * (1 + Math.abs(x)) && g(c) >= best) return c;
  }
  return x;
}

export interface Extremum {
  readonly value: number;
  readonly at: Interval;
}

/**
 * sup of g over the reals and where it is reached: a point for smooth peaks, an interval when g is
 * flat at its maximum (piecewise-linear activations), with infinite ends where the plateau runs off.
 */
export function maximize(g: Fn, bps: readonly Breakpoint[], smooth: boolean): Extremum {
  const points = pointsWith(bps);
  return maximizeOn(g, points, points.map(g), bps, smooth);
}

/** maximize, given g already sampled on pointsWith(bps). */
function maximizeOn(g: Fn, points: readonly number[], values: readonly number[], bps: readonly Breakpoint[], smooth: boolean): Extremum {
  let bestIdx = 0;
  let best = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const v = values[i]!;
    if (v > best) {
      best = v;
      bestIdx = i;
    }
  }
  const limitHi = g(Infinity);
  const limitLo = g(-Infinity);
  if (best === Infinity) return { value: Infinity, at: point(limitHi === Infinity ? Infinity : -Infinity) };
  // Plateau: the value is also attained at neighbouring grid points.
  const left = points[Math.max(0, bestIdx - 1)]!;
  const right = points[Math.min(points.length - 1, bestIdx + 1)]!;
  // at a breakpoint the maximum may sit on a plateau narrower than a grid step (elu' in float32 is α on
  // [-4e-8, 0]): let the region search decide
  const flat = g(left) >= best || g(right) >= best || bps.some((b) => b.x === points[bestIdx]);
  if (flat) {
    const known = new Map<number, boolean>();
    for (let i = 0; i < points.length; i++) known.set(points[i]!, values[i]! >= best);
    const regions = regionsWhere((x) => g(x) >= best, bps, [], undefined, known);
    const at = regions.find((r) => points[bestIdx]! >= r.lo && points[bestIdx]! <= r.hi) ?? regions[0];
    // A smooth function is flat only in rounding: a plateau running off to ±∞ is the limit there
    // (log_sigmoid' → 1 as x → -∞); the identity's plateau is the whole line.
    if (at && smooth && (at.lo === -Infinity) !== (at.hi === Infinity)) {
      return { value: best, at: point(at.lo === -Infinity ? -Infinity : Infinity) };
    }
    if (at) return { value: best, at };
  }
  if (limitHi > best || limitLo > best) {
    const up = limitHi >= limitLo;
    return { value: up ? limitHi : limitLo, at: point(up ? Infinity : -Infinity) };
  }
  const lo = points[Math.max(0, bestIdx - 1)]!;
  const hi = points[Math.min(points.length - 1, bestIdx + 1)]!;
  let x = goldenMax(g, lo, hi);
  if (g(points[bestIdx]!) > g(x)) x = points[bestIdx]!;
  x = snapToSimple(g, x, [0, ...bps.map((b) => b.x)], lo, hi);
  return { value: g(x), at: point(x) };
}

export function point(x: number): Interval {
  const finite = isFinite(x);
  return { lo: x, hi: x, loClosed: finite, hiClosed: finite };
}

/** Golden-section search for a minimum of g on [a, b]. */
function goldenMin(g: Fn, a: number, b: number): number {
  return goldenMax((x) => -g(x), a, b);
}

/**
 * Where |f'| < 1e-3. Besides the grid, the points where f' changes sign (found by bisection on the sign)
 * and the bottoms of sampled local minima of |f'| are tried, so an island narrower than a grid step (silu'
 * crosses 0 near -1.278 with |f'| < 1e-3 on a width of 0.004) is found rather than hit by luck.
 */
export function saturationRegions(derivative: Fn, bps: readonly Breakpoint[]): Interval[] {
  const points = pointsWith(bps);
  return saturationOn(derivative, points, points.map(derivative), bps);
}

/** Max |f'| and the saturation regions from one sampling of f'. */
export interface SlopeProperties {
  readonly maxSlope: Extremum;
  readonly saturation: Interval[];
  /**
   * Where f' goes from < 0 to > 0 (or is 0 at a sample between the two): the local minima of f, each as
   * the adjacent doubles around the switch. The minimum of a dipping activation is among them.
   */
  readonly minima: number[];
}

/** Max |f'|, the saturation regions and the local minima of f, from one sampling of f'. */
export function slopeProperties(fprime: Fn, bps: readonly Breakpoint[], smooth: boolean): SlopeProperties {
  const derivative = lastValueMemo(fprime);
  const points = pointsWith(bps);
  const vals = points.map(derivative);
  const abs = (x: number) => Math.abs(derivative(x));
  // sign changes of f', each located once to the adjacent doubles
  const crossings: number[] = [];
  const minima: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = vals[i - 1]!;
    const b = vals[i]!;
    if ((a < 0 && b > 0) || (a > 0 && b < 0)) {
      const [lo, hi] = switchBetween((x) => derivative(x) > 0, derivative, points[i - 1]!, points[i]!);
      crossings.push(lo, hi);
      if (a < 0) minima.push(lo, hi);
    } else if (b === 0 && a < 0 && i + 1 < points.length && vals[i + 1]! > 0) minima.push(points[i]!);
  }
  return {
    maxSlope: maximizeOn(abs, points, vals.map(Math.abs), bps, smooth),
    saturation: saturationOn(derivative, points, vals, bps, crossings),
    minima,
  };
}

/** f with its last argument and value remembered: the side test and the interpolation ask for the same x. */
function lastValueMemo(f: Fn): Fn {
  let lx = NaN;
  let lv = NaN;
  return (x) => (Object.is(x, lx) ? lv : ((lx = x), (lv = f(x))));
}

function saturationOn(
  fprime: Fn, points: readonly number[], vals: readonly number[], bps: readonly Breakpoint[], crossings?: readonly number[],
): Interval[] {
  const derivative = lastValueMemo(fprime);
  const extra: number[] = [];
  if (crossings) extra.push(...crossings);
  else {
    for (let i = 1; i < points.length; i++) {
      const a = vals[i - 1]!;
      const b = vals[i]!;
      if ((a < 0 && b > 0) || (a > 0 && b < 0)) {
        extra.push(...switchBetween((x) => derivative(x) > 0, derivative, points[i - 1]!, points[i]!));
      }
    }
  }
  for (let i = 1; i + 1 < points.length; i++) {
    const m = Math.abs(vals[i]!);
    const l = Math.abs(vals[i - 1]!);
    const r = Math.abs(vals[i + 1]!);
    // a strict dip (the edge of a flat stretch, such as gelu' rounding to 1, has nothing to refine)
    if (m < SATURATION_SLOPE || !(m < l && m < r)) continue;
    if (!isFinite(points[i - 1]!) || !isFinite(points[i + 1]!)) continue;
    extra.push(goldenMin((x) => Math.abs(derivative(x)), points[i - 1]!, points[i + 1]!));
  }
  // h = |f'| - 1e-3 is continuous away from breakpoints (at a kink the halvings take over)
  const known = new Map<number, boolean>();
  for (let i = 0; i < points.length; i++) known.set(points[i]!, Math.abs(vals[i]!) < SATURATION_SLOPE);
  return regionsWhere(
    (x) => Math.abs(derivative(x)) < SATURATION_SLOPE, bps, extra, (x) => Math.abs(derivative(x)) - SATURATION_SLOPE, known,
  );
}
