// The range an expression's value can take, from bounds on the plain names in it: how a hand-written form's exp
// argument is shown to stay below the overflow limit once early exits (`if (x < -45) return 0;`) bound its input.
import { stripParens, type CallExpr, type Expr } from './syntax';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export const UNBOUNDED: Interval = { lo: -Infinity, hi: Infinity };

/**
 * The values `e` can take given bounds on its names, when at least one name in it is bounded: an expression of
 * numbers alone, or of names nothing bounds, gives undefined (what it can take is not what the bounds say).
 */
export function boundedRange(e: Expr, rangeOf: (name: string) => Interval): Interval | undefined {
  let bounded = false;
  const range = rangeOfExpression(e, (name) => {
    const r = rangeOf(name);
    if (r.lo > -Infinity || r.hi < Infinity) bounded = true;
    return r;
  });
  return bounded ? range : undefined;
}

/** Both bounds: the tighter of each. */
export function intersect(a: Interval, b: Interval): Interval {
  return { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

/**
 * Where the order comparison `name op c` holds, or where it fails when `negated` (what follows an exit taken when it
 * holds); `nameFirst` false reads `c op name`, which is `name` compared the other way. The bound itself is kept in
 * either case: a closed interval is the safe side for a strict test.
 */
export function comparisonInterval(op: '<' | '<=' | '>' | '>=', c: number, nameFirst: boolean, negated: boolean): Interval {
  const below = (op[0] === '<') === nameFirst;
  return below !== negated ? { lo: -Infinity, hi: c } : { lo: c, hi: Infinity };
}

/**
 * The values `e` can take when each plain name in it lies in `rangeOf(name)`: numbers, names, unary minus and plus,
 * sums, differences, and products and quotients with a number; a call only as `rangeOfCall` reads it (a clip:
 * `min(x, 80)`); anything else (a member, a product of two names) may be anything. Cast-like groups (`(double) x`)
 * are read through their one child. `rangeOf` is also given the name's node (where it is read).
 */
export function rangeOfExpression(e: Expr, rangeOf: (name: string, node: Expr) => Interval,
  rangeOfCall?: (call: CallExpr) => Interval): Interval {
  const s = stripParens(e);
  switch (s.kind) {
    case 'number':
      return Number.isFinite(s.value) ? { lo: s.value, hi: s.value } : UNBOUNDED;
    case 'name':
      return rangeOf(s.name, s);
    case 'call':
      return rangeOfCall === undefined ? UNBOUNDED : rangeOfCall(s);
    case 'unary': {
      if (s.op !== '-' && s.op !== '+') return UNBOUNDED;
      const r = rangeOfExpression(s.operand, rangeOf, rangeOfCall);
      return s.op === '-' ? { lo: -r.hi, hi: -r.lo } : r;
    }
    case 'group':
      return s.label.startsWith('cast:') && s.children.length === 1 ? rangeOfExpression(s.children[0]!, rangeOf, rangeOfCall) : UNBOUNDED;
    case 'binary':
      return binaryRange(s.op, rangeOfExpression(s.left, rangeOf, rangeOfCall), rangeOfExpression(s.right, rangeOf, rangeOfCall));
    default:
      return UNBOUNDED;
  }
}

function binaryRange(op: string, a: Interval, b: Interval): Interval {
  if (op === '+') return { lo: a.lo + b.lo, hi: a.hi + b.hi };
  if (op === '-') return { lo: a.lo - b.hi, hi: a.hi - b.lo };
  if (op === '*') {
    const k = constantOf(a) ?? constantOf(b);
    const r = constantOf(a) !== undefined ? b : a;
    return k === undefined ? UNBOUNDED : scaled(r, k);
  }
  if (op === '/') {
    const k = constantOf(b);
    return k === undefined || k === 0 ? UNBOUNDED : scaled(a, 1 / k);
  }
  return UNBOUNDED;
}

function constantOf(r: Interval): number | undefined {
  return r.lo === r.hi && Number.isFinite(r.lo) ? r.lo : undefined;
}

function scaled(r: Interval, k: number): Interval {
  if (k === 0) return { lo: 0, hi: 0 };
  const a = r.lo * k;
  const b = r.hi * k;
  // 0 * Infinity is NaN: an unbounded side stays unbounded.
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return { lo: Number.isNaN(lo) ? -Infinity : lo, hi: Number.isNaN(hi) ? Infinity : hi };
}
