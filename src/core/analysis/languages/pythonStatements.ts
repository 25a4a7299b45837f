// Python statements on top of the shared expression parser: splits a logical line into the expressions
// it evaluates (assignment values and targets, compound-statement headers, return values, decorators),
// and reads `def`/`class` headers. A statement that does not parse is reported as broken.
// It reads the statement's tokens in columns (see `TokenColumns`); `parseStatement` takes token objects.
import {
  TOKEN_NAME, TOKEN_OP, TokenColumns, keywordCode, operatorCode, parseExpressionColumns,
} from '../expressionParser';
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

const KW_IMPORT = keywordCode('import');
const KW_FROM = keywordCode('from');
const KW_ASYNC = keywordCode('async');
const KW_DEF = keywordCode('def');
const KW_CLASS = keywordCode('class');
const KW_MATCH = keywordCode('match');
const KW_CASE = keywordCode('case');
const KW_WITH = keywordCode('with');
const KW_EXCEPT = keywordCode('except');
const KW_FOR = keywordCode('for');
const KW_IN = keywordCode('in');
const KW_ELSE = keywordCode('else');
const KW_TRY = keywordCode('try');
const KW_FINALLY = keywordCode('finally');
const KW_RAISE = keywordCode('raise');
const KW_LAMBDA = keywordCode('lambda');
const KW_AS = keywordCode('as');
const COMPOUND_HEADERS = new Set((['if', 'elif', 'while', 'for', 'with', 'except', 'else', 'try', 'finally', 'match', 'case'] as const).map(keywordCode));
const NO_EXPRESSION = new Set((['pass', 'break', 'continue', 'global', 'nonlocal'] as const).map(keywordCode));
const VALUE_KEYWORDS = new Set((['return', 'assert', 'del', 'raise'] as const).map(keywordCode));
const ASSIGN_OPS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<='].map((o) => operatorCode(o)));
const OP_LPAREN = operatorCode('(');
const OP_RPAREN = operatorCode(')');
const OP_LBRACKET = operatorCode('[');
const OP_RBRACKET = operatorCode(']');
const OP_LBRACE = operatorCode('{');
const OP_RBRACE = operatorCode('}');
const OP_SEMICOLON = operatorCode(';');
const OP_COMMA = operatorCode(',');
const OP_COLON = operatorCode(':');
const OP_ASSIGN = operatorCode('=');
const OP_DOT = operatorCode('.');
const OP_AT = operatorCode('@');
const OP_STAR = operatorCode('*');
const OP_STARSTAR = operatorCode('**');

/** Parses the statement tokens[from, to) (comments left out). */
export function parseStatement(tokens: readonly Token[], from: number, to: number): ParsedStatement {
  return parseStatementColumns(TokenColumns.fromTokens(tokens, from, to, STATEMENT_SCRATCH), 0, to - from);
}

// Reused by every parseStatement call (fixes re-parse their text with it): results never hold the columns.
const STATEMENT_SCRATCH = new TokenColumns();

/**
 * Parses the statement in columns [from, to) (comments left out). With `reuse` (a statement returned by an
 * earlier call that its caller is done with), that object and its arrays are emptied and filled again: a
 * caller parsing statement after statement then allocates only the nodes.
 */
export function parseStatementColumns(tokens: TokenColumns, from: number, to: number, reuse?: ParsedStatement): ParsedStatement {
  const out: ParsedStatement = reuse === undefined ? { expressions: [], assignments: [], rebound: [], definition: undefined, broken: false, isImport: false } : emptied(reuse);
  parseInto(tokens, from, to, out, 0);
  return out;
}

function emptied(st: ParsedStatement): ParsedStatement {
  const out = st as { -readonly [K in keyof ParsedStatement]: ParsedStatement[K] };
  // Emptied by popping (a statement leaves one to three entries): setting an array's length is a call into V8's
  // runtime, where a pop is a few inlined instructions; the arrays keep their storage for the next statement.
  emptyArray(out.expressions);
  emptyArray(out.assignments);
  emptyArray(out.rebound);
  out.definition = undefined;
  out.broken = false;
  out.isImport = false;
  return out;
}

function emptyArray(a: unknown[]): void {
  while (a.length !== 0) a.pop();
}

/** +1 for an opening bracket, -1 for a closing one, 0 for any other token. */
function bracketDelta(t: TokenColumns, i: number): number {
  if (t.kinds[i] !== TOKEN_OP) return 0;
  const c = t.codes[i];
  return c === OP_LPAREN || c === OP_LBRACKET || c === OP_LBRACE ? 1 : c === OP_RPAREN || c === OP_RBRACKET || c === OP_RBRACE ? -1 : 0;
}

function parseInto(t: TokenColumns, from: number, to: number, out: ParsedStatement, nesting: number): void {
  if (from >= to) return;
  if (nesting > 8) {
    (out as { broken: boolean }).broken = true;
    return;
  }
  // `a; b`: split at top-level semicolons.
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (t.kinds[i] !== TOKEN_OP) continue;
    const d = bracketDelta(t, i);
    if (d !== 0) depth += d;
    else if (t.codes[i] === OP_SEMICOLON && depth === 0) {
      parseInto(t, from, i, out, nesting + 1);
      parseInto(t, i + 1, to, out, nesting + 1);
      return;
    }
  }
  // The statement's leading keyword (0 for any other first token).
  const word = t.kinds[from] === TOKEN_NAME ? t.codes[from]! : 0;
  if (word === KW_IMPORT || word === KW_FROM) {
    (out as { isImport: boolean }).isImport = true;
    return;
  }
  if (NO_EXPRESSION.has(word)) return;
  if (word === KW_ASYNC && from + 1 < t.count && t.kinds[from + 1] === TOKEN_NAME) {
    parseInto(t, from + 1, to, out, nesting + 1);
    return;
  }
  if (word === KW_DEF || word === KW_CLASS) {
    const nameAt = from + 1;
    if (nameAt >= t.count || t.kinds[nameAt] !== TOKEN_NAME) {
      (out as { broken: boolean }).broken = true;
      return;
    }
    const params: string[] = [];
    if (word === KW_DEF) {
      // Parameter names: names at depth 1 followed by `,` `)` `=` or `:`.
      let d = 0;
      for (let i = from + 2; i < to; i++) {
        const delta = bracketDelta(t, i);
        if (delta !== 0) d += delta;
        else if (d === 1 && t.kinds[i] === TOKEN_NAME) {
          const next = i + 1 < t.count && t.kinds[i + 1] === TOKEN_OP ? t.codes[i + 1] : -1;
          const prev = t.kinds[i - 1] === TOKEN_OP ? t.codes[i - 1] : -1;
          if ((next === OP_COMMA || next === OP_RPAREN || next === OP_ASSIGN || next === OP_COLON)
            && (prev === OP_LPAREN || prev === OP_COMMA || prev === OP_STAR || prev === OP_STARSTAR)) params.push(t.text(i));
        }
      }
    }
    (out as { definition?: ParsedDefinition }).definition = { kind: word === KW_DEF ? 'def' : 'class', name: t.token(nameAt), params };
    const colon = headerColon(t, from, to);
    if (colon !== undefined && colon + 1 < to) parseInto(t, colon + 1, to, out, nesting + 1);
    return;
  }
  if (t.kinds[from] === TOKEN_OP && t.codes[from] === OP_AT) {
    addExpression(t, from + 1, to, out);
    return;
  }
  const isMatchOrCase = word === KW_MATCH || word === KW_CASE;
  if ((COMPOUND_HEADERS.has(word) && !isMatchOrCase) || (isMatchOrCase && headerColon(t, from, to) !== undefined && !isAssignmentLike(t, from + 1))) {
    const colon = headerColon(t, from, to);
    if (colon === undefined) {
      (out as { broken: boolean }).broken = true;
      return;
    }
    if (word === KW_WITH || word === KW_EXCEPT) addWithItems(t, from + 1, colon, out);
    else if (word === KW_FOR) {
      // `for target in iterable:`: the target is not evaluated; the iterable is.
      let inAt = -1;
      let d = 0;
      for (let i = from + 1; i < colon; i++) {
        const delta = bracketDelta(t, i);
        if (delta !== 0) d += delta;
        else if (d === 0 && t.kinds[i] === TOKEN_NAME && t.codes[i] === KW_IN) {
          inAt = i;
          break;
        }
      }
      if (inAt < 0) (out as { broken: boolean }).broken = true;
      else {
        addTargetNames(t, from + 1, inAt, out.rebound);
        addExpression(t, inAt + 1, colon, out);
      }
    } else if (word !== KW_ELSE && word !== KW_TRY && word !== KW_FINALLY) addExpression(t, from + 1, colon, out);
    if (colon + 1 < to) parseInto(t, colon + 1, to, out, nesting + 1);
    return;
  }
  if (VALUE_KEYWORDS.has(word)) {
    // `raise X from Y`: both are expressions.
    let end = to;
    if (word === KW_RAISE) for (let i = from + 1; i < to; i++) if (t.kinds[i] === TOKEN_NAME && t.codes[i] === KW_FROM) end = i;
    addExpression(t, from + 1, end, out);
    if (end < to) addExpression(t, end + 1, to, out);
    return;
  }
  parseSimple(t, from, to, out);
}

function isAssignmentLike(t: TokenColumns, i: number): boolean {
  if (i >= t.count || t.kinds[i] !== TOKEN_OP) return false;
  const c = t.codes[i]!;
  return c === OP_ASSIGN || c === OP_DOT || c === OP_LPAREN || ASSIGN_OPS.has(c);
}

/** The `:` that ends a compound statement's header (not one inside brackets or a lambda). */
function headerColon(t: TokenColumns, from: number, to: number): number | undefined {
  let depth = 0;
  let lambdas = 0;
  for (let i = from; i < to; i++) {
    const kind = t.kinds[i];
    if (kind === TOKEN_NAME && t.codes[i] === KW_LAMBDA && depth === 0) lambdas++;
    else if (kind !== TOKEN_OP) continue;
    else {
      const d = bracketDelta(t, i);
      if (d !== 0) depth += d;
      else if (t.codes[i] === OP_COLON && depth === 0) {
        if (lambdas > 0) lambdas--;
        else return i;
      }
    }
  }
  return undefined;
}

function addExpression(t: TokenColumns, from: number, to: number, out: ParsedStatement): Expr | undefined {
  if (from >= to) return undefined;
  const e = parseExpressionColumns(t, from, to, PYTHON_GRAMMAR);
  if (e === undefined) (out as { broken: boolean }).broken = true;
  else out.expressions.push(e);
  return e;
}

/** `with a as b, c:` / `except E as e:`: the items without their `as` targets. */
function addWithItems(t: TokenColumns, from: number, to: number, out: ParsedStatement): void {
  let start = from;
  let depth = 0;
  if (t.kinds[from] === TOKEN_OP && t.codes[from] === OP_LPAREN && t.kinds[to - 1] === TOKEN_OP && t.codes[to - 1] === OP_RPAREN && to - 1 >= from) {
    start = from + 1;
    to = to - 1;
  }
  let i = start;
  let itemStart = start;
  while (i <= to) {
    const atEnd = i === to;
    if (!atEnd) depth += bracketDelta(t, i);
    if (atEnd || (depth === 0 && t.kinds[i] === TOKEN_OP && t.codes[i] === OP_COMMA)) {
      let end = i;
      for (let j = itemStart; j < i; j++) {
        if (t.kinds[j] === TOKEN_NAME && t.codes[j] === KW_AS) {
          end = j;
          break;
        }
      }
      addExpression(t, itemStart, end, out);
      itemStart = i + 1;
    }
    i++;
  }
}

function addTargetNames(t: TokenColumns, from: number, to: number, names: string[]): void {
  for (let i = from; i < to; i++) if (t.kinds[i] === TOKEN_NAME) names.push(t.text(i));
}

// The top-level `=` and augmented assignment positions of the statement parseSimple reads: one array for all
// statements (parseSimple does not run inside itself), so that no array is made per statement; its first
// `cutCount` entries are the statement's (not emptied: setting an array's length is a call into V8's runtime).
const CUTS: number[] = [];

/** Expression statements and assignments: `a = b = value`, `a += value`, `a: T = value`. */
function parseSimple(t: TokenColumns, from: number, to: number, out: ParsedStatement): void {
  const cuts = CUTS;
  let cutCount = 0;
  let depth = 0;
  let lambdas = 0;
  let augmented = false;
  let annotation = -1;
  for (let i = from; i < to; i++) {
    const kind = t.kinds[i];
    if (kind === TOKEN_NAME && t.codes[i] === KW_LAMBDA && depth === 0) lambdas++;
    if (kind !== TOKEN_OP) continue;
    const c = t.codes[i]!;
    const d = bracketDelta(t, i);
    if (d !== 0) depth += d;
    // `=` between a lambda and its `:` gives a parameter its default (`f = lambda v, a=0.01: ...`).
    else if (depth === 0 && c === OP_ASSIGN) {
      if (lambdas === 0) cuts[cutCount++] = i;
    } else if (depth === 0 && ASSIGN_OPS.has(c)) {
      cuts[cutCount++] = i;
      augmented = true;
    } else if (depth === 0 && c === OP_COLON) {
      if (lambdas > 0) lambdas--;
      else if (annotation < 0 && cutCount === 0) annotation = i;
    }
  }
  if (cutCount === 0) {
    if (annotation >= 0) {
      // `x: int` (annotation only).
      return;
    }
    addExpression(t, from, to, out);
    return;
  }
  const valueFrom = cuts[cutCount - 1]! + 1;
  const value = addExpression(t, valueFrom, to, out);
  let segmentStart = from;
  for (let c = 0; c < cutCount; c++) {
    const cut = cuts[c]!;
    const end = annotation >= 0 && annotation < cut && segmentStart === from ? annotation : cut;
    const single = end - segmentStart === 1 && t.kinds[segmentStart] === TOKEN_NAME;
    if (single && !augmented && value !== undefined) out.assignments.push({ target: t.token(segmentStart), value });
    else {
      addTargetNames(t, segmentStart, end, out.rebound);
      // Subscript and attribute targets evaluate expressions too (`out[i] = ...`), but nothing the rules need.
    }
    segmentStart = cut + 1;
  }
}
