// The range a clipped input stays in, so that exp of it cannot overflow: a clip written in the argument
// (`std::clamp(x, -88.f, 88.f)`, `Math.max(-500, Math.min(500, x))`, `1 / (1 + exp(-std::max(x, -80.0)))`) or assigned to
// the variable before, also one bound per statement (`v = std::min(v, 80.0f); v = std::max(v, -80.0f);`). Only the bound
// that matters must be there: `max(v, -80)` keeps exp(-v) finite, not exp(v).
import { rangeOfExpression, UNBOUNDED, type Interval } from '../intervals';
import { dottedName, type CallExpr, type Expr } from '../syntax';
import { K_NAME, K_NUMBER, K_STRING } from './cfamilyTokens';

export interface ClipEnv {
  /**
   * The value last assigned to `name` in its function before offset `at`; undefined when there is none, or when what
   * follows it (a compound assignment) leaves it unknown.
   */
  assignedBefore(name: string, at: number): Expr | undefined;
  /** The number an operand writes, also through a conversion (`80.0f`, `T(80)`, `(float) 80`); undefined when it is no number. */
  constant(e: Expr): number | undefined;
  /** What a call negates (tfjs's `tf.neg(x)`), undefined when it is no negation. */
  negated(call: CallExpr): Expr | undefined;
}

// How many assignments one question may follow back (`v = min(v, hi); v = max(v, lo);` follows three).
const ASSIGNMENTS_FOLLOWED = 16;

/**
 * The values `e` can take given the clips in it and in what was assigned to its names; undefined when no clip bounds
 * it (a constant, or a name assigned a constant, is not clipped input: its exp is reported as written).
 */
export function clippedRange(e: Expr, env: ClipEnv): Interval | undefined {
  let budget = ASSIGNMENTS_FOLLOWED;
  let clipped = false;
  const rangeOfName = (name: string, node: Expr): Interval => {
    if (budget <= 0) return UNBOUNDED;
    budget--;
    const value = env.assignedBefore(name, node.start);
    return value === undefined ? UNBOUNDED : rangeOf(value);
  };
  const rangeOfCall = (call: CallExpr): Interval => {
    const c = env.constant(call);
    if (c !== undefined) return { lo: c, hi: c };
    const operand = env.negated(call);
    if (operand !== undefined) {
      const r = rangeOf(operand);
      return { lo: -r.hi, hi: -r.lo };
    }
    const kind = clipKind(call);
    if (kind === undefined) return UNBOUNDED;
    const args = call.args.map((a) => rangeOf(a.value));
    const r = kind === 'clamp' ? clampRange(call, args, env) : kind === 'min' ? foldedRange(args, Math.min) : foldedRange(args, Math.max);
    if (r.lo > -Infinity || r.hi < Infinity) clipped = true;
    return r;
  };
  const rangeOf = (x: Expr): Interval => rangeOfExpression(x, rangeOfName, rangeOfCall);
  const range = rangeOf(e);
  return clipped ? range : undefined;
}

/** The range is within [-limit, limit]: the input itself is clipped both ways (what a sigmoid's saturation needs). */
export function withinBothWays(r: Interval | undefined, limit: number): boolean {
  return r !== undefined && r.lo >= -limit && r.hi <= limit;
}

// Lower-cased last names: `std::min`, `Math.Max`, `fmaxf`, tfjs's `tf.minimum`, `std::clamp`, `Mathf.Clamp`, `tf.clipByValue`.
const MIN_NAMES = new Set(['min', 'fmin', 'fminf', 'fminl', 'minimum']);
const MAX_NAMES = new Set(['max', 'fmax', 'fmaxf', 'fmaxl', 'maximum']);
const CLAMP_NAMES = new Set(['clamp', 'clip', 'clipbyvalue']);

/** The clip a call's last name says it is. */
function clipKind(call: CallExpr): 'min' | 'max' | 'clamp' | undefined {
  const name = dottedName(call.callee);
  if (name === undefined || call.args.length < 2) return undefined;
  const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (MIN_NAMES.has(last)) return 'min';
  if (MAX_NAMES.has(last)) return 'max';
  // Two arguments: a method's bounds (libtorch's `x.clamp(-80, 80)`).
  return CLAMP_NAMES.has(last) && call.args.length <= 3 ? 'clamp' : undefined;
}

/** min or max of every argument (`Math.max(a, b, c)` takes any number): its bounds are the same of theirs. */
function foldedRange(args: readonly Interval[], pick: (a: number, b: number) => number): Interval {
  let r = args[0]!;
  for (let k = 1; k < args.length; k++) r = { lo: pick(r.lo, args[k]!.lo), hi: pick(r.hi, args[k]!.hi) };
  return r;
}

/**
 * A clamp's value lies between its two constant bounds, whichever arguments they are (`std::clamp(v, lo, hi)`,
 * `clamp(lo, hi, v)` of a user's helper, a method's `x.clamp(lo, hi)`); with fewer constants, between the value's and
 * bounds' own ranges as `min(max(v, lo), hi)` would be.
 */
function clampRange(call: CallExpr, args: readonly Interval[], env: ClipEnv): Interval {
  const constants = call.args.map((a) => env.constant(a.value)).filter((v): v is number => v !== undefined);
  if (constants.length >= 2) return { lo: Math.min(...constants), hi: Math.max(...constants) };
  if (args.length !== 3) return UNBOUNDED;
  const [value, lo, hi] = args as [Interval, Interval, Interval];
  return foldedRange([foldedRange([value, lo], Math.max), hi], Math.min);
}

export interface ClipTokens {
  readonly text: string;
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly texts: readonly string[];
  /** Each bracket's partner, -1 when unmatched. */
  readonly match: Int32Array;
}

const LOOP_WORDS = new Set(['for', 'foreach', 'while', 'do']);
const WRITES = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '++', '--']);

const CONTROL_HEADS = new Set(['if', 'for', 'foreach', 'while', 'switch', 'with']);
// Words before a statement that make it run only sometimes (`else v = min(v, 80);`, `do v = ...; while (...)`).
const BRANCH_WORDS = new Set(['else', 'do', 'case', 'default', 'return', 'if', 'for', 'while']);

/**
 * JavaScript without semicolons: code[i] ends a line and can end a statement there (a name, a number, a string, a
 * call's `)`, a `]`), so what follows begins one. Not `else`, `do`, the `)` of an `if` or loop head (what follows is
 * its body) or an operator that continues the expression.
 */
function endsLineStatement(t: ClipTokens, i: number): boolean {
  if (i + 1 >= t.count || !t.text.slice(t.ends[i]!, t.starts[i + 1]!).includes('\n')) return false;
  const x = t.texts[i]!;
  const kind = t.kinds[i];
  if (kind === K_NAME) return x !== 'else' && x !== 'do' && x !== 'return';
  if (kind === K_NUMBER || kind === K_STRING || x === ']' || x === '++' || x === '--') return true;
  if (x !== ')') return false;
  const open = t.match[i] ?? -1;
  return open > 0 && !(t.kinds[open - 1] === K_NAME && CONTROL_HEADS.has(t.texts[open - 1]!));
}

/**
 * The assignment to `name` whose target is code[k] runs each time before the form at code[at] does: it is a statement
 * of a block that also holds the form (not the body of a braceless `if`, `else` or loop, not a `case`, not inside a
 * `?:` or `&&`), and when a loop lies between them, nothing writes `name` after the form in that block (the loop's next
 * turn would see that value, not the clip's).
 */
export function assignsEveryTimeBefore(t: ClipTokens, k: number, at: number, name: string): boolean {
  const { kinds, texts, match } = t;
  // Back to the statement's start over a declaration's words (`const float v`, `std::size_t* p`).
  let i = k - 1;
  for (; i >= 0; i--) {
    const x = texts[i]!;
    if (x === ';' || x === '{' || x === '}' || endsLineStatement(t, i)) break;
    if (kinds[i] !== K_NAME ? x !== '::' && x !== '<' && x !== '>' && x !== '*' : BRANCH_WORDS.has(x)) return false;
  }
  // The block holding the statement: its `{`, found back over the statements and blocks before it.
  let open = i;
  while (open >= 0 && texts[open] !== '{') {
    const x = texts[open]!;
    if ((x === '}' || x === ')' || x === ']') && (match[open] ?? -1) >= 0) open = match[open]!;
    open--;
  }
  const close = open < 0 ? t.count : match[open] ?? -1;
  if (close < at) return false;
  let loop = false;
  for (let j = k + 1; j < at && !loop; j++) loop = kinds[j] === K_NAME && LOOP_WORDS.has(texts[j]!);
  if (!loop) return true;
  for (let j = at + 1; j < close; j++) {
    if (texts[j] !== name || kinds[j] !== K_NAME) continue;
    if (WRITES.has(texts[j + 1] ?? '') || WRITES.has(texts[j - 1] ?? '') || texts[j - 1] === '&') return false;
  }
  return true;
}
