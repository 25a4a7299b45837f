// Samples f, f' and f'' of activations over an x range for plots (the panel, the matplotlib script).
// Kinks and jumps come from the activation's own `breakpoints`, so the plot never draws a line
// across a discontinuity: every curve is a list of segments, and a jump at x0 ends one segment at
// (x0, left limit) and starts the next at (x0, right limit), which leaves a vertical gap.
import type { Activation, Breakpoint, Dtype, GridValues, Params } from './types';

/** 0 = f, 1 = f', 2 = f''. */
export type DerivativeOrder = 0 | 1 | 2;
export const DERIVATIVE_ORDERS: readonly DerivativeOrder[] = [0, 1, 2];

export interface SampleRange {
  readonly xMin: number;
  readonly xMax: number;
  /** Evenly spaced grid points, ends included; breakpoints inside the range are added on top. */
  readonly points: number;
}

/** The segments of one curve are views into one shared pair of buffers: read them, never write to them. */
export interface CurveSegment {
  /** Increasing (non-decreasing where a segment starts exactly at a breakpoint) x values. */
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** What happens at one breakpoint for one derivative order. */
export interface BreakpointSample {
  readonly x: number;
  readonly kind: Breakpoint['kind'];
  /** The value at x0 itself (NaN where undefined, e.g. f'' at a kink). */
  readonly value: number;
  /** Limits from the left and right, evaluated at the neighbouring representable x. */
  readonly left: number;
  readonly right: number;
  /** Whether this order is discontinuous here (always for a jump; for a kink, every order but f). */
  readonly discontinuous: boolean;
}

export interface SampledCurve {
  readonly order: DerivativeOrder;
  readonly segments: readonly CurveSegment[];
  readonly breakpoints: readonly BreakpointSample[];
}

export interface SampledActivation {
  readonly id: Activation['id'];
  readonly params: Params;
  readonly dtype: Dtype;
  /** Indexed by order; an order that was not asked for is absent. */
  readonly curves: Partial<Record<DerivativeOrder, SampledCurve>>;
}

export interface SampleLimits {
  readonly maxPoints: number;
  readonly maxAbsX: number;
}
/** Plots beyond these are not useful and would only cost memory; callers clamp to them. */
export const SAMPLE_LIMITS: SampleLimits = { maxPoints: 20_000, maxAbsX: 1e6 };

/** The neighbour of x towards -∞ or +∞ in the dtype's grid (float32 neighbours for float32). */
export function adjacentFloat(x: number, direction: -1 | 1, dtype: Dtype): number {
  if (dtype === 'float32') return adjacentFloat32(x, direction);
  if (Number.isNaN(x) || x === direction * Infinity) return x;
  if (x === 0) return direction * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const awayFromZero = x > 0 === direction > 0;
  view.setBigUint64(0, awayFromZero ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

function adjacentFloat32(x: number, direction: -1 | 1): number {
  const f = Math.fround(x);
  if (Number.isNaN(f) || f === direction * Infinity) return f;
  if (f !== x) {
    // x is between two float32 values: the neighbour on the asked side is f itself when f lies on that side.
    if ((f - x) * direction > 0) return f;
  }
  if (f === 0) return direction * 2 ** -149;
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  const bits = view.getUint32(0);
  const awayFromZero = f > 0 === direction > 0;
  view.setUint32(0, awayFromZero ? bits + 1 : bits - 1);
  return view.getFloat32(0);
}

function evaluator(activation: Activation, order: DerivativeOrder): (x: number, p: Params, d: Dtype) => number {
  if (order === 0) return (x, p, d) => activation.value(x, p, d);
  if (order === 1) return (x, p, d) => activation.derivative(x, p, d);
  return (x, p, d) => activation.secondDerivative(x, p, d);
}

/** The evenly spaced grid, rounded to the dtype so every plotted x is a value the dtype can hold. */
export function sampleGrid(range: SampleRange, dtype: Dtype): Float64Array {
  const n = Math.max(2, Math.floor(range.points));
  const grid = new Float64Array(n);
  const span = range.xMax - range.xMin;
  for (let i = 0; i < n; i++) {
    // i/(n-1) keeps both ends exact; xMin + span*i/(n-1) drifts less than stepping by a fixed increment.
    const x = i === n - 1 ? range.xMax : range.xMin + (span * i) / (n - 1);
    grid[i] = dtype === 'float32' ? Math.fround(x) : x;
  }
  return grid;
}

/** Validates a range; returns a message for the user, or undefined when it can be sampled. */
export function checkSampleRange(range: SampleRange): string | undefined {
  const { xMin, xMax, points } = range;
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) return 'the x range must be finite';
  if (!(xMin < xMax)) return 'the x range must have xMin < xMax';
  if (Math.abs(xMin) > SAMPLE_LIMITS.maxAbsX || Math.abs(xMax) > SAMPLE_LIMITS.maxAbsX) {
    return `the x range must lie within ±${SAMPLE_LIMITS.maxAbsX}`;
  }
  if (!Number.isInteger(points) || points < 2 || points > SAMPLE_LIMITS.maxPoints) {
    return `the number of points must be an integer from 2 to ${SAMPLE_LIMITS.maxPoints}`;
  }
  return undefined;
}

/**
 * Samples the asked orders of one activation. The grid is shared by all orders; a breakpoint x0
 * strictly inside the range is inserted exactly. An order continuous at x0 gets the point (x0, value);
 * a discontinuous one ends a segment at (x0, left) and starts the next at (x0, right).
 * NaN or ±Infinity values (f'' at a kink, an overflow) also break the curve, so nothing is drawn
 * through them.
 */
export function sampleActivation(
  activation: Activation,
  params: Params,
  range: SampleRange,
  dtype: Dtype,
  orders: readonly DerivativeOrder[] = [0, 1],
): SampledActivation {
  const problem = checkSampleRange(range);
  if (problem !== undefined) throw new RangeError(`sampleActivation: ${problem}`);
  const grid = sampleGrid(range, dtype);
  const inside = activation
    .breakpoints(params)
    .filter((b) => b.x > range.xMin && b.x < range.xMax)
    .map((b) => ({ ...b, x: dtype === 'float32' ? Math.fround(b.x) : b.x }));
  const values = evaluateOrders(activation, params, grid, dtype, orders);
  const curves: Partial<Record<DerivativeOrder, SampledCurve>> = {};
  for (const order of orders) {
    curves[order] = sampleCurve(evaluator(activation, order), order, params, grid, values[order]!, inside, dtype);
  }
  return { id: activation.id, params, dtype, curves };
}

/**
 * Every asked order at every grid point, in one pass where the activation offers `evaluateGrid` (it
 * shares the work f, f' and f'' have in common), else point by point through the scalar methods.
 */
function evaluateOrders(
  activation: Activation,
  params: Params,
  grid: Float64Array,
  dtype: Dtype,
  orders: readonly DerivativeOrder[],
): Float64Array[] {
  const values: Float64Array[] = [];
  for (const order of orders) values[order] ??= new Float64Array(grid.length);
  if (activation.evaluateGrid) {
    const out: GridValues = { f: values[0], d1: values[1], d2: values[2] };
    activation.evaluateGrid(grid, out, params, dtype);
    return values;
  }
  for (const order of orders) {
    const f = evaluator(activation, order);
    const ys = values[order]!;
    for (let i = 0; i < grid.length; i++) ys[i] = f(grid[i]!, params, dtype);
  }
  return values;
}

function sampleCurve(
  f: (x: number, p: Params, d: Dtype) => number,
  order: DerivativeOrder,
  params: Params,
  grid: Float64Array,
  gridValues: Float64Array,
  breakpoints: readonly Breakpoint[],
  dtype: Dtype,
): SampledCurve {
  const segments: CurveSegment[] = [];
  const bpSamples: BreakpointSample[] = [];
  // One buffer pair for the whole curve, and every segment a view of its own stretch of it: at most every
  // grid point plus a left and a right limit per breakpoint are ever pushed, so it never grows.
  const xs = new Float64Array(grid.length + 2 * breakpoints.length);
  const ys = new Float64Array(xs.length);
  let n = 0;
  let start = 0;
  const closeSegment = (): void => {
    if (n > start) segments.push({ x: xs.subarray(start, n), y: ys.subarray(start, n) });
    start = n;
  };
  const push = (x: number, y: number): void => {
    if (y - y !== 0) {
      // NaN or ±Infinity: nothing is drawn through it
      closeSegment();
      return;
    }
    xs[n] = x;
    ys[n] = y;
    n++;
  };

  let b = 0;
  for (let i = 0; i < grid.length; i++) {
    const x = grid[i]!;
    while (b < breakpoints.length && breakpoints[b]!.x <= x) {
      const bp = breakpoints[b]!;
      const x0 = bp.x;
      const value = f(x0, params, dtype);
      const left = f(adjacentFloat(x0, -1, dtype), params, dtype);
      const right = f(adjacentFloat(x0, 1, dtype), params, dtype);
      const discontinuous = bp.kind === 'jump' || order > 0;
      bpSamples.push({ x: x0, kind: bp.kind, value, left, right, discontinuous });
      if (discontinuous) {
        push(x0, left);
        closeSegment();
        push(x0, right);
      } else {
        push(x0, value);
      }
      b++;
    }
    // A grid point equal to a breakpoint was just handled with its value or limits.
    if (b > 0 && breakpoints[b - 1]!.x === x) continue;
    push(x, gridValues[i]!);
  }
  closeSegment();
  return { order, segments, breakpoints: bpSamples };
}

export interface ActivationToSample {
  readonly activation: Activation;
  readonly params?: Params;
}

/** Samples several activations over one range and dtype (the panel's and the script's input). */
export function sampleActivations(
  items: readonly ActivationToSample[],
  range: SampleRange,
  dtype: Dtype,
  orders: readonly DerivativeOrder[] = [0, 1],
): SampledActivation[] {
  return items.map((it) => sampleActivation(it.activation, it.params ?? {}, range, dtype, orders));
}

/** A closed interval of x. */
export interface XInterval {
  readonly lo: number;
  readonly hi: number;
}

/** A curve piece in either form: the core's typed arrays or the panel's plain JSON arrays. */
export interface SegmentLike {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/**
 * Where |f'| < threshold along sampled f' segments (vanishing gradient), as maximal runs of points.
 * Read from the samples, so it matches what the plot shows at its resolution.
 */
export function vanishingGradientIntervals(derivativeSegments: readonly SegmentLike[], threshold: number): XInterval[] {
  const out: XInterval[] = [];
  for (const seg of derivativeSegments) {
    let start = -1;
    for (let i = 0; i <= seg.x.length; i++) {
      const small = i < seg.x.length && Math.abs(seg.y[i]!) < threshold;
      if (small && start < 0) start = i;
      if (!small && start >= 0) {
        const lo = seg.x[start]!;
        const hi = seg.x[i - 1]!;
        const last = out[out.length - 1];
        // Runs that touch across a segment break (e.g. a kink where f' is small on both sides) merge.
        if (last && last.hi >= lo) out[out.length - 1] = { lo: last.lo, hi: Math.max(last.hi, hi) };
        else out.push({ lo, hi });
        start = -1;
      }
    }
  }
  return out;
}
