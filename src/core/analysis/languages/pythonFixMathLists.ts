// Fixes for plain-Python softmax and log-sum-exp over a list (`[math.exp(v) / sum(math.exp(u) for u in xs)
// for v in xs]`, `math.log(sum(math.exp(v) for v in xs))`): the maximum is computed once, in a local
// variable on a line of its own before the statement, and subtracted inside every exp:
//   xs_max = max((u for u in xs if math.isfinite(u)), default=0.0)
//   [math.exp(v - xs_max) / sum(math.exp(u - xs_max) for u in xs) for v in xs]
//   xs_max + math.log(sum(math.exp(v - xs_max) for v in xs))
// The quotient is unchanged by any common shift, and log(sum(exp(a))) = m + log(sum(exp(a - m))); no exp
// of a finite element sees a positive argument. The shift is the largest finite element, 0 when there is
// none, so an empty list, infinities and NaN give what they gave before: [] for the softmax, ValueError
// from log(0) for the log-sum-exp of [] or all -inf, inf for an inf element, NaN for a NaN. Offered only where a line can go before the statement
// (it starts its own line, is not a block header, holds no lambda) and the list is a plain name or
// attribute not bound inside the statement itself (a nested comprehension's variable).
import type { ExpForm, RuleMatch } from '../stabilityRules';
import { type Expr, stripParens } from '../syntax';
import type { TextEdit } from '../types';
import { type Candidate, type Code, type FixContext, Speller, codeOf, wrap } from './pythonFixSpelling';
import { type PythonFixScope, fixScopeFor } from './pythonFixScope';
import { argumentSlot, namesIn, plainAssignment } from './pythonFixSoftmax';
import { KIND_NAME } from './pythonTokenizer';

// Lines before which no statement can go, or whose expression is evaluated again and again (`while`); `if` and `for` headers evaluate theirs once.
const BLOCK_HEADERS = new Set(['elif', 'else', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async', 'match', 'case', 'lambda', '@']);

/** Arithmetic of names, numbers and attributes: cheap and side-effect free, so `max` may evaluate it again. */
function isPureArithmetic(e: Expr, depth = 0): boolean {
  if (depth > 8) return false;
  const n = stripParens(e);
  if (n.kind === 'name' || n.kind === 'number') return true;
  if (n.kind === 'attribute') return isPureArithmetic(n.object, depth + 1);
  if (n.kind === 'unary') return (n.op === '-' || n.op === '+') && isPureArithmetic(n.operand, depth + 1);
  if (n.kind === 'binary') return (n.op === '+' || n.op === '-' || n.op === '*' || n.op === '/') && isPureArithmetic(n.left, depth + 1) && isPureArithmetic(n.right, depth + 1);
  return false;
}

/** Names a statement binds for its own parts: comprehension targets (`for v in`), and any lambda makes it unfit. */
function boundInside(scope: PythonFixScope, line: number): Set<string> | undefined {
  const [first, last] = scope.tokens(line);
  const toks = scope.toks;
  const out = new Set<string>();
  for (let i = first; i < last; i++) {
    if (toks.kinds[i] !== KIND_NAME) continue;
    if (toks.is(i, 'lambda')) return undefined;
    if (!toks.is(i, 'for')) continue;
    for (let j = i + 1; j < last && !toks.is(j, 'in'); j++) if (toks.kinds[j] === KIND_NAME) out.add(toks.textOf(j));
  }
  return out;
}

// Calls whose result can be iterated only once: max would use it up before the sum.
const ONE_SHOT_CALLS = new Set(['map', 'filter', 'zip', 'iter', 'reversed', 'enumerate', 'open']);

/**
 * Whether the list is, as far as the function shows, an iterator: the last `xs = ...` before the statement
 * assigns a generator expression or a one-shot call. A parameter or anything else is taken for a sequence,
 * which the softmax form (iterating it once per element) already requires.
 */
function mayBeOneShot(scope: PythonFixScope, line: number, iterable: Expr): boolean {
  const n = stripParens(iterable);
  if (n.kind !== 'name') return false;
  const region = scope.enclosingFunction(line);
  for (let k = line - 1; k >= region.from; k--) {
    const [first, last] = scope.tokens(k);
    const toks = scope.toks;
    if (!(toks.is(first, n.name) && last - first > 2 && toks.is(first + 1, '='))) continue;
    const value = toks.codeTokens(first + 2, last);
    const head = value[0]!;
    if (head.text === '(' && value.some((t) => t.kind === 'name' && t.text === 'for')) return true;
    return head.kind === 'name' && ONE_SHOT_CALLS.has(head.text) && value[1]?.text === '(';
  }
  return false;
}

/** `xs_max` for `xs`, `logits_max` for `self.logits`; a number appended until no name in the file is the same. */
function freshName(scope: PythonFixScope, iterable: Expr, text: string): string | undefined {
  const n = stripParens(iterable);
  const base = n.kind === 'name' ? n.name : n.kind === 'attribute' ? n.name : text.slice(n.start, n.end).replace(/\W+/g, '_');
  for (let k = 0; k < 10; k++) {
    const name = k === 0 ? `${base}_max` : `${base}_max${k + 1}`;
    if (/^[A-Za-z_]\w*$/.test(name) && !scope.mentions(name)) return name;
  }
  return undefined;
}

interface Hoist {
  readonly name: string;
  readonly insertion: { readonly edit: TextEdit; readonly statement: string };
}

/**
 * The line `name = max(xs, default=0.0)` (or max over the exp arguments) before `line`, when the shape allows it.
 * `summed` is the comprehension whose exponentials are summed.
 */
function hoistMaximum(scope: PythonFixScope, line: number, summed: ExpForm, ctx: FixContext, speller: Speller): Hoist | undefined {
  const comp = summed.comprehension!;
  const text = ctx.text;
  const iterable = codeOf(comp.iterable, text);
  if (!iterable.simple || mayBeOneShot(scope, line, comp.iterable)) return undefined;
  if (!scope.startsItsLine(line) || BLOCK_HEADERS.has(scope.firstWord(line))) return undefined;
  // Outside a function the new name is a global: other cells of a notebook (or the rest of a re-analysed file) may use it.
  if (scope.enclosingFunction(line).kind !== 'def' && !scope.seesAllModuleUses()) return undefined;
  const bound = boundInside(scope, line);
  if (bound === undefined) return undefined;
  for (const n of namesIn(comp.iterable)) if (bound.has(n)) return undefined;
  const arg = stripParens(summed.arg);
  // The largest finite exponent; the comprehension's own variable is reused, as it is local to the generator.
  if (!(arg.kind === 'name' && arg.name === comp.target) && !(isPureArithmetic(arg) && namesIn(arg).has(comp.target))) return undefined;
  const exponent = text.slice(arg.start, arg.end);
  const values = `(${exponent} for ${comp.target} in ${iterable.text} if ${speller.spell('math.isfinite')}(${exponent}))`;
  const name = freshName(scope, comp.iterable, text);
  if (name === undefined) return undefined;
  const start = scope.span(line).start;
  let lineStart = start;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
  const statement = `${name} = max(${values}, default=0.0)`;
  return { name, insertion: { edit: { span: { start: lineStart, end: lineStart }, newText: `${text.slice(lineStart, start)}${statement}${ctx.eol}` }, statement } };
}

/** exp(a) → exp(a - name), as an edit of exp's argument. */
function shiftEdit(exp: Expr, name: string, text: string): TextEdit | undefined {
  const slot = argumentSlot(exp);
  if (slot === undefined) return undefined;
  const arg = stripParens(slot.arg);
  const shifted = `${wrap(codeOf(arg, text), 12)} - ${name}`;
  return { span: { start: arg.start, end: arg.end }, newText: slot.parens ? `(${shifted})` : shifted };
}

export function mathListSoftmaxFix(m: RuleMatch, ctx: FixContext): Candidate | undefined {
  const parts = m.softmax;
  if (m.lib !== 'math' || parts === undefined || parts.summed.comprehension === undefined || parts.numerator.source !== undefined) return undefined;
  if (parts.summed.source !== undefined) return undefined;
  const scope = fixScopeFor(ctx);
  const divisionLine = scope.lineAt(m.node.start);
  if (divisionLine < 0) return undefined;
  // The sum is written in the quotient, or assigned to a name the quotient alone reads (`total = sum(...)`).
  let line = divisionLine;
  if (parts.sumSource !== undefined) {
    const sumLine = plainAssignment(scope, parts.sumSource.name, parts.sumSource.node);
    if (sumLine === undefined || sumLine >= divisionLine) return undefined;
    const region = scope.enclosingFunction(divisionLine);
    if (region.kind === 'class' || (region.kind === 'module' && !scope.seesAllModuleUses())) return undefined;
    const target = scope.span(sumLine).start;
    for (const at of scope.nameOccurrences(parts.sumSource.name, region.from, region.to)) {
      if (at !== target && !(at >= m.node.start && at < m.node.end)) return undefined;
    }
    // The list must be the same when the quotient reads the shifted sum.
    for (const n of namesIn(parts.summed.comprehension.iterable)) {
      if (scope.nameOccurrences(n, sumLine + 1, divisionLine).length > 0) return undefined;
    }
    line = sumLine;
  }
  const speller = new Speller(ctx);
  const hoist = hoistMaximum(scope, line, parts.summed, ctx, speller);
  if (hoist === undefined) return undefined;
  const top = shiftEdit(parts.numerator.node, hoist.name, ctx.text);
  const bottom = shiftEdit(parts.summed.node, hoist.name, ctx.text);
  if (top === undefined || bottom === undefined) return undefined;
  return {
    title: 'Subtract the maximum (computed once) before exp', replacement: { text: '', power: 0, simple: false }, speller,
    ownEdits: [top, bottom], insertions: [hoist.insertion],
    statements: [...new Set([line, divisionLine])].map((l) => scope.span(l)),
  };
}

export function mathListLogSumExpFix(m: RuleMatch, ctx: FixContext): Candidate | undefined {
  const parts = m.logsumexp;
  if (m.lib !== 'math' || parts === undefined || parts.summed.comprehension === undefined) return undefined;
  const scope = fixScopeFor(ctx);
  const line = scope.lineAt(m.node.start);
  if (line < 0) return undefined;
  const speller = new Speller(ctx);
  const hoist = hoistMaximum(scope, line, parts.summed, ctx, speller);
  if (hoist === undefined) return undefined;
  const shift = shiftEdit(parts.summed.node, hoist.name, ctx.text);
  if (shift === undefined) return undefined;
  const text = ctx.text;
  const node = m.node;
  const shiftedLog = text.slice(node.start, shift.span.start) + shift.newText + text.slice(shift.span.end, node.end);
  const replacement: Code = { text: `${hoist.name} + ${shiftedLog}`, power: 11, simple: false };
  return { title: 'Subtract the maximum (computed once) before exp', replacement, speller, insertions: [hoist.insertion] };
}
