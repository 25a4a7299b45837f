// Python statements on top of the shared expression parser: splits a logical line into the expressions
// it evaluates (assignment values and targets, compound-statement headers, return values, decorators),
// and reads `def`/`class` headers. A statement that does not parse is reported as broken.
import { parseExpressionList } from '../expressionParser';
import type { Expr, Token } from '../syntax';
import { PYTHON_GRAMMAR } from './pythonGrammar';

export interface ParsedDefinition {
  readonly kind: 'def' | 'class';
  readonly name: Token;
  readonly params: readonly string[];
}

export interface ParsedStatement {
  /** Expressions evaluated by the statement, in source order. */
  readonly expressions: Expr[];
  /** `name = value` (single plain-name target): what later statements of the function may look up. */
  readonly assignments: Array<{ readonly target: Token; readonly value: Expr }>;
  /** Targets rebound by any other assignment (`x += 1`, `a, b = ...`): their earlier values are forgotten. */
  readonly rebound: string[];
  readonly definition?: ParsedDefinition;
  readonly broken: boolean;
  /** Import statements are read by the alias table, not here. */
  readonly isImport: boolean;
}

const COMPOUND_HEADERS = new Set(['if', 'elif', 'while', 'for', 'with', 'except', 'else', 'try', 'finally', 'match', 'case']);
const NO_EXPRESSION = new Set(['pass', 'break', 'continue', 'global', 'nonlocal']);
const VALUE_KEYWORDS = new Set(['return', 'assert', 'del', 'raise']);
const ASSIGN_OPS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=']);

export function parseStatement(tokens: readonly Token[], from: number, to: number): ParsedStatement {
  const out: ParsedStatement = { expressions: [], assignments: [], rebound: [], broken: false, isImport: false };
  parseInto(tokens, from, to, out, 0);
  return out;
}

function parseInto(tokens: readonly Token[], from: number, to: number, out: ParsedStatement, nesting: number): void {
  if (from >= to) return;
  if (nesting > 8) {
    (out as { broken: boolean }).broken = true;
    return;
  }
  // `a; b`: split at top-level semicolons.
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (t.text === ';' && depth === 0) {
      parseInto(tokens, from, i, out, nesting + 1);
      parseInto(tokens, i + 1, to, out, nesting + 1);
      return;
    }
  }
  const first = tokens[from]!;
  const word = first.kind === 'name' ? first.text : '';
  if (word === 'import' || word === 'from') {
    (out as { isImport: boolean }).isImport = true;
    return;
  }
  if (NO_EXPRESSION.has(word)) return;
  if (word === 'async' && tokens[from + 1]?.kind === 'name') {
    parseInto(tokens, from + 1, to, out, nesting + 1);
    return;
  }
  if (word === 'def' || word === 'class') {
    const name = tokens[from + 1];
    if (name === undefined || name.kind !== 'name') {
      (out as { broken: boolean }).broken = true;
      return;
    }
    const params: string[] = [];
    if (word === 'def') {
      // Parameter names: names at depth 1 followed by `,` `)` `=` or `:`.
      let d = 0;
      for (let i = from + 2; i < to; i++) {
        const t = tokens[i]!;
        if (t.text === '(' || t.text === '[' || t.text === '{') d++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') d--;
        else if (d === 1 && t.kind === 'name') {
          const next = tokens[i + 1]?.text;
          const prev = tokens[i - 1]?.text;
          if ((next === ',' || next === ')' || next === '=' || next === ':') && (prev === '(' || prev === ',' || prev === '*' || prev === '**')) params.push(t.text);
        }
      }
    }
    (out as { definition?: ParsedDefinition }).definition = { kind: word, name, params };
    const colon = headerColon(tokens, from, to);
    if (colon !== undefined && colon + 1 < to) parseInto(tokens, colon + 1, to, out, nesting + 1);
    return;
  }
  if (word === '@' || (first.kind === 'op' && first.text === '@')) {
    addExpression(tokens, from + 1, to, out);
    return;
  }
  if (COMPOUND_HEADERS.has(word) && !(word === 'match' || word === 'case') || ((word === 'match' || word === 'case') && headerColon(tokens, from, to) !== undefined && !isAssignmentLike(tokens, from + 1))) {
    const colon = headerColon(tokens, from, to);
    if (colon === undefined) {
      (out as { broken: boolean }).broken = true;
      return;
    }
    if (word === 'with' || word === 'except') addWithItems(tokens, from + 1, colon, out);
    else if (word === 'for') {
      // `for target in iterable:`: the target is not evaluated; the iterable is.
      let inAt = -1;
      let d = 0;
      for (let i = from + 1; i < colon; i++) {
        const t = tokens[i]!;
        if (t.text === '(' || t.text === '[' || t.text === '{') d++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') d--;
        else if (d === 0 && t.kind === 'name' && t.text === 'in') {
          inAt = i;
          break;
        }
      }
      if (inAt < 0) (out as { broken: boolean }).broken = true;
      else {
        const targets = targetNames(tokens, from + 1, inAt);
        out.rebound.push(...targets);
        addExpression(tokens, inAt + 1, colon, out);
      }
    } else if (word !== 'else' && word !== 'try' && word !== 'finally') addExpression(tokens, from + 1, colon, out);
    if (colon + 1 < to) parseInto(tokens, colon + 1, to, out, nesting + 1);
    return;
  }
  if (VALUE_KEYWORDS.has(word)) {
    // `raise X from Y`: both are expressions.
    let end = to;
    for (let i = from + 1; i < to; i++) if (tokens[i]!.kind === 'name' && tokens[i]!.text === 'from' && word === 'raise') end = i;
    addExpression(tokens, from + 1, end, out);
    if (end < to) addExpression(tokens, end + 1, to, out);
    return;
  }
  parseSimple(tokens, from, to, out);
}

function isAssignmentLike(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  return t !== undefined && t.kind === 'op' && (t.text === '=' || t.text === '.' || t.text === '(' || ASSIGN_OPS.has(t.text));
}

/** The `:` that ends a compound statement's header (not one inside brackets or a lambda). */
function headerColon(tokens: readonly Token[], from: number, to: number): number | undefined {
  let depth = 0;
  let lambdas = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'name' && t.text === 'lambda' && depth === 0) lambdas++;
    else if (t.kind !== 'op') continue;
    else if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (t.text === ':' && depth === 0) {
      if (lambdas > 0) lambdas--;
      else return i;
    }
  }
  return undefined;
}

function addExpression(tokens: readonly Token[], from: number, to: number, out: ParsedStatement): Expr | undefined {
  if (from >= to) return undefined;
  const e = parseExpressionList(tokens, from, to, PYTHON_GRAMMAR);
  if (e === undefined) (out as { broken: boolean }).broken = true;
  else out.expressions.push(e);
  return e;
}

/** `with a as b, c:` / `except E as e:`: the items without their `as` targets. */
function addWithItems(tokens: readonly Token[], from: number, to: number, out: ParsedStatement): void {
  let start = from;
  let depth = 0;
  if (tokens[from]?.text === '(' && tokens[to - 1]?.text === ')') {
    start = from + 1;
    to = to - 1;
  }
  let i = start;
  let itemStart = start;
  while (i <= to) {
    const t = tokens[i];
    const atEnd = i === to;
    if (!atEnd && (t!.text === '(' || t!.text === '[' || t!.text === '{')) depth++;
    else if (!atEnd && (t!.text === ')' || t!.text === ']' || t!.text === '}')) depth--;
    if (atEnd || (depth === 0 && t!.kind === 'op' && t!.text === ',')) {
      let end = i;
      for (let j = itemStart; j < i; j++) {
        if (tokens[j]!.kind === 'name' && tokens[j]!.text === 'as') {
          end = j;
          break;
        }
      }
      addExpression(tokens, itemStart, end, out);
      itemStart = i + 1;
    }
    i++;
  }
}

function targetNames(tokens: readonly Token[], from: number, to: number): string[] {
  const names: string[] = [];
  for (let i = from; i < to; i++) if (tokens[i]!.kind === 'name') names.push(tokens[i]!.text);
  return names;
}

/** Expression statements and assignments: `a = b = value`, `a += value`, `a: T = value`. */
function parseSimple(tokens: readonly Token[], from: number, to: number, out: ParsedStatement): void {
  const cuts: number[] = [];
  let depth = 0;
  let lambdas = 0;
  let augmented = false;
  let annotation = -1;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'name' && t.text === 'lambda' && depth === 0) lambdas++;
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (depth === 0 && t.text === '=') cuts.push(i);
    else if (depth === 0 && ASSIGN_OPS.has(t.text)) {
      cuts.push(i);
      augmented = true;
    } else if (depth === 0 && t.text === ':') {
      if (lambdas > 0) lambdas--;
      else if (annotation < 0 && cuts.length === 0) annotation = i;
    }
  }
  if (cuts.length === 0) {
    if (annotation >= 0) {
      // `x: int` (annotation only).
      return;
    }
    addExpression(tokens, from, to, out);
    return;
  }
  const valueFrom = cuts[cuts.length - 1]! + 1;
  const value = addExpression(tokens, valueFrom, to, out);
  let segmentStart = from;
  for (const cut of cuts) {
    const end = annotation >= 0 && annotation < cut && segmentStart === from ? annotation : cut;
    const single = end - segmentStart === 1 && tokens[segmentStart]!.kind === 'name';
    if (single && !augmented && value !== undefined) out.assignments.push({ target: tokens[segmentStart]!, value });
    else {
      out.rebound.push(...targetNames(tokens, segmentStart, end));
      // Subscript and attribute targets evaluate expressions too (`out[i] = ...`), but nothing the rules need.
    }
    segmentStart = cut + 1;
  }
}
