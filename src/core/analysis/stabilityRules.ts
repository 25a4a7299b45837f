// The stability rules as matchers over expression trees. They know nothing of a language's names: a
// language supplies `RuleSemantics` (which calls are exp, log, sum, max, clip, a sigmoid; what a name
// was assigned earlier in the function), and receives `RuleMatch`es to turn into messages and fixes.
import type { ActivationId } from '../math/types';
import type { RuleId } from './types';
import { type BinaryExpr, type CallExpr, type Expr, sameExpr, stripParens } from './syntax';
import { boundedRange, rangeOfExpression, UNBOUNDED, type Interval } from './intervals';

export type ElementaryOp = 'exp' | 'log' | 'log1p' | 'sum' | 'max' | 'clip' | 'power' | 'reciprocal' | 'e' | 'abs';

export interface ElementaryCall {
  readonly op: ElementaryOp;
  /** Library the function comes from (`numpy`, `torch`, `tf`, `jax`, `math` in Python; each language its own). */
  readonly lib: string;
  /** The operand: first argument, or the receiver of a method call (`z.exp()`). */
  readonly input: Expr | undefined;
  readonly call: CallExpr;
  /** Whether it is a method call on its input. */
  readonly method: boolean;
}

export interface SigmoidCall {
  readonly input: Expr;
  readonly lib: string;
  readonly call: CallExpr;
}

export interface RuleSemantics {
  readonly text: string;
  elementary(e: Expr): ElementaryCall | undefined;
  /** `np.e`, `math.e`: the constant e. */
  isEulerConstant(e: Expr): boolean;
  /** A library or user sigmoid call (`torch.sigmoid(z)`, `expit(z)`, `sigmoid(z)`), with its input. */
  sigmoidCall(e: Expr): SigmoidCall | undefined;
  /** The expression a plain name was last assigned in the current function before this statement. */
  assignedValue(name: string): Expr | undefined;
  /** Whether the code around tests the sign of `e` (`... if x >= 0 else ...`, `if x < 0:`): a sign split already written. */
  isSignGuarded(e: Expr): boolean;
  /** Largest |x| for which exp(x) is finite in the dtype code using `lib` computes in. */
  expLimit(lib: string): number;
  /**
   * A clip as a language writes it: `min`/`max` of operands (`np.maximum(x, -500)`, `max(-500, min(500, x))`), or a clip
   * of `value` with either bound left out (`np.clip(x, -500, None)`, `x.clamp(min=-80)`).
   */
  clipCall?(call: CallExpr): ClipCall | undefined;
  /** The value the last assignment to the plain name `name` before offset `at` gave it; undefined when there is none. */
  clipAssignedBefore?(name: string, at: number): Expr | undefined;
  /**
   * Whether the assignment of `name` whose value is `value` (from `clipAssignedBefore`) runs each time before offset `at`
   * does: not in a branch or a loop body left before `at`, not undone by a later write in a loop around `at`.
   */
  assignsEveryTimeBefore?(name: string, value: Expr, at: number): boolean;
  /** The range early exits before offset `at` keep the plain name `name` in (`if x < -45: return 0.0`). */
  guardedRange?(name: string, at: number): Interval;
}

export type ClipCall =
  | { readonly kind: 'min' | 'max'; readonly operands: readonly Expr[] }
  | { readonly kind: 'clip'; readonly value: Expr; readonly lo: Expr | undefined; readonly hi: Expr | undefined };

export interface ExpForm {
  readonly arg: Expr;
  readonly lib: string;
  readonly node: Expr;
  /** When `node` is a name: the name and the exponential it was assigned earlier in the function (`e = np.exp(x)`). */
  readonly source?: { readonly name: string; readonly exp: Expr };
  /** Exponentials of a comprehension summed by plain Python (`sum(math.exp(u) for u in xs)`): `arg` is in terms of `target`. */
  readonly comprehension?: { readonly target: string; readonly iterable: Expr; readonly node: Expr };
}

/** The pieces of an `exp(x) / sum(exp(x))` match that a fix edits, possibly spread over earlier statements. */
export interface SoftmaxParts {
  readonly numerator: ExpForm;
  /** The exponentials summed: written inline, or through a name (`e.sum()`, `np.sum(e)`). */
  readonly summed: ExpForm;
  readonly sumCall: CallExpr;
  /** The divisor was a name assigned the sum (`den = np.sum(np.exp(x))` then `num / den`). */
  readonly sumSource?: { readonly name: string; readonly node: Expr };
  /**
   * The sum was indexed to put the summed axis back (`np.sum(e, axis=1)[:, None]`); `keepsAxis` when that is
   * exactly `keepdims=True` for every array shape (the new axis lands where the summed one was).
   */
  readonly restored?: { readonly keepsAxis: boolean };
}

export interface SoftmaxAxis {
  /** Keyword or positional axis/dim argument of the sum, as written (`axis=1`, `dim=-1`, `1`). */
  readonly axisName?: string;
  readonly axis?: Expr;
  readonly keepdims?: Expr;
  readonly keepdimsName?: string;
}

export interface RuleMatch {
  readonly rule: RuleId;
  readonly activation: ActivationId;
  readonly node: Expr;
  readonly lib: string;
  /** The activation's argument: `x` in 1/(1+exp(-x)). `negated` means the argument is -(arg). */
  readonly arg: Expr;
  readonly negated: boolean;
  /** tanh via exp(2x): the argument is arg / 2. */
  readonly halved?: boolean;
  readonly axis?: SoftmaxAxis;
  /** For the spellings that also return NaN (`exp(x)/(1+exp(x))`). */
  readonly variant?: 'ratio' | 'log1p' | 'complement' | 'method' | 'module' | 'variable';
  /** Nodes inside the match that other rules must not report again. */
  readonly consumed?: readonly Expr[];
  /** bce-after-sigmoid: the sigmoid call to unwrap and the callee to rename. */
  readonly sigmoid?: SigmoidCall;
  readonly callee?: Expr;
  /** The hand-written form is already safe (its input clipped, or the maximum subtracted): a use, not a finding. */
  readonly safe?: boolean;
  /** unstable-softmax: where the exponentials and the sum are written. */
  readonly softmax?: SoftmaxParts;
  /** unstable-logsumexp: the exponentials summed and the sum call. */
  readonly logsumexp?: { readonly summed: ExpForm; readonly sumCall: CallExpr };
}

function isOne(e: Expr): boolean {
  e = stripParens(e);
  return e.kind === 'number' && e.value === 1;
}

function isMinusOne(e: Expr): boolean {
  e = stripParens(e);
  if (e.kind === 'number') return e.value === -1;
  return e.kind === 'unary' && e.op === '-' && isOne(e.operand);
}

function binary(e: Expr, op: string): BinaryExpr | undefined {
  e = stripParens(e);
  return e.kind === 'binary' && e.op === op ? e : undefined;
}

/** exp(u), e ** u, power(e, u), or a name assigned one of those earlier in the function. */
export function expForm(e: Expr, s: RuleSemantics, followNames = true): ExpForm | undefined {
  const node = stripParens(e);
  if (node.kind === 'binary' && node.op === '**' && s.isEulerConstant(stripParens(node.left))) {
    return { arg: node.right, lib: libOfEuler(node.left, s), node };
  }
  const call = s.elementary(node);
  if (call !== undefined) {
    if (call.op === 'exp' && call.input !== undefined) return { arg: call.input, lib: call.lib, node };
    if (call.op === 'power' && call.call.args.length === 2 && s.isEulerConstant(stripParens(call.call.args[0]!.value))) {
      return { arg: call.call.args[1]!.value, lib: call.lib, node };
    }
    return undefined;
  }
  if (followNames && node.kind === 'name') {
    const v = s.assignedValue(node.name);
    if (v !== undefined) {
      const inner = expForm(v, s, false);
      // Spelled out rather than spread: spreading these objects was a measured hot spot of the Python analysis.
      if (inner !== undefined) return { arg: inner.arg, lib: inner.lib, node, source: { name: node.name, exp: inner.node } };
    }
  }
  return undefined;
}

function libOfEuler(e: Expr, s: RuleSemantics): string {
  const n = stripParens(e);
  if (n.kind === 'attribute') {
    const c = s.elementary({ kind: 'call', callee: n, args: [], start: n.start, end: n.end });
    if (c !== undefined) return c.lib;
  }
  return 'math';
}

/** 1 + exp(u) or exp(u) + 1. */
function onePlusExp(e: Expr, s: RuleSemantics): ExpForm | undefined {
  const b = binary(e, '+');
  if (b === undefined) return undefined;
  if (isOne(b.left)) return expForm(b.right, s, false);
  if (isOne(b.right)) return expForm(b.left, s, false);
  return undefined;
}

/** -x as written: the operand of a unary minus. */
function negationOf(e: Expr): Expr | undefined {
  const n = stripParens(e);
  return n.kind === 'unary' && n.op === '-' ? n.operand : undefined;
}

/**
 * Whether exp's argument is already clipped into the range where exp is finite: its values stay at or below the
 * overflow limit (`np.clip(x, -500, 500)`, `exp(-np.maximum(x, -500))`: only the side exp needs), or, with `bothWays`,
 * within the limit either way (a softmax or tanh needs exp of the input and of its negation, or of every element, finite
 * and not all 0).
 */
function isClippedSafe(arg: Expr, s: RuleSemantics, lib: string, bothWays = false): boolean {
  let e = stripParens(arg);
  const neg = negationOf(e);
  if (neg !== undefined) e = stripParens(neg);
  if (s.isSignGuarded(e)) return true;
  if (isSignMasked(e, s)) return true;
  // exp(-|x|) cannot overflow.
  if (neg !== undefined && e.kind === 'call' && isAbsCall(e, s)) return true;
  const range = clippedRange(arg, s);
  if (range === undefined) return false;
  const limit = s.expLimit(lib);
  return range.hi <= limit && (!bothWays || range.lo >= -limit);
}

// How many assignments one question may follow back (`x = np.minimum(x, hi); x = np.maximum(x, lo)` follows three).
const ASSIGNMENTS_FOLLOWED = 16;

/**
 * The values `e` can take given the clips in it and in what was assigned to its names before; undefined when no clip
 * bounds it (a constant, or a name assigned one, is not clipped input). Names are followed only through assignments
 * that always run before (`clipAssignedBefore`), clips read only through `clipCall`.
 */
function clippedRange(e: Expr, s: RuleSemantics): Interval | undefined {
  const clipCall = s.clipCall;
  const assignedBefore = s.clipAssignedBefore;
  const everyTime = s.assignsEveryTimeBefore;
  if (clipCall === undefined || assignedBefore === undefined || everyTime === undefined) return undefined;
  let budget = ASSIGNMENTS_FOLLOWED;
  let clipped = false;
  const rangeOfName = (name: string, node: Expr): Interval => {
    if (budget <= 0) return UNBOUNDED;
    budget--;
    const value = assignedBefore(name, node.start);
    if (value === undefined) return UNBOUNDED;
    const wasClipped = clipped;
    const r = rangeOf(value);
    // Where the assignment sits is asked only of a value that bounds the name (most assigned values do not).
    if (r.lo === -Infinity && r.hi === Infinity) return r;
    if (everyTime(name, value, node.start)) return r;
    clipped = wasClipped;
    return UNBOUNDED;
  };
  const rangeOfCall = (call: CallExpr): Interval => {
    const c = clipCall(call);
    if (c === undefined) return UNBOUNDED;
    let r: Interval;
    if (c.kind === 'clip') {
      const v = rangeOf(c.value);
      const lo = c.lo === undefined ? { lo: -Infinity, hi: -Infinity } : rangeOf(c.lo);
      const hi = c.hi === undefined ? { lo: Infinity, hi: Infinity } : rangeOf(c.hi);
      // clip(v, lo, hi) is min(max(v, lo), hi), rising in each argument: its least value comes from the least of each, its
      // greatest from the greatest (a bound that is itself a range, `np.clip(x, -5, c)` with c down to -1000, reaches -1000).
      r = { lo: Math.min(Math.max(v.lo, lo.lo), hi.lo), hi: Math.min(Math.max(v.hi, lo.hi), hi.hi) };
    } else {
      const pick = c.kind === 'min' ? Math.min : Math.max;
      r = rangeOf(c.operands[0]!);
      for (let k = 1; k < c.operands.length; k++) {
        const o = rangeOf(c.operands[k]!);
        r = { lo: pick(r.lo, o.lo), hi: pick(r.hi, o.hi) };
      }
    }
    if (r.lo > -Infinity || r.hi < Infinity) clipped = true;
    return r;
  };
  const rangeOf = (x: Expr): Interval => rangeOfExpression(x, rangeOfName, rangeOfCall);
  const range = rangeOf(e);
  return clipped ? range : undefined;
}

/** exp's argument stays within the overflow limit because early exits bound its variables (`if x < -45.0: return 0.0`). */
function isRangeGuarded(exp: ExpForm, s: RuleSemantics): boolean {
  const guarded = s.guardedRange;
  if (guarded === undefined) return false;
  const range = boundedRange(exp.arg, (name) => guarded(name, exp.arg.start));
  return range !== undefined && range.hi <= s.expLimit(exp.lib);
}

/**
 * `x[x >= 0]`, or `x[pos]` / `x[~pos]` after `pos = x >= 0`: the elements picked by a sign mask of the same
 * array, as the split-by-sign stable sigmoid does with numpy or torch boolean indexing. Like an `if x > 0:`
 * guard, either side of the split counts as handled.
 */
function isSignMasked(e: Expr, s: RuleSemantics): boolean {
  if (e.kind !== 'subscript' || e.index.length !== 1) return false;
  let mask = stripParens(e.index[0]!);
  if (mask.kind === 'unary' && (mask.op === '~' || mask.op === 'not')) mask = stripParens(mask.operand);
  if (mask.kind === 'name') {
    const v = s.assignedValue(mask.name);
    if (v === undefined) return false;
    mask = stripParens(v);
  }
  if (mask.kind !== 'binary' || !(mask.op === '>=' || mask.op === '>' || mask.op === '<' || mask.op === '<=')) return false;
  const side = numericValue(mask.right) === 0 ? mask.left : numericValue(mask.left) === 0 ? mask.right : undefined;
  return side !== undefined && sameExpr(side, e.object, s.text);
}

function isAbsCall(e: CallExpr, s: RuleSemantics): boolean {
  const c = s.elementary(e);
  if (c !== undefined) return c.op === 'abs';
  return e.callee.kind === 'name' && e.callee.name === 'abs';
}

export function numericValue(e: Expr): number | undefined {
  e = stripParens(e);
  if (e.kind === 'number') return Number.isNaN(e.value) ? undefined : e.value;
  if (e.kind === 'unary' && (e.op === '-' || e.op === '+')) {
    const v = numericValue(e.operand);
    return v === undefined ? undefined : e.op === '-' ? -v : v;
  }
  return undefined;
}

/** x - max(x), x - x.max(axis=..): the usual shift that makes exp safe; also a name assigned such a difference. */
function isMaxShifted(e: Expr, s: RuleSemantics, depth = 0): boolean {
  const n = stripParens(e);
  const b = binary(n, '-');
  if (b !== undefined) return containsMax(b.right, s);
  if (n.kind === 'name' && depth === 0) {
    const v = s.assignedValue(n.name);
    if (v !== undefined) return isMaxShifted(v, s, 1);
  }
  return false;
}

function containsMax(e: Expr, s: RuleSemantics, depth = 0): boolean {
  const n = stripParens(e);
  const c = s.elementary(n);
  if (c !== undefined) return c.op === 'max';
  if (n.kind === 'subscript' || n.kind === 'attribute') return containsMax(n.object, s, depth);
  const kept = valueKeptThrough(n);
  if (kept !== undefined) return containsMax(kept, s, depth);
  if (n.kind === 'name' && depth === 0) {
    const v = s.assignedValue(n.name);
    return v !== undefined && containsMax(v, s, 1);
  }
  return false;
}

/**
 * The value a call passes through unchanged, only cutting the gradient: `jax.lax.stop_gradient(m)`,
 * `tf.stop_gradient(m)`, `m.detach()`. Read by name: whatever its module, a function called so keeps the value.
 */
function valueKeptThrough(n: Expr): Expr | undefined {
  if (n.kind !== 'call') return undefined;
  const callee = n.callee;
  const name = callee.kind === 'name' ? callee.name : callee.kind === 'attribute' ? callee.name : undefined;
  if (name === 'stop_gradient' && n.args.length === 1 && n.args[0]!.name === undefined && n.args[0]!.spread === undefined) return n.args[0]!.value;
  if (name === 'detach' && callee.kind === 'attribute' && n.args.length === 0) return callee.object;
  return undefined;
}

function sumOfExp(e: Expr, s: RuleSemantics): { exp: ExpForm; axis: SoftmaxAxis; sum: ElementaryCall } | undefined {
  const sum = s.elementary(stripParens(e));
  return sum === undefined ? undefined : sumCallOfExp(sum, s);
}

/** sum(exp(x)), or a name assigned one earlier in the function (`den = np.sum(np.exp(x))`); either may be indexed with `[:, None]`. */
function sumOfExpOrName(e: Expr, s: RuleSemantics): { exp: ExpForm; axis: SoftmaxAxis; sum: ElementaryCall; source?: { name: string; node: Expr }; restoredAt?: number } | undefined {
  const n = stripParens(e);
  if (n.kind !== 'name') return restoredSumOfExp(n, s);
  const v = s.assignedValue(n.name);
  if (v === undefined) return undefined;
  const inner = restoredSumOfExp(stripParens(v), s);
  if (inner === undefined) return undefined;
  const source = { name: n.name, node: stripParens(v) };
  return inner.restoredAt === undefined ? { exp: inner.exp, axis: inner.axis, sum: inner.sum, source }
    : { exp: inner.exp, axis: inner.axis, sum: inner.sum, source, restoredAt: inner.restoredAt };
}

/**
 * sum(exp(x)), also with an axis added back: `sum(exp(x), axis=1)[:, None]` (an index of slices, `...` and one
 * None/newaxis), `.unsqueeze(1)`, `.reshape(-1, 1)`. `restoredAt` is where the new axis goes (see newAxisPosition),
 * NaN when that depends on the array's rank.
 */
function restoredSumOfExp(n: Expr, s: RuleSemantics): { exp: ExpForm; axis: SoftmaxAxis; sum: ElementaryCall; restoredAt?: number } | undefined {
  let object: Expr;
  let at: number | undefined;
  if (n.kind === 'subscript') {
    at = newAxisPosition(n.index);
    object = n.object;
  } else if (n.kind === 'call' && n.callee.kind === 'attribute' && (n.callee.name === 'unsqueeze' || n.callee.name === 'reshape' || n.callee.name === 'view')) {
    at = n.callee.name === 'unsqueeze' ? unsqueezedAt(n) : isMinusOneOne(n) ? Number.NaN : undefined;
    object = n.callee.object;
  } else return sumOfExp(n, s);
  if (at === undefined) return undefined;
  const inner = sumOfExp(object, s);
  return inner === undefined ? undefined : { exp: inner.exp, axis: inner.axis, sum: inner.sum, restoredAt: at };
}

/** `t.unsqueeze(1)`, `t.unsqueeze(dim=-1)`: the position of the new axis. */
function unsqueezedAt(call: CallExpr): number | undefined {
  if (call.args.length !== 1 || call.args[0]!.spread !== undefined || (call.args[0]!.name !== undefined && call.args[0]!.name !== 'dim')) return undefined;
  const v = numericValue(call.args[0]!.value);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

/** `.reshape(-1, 1)` / `.view(-1, 1)`: a column, which is keepdims only for a 2-D array summed over axis 1. */
function isMinusOneOne(call: CallExpr): boolean {
  const a = call.args;
  return a.length === 2 && a.every((x) => x.name === undefined && x.spread === undefined) && isMinusOne(a[0]!.value) && isOne(a[1]!.value);
}

/**
 * Where an index made of full slices, at most one `...` and exactly one `None`/`newaxis` inserts its new axis:
 * counted from the front (0, 1, ...) when no `...` precedes it, else from the back (-1, -2, ...); undefined for any
 * other index (one that picks elements).
 */
function newAxisPosition(index: readonly Expr[]): number | undefined {
  let at = -1;
  let ellipsis = -1;
  for (let i = 0; i < index.length; i++) {
    const item = index[i]!;
    if (item.kind === 'group' && item.label === 'slice' && item.children.length === 0) continue;
    if (item.kind === 'name' && item.name === '...' && ellipsis < 0) ellipsis = i;
    else if (((item.kind === 'name' && (item.name === 'None' || item.name === 'newaxis')) || (item.kind === 'attribute' && item.name === 'newaxis')) && at < 0) at = i;
    else return undefined;
  }
  if (at < 0) return undefined;
  if (ellipsis < 0 || ellipsis > at) return at;
  return at - index.length;
}

/** Whether adding an axis at `at` to the sum gives the shape `keepdims=True` gives, whatever the array's rank. */
function restoresSummedAxis(at: number, axis: SoftmaxAxis): boolean {
  if (axis.axis === undefined || (axis.keepdims !== undefined && !isFalse(axis.keepdims))) return false;
  const summed = numericValue(axis.axis);
  if (summed === undefined || !Number.isInteger(summed)) return false;
  // From the front the position must be the summed axis; from the back (after `...`), the same negative axis.
  return at === summed;
}

function isFalse(e: Expr): boolean {
  const n = stripParens(e);
  return n.kind === 'name' && n.name === 'False';
}

/** `exp(u) for u in xs` (a generator or list comprehension with one `for` and no `if`): exp of the element. */
function comprehensionOfExp(e: Expr, s: RuleSemantics): ExpForm | undefined {
  const n = stripParens(e);
  if (n.kind !== 'group' || (n.label !== 'generator' && n.label !== 'list') || n.children.length !== 3) return undefined;
  const [element, target, iterable] = n.children as [Expr, Expr, Expr];
  // A list display [a, b, c] has the same children: the words between them tell the comprehension apart.
  if (!/^\s*for\s*$/.test(s.text.slice(element.end, target.start)) || !/^\s*in\s*$/.test(s.text.slice(target.end, iterable.start))) return undefined;
  const t = stripParens(target);
  if (t.kind !== 'name') return undefined;
  const exp = expForm(element, s, false);
  return exp === undefined ? undefined : { arg: exp.arg, lib: exp.lib, node: exp.node, comprehension: { target: t.name, iterable, node: n } };
}

/** A safety test of exp's argument, except that a comprehension's own variable says nothing about earlier assignments. */
function argumentIsSafe(f: ExpForm, s: RuleSemantics): boolean {
  const a = stripParens(f.arg);
  if (f.comprehension !== undefined && a.kind === 'name' && a.name === f.comprehension.target) return false;
  // A shifted exponent divided by a temperature, `(q - top) / T`, is still at most 0 for T > 0.
  const unscaled = a.kind === 'binary' && a.op === '/' ? stripParens(a.left) : a;
  if (f.comprehension !== undefined && unscaled.kind === 'name' && unscaled.name === f.comprehension.target) return false;
  return isMaxShifted(unscaled, s) || isClippedSafe(f.arg, s, f.lib, true);
}

function sumCallOfExp(sum: ElementaryCall, s: RuleSemantics): { exp: ExpForm; axis: SoftmaxAxis; sum: ElementaryCall } | undefined {
  if (sum === undefined || sum.op !== 'sum' || sum.input === undefined) return undefined;
  const exp = expForm(sum.input, s) ?? (sum.call.args.length === 1 ? comprehensionOfExp(sum.input, s) : undefined);
  if (exp === undefined) return undefined;
  // Filled in place (a spread per argument was a measured hot spot); properties keep their first-set order as before.
  const axis: { -readonly [K in keyof SoftmaxAxis]: SoftmaxAxis[K] } = {};
  const args = sum.call.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.name === 'axis' || a.name === 'dim') {
      axis.axis = a.value;
      axis.axisName = a.name;
    } else if (a.name === 'keepdims' || a.name === 'keepdim') {
      axis.keepdims = a.value;
      axis.keepdimsName = a.name;
    } else if (a.name === undefined && a.spread === undefined && i === (sum.method ? 0 : 1)) axis.axis = a.value;
    else if (a.name === undefined && a.spread === undefined && i === (sum.method ? 1 : 2)) axis.keepdims = a.value;
    else if (i > 0 || sum.method) return undefined; // dtype=, out=, where=: leave alone
  }
  return { exp, axis, sum };
}

/** Tries every rule on one node; at most one match per node. */
export function matchRule(node: Expr, s: RuleSemantics): RuleMatch | undefined {
  const n = stripParens(node);
  return matchSigmoid(n, s) ?? matchSoftplusOrLogForms(n, s) ?? matchSoftmax(n, s) ?? matchTanh(n, s) ?? matchLossyDerivative(n, s);
}

/** The inline sigmoid spellings: 1/(1+exp(-x)), (1+exp(-x))**-1, power(.., -1), reciprocal(..), exp(x)/(1+exp(x)). */
export function matchSigmoid(n: Expr, s: RuleSemantics, rangeGuards = true, bothWays = !rangeGuards): RuleMatch | undefined {
  let denominator: Expr | undefined;
  if (n.kind === 'binary' && n.op === '/' && isOne(n.left)) denominator = n.right;
  else if (n.kind === 'binary' && n.op === '**' && isMinusOne(n.right)) denominator = n.left;
  else {
    const c = s.elementary(n);
    if (c !== undefined && c.op === 'power' && !c.method && c.call.args.length === 2 && isMinusOne(c.call.args[1]!.value)) denominator = c.call.args[0]!.value;
    else if (c !== undefined && c.op === 'reciprocal' && c.input !== undefined) denominator = c.input;
  }
  if (denominator !== undefined) {
    const exp = onePlusExp(denominator, s);
    if (exp === undefined) return undefined;
    const safe = isClippedSafe(exp.arg, s, exp.lib, bothWays) || (rangeGuards && isRangeGuarded(exp, s));
    const inner = negationOf(exp.arg);
    return inner !== undefined
      ? { rule: 'unstable-sigmoid', activation: 'sigmoid', node: n, lib: exp.lib, arg: inner, negated: false, safe }
      : { rule: 'unstable-sigmoid', activation: 'sigmoid', node: n, lib: exp.lib, arg: exp.arg, negated: true, safe };
  }
  if (n.kind === 'binary' && n.op === '/') {
    const top = expForm(n.left, s, false);
    const bottom = onePlusExp(n.right, s);
    if (top !== undefined && bottom !== undefined && sameExpr(top.arg, bottom.arg, s.text)) {
      return { rule: 'unstable-sigmoid', activation: 'sigmoid', node: n, lib: top.lib, arg: top.arg, negated: false, variant: 'ratio', safe: isClippedSafe(top.arg, s, top.lib, bothWays) || (rangeGuards && isRangeGuarded(top, s)) };
    }
  }
  return undefined;
}

function matchSoftplusOrLogForms(n: Expr, s: RuleSemantics): RuleMatch | undefined {
  const c = s.elementary(n);
  if (c === undefined || c.input === undefined) return undefined;
  if (c.op === 'log1p') {
    const exp = expForm(c.input, s, false);
    if (exp !== undefined) return { rule: 'unstable-softplus', activation: 'softplus', node: n, lib: c.lib, arg: exp.arg, negated: false, variant: 'log1p', safe: isClippedSafe(exp.arg, s, exp.lib) || isRangeGuarded(exp, s) };
    return undefined;
  }
  if (c.op !== 'log') return undefined;
  if (c.call.args.length > (c.method ? 0 : 1)) return undefined; // log with a base
  const input = stripParens(c.input);
  const exp = onePlusExp(input, s);
  if (exp !== undefined) return { rule: 'unstable-softplus', activation: 'softplus', node: n, lib: c.lib, arg: exp.arg, negated: false, safe: isClippedSafe(exp.arg, s, exp.lib) || isRangeGuarded(exp, s) };
  // log(sigmoid(x)), log(1/(1+exp(-x))), log(1 - sigmoid(x)).
  const inline = matchSigmoid(input, s);
  if (inline !== undefined && !inline.safe) {
    return { rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', node: n, lib: c.lib, arg: inline.arg, negated: inline.negated, consumed: [input] };
  }
  const sig = s.sigmoidCall(input);
  if (sig !== undefined) return { rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', node: n, lib: c.lib, arg: sig.input, negated: false, sigmoid: sig };
  const diff = binary(input, '-');
  if (diff !== undefined && isOne(diff.left)) {
    const right = stripParens(diff.right);
    // 1 - sigmoid(x) rounds to 0 once x passes the sigmoid's saturation, far inside exp's range: a range guard on exp says nothing.
    const inner = matchSigmoid(right, s, false);
    if (inner !== undefined && !inner.safe) {
      return { rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', node: n, lib: c.lib, arg: inner.arg, negated: !inner.negated, variant: 'complement', consumed: [right] };
    }
    const sig2 = s.sigmoidCall(right);
    if (sig2 !== undefined) return { rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', node: n, lib: c.lib, arg: sig2.input, negated: true, variant: 'complement', sigmoid: sig2 };
  }
  // log(sum(exp(x))) without the max.
  const sum = sumOfExp(input, s);
  if (sum !== undefined) {
    const safe = argumentIsSafe(sum.exp, s);
    return {
      rule: 'unstable-logsumexp', activation: 'softmax', node: n, lib: c.lib, arg: sum.exp.arg, negated: false, axis: sum.axis, variant: sum.sum.method ? 'method' : undefined, safe,
      logsumexp: { summed: sum.exp, sumCall: sum.sum.call },
    };
  }
  return undefined;
}

/** exp(x) / sum(exp(x)) in its function, method and axis spellings, unless x had its maximum subtracted. */
function matchSoftmax(n: Expr, s: RuleSemantics): RuleMatch | undefined {
  if (n.kind !== 'binary' || n.op !== '/') return undefined;
  const top = expForm(n.left, s);
  if (top === undefined) return undefined;
  const sum = sumOfExpOrName(n.right, s);
  if (sum === undefined) return undefined;
  const topNode = stripParens(n.left);
  const sumInput = stripParens(sum.sum.input!);
  // Same exponentials: the same argument, or the same variable holding them.
  const same = sameExpr(top.arg, sum.exp.arg, s.text) || (topNode.kind === 'name' && sumInput.kind === 'name' && topNode.name === sumInput.name)
    || (sum.exp.comprehension !== undefined && sameButTarget(top.arg, sum.exp.arg, sum.exp.comprehension.target, s.text));
  if (!same) return undefined;
  const viaVariable = topNode.kind === 'name' || sum.source !== undefined;
  const safe = sum.exp.comprehension !== undefined ? argumentIsSafe(sum.exp, s) && argumentIsSafe(top, s) : isMaxShifted(top.arg, s) || isClippedSafe(top.arg, s, top.lib, true);
  // A divisor held in a name is followed to find what is unstable; a safe form spelled that way stays unreported as a use.
  if (safe && sum.source !== undefined) return undefined;
  return {
    rule: 'unstable-softmax', activation: 'softmax', node: n, lib: top.lib, arg: top.arg, negated: false, axis: sum.axis,
    variant: viaVariable ? 'variable' : sum.sum.method ? 'method' : undefined, safe,
    softmax: {
      numerator: top, summed: sum.exp, sumCall: sum.sum.call, ...(sum.source !== undefined ? { sumSource: sum.source } : {}),
      ...(sum.restoredAt !== undefined ? { restored: { keepsAxis: restoresSummedAxis(sum.restoredAt, sum.axis) } } : {}),
    },
  };
}

/**
 * `v` against `u`, `v / tau` against `u / tau`: the same arithmetic of names, numbers and attributes, where the
 * comprehension's `target` in `b` stands for one other name in `a` (the element of the outer comprehension).
 */
function sameButTarget(a: Expr, b: Expr, target: string, text: string): boolean {
  let element: string | undefined;
  const same = (x: Expr, y: Expr, depth: number): boolean => {
    if (depth > 8) return false;
    x = stripParens(x);
    y = stripParens(y);
    if (y.kind === 'name' && y.name === target) {
      if (x.kind !== 'name') return false;
      element ??= x.name;
      return x.name === element;
    }
    if (x.kind !== y.kind) return false;
    if (x.kind === 'name') return x.name !== element && sameExpr(x, y, text);
    if (x.kind === 'number' || x.kind === 'attribute') return sameExpr(x, y, text);
    if (x.kind === 'unary' && y.kind === 'unary') return x.op === y.op && same(x.operand, y.operand, depth + 1);
    if (x.kind === 'binary' && y.kind === 'binary') return x.op === y.op && same(x.left, y.left, depth + 1) && same(x.right, y.right, depth + 1);
    return false;
  };
  return same(a, b, 0) && element !== undefined;
}

/** (exp(x)-exp(-x))/(exp(x)+exp(-x)) and (exp(2x)-1)/(exp(2x)+1); (1-exp(-2x))/(1+exp(-2x)) below. */
function matchTanh(n: Expr, s: RuleSemantics): RuleMatch | undefined {
  if (n.kind !== 'binary' || n.op !== '/') return undefined;
  const num = binary(n.left, '-');
  const den = binary(n.right, '+');
  if (num === undefined || den === undefined) return undefined;
  if (isOne(num.left)) return matchComplementTanh(n, num.right, den, s);
  const a = expForm(num.left, s, false);
  if (a === undefined) return undefined;
  if (isOne(num.right)) {
    const d = expOfOnePlusExp(den, s);
    if (d === undefined || !sameExpr(a.arg, d.arg, s.text)) return undefined;
    // Only exp(2x) overflowing makes NaN: where it underflows the quotient is -1, as tanh is.
    return { rule: 'unstable-tanh', activation: 'tanh', node: n, lib: a.lib, arg: a.arg, negated: false, halved: true, safe: isClippedSafe(a.arg, s, a.lib) };
  }
  // exp(x) and exp(-x) both: the input clipped both ways.
  const safe = isClippedSafe(a.arg, s, a.lib, true);
  const b = expForm(num.right, s, false);
  const c = expForm(den.left, s, false);
  const d = expForm(den.right, s, false);
  if (b === undefined || c === undefined || d === undefined) return undefined;
  const isNegationOf = (neg: Expr, of: Expr): boolean => {
    const inner = negationOf(neg);
    return inner !== undefined && sameExpr(inner, of, s.text);
  };
  const pairOk = (p: Expr, q: Expr): boolean => sameExpr(p, a.arg, s.text) ? isNegationOf(q, a.arg) : sameExpr(q, a.arg, s.text) && isNegationOf(p, a.arg);
  if (!isNegationOf(b.arg, a.arg) || !pairOk(c.arg, d.arg)) return undefined;
  return { rule: 'unstable-tanh', activation: 'tanh', node: n, lib: a.lib, arg: a.arg, negated: false, safe };
}

/**
 * (1 - exp(-2x)) / (1 + exp(-2x)) is tanh(x), and (1 - exp(-u)) / (1 + exp(-u)) is tanh(u/2): exp overflows for
 * negative x and the quotient is NaN (inf/inf) there. Only a negated exponent is taken (`-2 * x`, `-(u)`): with a
 * plain u the quotient is -tanh(u/2), which no fix here writes.
 */
function matchComplementTanh(n: Expr, expTerm: Expr, den: BinaryExpr, s: RuleSemantics): RuleMatch | undefined {
  const a = expForm(expTerm, s, false);
  if (a === undefined) return undefined;
  const d = expOfOnePlusExp(den, s);
  if (d === undefined || !sameExpr(a.arg, d.arg, s.text)) return undefined;
  // Only exp(-2x) overflowing makes NaN: where it underflows the quotient is 1, as tanh is.
  const safe = isClippedSafe(a.arg, s, a.lib);
  const e = stripParens(a.arg);
  // Python reads -2*x as (-2)*x: the factor -2 leaves tanh(x) itself.
  if (e.kind === 'binary' && e.op === '*') {
    const x = numericValue(e.left) === -2 ? e.right : numericValue(e.right) === -2 ? e.left : undefined;
    if (x !== undefined) return { rule: 'unstable-tanh', activation: 'tanh', node: n, lib: a.lib, arg: x, negated: false, variant: 'complement', safe };
  }
  const u = negationOf(e);
  if (u === undefined) return undefined;
  return { rule: 'unstable-tanh', activation: 'tanh', node: n, lib: a.lib, arg: u, negated: false, halved: true, variant: 'complement', safe };
}

/** The exp of a tanh denominator `exp(u) + 1` or `1 + exp(u)`. */
function expOfOnePlusExp(den: BinaryExpr, s: RuleSemantics): ExpForm | undefined {
  return isOne(den.right) ? expForm(den.left, s, false) : isOne(den.left) ? expForm(den.right, s, false) : undefined;
}

/** s * (1 - s) with s a sigmoid of x (a call written inline, or a variable assigned one in this function). */
function matchLossyDerivative(n: Expr, s: RuleSemantics): RuleMatch | undefined {
  if (n.kind !== 'binary' || n.op !== '*') return undefined;
  for (const [sNode, other] of [[n.left, n.right], [n.right, n.left]] as const) {
    const diff = binary(other, '-');
    if (diff === undefined || !isOne(diff.left) || !sameExpr(sNode, diff.right, s.text)) continue;
    const sn = stripParens(sNode);
    const sig = s.sigmoidCall(sn);
    if (sig !== undefined) return { rule: 'lossy-sigmoid-derivative', activation: 'sigmoid', node: n, lib: sig.lib, arg: sig.input, negated: false, sigmoid: sig };
    // 1 - s rounds to 0 once the sigmoid saturates: an input clipped on exp's side only says nothing of that.
    const inline = matchSigmoid(sn, s, true, true);
    if (inline !== undefined && !inline.safe) return { rule: 'lossy-sigmoid-derivative', activation: 'sigmoid', node: n, lib: inline.lib, arg: inline.arg, negated: inline.negated, variant: 'ratio' };
    if (sn.kind === 'name') {
      const v = s.assignedValue(sn.name);
      if (v === undefined) continue;
      const vs = s.sigmoidCall(stripParens(v)) ?? matchSigmoid(stripParens(v), s);
      if (vs !== undefined) return { rule: 'lossy-sigmoid-derivative', activation: 'sigmoid', node: n, lib: vs.lib, arg: 'input' in vs ? vs.input : vs.arg, negated: false, variant: 'variable' };
    }
  }
  return undefined;
}
