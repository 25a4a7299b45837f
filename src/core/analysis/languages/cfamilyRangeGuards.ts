// Bounds early exits put on a variable: `if (x < -45.0) return 0.0; else if (x > 45.0) return 1.0; return 1/(1+exp(-x));`
// never evaluates exp of more than 45, as a clip to [-45, 45] would not. Read from the code tokens of one function body:
// its statements are walked down to the form, and each `if` on the way whose branch always leaves (return, throw, break,
// continue) bounds the variable for what follows it in its block and its else branch; the branch the form is in bounds
// it by its own condition. A variable counts only when it is the function's parameter or local and nothing but its
// declarations assigns it, so no call, closure or loop turn can change it between the test and the form.
import { comparisonInterval, intersect, UNBOUNDED, type Interval } from '../intervals';
import type { ClipTokens } from './cfamilyClipRanges';
import { numberValue } from './cfamilyParser';
import { K_NAME, K_NUMBER, K_OP } from './cfamilyTokens';
import { closesTypeArguments } from './cfamilyTypeSyntax';

/** The code tokens a clip reader walks, and what a guard reader needs besides. */
export interface RangeGuardTokens extends ClipTokens {
  /** C and C++: a variable passed bare to a call may be bound to a reference parameter and changed there. */
  readonly referenceArguments: boolean;
}

type OrderOperator = '<' | '<=' | '>' | '>=';
const ORDER = new Set(['<', '<=', '>', '>=']);
const EXITS = new Set(['return', 'throw', 'break', 'continue']);
// Statement keywords that start a new statement when they begin a line: JavaScript's statements may end without `;`.
const STATEMENT_STARTS = new Set(['return', 'if', 'for', 'while', 'do', 'switch', 'try', 'throw', 'break', 'continue', 'const', 'let', 'var']);
const HEADED = new Set(['for', 'foreach', 'while', 'lock', 'fixed', 'synchronized', 'using', 'with']);
const ASSIGNING_AFTER = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '>>>=', '??=', '**=', '||=', '&&=', '++', '--']);
const ASSIGNING_BEFORE = new Set(['++', '--', '&', 'ref', 'out']);
const AFTER_DECLARED = new Set(['=', ';', ',', ':', ')', 'in', 'of']);
// Words before a name that make it an expression, not a declaration's type (`return x;`, `case x:`).
const NOT_A_TYPE = new Set([
  'return', 'throw', 'case', 'new', 'typeof', 'await', 'yield', 'in', 'of', 'else', 'do', 'is', 'as', 'instanceof', 'delete',
  'sizeof', 'void', 'goto', 'and', 'or', 'not', 'if', 'while', 'for', 'switch',
]);
// Calls that take their arguments by value in C and C++ (a bare variable passed to any other call may be a reference).
const VALUE_CALLS = new Set([
  'exp', 'expf', 'expl', 'log', 'logf', 'log1p', 'log1pf', 'tanh', 'tanhf', 'fabs', 'fabsf', 'abs', 'sqrt', 'sqrtf', 'pow', 'powf',
  // CUDA's fast intrinsics and the rest of <math.h>'s by-value functions.
  '__expf', '__logf', '__tanhf', '__powf', '__fdividef', 'exp2', 'exp2f', 'expm1', 'expm1f', 'logl', 'log1pl', 'tanhl', 'fabsl',
  'fmax', 'fmaxf', 'fmin', 'fminf',
  'printf', 'fprintf', 'isnan', 'isinf', 'isfinite', 'if', 'while', 'switch', 'return', 'sizeof', 'static_cast', 'float', 'double',
]);

interface Fact {
  /** Code index of the `if` whose test gives it. */
  readonly at: number;
  readonly range: Interval;
}

/**
 * The range early exits and enclosing branches keep `name` in at code index `at`, inside the function body whose `{` is
 * at code index `body`; unbounded when nothing bounds it there or it is not a plain local that only its declarations assign.
 */
export function guardedRange(t: RangeGuardTokens, body: number, at: number, name: string): Interval {
  try {
    return walkedRange(t, body, at, name);
  } catch {
    // Code deep enough to exhaust the stack (thousands of nested parentheses or else-ifs): no bound, the form is reported.
    return UNBOUNDED;
  }
}

function walkedRange(t: RangeGuardTokens, body: number, at: number, name: string): Interval {
  if (t.texts[body] !== '{' || at <= body) return UNBOUNDED;
  const close = t.match[body] ?? -1;
  if (close < at || !testedNames(t, body, close).has(name)) return UNBOUNDED;
  const facts: Fact[] = [];
  inBlock(t, body, at, name, facts);
  if (facts.length === 0) return UNBOUNDED;
  const lastDeclaration = lastDeclarationOrAssigned(t, body, close, name);
  if (lastDeclaration === undefined || !isParameterOrDeclared(t, body, at, name)) return UNBOUNDED;
  let range = UNBOUNDED;
  // A declaration after a test is another variable of that name (a shadowing local, a lambda's parameter).
  for (const f of facts) if (f.at > lastDeclaration) range = intersect(range, f.range);
  return range;
}

// Per analysis (its token columns), per function body: the names its `if` tests mention. A form whose variable no
// test of its function names is not walked (a long function with many forms would otherwise be walked once per form).
const testedNamesOf = new WeakMap<RangeGuardTokens, Map<number, ReadonlySet<string>>>();

function testedNames(t: RangeGuardTokens, body: number, close: number): ReadonlySet<string> {
  let perBody = testedNamesOf.get(t);
  if (perBody === undefined) {
    perBody = new Map();
    testedNamesOf.set(t, perBody);
  }
  let names = perBody.get(body);
  if (names === undefined) {
    const found = new Set<string>();
    for (let k = body + 1; k < close; k++) {
      if (t.kinds[k] !== K_NAME || t.texts[k] !== 'if' || t.texts[k + 1] !== '(') continue;
      const end = t.match[k + 1] ?? -1;
      for (let j = k + 2; j < end; j++) if (t.kinds[j] === K_NAME) found.add(t.texts[j]!);
    }
    names = found;
    perBody.set(body, names);
  }
  return names;
}

/** Facts on the way to `at` through the block opened at `open`: what the statements before it leave, then the one holding it. */
function inBlock(t: RangeGuardTokens, open: number, at: number, name: string, facts: Fact[]): void {
  const close = t.match[open]!;
  for (let i = open + 1; i < close;) {
    const end = statementEnd(t, i, close);
    if (at < end) {
      inStatement(t, i, end, at, name, facts);
      return;
    }
    after(t, i, end, name, facts);
    i = end;
  }
}

/** Facts the statement [i, end) adds for code inside it at `at`: the branch it is in, the blocks around it. */
function inStatement(t: RangeGuardTokens, i: number, end: number, at: number, name: string, facts: Fact[]): void {
  const word = t.texts[i]!;
  if (word === '{') {
    inBlock(t, i, at, name, facts);
    return;
  }
  if (isLabel(t, i)) {
    inStatement(t, i + 2, end, at, name, facts);
    return;
  }
  if (t.kinds[i] !== K_NAME) return;
  if (word === 'if') {
    const test = headOf(t, i);
    if (test < 0 || at <= t.match[test]!) return;
    const thenEnd = statementEnd(t, t.match[test]! + 1, end);
    if (at < thenEnd) {
      conditionFacts(t, test, false, name, i, facts);
      inStatement(t, t.match[test]! + 1, thenEnd, at, name, facts);
    } else if (t.texts[thenEnd] === 'else') {
      conditionFacts(t, test, true, name, i, facts);
      inStatement(t, thenEnd + 1, end, at, name, facts);
    }
    return;
  }
  if (HEADED.has(word)) {
    const head = headOf(t, i);
    if (head >= 0 && at > t.match[head]!) inStatement(t, t.match[head]! + 1, end, at, name, facts);
    return;
  }
  if (word === 'do' || word === 'try' || word === 'catch' || word === 'finally') {
    // The block the form is in: a do body, a try block, a catch or finally block (each enters with only what held before).
    let k = i + 1;
    while (k < end && k <= at) {
      if (t.texts[k] === '{' && (t.match[k] ?? -1) >= at) {
        inBlock(t, k, at, name, facts);
        return;
      }
      k = t.texts[k] === '(' || t.texts[k] === '{' ? Math.max(k + 1, (t.match[k] ?? end) + 1) : k + 1;
    }
  }
}

/** Facts that hold once the statement [i, end) completes normally: an `if` one of whose branches always leaves. */
function after(t: RangeGuardTokens, i: number, end: number, name: string, facts: Fact[]): void {
  const word = t.texts[i]!;
  if (word === '{') {
    const close = t.match[i]!;
    for (let k = i + 1; k < close;) {
      const e = statementEnd(t, k, close);
      after(t, k, e, name, facts);
      k = e;
    }
    return;
  }
  if (word !== 'if' || t.kinds[i] !== K_NAME) return;
  const test = headOf(t, i);
  if (test < 0) return;
  const thenStart = t.match[test]! + 1;
  const thenEnd = statementEnd(t, thenStart, end);
  const hasElse = t.texts[thenEnd] === 'else' && thenEnd < end;
  if (leaves(t, thenStart, thenEnd)) {
    conditionFacts(t, test, true, name, i, facts);
    if (hasElse) after(t, thenEnd + 1, end, name, facts);
  } else if (hasElse && leaves(t, thenEnd + 1, end)) {
    conditionFacts(t, test, false, name, i, facts);
    after(t, thenStart, thenEnd, name, facts);
  }
}

/** The statement [i, end) never completes normally: return, throw, break or continue, a block ending in one, an if/else both of whose branches leave. */
function leaves(t: RangeGuardTokens, i: number, end: number): boolean {
  const word = t.texts[i]!;
  if (t.kinds[i] === K_NAME && EXITS.has(word)) return true;
  if (word === '{') {
    const close = t.match[i]!;
    let last = -1;
    for (let k = i + 1; k < close;) {
      last = k;
      k = statementEnd(t, k, close);
    }
    return last >= 0 && leaves(t, last, statementEnd(t, last, close));
  }
  if (word === 'if' && t.kinds[i] === K_NAME) {
    const test = headOf(t, i);
    if (test < 0) return false;
    const thenEnd = statementEnd(t, t.match[test]! + 1, end);
    return t.texts[thenEnd] === 'else' && thenEnd < end && leaves(t, t.match[test]! + 1, thenEnd) && leaves(t, thenEnd + 1, end);
  }
  return false;
}

/** The index just after the statement starting at `i` (not beyond `limit`, the enclosing block's `}`). */
function statementEnd(t: RangeGuardTokens, i: number, limit: number): number {
  if (i >= limit) return limit;
  const word = t.texts[i]!;
  if (word === '{') return Math.min(limit, blockEnd(t, i));
  if (isLabel(t, i)) return statementEnd(t, i + 2, limit);
  if (t.kinds[i] === K_NAME) {
    if (word === 'if') {
      const test = headOf(t, i);
      if (test < 0) return simpleEnd(t, i, limit);
      const thenEnd = statementEnd(t, t.match[test]! + 1, limit);
      return t.texts[thenEnd] === 'else' && thenEnd < limit ? statementEnd(t, thenEnd + 1, limit) : thenEnd;
    }
    if (HEADED.has(word) || word === 'switch') {
      const head = headOf(t, i);
      if (head >= 0) return statementEnd(t, t.match[head]! + 1, limit);
    }
    if (word === 'do') {
      const bodyEnd = statementEnd(t, i + 1, limit);
      return t.texts[bodyEnd] === 'while' ? simpleEnd(t, bodyEnd, limit) : bodyEnd;
    }
    if (word === 'try') {
      let k = statementEnd(t, i + 1, limit);
      while (k < limit && (t.texts[k] === 'catch' || t.texts[k] === 'finally')) {
        let b = k + 1;
        if (t.texts[b] === '(') b = (t.match[b] ?? limit) + 1;
        // C#'s exception filter: `catch (E e) when (...)`.
        if (t.texts[b] === 'when' && t.texts[b + 1] === '(') b = (t.match[b + 1] ?? limit) + 1;
        k = statementEnd(t, b, limit);
      }
      return k;
    }
  }
  return simpleEnd(t, i, limit);
}

/** Past a `;` at this level; also before a statement keyword that begins a line or an `else` (JavaScript without semicolons). */
function simpleEnd(t: RangeGuardTokens, i: number, limit: number): number {
  for (let k = i; k < limit;) {
    const word = t.texts[k]!;
    if (word === ';') return k + 1;
    if (k > i && t.kinds[k] === K_NAME && (word === 'else' || (STATEMENT_STARTS.has(word) && beginsLine(t, k)))) return k;
    if (word === '(' || word === '[' || word === '{') {
      const m = t.match[k] ?? -1;
      if (m < 0 || m >= limit) return limit;
      // A braced body ending a line ends its statement (a nested function declaration).
      if (word === '{' && t.kinds[k] === K_OP && m + 1 < limit && beginsLine(t, m + 1) && t.texts[m + 1] !== ')' && !isContinuation(t.texts[m + 1]!)) return m + 1;
      k = m + 1;
    } else {
      k++;
    }
  }
  return limit;
}

function isContinuation(word: string): boolean {
  return word === ';' || word === ',' || word === '.' || word === ']' || word === '}' || ORDER.has(word) || /^[-+*/%&|^?:=<>!]/.test(word);
}

function blockEnd(t: RangeGuardTokens, open: number): number {
  const m = t.match[open] ?? -1;
  return m < 0 ? t.count : m + 1;
}

function beginsLine(t: RangeGuardTokens, k: number): boolean {
  if (k === 0) return true;
  const between = t.text.slice(t.ends[k - 1]!, t.starts[k]!);
  return between.includes('\n');
}

/** `name:` before a statement (`outer: for (...)`). */
function isLabel(t: RangeGuardTokens, i: number): boolean {
  return t.kinds[i] === K_NAME && t.texts[i + 1] === ':' && t.texts[i] !== 'default' && t.texts[i] !== 'case';
}

/** The `(` of a keyword's head (`if (`, `while (`), -1 when there is none. */
function headOf(t: RangeGuardTokens, i: number): number {
  return t.texts[i + 1] === '(' && (t.match[i + 1] ?? -1) > i + 1 ? i + 1 : -1;
}

/**
 * The bounds a test puts on `name` where it holds (`negated` false: its terms joined by `&&`) or where it fails
 * (`negated`: its terms joined by `||`, each of which then fails): `x < -45` fails only for x >= -45.
 */
function conditionFacts(t: RangeGuardTokens, open: number, negated: boolean, name: string, at: number, facts: Fact[]): void {
  const range = termsRange(t, open + 1, t.match[open]!, negated, name);
  if (range.lo > -Infinity || range.hi < Infinity) facts.push({ at, range });
}

function termsRange(t: RangeGuardTokens, from: number, to: number, negated: boolean, name: string): Interval {
  const joiner = negated ? '||' : '&&';
  const other = negated ? '&&' : '||';
  const terms: Array<[number, number]> = [];
  let start = from;
  for (let k = from; k < to;) {
    const word = t.texts[k]!;
    if (t.kinds[k] === K_OP) {
      // `a && b || c` holds without `a`; `?:`, assignments and commas make the test something else.
      if (word === other || word === '?' || word === ',' || ASSIGNING_AFTER.has(word)) return UNBOUNDED;
      if (word === joiner) {
        terms.push([start, k]);
        start = k + 1;
      }
      if (word === '(' || word === '[' || word === '{') {
        const m = t.match[k] ?? -1;
        if (m < 0 || m >= to) return UNBOUNDED;
        k = m + 1;
        continue;
      }
    }
    k++;
  }
  terms.push([start, to]);
  let range = UNBOUNDED;
  for (const [a, b] of terms) {
    if (t.texts[a] === '(' && t.match[a] === b - 1) range = intersect(range, termsRange(t, a + 1, b - 1, negated, name));
    else range = intersect(range, comparisonRange(t, a, b, negated, name));
  }
  return range;
}

/** `name < c`, `c >= name` (c a number, maybe signed): the range where it holds, or where it fails when `negated`. */
function comparisonRange(t: RangeGuardTokens, a: number, b: number, negated: boolean, name: string): Interval {
  let op = -1;
  for (let k = a; k < b; k++) if (t.kinds[k] === K_OP && ORDER.has(t.texts[k]!)) op = k;
  if (op < 0) return UNBOUNDED;
  const left = b > a ? (op - a === 1 && isName(t, a, name) ? 'name' : numberIn(t, a, op)) : undefined;
  const right = op + 2 === b && isName(t, op + 1, name) ? 'name' : numberIn(t, op + 1, b);
  const order = t.texts[op] as OrderOperator;
  if (left === 'name' && typeof right === 'number') return comparisonInterval(order, right, true, negated);
  if (right === 'name' && typeof left === 'number') return comparisonInterval(order, left, false, negated);
  return UNBOUNDED;
}

function isName(t: RangeGuardTokens, k: number, name: string): boolean {
  return t.kinds[k] === K_NAME && t.texts[k] === name;
}

/** A number written from a to b: `45`, `-45.0`, `45f`, `100d`, `+1e2`. */
function numberIn(t: RangeGuardTokens, a: number, b: number): number | undefined {
  let sign = 1;
  let k = a;
  if (b - a === 2 && t.kinds[a] === K_OP && (t.texts[a] === '-' || t.texts[a] === '+')) {
    sign = t.texts[a] === '-' ? -1 : 1;
    k = a + 1;
  }
  if (k !== b - 1 || t.kinds[k] !== K_NUMBER) return undefined;
  const v = numberValue(t.texts[k]!);
  return Number.isFinite(v) ? sign * v : undefined;
}

/**
 * The last code index in the function where `name` is declared (a local, a shadowing one, a lambda's parameter), -1
 * when none is; undefined when anything else may assign it (`x = ...`, `x++`, `ref x`, `&x`, a reference argument in C++).
 */
function lastDeclarationOrAssigned(t: RangeGuardTokens, body: number, close: number, name: string): number | undefined {
  let last = -1;
  for (let k = body + 1; k < close; k++) {
    if (t.kinds[k] === K_NAME && t.texts[k] === 'goto') return undefined;
    if (!isName(t, k, name)) continue;
    const before = t.texts[k - 1]!;
    if (t.kinds[k - 1] === K_OP && (before === '.' || before === '->' || before === '::' || before === '?.')) continue;
    const next = t.texts[k + 1] ?? '';
    if (isDeclaration(t, k) || next === '=>' || next === '->' || isLambdaParameter(t, k)) {
      last = k;
      continue;
    }
    if (ASSIGNING_AFTER.has(next) && t.kinds[k + 1] === K_OP) return undefined;
    if (ASSIGNING_BEFORE.has(before)) return undefined;
    // `for (x of xs)`, `for (x in o)`: a loop that assigns a variable declared before it.
    if (before === '(' && (next === 'of' || next === 'in')) return undefined;
    if (t.referenceArguments && isBareArgument(t, k)) return undefined;
  }
  return last;
}

/** `double x =`, `let x;`, `var x = ...`, `List<double> x`, `double[] x`, `out var x)`. */
function isDeclaration(t: RangeGuardTokens, k: number): boolean {
  const before = t.texts[k - 1]!;
  const next = t.texts[k + 1] ?? '';
  if (!AFTER_DECLARED.has(next)) return false;
  if (t.kinds[k - 1] === K_NAME) return !NOT_A_TYPE.has(before);
  if (t.kinds[k - 1] !== K_OP) return false;
  if (before === ']') return t.texts[k - 2] === '[';
  if (before === '>' || before === '>>') return closesTypeArguments(t, k - 1);
  // `double *x = p;` (not `a * x`); not `double& x = y`: a reference is changed through what it names.
  return before === '*' && (next === '=' || next === ';') && t.kinds[k - 2] === K_NAME && /^[;{}]$/.test(t.texts[k - 3] ?? ';');
}

/** `(x, y) => ...`, `(x) -> ...`: a name in a parameter list that an arrow follows. */
function isLambdaParameter(t: RangeGuardTokens, k: number): boolean {
  const open = enclosingParen(t, k);
  if (open < 0) return false;
  const after = t.texts[(t.match[open] ?? -2) + 1];
  return after === '=>' || after === '->';
}

function enclosingParen(t: RangeGuardTokens, k: number): number {
  for (let j = k - 1, steps = 0; j >= 0 && steps < 64; j--, steps++) {
    const word = t.texts[j]!;
    if (word === ')' || word === ']') {
      const m = t.match[j] ?? -1;
      if (m < 0) return -1;
      j = m;
    } else if (word === '(') {
      return j;
    } else if (word === ';' || word === '{' || word === '}') {
      return -1;
    }
  }
  return -1;
}

/** C/C++: `f(x)`, `f(a, x)`, `std::cin >> x`, where `f` may take a reference and change it. */
function isBareArgument(t: RangeGuardTokens, k: number): boolean {
  const before = t.texts[k - 1]!;
  const next = t.texts[k + 1] ?? '';
  if (before === '>>') return true;
  if ((before !== '(' && before !== ',') || (next !== ')' && next !== ',')) return false;
  const open = before === '(' ? k - 1 : enclosingParen(t, k);
  if (open < 1) return before === ',';
  const callee = t.texts[open - 1]!;
  if (t.kinds[open - 1] === K_NAME) return !VALUE_CALLS.has(callee);
  return callee === '>' || callee === ')' || callee === ']';
}

/** `name` is a parameter of the function whose body opens at `body`, or is declared in it before `at`. */
function isParameterOrDeclared(t: RangeGuardTokens, body: number, at: number, name: string): boolean {
  for (let k = body + 1; k < at; k++) if (isName(t, k, name) && t.texts[k - 1] !== '.' && isDeclaration(t, k)) return true;
  // Back from the body over specifiers and a return type (`) const {`, `): number {`, `) throws E {`) to the parameter list.
  let k = body - 1;
  if (t.texts[k] === '=>' || t.texts[k] === '->') {
    if (isName(t, k - 1, name)) return true;
    k--;
  }
  for (let steps = 0; k > 0 && steps < 12 && t.texts[k] !== ')'; k--, steps++) {
    const word = t.texts[k]!;
    if (word === ';' || word === '{' || word === '}') return false;
  }
  if (t.texts[k] !== ')') return false;
  const open = t.match[k] ?? -1;
  for (let j = open + 1; j > 0 && j < k; j++) {
    if (isName(t, j, name) && t.texts[j - 1] !== '.' && /^[,):=?]$/.test(t.texts[j + 1] ?? '')) return true;
  }
  return false;
}
