// Bounds early exits put on a Python variable: in
//     if x < -45.0:
//         return 0.0
//     elif x > 45.0:
//         return 1.0
//     return 1.0 / (1.0 + math.exp(-x))
// exp never sees more than 45. Read from the logical lines of one function: its blocks are walked down to the form's
// line by indentation; an if/elif whose body always leaves (its last statement returns, raises, breaks or continues),
// and every branch before it in its chain leaves too, bounds the variable by the negation of its test for the rest
// of its block; the branch the form is in bounds it by its own test and the negations of the tests before it. The
// variable counts only when it is a parameter or assigned in the function, and nothing rebinds it after the test
// (no assignment, loop target, `as`, lambda parameter; no `global`/`nonlocal` of it).
import { comparisonInterval, intersect, UNBOUNDED, type Interval } from '../intervals';
import { keywordCode } from '../expressionParser';
import { pythonNumberValue } from './pythonGrammar';
import { KIND_COMMENT, KIND_NAME, KIND_NUMBER, KIND_OP, type CompactTokens } from './pythonTokenizer';

const KW_IF = keywordCode('if');
const KW_ELIF = keywordCode('elif');
const KW_DEF = keywordCode('def');
const KW_CLASS = keywordCode('class');
const KW_ASYNC = keywordCode('async');
const EXITS = new Set(['return', 'raise', 'continue', 'break']);
const BLOCK_HEADERS = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'match', 'case', 'async']);
const ORDER = new Set(['<', '<=', '>', '>=']);
const REBINDING_OPS = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=']);

/** One logical line's code tokens (comments left out) as texts and kinds, made when a line is first looked at. */
interface Line {
  readonly texts: string[];
  readonly kinds: number[];
  readonly starts: number[];
}

class Lines {
  private readonly made = new Map<number, Line>();

  constructor(readonly toks: CompactTokens, readonly indents: Int32Array, readonly count: number) {}

  line(j: number): Line {
    let line = this.made.get(j);
    if (line === undefined) {
      const { toks } = this;
      const a = toks.lines[2 * j]!;
      const b = toks.lines[2 * j + 1]!;
      line = { texts: [], kinds: [], starts: [] };
      for (let i = a; i < b; i++) {
        if (toks.kinds[i] === KIND_COMMENT) continue;
        line.texts.push(toks.textOf(i));
        line.kinds.push(toks.kinds[i]!);
        line.starts.push(toks.starts[i]!);
      }
      this.made.set(j, line);
    }
    return line;
  }

  /** The keyword a line starts with (`async` skipped). */
  head(j: number): string {
    const { texts } = this.line(j);
    return texts[0] === 'async' ? texts[1] ?? '' : texts[0] ?? '';
  }

  /** The first line after j's statement (its body included) at or left of its indentation; `count` when none. */
  next(j: number): number {
    const indent = this.indents[j]!;
    let k = j + 1;
    while (k < this.count && this.indents[k]! > indent) k++;
    return k;
  }
}

interface Fact {
  readonly line: number;
  readonly range: Interval;
}

/**
 * One analysis's range guards: its logical lines' tokens as they are first looked at, and per function the names its
 * if/elif tests mention (a form whose variable no test of its function names is not walked).
 */
export class PythonRangeGuards {
  private readonly lines: Lines;
  private readonly testedNames = new Map<number, ReadonlySet<string>>();
  private readonly defs = new Map<number, number>();

  constructor(private readonly toks: CompactTokens, indents: Int32Array) {
    this.lines = new Lines(toks, indents, toks.lines.length >> 1);
  }

  /**
   * The range early exits and enclosing branches keep `name` in at offset `at` (where the exp is evaluated), in the
   * function around it; unbounded at module level, or when the name is not a plain local nothing rebinds after the test.
   */
  rangeOf(name: string, at: number): Interval {
    try {
      return this.walkedRange(name, at);
    } catch {
      // Text deep enough to exhaust the stack (thousands of nested parentheses in a test): no bound, the form is reported.
      return UNBOUNDED;
    }
  }

  private walkedRange(name: string, at: number): Interval {
    const { lines } = this;
    const line = lineAt(this.toks, lines.count, at);
    if (line < 0) return UNBOUNDED;
    const def = this.enclosingDef(line);
    if (def < 0 || def + 1 > line || lines.indents[def + 1]! <= lines.indents[def]!) return UNBOUNDED;
    if (!this.testedIn(def).has(name)) return UNBOUNDED;
    const facts: Fact[] = [];
    inBlock(lines, def + 1, line, at, name, facts);
    if (facts.length === 0) return UNBOUNDED;
    const end = lines.next(def);
    const last = lastRebinding(lines, def + 1, end, name);
    if (last === undefined || !(isParameter(lines.line(def), name) || assignedBetween(lines, def + 1, line, name))) return UNBOUNDED;
    let range = UNBOUNDED;
    for (const f of facts) if (f.line > last) range = intersect(range, f.range);
    return range;
  }

  /**
   * The `def` line of the function whose body holds `line`; -1 at module level or directly in a class. Kept per line
   * asked: a line at the indentation searched for, with nothing less indented after it, is in the same block, so the
   * answer already found for it is this one's (a long function's forms do not each walk back to its def).
   */
  private enclosingDef(line: number): number {
    const { lines, defs } = this;
    let indent = lines.indents[line]!;
    const words = lines.toks.lineFirstWords;
    let found = -1;
    for (let j = line - 1; j >= 0; j--) {
      if (lines.indents[j]! > indent) continue;
      if (lines.indents[j] === indent) {
        const known = defs.get(j);
        if (known === undefined) continue;
        found = known;
        break;
      }
      // Keyword codes: only an `async` line's second word is read.
      if (words[j] === KW_DEF || (words[j] === KW_ASYNC && lines.head(j) === 'def')) {
        found = j;
        break;
      }
      if (words[j] === KW_CLASS) break;
      indent = lines.indents[j]!;
    }
    defs.set(line, found);
    return found;
  }

  /** The names the if/elif lines of the function defined on line `def` mention. */
  private testedIn(def: number): ReadonlySet<string> {
    let names = this.testedNames.get(def);
    if (names === undefined) {
      const found = new Set<string>();
      const { lines } = this;
      const words = this.toks.lineFirstWords;
      const end = lines.next(def);
      for (let j = def + 1; j < end; j++) {
        if (words[j] !== KW_IF && words[j] !== KW_ELIF) continue;
        const line = lines.line(j);
        for (let k = 1; k < line.texts.length; k++) if (line.kinds[k] === KIND_NAME) found.add(line.texts[k]!);
      }
      names = found;
      this.testedNames.set(def, names);
    }
    return names;
  }
}

/** The logical line holding offset `at`, -1 when none does. */
function lineAt(toks: CompactTokens, count: number, at: number): number {
  let lo = 0;
  let hi = count;
  // The last line starting at or before `at`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks.starts[toks.lines[2 * mid]!]! <= at) lo = mid + 1;
    else hi = mid;
  }
  const line = lo - 1;
  return line >= 0 && at < toks.ends[toks.lines[2 * line + 1]! - 1]! ? line : -1;
}

/** Facts on the way to `target` through the block whose first statement is line `first`. */
function inBlock(lines: Lines, first: number, target: number, at: number, name: string, facts: Fact[]): void {
  const indent = lines.indents[first]!;
  // The current if/elif chain: its test lines, and whether every branch so far always leaves.
  let chain: number[] = [];
  let allLeave = false;
  for (let j = first; j <= target && j < lines.count && lines.indents[j]! >= indent;) {
    const next = lines.next(j);
    const head = lines.head(j);
    const inChain = (head === 'elif' || head === 'else') && chain.length > 0;
    if (target < next) {
      if (inChain) for (const test of chain) testFacts(lines, test, true, name, facts);
      if (head === 'if' || head === 'elif') {
        const colon = headerColon(lines.line(j));
        // The test itself, or an inline body the form is not in: nothing of this branch holds.
        if (colon < 0 || (target === j && at < lines.line(j).starts[colon]!)) return;
        testFacts(lines, j, false, name, facts);
      }
      if (target > j && BLOCK_HEADERS.has(head) && lines.indents[j + 1]! > indent) inBlock(lines, j + 1, target, at, name, facts);
      return;
    }
    if (head === 'if') {
      chain = [j];
      allLeave = leaves(lines, j);
      if (allLeave) testFacts(lines, j, true, name, facts);
    } else if (head === 'elif' && chain.length > 0) {
      chain.push(j);
      allLeave = allLeave && leaves(lines, j);
      if (allLeave) testFacts(lines, j, true, name, facts);
    } else {
      chain = [];
    }
    j = next;
  }
}

/** The body of the header on line j always leaves: an inline `return ...`, or a block whose last statement is an exit. */
function leaves(lines: Lines, j: number): boolean {
  const line = lines.line(j);
  const colon = headerColon(line);
  if (colon < 0) return false;
  if (colon + 1 < line.texts.length) return EXITS.has(line.texts[colon + 1]!) && line.kinds[colon + 1] === KIND_NAME;
  const first = j + 1;
  if (first >= lines.count || lines.indents[first]! <= lines.indents[j]!) return false;
  let last = first;
  for (let k = first; k < lines.count && lines.indents[k]! >= lines.indents[first]!; k = lines.next(k)) {
    if (lines.indents[k] === lines.indents[first]) last = k;
  }
  const head = lines.head(last);
  return EXITS.has(head) && lines.line(last).kinds[0] === KIND_NAME;
}

/** The index (in the line's code tokens) of the `:` ending a compound statement's header, -1 when there is none. */
function headerColon(line: Line): number {
  let depth = 0;
  for (let i = 0; i < line.texts.length; i++) {
    if (line.kinds[i] !== KIND_OP) {
      // A lambda's `:` is not the header's.
      if (line.texts[i] === 'lambda') return -1;
      continue;
    }
    const t = line.texts[i]!;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    else if (t === ':' && depth === 0) return i;
  }
  return -1;
}

/** The bounds the test of the if/elif on line j puts on `name` where it holds, or where it fails (`negated`). */
function testFacts(lines: Lines, j: number, negated: boolean, name: string, facts: Fact[]): void {
  const line = lines.line(j);
  const head = lines.head(j);
  if (head !== 'if' && head !== 'elif') return;
  const colon = headerColon(line);
  if (colon < 0) return;
  const range = termsRange(line, 1, colon, negated, name);
  if (range.lo > -Infinity || range.hi < Infinity) facts.push({ line: j, range });
}

function termsRange(line: Line, from: number, to: number, negated: boolean, name: string): Interval {
  const joiner = negated ? 'or' : 'and';
  const other = negated ? 'and' : 'or';
  const terms: Array<[number, number]> = [];
  let start = from;
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = line.texts[k]!;
    if (line.kinds[k] === KIND_OP) {
      if (t === '(' || t === '[' || t === '{') depth++;
      else if (t === ')' || t === ']' || t === '}') depth--;
      else if (t === ':=' || t === ',') return UNBOUNDED;
      continue;
    }
    if (depth !== 0 || line.kinds[k] !== KIND_NAME) continue;
    // `not`, a conditional expression, a lambda, `a and b or c`: the test is something else.
    if (t === other || t === 'not' || t === 'if' || t === 'else' || t === 'lambda') return UNBOUNDED;
    if (t === joiner) {
      terms.push([start, k]);
      start = k + 1;
    }
  }
  terms.push([start, to]);
  let range = UNBOUNDED;
  for (const [a, b] of terms) {
    if (line.texts[a] === '(' && closes(line, a) === b - 1) range = intersect(range, termsRange(line, a + 1, b - 1, negated, name));
    else range = intersect(range, comparisonRange(line, a, b, negated, name));
  }
  return range;
}

function closes(line: Line, open: number): number {
  let depth = 0;
  for (let k = open; k < line.texts.length; k++) {
    if (line.kinds[k] !== KIND_OP) continue;
    const t = line.texts[k]!;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/**
 * `name < c`, `c >= name`, and where it holds the chain `-45 <= name <= 45`: the range where the comparison holds,
 * or where it fails when `negated` (a chain fails on either side: no bound).
 */
function comparisonRange(line: Line, a: number, b: number, negated: boolean, name: string): Interval {
  const ops: number[] = [];
  for (let k = a; k < b; k++) if (line.kinds[k] === KIND_OP && ORDER.has(line.texts[k]!)) ops.push(k);
  if (ops.length === 1) {
    const op = ops[0]!;
    const order = line.texts[op] as '<' | '<=' | '>' | '>=';
    const nameFirst = op - a === 1 && isName(line, a, name);
    const c = nameFirst ? numberIn(line, op + 1, b) : b - op === 2 && isName(line, op + 1, name) ? numberIn(line, a, op) : undefined;
    return c === undefined ? UNBOUNDED : comparisonInterval(order, c, nameFirst, negated);
  }
  if (ops.length === 2 && !negated && ops[1]! - ops[0]! === 2 && isName(line, ops[0]! + 1, name)) {
    const left = numberIn(line, a, ops[0]!);
    const right = numberIn(line, ops[1]! + 1, b);
    const first = line.texts[ops[0]!]!;
    const second = line.texts[ops[1]!]!;
    if (left === undefined || right === undefined || first[0] !== second[0]) return UNBOUNDED;
    return first[0] === '<' ? { lo: left, hi: right } : { lo: right, hi: left };
  }
  return UNBOUNDED;
}

function isName(line: Line, k: number, name: string): boolean {
  return line.kinds[k] === KIND_NAME && line.texts[k] === name;
}

/** A number written from a to b: `45`, `-45.0`, `+1e2`. */
function numberIn(line: Line, a: number, b: number): number | undefined {
  let sign = 1;
  let k = a;
  if (b - a === 2 && line.kinds[a] === KIND_OP && (line.texts[a] === '-' || line.texts[a] === '+')) {
    sign = line.texts[a] === '-' ? -1 : 1;
    k = a + 1;
  }
  if (k !== b - 1 || line.kinds[k] !== KIND_NUMBER) return undefined;
  const v = pythonNumberValue(line.texts[k]!);
  return Number.isFinite(v) ? sign * v : undefined;
}

/** `def f(x, y=1.0, *, z: float)`: `name` is one of its parameters. */
function isParameter(def: Line, name: string): boolean {
  for (let k = 1; k < def.texts.length; k++) {
    if (!isName(def, k, name)) continue;
    const before = def.texts[k - 1]!;
    const after = def.texts[k + 1] ?? '';
    if ((before === '(' || before === ',' || before === '*') && (after === ',' || after === ')' || after === ':' || after === '=')) return true;
  }
  return false;
}

function assignedBetween(lines: Lines, from: number, to: number, name: string): boolean {
  for (let j = from; j < to; j++) if (rebinds(lines.line(j), name) === true) return true;
  return false;
}

/** The last line in [from, to) that rebinds `name` (-1 when none does); undefined when a `global`/`nonlocal` names it. */
function lastRebinding(lines: Lines, from: number, to: number, name: string): number | undefined {
  let last = -1;
  for (let j = from; j < to; j++) {
    const r = rebinds(lines.line(j), name);
    if (r === undefined) return undefined;
    if (r) last = j;
  }
  return last;
}

/**
 * Whether a line may bind `name`: an assignment whose targets name it (`x = `, `a, x = `, `x += `), `x :=`, a `for`
 * target, `as x`, a lambda's or nested def's parameter, `del x`, `import x`; undefined for `global x` / `nonlocal x`.
 */
function rebinds(line: Line, name: string): boolean | undefined {
  const { texts, kinds } = line;
  let mentioned = false;
  for (let k = 0; k < texts.length; k++) if (isName(line, k, name) && texts[k - 1] !== '.') mentioned = true;
  if (!mentioned) return false;
  if (texts[0] === 'global' || texts[0] === 'nonlocal') return undefined;
  if (texts[0] === 'def' || texts[0] === 'class' || texts[0] === 'import' || texts[0] === 'from' || texts[0] === 'del' || texts[0] === 'async') return true;
  let depth = 0;
  let seenName = false;
  // Between `for` and `in`, `lambda` and `:`: a target or a parameter.
  let binding: 'for' | 'lambda' | undefined;
  for (let k = 0; k < texts.length; k++) {
    const t = texts[k]!;
    if (kinds[k] === KIND_NAME) {
      if (t === 'for' || t === 'lambda') binding = t;
      else if (t === 'in' && binding === 'for') binding = undefined;
      else if (t === name && texts[k - 1] !== '.') {
        if (binding !== undefined || texts[k - 1] === 'as' || texts[k + 1] === ':=') return true;
        if (depth === 0) seenName = true;
      }
      continue;
    }
    if (kinds[k] !== KIND_OP) continue;
    if (t === ':' && binding === 'lambda') binding = undefined;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    else if (depth === 0 && REBINDING_OPS.has(t) && seenName) return true;
  }
  return false;
}
