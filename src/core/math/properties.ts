// Properties computed from the functions themselves rather than typed in: the largest |f'| and where it
// is reached, the saturation region where |f'| < 1e-3, and the minimum of non-monotonic activations.
// A grid (fine near 0, geometric in the tails) finds candidates; bisection over the doubles and
// golden-section search refine them; ends that are within a few ulps of a breakpoint snap to it.
import type { Breakpoint, Interval } from './types';

export const SATURATION_SLOPE = 1e-3;

type Fn = (x: number) => number;

/** Sample points: step 1/64 on [-20, 20], then a geometric progression to ±1e300. */
const GRID: readonly number[] = (() => {
  const inner: number[] = [];
  for (let i = -20 * 64; i <= 20 * 64; i++) inner.push(i / 64);
  const tail: number[] = [];
  for (let x = 20 * 1.05; x < 1e300; x *= 1.05) tail.push(x);
  return [...tail.map((x) => -x).reverse(), ...inner, ...tail];
})();

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
export function regionsWhere(pred: (x: number) => boolean, bps: readonly Breakpoint[]): Interval[] {
  const out: Interval[] = [];
  const points = [...GRID, ...bps.map((b) => b.x)].sort((a, b) => a - b);
  let start: { lo: number; closed: boolean } | undefined;
  let prev = points[0]!;
  let prevIn = pred(prev);
  if (prevIn) start = { lo: -Infinity, closed: false };
  const boundary = (a: number, b: number, entering: boolean): { x: number; closed: boolean } => {
    const [lo, hi] = bisectDoubles(pred, a, b);
    const edge = entering ? hi : lo;
    const snapped = nearBreakpoint(edge, bps);
    if (snapped !== undefined) return { x: snapped, closed: pred(snapped) };
    return { x: edge, closed: true };
  };
  for (let i = 1; i < points.length; i++) {
    const x = points[i]!;
    if (x === prev) continue;
    const inside = pred(x);
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
  for (let i = 0; i < 200 && b - a > 1e-15 * (1 + Math.abs(a) + Math.abs(b)); i++) {
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
  const points = [...GRID, ...bps.map((b) => b.x)].sort((a, b) => a - b);
  let bestIdx = 0;
  let best = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const v = g(points[i]!);
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
  const flat = g(left) >= best || g(right) >= best;
  if (flat) {
    const regions = regionsWhere((x) => g(x) >= best, bps);
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

export function saturationRegions(derivative: Fn, bps: readonly Breakpoint[]): Interval[] {
  return regionsWhere((x) => Math.abs(derivative(x)) < SATURATION_SLOPE, bps);
}
