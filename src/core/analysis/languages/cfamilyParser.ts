// A small, error-tolerant expression parser over C-family tokens (JavaScript/TypeScript, C#, Java, C/C++).
// It does not parse statements: `parseCFamily` walks the token stream and parses every maximal expression
// it finds, skipping tokens that cannot start one (`;`, `{`, keywords glued to names...). Inside brackets,
// tokens that do not fit (a lambda's block body, a declaration's `double x`) are skipped the same way and the
// expressions among them kept as `extras`, so every token is looked at once: linear time, no backtracking.
// Bracket nesting beyond MAX_DEPTH is skipped as an opaque node: no stack overflow on 10,000 nested parens.
import { C_SPACE, CHAR_CLASS, type CToken, isCodeToken, K_CHAR, K_NAME, K_NUMBER, K_OP, K_REGEX, K_STRING, KIND_NAMES } from './cfamilyTokens';
import type { Argument, Expr, GroupExpr } from '../syntax';
import { typeArgumentsClose, typeEnd, type TypeTokens } from './cfamilyTypeSyntax';

/**
 * Trees are the shared `Expr` of `../syntax`. C-family constructs without a node of their own are groups:
 * `conditional` [test, then, else], `cast:<type>` [operand], `lambda` (params; [body] unless a block),
 * `list` / `tuple` for `[...]` / `(a, b)`, `postfix` for `x++`, `opaque` for skipped regions, and
 * `recovered` [node, ...expressions found among tokens that did not fit a call's or index's brackets].
 */
export type CNode = Expr;

export interface CParseOptions {
  /** The lambda arrow: `=>` (JavaScript, C#) or `->` (Java). C++ has none (`->` is member access). */
  readonly arrow: '=>' | '->' | null;
  /** Names that are types, so `(float)x` parses as a cast. */
  readonly castTypes: ReadonlySet<string>;
  // Every option is given by every language (false where it does not apply): options of one shape keep the parser's
  // reads of them monomorphic when the files analysed change language.
  /** JavaScript/TypeScript: `function`, `let`, `export`, `async` are keywords. */
  readonly javascriptKeywords: boolean;
  /** TypeScript: type arguments (`f<T>(x)`), assertions (`x as T`, `x satisfies T`) and `x!` are read through (cfamilyTypeSyntax). */
  readonly typescript: boolean;
  /** TypeScript outside JSX: `<T>x` asserts a type. */
  readonly angleTypeAssertions: boolean;
}

export interface CParseResult {
  readonly tokens: readonly CToken[];
  /** Code tokens only (no comments/directives/JSX markup), as the parser saw them. */
  readonly code: readonly CToken[];
  /** Index in `code` of the matching bracket for each bracket token, -1 when unmatched or not a bracket. */
  readonly match: Int32Array;
  /** Every top-level expression, in text order. */
  readonly expressions: readonly CNode[];
}

const MAX_DEPTH = 200;

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '>>>=', '**=', '??=', '&&=', '||=']);
const BINARY_PRECEDENCE = new Map<string, number>([
  ['??', 3], ['||', 3], ['&&', 4], ['|', 5], ['^', 6], ['&', 7],
  ['==', 8], ['!=', 8], ['===', 8], ['!==', 8],
  ['<', 9], ['>', 9], ['<=', 9], ['>=', 9], ['instanceof', 9], ['is', 9], ['as', 9],
  ['<<', 10], ['>>', 10], ['>>>', 10], ['<=>', 10],
  ['+', 11], ['-', 11], ['*', 12], ['/', 12], ['%', 12], ['**', 13],
]);
/** `as` and `satisfies` bind as the relational operators. */
const AS_PRECEDENCE = 9;
const PREFIX_OPS = new Set(['-', '+', '!', '~', '++', '--', '*', '&', '...']);
const PREFIX_KEYWORDS = new Set(['new', 'typeof', 'await', 'delete', 'void', 'sizeof']);
// Statement keywords and modifiers never start or continue an expression: `return (1 - s) * s` is not a call of `return`.
const STATEMENT_WORDS = new Set([
  'return', 'if', 'else', 'for', 'foreach', 'while', 'do', 'switch', 'case', 'break', 'continue', 'goto', 'try', 'catch',
  'finally', 'throw', 'throws', 'using', 'lock', 'fixed', 'yield', 'const', 'var', 'class', 'struct', 'interface',
  'enum', 'namespace', 'import', 'package', 'public', 'private', 'protected', 'internal', 'static', 'readonly', 'final',
  'abstract', 'override', 'virtual', 'sealed', 'extern', 'inline', 'typedef', 'template', 'typename', 'unsafe', 'volatile',
  'constexpr', 'register', 'default', 'extends', 'implements', 'where', 'operator', 'explicit', 'implicit',
]);
// Keywords only in JavaScript/TypeScript; elsewhere they are ordinary names (a C# field called `function`).
const JS_STATEMENT_WORDS = new Set(['function', 'let', 'export', 'async', 'declare', 'module']);

/** Parses a numeric literal's value, ignoring separators and type suffixes; NaN when it is not a plain number. */
export function numberValue(text: string): number {
  // Fast path for plain decimal literals (`1`, `0.5`, `1e-3`), the common case.
  const plain = Number(text);
  if (!Number.isNaN(plain)) return plain;
  // Digits and a point with one type suffix (`1f`, `10.0f`, `2d`, `1m`, `5L`): the value of the digits, as below, without the regular expressions.
  const suffixed = decimalBeforeSuffix(text);
  if (suffixed !== undefined) return suffixed;
  const clean = text.replace(/['_]/g, '');
  const hex = /^0[xX]/.test(clean);
  if (hex) {
    const m = /^0[xX]([0-9a-fA-F]+)/.exec(clean);
    return m ? parseInt(m[1]!, 16) : NaN;
  }
  const m = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)/.exec(clean);
  const body = m?.[1] ?? '';
  return body === '' || body === '.' ? NaN : Number(body);
}

/**
 * Code tokens as columns (same indices as the code-token array): kind (K_NAME ... K_OP of `./cfamilyTokens`), offsets
 * and text. The parser and the per-file scans read these, so no object per token is needed to analyse a file.
 */
export interface CodeColumns {
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly texts: readonly string[];
  /** Per token, the index of its name or number text among the distinct ones (-1 for others), when known (CodeStream). */
  readonly words?: Int32Array;
  readonly wordCount?: number;
}

const KIND_CODE_OF = new Map<string, number>(KIND_NAMES.map((name, code) => [name, code]));

/** The first code token in [lo, hi) that starts at or after `offset` (hi when none does). */
export function tokenIndexIn(starts: Int32Array, offset: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first token at or after `from` whose start is at or after `offset` (`count` when none), galloping forward from
 * `from`: for offsets met in text order, each search starts where the last ended (a search over all starts each time
 * costs cache misses in a large file).
 */
export function firstStartingAtOrAfter(starts: Int32Array, count: number, offset: number, from: number): number {
  let lo = from;
  let step = 1;
  while (lo + step < count && starts[lo + step]! < offset) {
    lo += step;
    step *= 2;
  }
  if (lo < count && starts[lo]! >= offset) return lo;
  return tokenIndexIn(starts, offset, lo, Math.min(count, lo + step));
}

/** The first position at or after `at` whose character is not a space to the tokenizers (the text's length past the end). */
export function afterSpaces(text: string, at: number): number {
  let p = at;
  while (p < text.length && (CHAR_CLASS[text.charCodeAt(p)]! & C_SPACE) !== 0) p++;
  return p;
}

/** The first character at or after `at` that is not a space to the tokenizers (NaN past the end). */
export function nextNonSpaceCode(text: string, at: number): number {
  return text.charCodeAt(afterSpaces(text, at));
}

/**
 * The code tokens that are the name `word`, in text order, found by searching the text (which `code` indexes) for the
 * word rather than by reading every token: a pass for one name costs its occurrences, not the file's length. An
 * occurrence `mayBe` rejects is left out unread.
 */
export function nameTokensOf(text: string, code: CodeColumns, word: string, mayBe?: (at: number) => boolean): number[] {
  const out: number[] = [];
  if (word.length === 0) return out;
  const { starts, kinds, texts, count } = code;
  let i = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    // `mayBe`: a test on the text that rules an occurrence out before its token is looked up.
    if (mayBe !== undefined && !mayBe(at)) continue;
    i = firstStartingAtOrAfter(starts, count, at, i);
    if (i < count && starts[i] === at && kinds[i] === K_NAME && texts[i] === word) out.push(i);
  }
  return out;
}

/** Columns of a code-token array (fix texts, macro bodies, tests: small inputs read as token objects). */
export function codeColumnsOf(code: readonly CToken[]): CodeColumns {
  const count = code.length;
  const kinds = new Uint8Array(count);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const texts = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const t = code[i]!;
    kinds[i] = KIND_CODE_OF.get(t.kind) ?? K_OP;
    starts[i] = t.start;
    ends[i] = t.end;
    texts[i] = t.text;
  }
  return { count, kinds, starts, ends, texts };
}

/** The value of `text` when it is decimal digits with at most one point (and a digit) followed by one suffix letter f d m l u. */
function decimalBeforeSuffix(text: string): number | undefined {
  const last = text.length - 1;
  if (last < 1 || !'fFdDmMlLuU'.includes(text[last]!)) return undefined;
  let digits = 0;
  let points = 0;
  for (let i = 0; i < last; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) points++;
    else return undefined;
  }
  return digits > 0 && points <= 1 ? Number(text.slice(0, last)) : undefined;
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly n: number;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly texts: readonly string[];
  // Per distinct word, whether it is a statement word: 0 not asked yet, 1 no, 2 yes (with the columns' word indices).
  private readonly words: Int32Array | undefined;
  private readonly statementWords: Uint8Array | undefined;
  // What the last parseBracketItems found (see there).
  private bracketItems: CNode[] = NO_NODES;
  private bracketArgs: Argument[] = NO_ARGUMENTS;
  private bracketExtras: CNode[] = NO_NODES;
  private bracketEnd = 0;

  get position(): number {
    return this.i;
  }

  constructor(
    columns: CodeColumns,
    private readonly match: Int32Array,
    private readonly options: CParseOptions,
  ) {
    this.n = columns.count;
    this.kinds = columns.kinds;
    this.starts = columns.starts;
    this.ends = columns.ends;
    this.texts = columns.texts;
    this.words = columns.words;
    this.statementWords = columns.words && columns.wordCount !== undefined ? new Uint8Array(columns.wordCount) : undefined;
  }

  private isOp(text: string, at = this.i): boolean {
    return at < this.n && this.kinds[at] === K_OP && this.texts[at] === text;
  }

  private isStatementWord(word: string): boolean {
    return STATEMENT_WORDS.has(word) || (this.options.javascriptKeywords === true && JS_STATEMENT_WORDS.has(word));
  }

  /** The name at code index `at` is a statement word (answered once per distinct word when the columns number them). */
  private isStatementWordAt(at: number): boolean {
    const known = this.statementWords;
    if (known === undefined) return this.isStatementWord(this.texts[at]!);
    const w = this.words![at]!;
    let answer = known[w]!;
    if (answer === 0) answer = known[w] = this.isStatementWord(this.texts[at]!) ? 2 : 1;
    return answer === 2;
  }

  /** A lambda begins at code index `at`: `m -> …`, `(a, b) -> …`, or one in parentheses (`(x => …)`). */
  private lambdaStartsAt(at: number): boolean {
    const arrow = this.options.arrow;
    if (arrow === null || at >= this.n) return false;
    if (this.kinds[at] === K_NAME) return this.isOp(arrow, at + 1);
    if (!this.isOp('(', at)) return false;
    const close = this.match[at] ?? -1;
    if (close < 0) return false;
    return this.isOp(arrow, close + 1) || (this.isOp('(', at + 1) && this.lambdaStartsAt(at + 1)) || (this.kinds[at + 1] === K_NAME && this.isOp(arrow, at + 2));
  }

  /** True when the token at `i` can begin an expression. */
  private canStart(at = this.i): boolean {
    if (at >= this.n) return false;
    switch (this.kinds[at]) {
      case K_NAME:
        return !this.isStatementWordAt(at);
      case K_NUMBER: case K_STRING: case K_CHAR: case K_REGEX:
        return true;
      case K_OP: {
        const x = this.texts[at]!;
        return x === '(' || x === '[' || PREFIX_OPS.has(x) || (x === '<' && this.options.angleTypeAssertions === true);
      }
      default:
        return false;
    }
  }

  parseAll(): CNode[] {
    return this.parseRange(0, this.n);
  }

  /** The top-level expressions from code index `from` until the position reaches `to`; `position` tells where it stopped. */
  parseRange(from: number, to: number): CNode[] {
    this.i = from;
    this.depth = 0;
    let out: CNode[] = NO_NODES;
    while (this.i < to) {
      if (this.canStart()) {
        const before = this.i;
        const node = this.parseAssignment();
        // Exactly one slot for a segment's first expression (most segments hold one).
        if (node) {
          if (out === NO_NODES) out = [node];
          else out.push(node);
        }
        if (this.i === before) this.i++;
      } else {
        this.i++;
      }
    }
    return out;
  }

  private parseAssignment(): CNode | null {
    const left = this.parseConditional();
    if (!left) return null;
    const at = this.i;
    if (at < this.n && this.kinds[at] === K_OP && ASSIGN_OPS.has(this.texts[at]!)) {
      const op = this.texts[at]!;
      this.i++;
      const right = this.parseAssignment();
      if (!right) return left;
      return { kind: 'binary', start: left.start, end: right.end, op, left, right };
    }
    return left;
  }

  private parseConditional(): CNode | null {
    const test = this.parseBinary(0);
    if (!test) return null;
    if (!this.isOp('?')) return test;
    const save = this.i;
    this.i++;
    const then = this.parseAssignment();
    if (!then || !this.isOp(':')) {
      // Not a conditional after all (C# nullable `double?`, TS optional `x?: T`): stop before the `?`.
      this.i = save;
      return test;
    }
    this.i++;
    const otherwise = this.parseAssignment();
    if (!otherwise) return test;
    return group('conditional', [test, then, otherwise], test.start, otherwise.end);
  }

  private parseBinary(minPrecedence: number): CNode | null {
    let left = this.parseUnary();
    if (!left) return null;
    for (;;) {
      const at = this.i;
      if (at >= this.n) break;
      const kind = this.kinds[at];
      if (kind !== K_OP && kind !== K_NAME) break;
      const text = this.texts[at]!;
      if (kind === K_NAME && (text === 'as' || text === 'satisfies') && this.options.typescript && minPrecedence <= AS_PRECEDENCE) {
        // `v as number`: the value of v, its type skipped.
        const end = typeEnd(this.typeTokens(), at + 1);
        if (end > at + 1) {
          left = { kind: 'paren', start: left.start, end: this.ends[end - 1]!, inner: left };
          this.i = end;
          continue;
        }
      }
      const prec = BINARY_PRECEDENCE.get(text);
      if (prec === undefined || prec < minPrecedence) break;
      if (kind === K_NAME && !(text === 'instanceof' || text === 'is' || text === 'as')) break;
      this.i++;
      // `**` is right-associative; everything else left.
      const right = this.parseBinary(text === '**' ? prec : prec + 1);
      if (!right) {
        this.i--;
        break;
      }
      left = { kind: 'binary', start: left.start, end: right.end, op: text, left, right };
    }
    return left;
  }

  private parseUnary(): CNode | null {
    const at = this.i;
    if (at >= this.n) return null;
    const kind = this.kinds[at];
    const text = this.texts[at]!;
    if ((kind === K_OP && PREFIX_OPS.has(text)) || (kind === K_NAME && PREFIX_KEYWORDS.has(text) && this.canStart(at + 1))) {
      this.i++;
      const operand = this.parseUnaryOperand();
      if (!operand) {
        this.i--;
        return null;
      }
      return { kind: 'unary', start: this.starts[at]!, end: operand.end, op: text, operand };
    }
    return this.parsePostfix();
  }

  private parseUnaryOperand(): CNode | null {
    // `-x ** 2` is a syntax error in JS; parse `-x` then let the binary loop continue.
    const node = this.parseUnary();
    if (!node) return null;
    if (this.isOp('**')) {
      this.i++;
      const right = this.parseBinary(BINARY_PRECEDENCE.get('**')!);
      if (right) return { kind: 'binary', start: node.start, end: right.end, op: '**', left: node, right };
      this.i--;
    }
    return node;
  }

  private parsePostfix(): CNode | null {
    let node = this.parsePrimary();
    if (!node) return null;
    for (;;) {
      const at = this.i;
      if (at >= this.n || this.kinds[at] !== K_OP) break;
      const text = this.texts[at]!;
      if (text === '.' || text === '?.' || text === '::' || (text === '->' && this.options.arrow !== '->')) {
        const next = at + 1;
        if (next < this.n && this.kinds[next] === K_NAME) {
          this.i += 2;
          node = { kind: 'attribute', start: node.start, end: this.ends[next]!, object: node, name: this.texts[next]!, nameStart: this.starts[next]! };
          continue;
        }
        if (text === '?.' && next < this.n && this.kinds[next] === K_OP && (this.texts[next] === '(' || this.texts[next] === '[')) {
          this.i++;
          continue; // `f?.(x)`, `a?.[i]`
        }
        break;
      }
      // Type arguments of a call: TypeScript's `xs.reduce<number>(`, C++'s `softmax<float>(h)`, C#'s `Map<double>(v)`
      // (plain JavaScript has none: there `a < b > (c)` is a comparison).
      if ((this.options.typescript && (text === '!' || text === '<')) || (text === '<' && !this.options.javascriptKeywords)) {
        const through = this.typeScriptPostfix(node, at);
        if (through) {
          node = through;
          continue;
        }
      }
      if (text === '(') {
        this.parseBracketItems(')', true);
        node = withExtras({ kind: 'call', start: node.start, end: this.bracketEnd, callee: node, args: this.bracketArgs }, this.bracketExtras);
        continue;
      }
      if (text === '[') {
        this.parseBracketItems(']', false);
        node = withExtras({ kind: 'subscript', start: node.start, end: this.bracketEnd, object: node, index: this.bracketItems }, this.bracketExtras);
        continue;
      }
      if (text === '{' && this.options.arrow === null && isBracedLiteral(this.kinds, this.texts, this.match, at)) {
        // C++ `T{1}`: a braced conversion of one literal, read as the call `T(1)` it means.
        const value: CNode = { kind: 'number', start: this.starts[at + 1]!, end: this.ends[at + 1]!, value: numberValue(this.texts[at + 1]!) };
        node = { kind: 'call', start: node.start, end: this.ends[at + 2]!, callee: node, args: [{ start: value.start, end: value.end, value }] };
        this.i = at + 3;
        continue;
      }
      if (text === '++' || text === '--') {
        this.i++;
        node = group('postfix', [node], node.start, this.ends[at]!);
        continue;
      }
      if (this.options.arrow && text === this.options.arrow && node.kind === 'name') {
        return this.parseArrowBody([node.name], node.start);
      }
      break;
    }
    return node;
  }

  /**
   * After an operand at `at`: TypeScript's non-null assertion `x!` (written against it), or the type arguments of a call
   * (`xs.reduce<number>(`, `softmax<Scalar>(h)`), read through; null (nothing consumed) when it is neither.
   */
  private typeScriptPostfix(node: CNode, at: number): CNode | null {
    if (this.texts[at] === '!') {
      if (at === 0 || this.starts[at] !== this.ends[at - 1]) return null;
      this.i = at + 1;
      // A member, call or index after it continues the chain, which spans the `!` anyway.
      const next = this.i < this.n && this.kinds[this.i] === K_OP ? this.texts[this.i] : undefined;
      if (next === '.' || next === '?.' || next === '(' || next === '[') return node;
      return { kind: 'paren', start: node.start, end: this.ends[at]!, inner: node };
    }
    if (node.kind !== 'name' && node.kind !== 'attribute') return null;
    const close = typeArgumentsClose(this.typeTokens(), at);
    if (close < 0 || !this.isOp('(', close + 1)) return null;
    this.i = close + 1;
    return node;
  }

  private typeTokensOnce: TypeTokens | undefined;

  private typeTokens(): TypeTokens {
    return (this.typeTokensOnce ??= { kinds: this.kinds, texts: this.texts, match: this.match, count: this.n });
  }

  /** TypeScript's `<number>v` at `at`: the operand, its type skipped; null (nothing consumed) when it is not one. */
  private parseAngleTypeAssertion(at: number): CNode | null {
    const close = typeArgumentsClose(this.typeTokens(), at);
    if (close < 0) return null;
    this.i = close + 1;
    const operand = this.parseUnary();
    if (!operand) {
      this.i = at;
      return null;
    }
    return { kind: 'paren', start: this.starts[at]!, end: operand.end, inner: operand };
  }

  private parseArrowBody(params: string[], start: number): CNode {
    const arrowEnd = this.ends[this.i]!;
    this.i++;
    if (this.isOp('{')) {
      // Block body: stop before `{`; the statements inside are parsed as top-level expressions.
      return { kind: 'group', label: 'lambda', start, end: arrowEnd, params, children: [] };
    }
    const body = this.parseAssignment();
    return { kind: 'group', label: 'lambda', start, end: body ? body.end : arrowEnd, params, children: body ? [body] : [] };
  }

  /**
   * Items of a bracket at `i` up to its `close`: comma-separated expressions; tokens that do not fit are
   * skipped, and expressions found among them collected as extras. The results are left in bracketItems (or
   * bracketArgs, with `asArguments`), bracketExtras and bracketEnd, to be read before anything else is parsed
   * (a nested bracket overwrites them): no result object per bracket, and no array where a bracket has nothing.
   */
  private parseBracketItems(close: string, asArguments: boolean): void {
    const openIndex = this.i;
    const openEnd = this.ends[openIndex]!;
    const matchIndex = this.match[openIndex] ?? -1;
    if (this.depth >= MAX_DEPTH) {
      this.i = matchIndex >= 0 ? matchIndex + 1 : this.n;
      const last = this.i - 1;
      this.bracketItems = NO_NODES;
      this.bracketArgs = NO_ARGUMENTS;
      this.bracketExtras = NO_NODES;
      this.bracketEnd = last >= 0 && last < this.n ? this.ends[last]! : openEnd;
      return;
    }
    this.depth++;
    this.i++;
    let items: CNode[] = NO_NODES;
    let args: Argument[] = NO_ARGUMENTS;
    let extras: CNode[] = NO_NODES;
    let expectItem = true;
    let nested = 0;
    let closed = false;
    while (this.i < this.n) {
      const at = this.i;
      const isOp = this.kinds[at] === K_OP;
      const text = this.texts[at]!;
      if (isOp) {
        if (nested === 0 && text === close) {
          closed = true;
          break;
        }
        if (nested === 0 && (text === ')' || text === ']' || text === '}') && this.match[at] !== -1
          && (this.match[at] ?? -1) < openIndex) break; // a closer of an outer bracket: ours is unmatched
        if (nested === 0 && text === ',') {
          expectItem = true;
          this.i++;
          continue;
        }
      }
      if (this.canStart()) {
        const node = this.parseAssignment();
        if (node) {
          if (expectItem && nested === 0) {
            // A first item makes a list of exactly one (most brackets hold one): `[]` then push reserves 17 slots.
            if (asArguments) {
              const arg = { start: node.start, end: node.end, value: node };
              if (args === NO_ARGUMENTS) args = [arg];
              else args.push(arg);
            } else if (items === NO_NODES) {
              items = [node];
            } else {
              items.push(node);
            }
          } else if (extras === NO_NODES) {
            extras = [node];
          } else {
            extras.push(node);
          }
          expectItem = false;
        }
        if (this.i === at) this.i++;
        continue;
      }
      if (isOp && (text === '(' || text === '[' || text === '{')) nested++;
      if (isOp && (text === ')' || text === ']' || text === '}')) nested = Math.max(0, nested - 1);
      expectItem = false;
      this.i++;
    }
    this.depth--;
    let end: number;
    if (closed) {
      end = this.ends[this.i]!;
      this.i++;
    } else {
      const last = this.i - 1;
      end = last >= 0 && last < this.n ? this.ends[last]! : openEnd;
    }
    this.bracketItems = items;
    this.bracketArgs = args;
    this.bracketExtras = extras;
    this.bracketEnd = end;
  }

  private parsePrimary(): CNode | null {
    const at = this.i;
    if (at >= this.n) return null;
    switch (this.kinds[at]) {
      case K_NUMBER:
        this.i++;
        return { kind: 'number', start: this.starts[at]!, end: this.ends[at]!, value: numberValue(this.texts[at]!) };
      case K_STRING:
      case K_CHAR:
        return this.parseStringRun();
      case K_REGEX:
        this.i++;
        return group('opaque', [], this.starts[at]!, this.ends[at]!);
      case K_NAME: {
        const name = this.texts[at]!;
        if (this.isStatementWordAt(at)) return null;
        if (name === 'static_cast' && this.options.arrow === null) {
          const cast = this.parseStaticCast();
          if (cast) return cast;
        }
        this.i++;
        return { kind: 'name', start: this.starts[at]!, end: this.ends[at]!, name };
      }
      case K_OP: {
        const text = this.texts[at]!;
        if (text === '(') return this.parseParen();
        if (text === '<' && this.options.angleTypeAssertions) return this.parseAngleTypeAssertion(at);
        if (text === '[') {
          this.parseBracketItems(']', false);
          const { bracketItems: items, bracketExtras: extras, bracketEnd: end } = this;
          if (this.options.arrow === null) {
            const lambda = this.parseCppLambdaRest(this.starts[at]!);
            if (lambda) return lambda;
          }
          return group('list', [...items, ...extras], this.starts[at]!, end);
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** C++ `static_cast<T>(e)` at `i` as the cast `cast:T` of `e`, as `(T)e` is; null (nothing consumed) when it is not one. */
  private parseStaticCast(): CNode | null {
    const at = this.i;
    if (!this.isOp('<', at + 1)) return null;
    // The type's closing `>`: a type is a few tokens, maybe a nested template (`std::complex<float>`).
    let depth = 0;
    let close = -1;
    for (let k = at + 1; k < this.n && k - at < 24; k++) {
      if (this.kinds[k] !== K_OP) continue;
      const x = this.texts[k]!;
      if (x === '<') depth++;
      else if (x === '>' || x === '>>') depth -= x.length;
      else if (x !== '::' && x !== '*' && x !== '&') return null;
      if (depth === 0) {
        close = k;
        break;
      }
    }
    if (close < 0 || !this.isOp('(', close + 1)) return null;
    const type = this.texts.slice(at + 2, close).join('');
    this.i = close + 1;
    this.parseBracketItems(')', false);
    const { bracketItems: items, bracketExtras: extras, bracketEnd: end } = this;
    if (items.length !== 1 || extras.length !== 0) return group('opaque', [...items, ...extras], this.starts[at]!, end);
    return group(`cast:${type}`, [items[0]!], this.starts[at]!, end);
  }

  /**
   * After a C++ capture list `[...]`: optional `(params)`, specifiers (`mutable`, `noexcept`, `-> T`), then a
   * `{ body }` whose expressions become the lambda's children, so `[](auto t) { ... }(x)` is one call.
   */
  private parseCppLambdaRest(start: number): Expr | null {
    const save = this.i;
    let k = this.i;
    if (this.isOp('(', k)) {
      const close = this.match[k] ?? -1;
      if (close < 0) return null;
      k = close + 1;
    }
    while (k < this.n && k - save < 12 && !this.isOp('{', k)) {
      const x = this.texts[k]!;
      if (this.kinds[k] === K_OP && (x === ';' || x === ')' || x === ',' || x === '(' || x === '=')) return null;
      k++;
    }
    if (!this.isOp('{', k)) return null;
    const params: string[] = [];
    if (this.isOp('(', save)) {
      for (let p = save + 1; p < k; p++) {
        const next = p + 1;
        if (this.kinds[p] === K_NAME && next < this.n && this.kinds[next] === K_OP && (this.texts[next] === ',' || this.texts[next] === ')')) params.push(this.texts[p]!);
      }
    }
    this.i = k;
    this.parseBracketItems('}', false);
    return { kind: 'group', label: 'lambda', start, end: this.bracketEnd, params, children: [...this.bracketItems, ...this.bracketExtras] };
  }

  /** A string, or a template/interpolated string made of pieces and holes: one node spanning it all. */
  private parseStringRun(): CNode {
    const first = this.i;
    const firstText = this.texts[first]!;
    this.i++;
    const firstEnd = this.ends[first]!;
    let end = firstEnd;
    const opensHole = firstText.endsWith('${') || (/^[$@]+"/.test(firstText) && firstText.endsWith('{'));
    if (opensHole) {
      // Interpolation holes follow until a piece closes the string; their expressions are top-level later.
      let j = this.i;
      while (j < this.n) {
        const x = this.texts[j]!;
        if (this.kinds[j] === K_STRING && x.startsWith('}')) {
          end = this.ends[j]!;
          if (!(x.endsWith('${') || x.endsWith('{'))) break;
        }
        j++;
      }
    }
    return { kind: 'string', start: this.starts[first]!, end, value: end === firstEnd ? stringValue(firstText) : undefined };
  }

  private parseParen(): CNode {
    const openIndex = this.i;
    const openStart = this.starts[openIndex]!;
    this.parseBracketItems(')', false);
    const { bracketItems: items, bracketExtras: extras, bracketEnd: end } = this;
    // Arrow functions: `(x) => ...`, `(x: number): number => ...`, `(a, b) -> ...`.
    if (this.options.arrow) {
      let k = this.i;
      if (this.options.arrow === '=>' && this.isOp(':')) {
        // A TypeScript return annotation: skip type tokens up to `=>`.
        k++;
        while (k < this.n && k - this.i < 32) {
          const x = this.texts[k]!;
          if (this.kinds[k] === K_OP && (x === '=>' || x === ';' || x === '{' || x === ')' || x === ',')) break;
          k++;
        }
      }
      if (this.isOp(this.options.arrow, k)) {
        const params: string[] = [];
        const closeIndex = this.match[openIndex] ?? -1;
        for (let p = openIndex + 1; p < (closeIndex >= 0 ? closeIndex : openIndex + 1); p++) {
          const next = p + 1;
          const prevKind = this.kinds[p - 1];
          const prevText = this.texts[p - 1]!;
          // A parameter name is followed by `,` `)` `:` `=` `?` (its type, default or optional mark) and
          // preceded by `(` `,` or its type (`double x`), not by `:` (then it is a TypeScript type).
          const prevOk = (prevKind === K_OP && (prevText === '(' || prevText === ',' || prevText === '...' || prevText === '>' || prevText === ']')) || prevKind === K_NAME;
          if (this.kinds[p] === K_NAME && prevOk && next < this.n && this.kinds[next] === K_OP && PARAM_FOLLOWERS.has(this.texts[next]!)) params.push(this.texts[p]!);
        }
        this.i = k;
        return this.parseArrowBody(params, openStart);
      }
    }
    // Java's `(UDF1<Double, Double>) m -> …`, C#'s `(Func<double, double>)(x => …)`: a lambda cast to a generic
    // functional type, which the items above read as comparisons.
    if (this.options.arrow !== null && !this.options.javascriptKeywords && this.i < this.n && isGenericType(this.kinds, this.texts, openIndex + 1, this.match[openIndex] ?? -1)
      && this.lambdaStartsAt(this.i)) {
      const operand = this.parseUnary();
      if (operand) return group(`cast:${this.texts[openIndex + 1]!}`, [operand], openStart, operand.end);
    }
    if (items.length === 1 && extras.length === 0) {
      const inner = items[0]!;
      // `(float)x`, `(double)(1.0 / ...)`: a cast when the parenthesised name is a type and an operand follows.
      const after = this.i;
      // C/C++ `(T)1`: a parenthesised name right before a number can only be a cast, whatever the type's name.
      if (inner.kind === 'name' && this.options.arrow === null && after < this.n && this.kinds[after] === K_NUMBER) {
        const operand = this.parsePrimary()!;
        return group(`cast:${inner.name}`, [operand], openStart, operand.end);
      }
      if (inner.kind === 'name' && this.options.castTypes.has(inner.name) && after < this.n && this.canStart()) {
        const afterText = this.texts[after]!;
        const prefixOnly = this.kinds[after] === K_OP && PREFIX_OPS.has(afterText) && afterText !== '(' && afterText !== '-' && afterText !== '!' && afterText !== '~';
        if (!prefixOnly) {
          const operand = this.parseUnary();
          if (operand) return group(`cast:${inner.name}`, [operand], openStart, operand.end);
        }
      }
      return { kind: 'paren', start: openStart, end, inner };
    }
    return group('tuple', [...items, ...extras], openStart, end);
  }
}

/** Tokens [from, to) spell a generic type: `Name<…>` of names, `.`, `,`, `?`, `&`, `[]` and angle brackets. */
function isGenericType(kinds: Uint8Array, texts: readonly string[], from: number, to: number): boolean {
  if (to - from < 4 || kinds[from] !== K_NAME) return false;
  const last = texts[to - 1];
  if (kinds[to - 1] !== K_OP || (last !== '>' && last !== '>>' && last !== '>>>')) return false;
  let angle = false;
  for (let k = from + 1; k < to; k++) {
    if (kinds[k] === K_NAME) continue;
    if (kinds[k] !== K_OP || !GENERIC_TYPE_OPS.has(texts[k]!)) return false;
    if (texts[k] === '<') angle = true;
  }
  return angle;
}

const GENERIC_TYPE_OPS = new Set(['<', '>', '>>', '>>>', ',', '.', '?', '&', '[', ']']);

// Shared empty lists for brackets without items or extras (trees are never modified after parsing).
const NO_NODES: CNode[] = [];
const NO_ARGUMENTS: Argument[] = [];

// What follows a lambda parameter's name: `,` `)` `:` `=` `?`.
const PARAM_FOLLOWERS = new Set([',', ')', ':', '=', '?']);

function stringValue(text: string): string | undefined {
  const m = /^[@$uUL8R]*(["'`])([\s\S]*?)\1?$/.exec(text);
  return m ? (m[2] ?? '') : undefined;
}

export function matchBrackets(code: readonly CToken[]): Int32Array {
  const match = new Int32Array(code.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const t = code[i]!;
    if (t.kind !== 'op') continue;
    const c = t.text;
    if (c === '(' || c === '[' || c === '{') {
      stack.push(i);
    } else if (c === ')' || c === ']' || c === '}') {
      const want = c === ')' ? '(' : c === ']' ? '[' : '{';
      // Pop to the nearest matching opener; unmatched openers on the way stay -1.
      let k = stack.length - 1;
      while (k >= 0 && code[stack[k]!]!.text !== want) k--;
      if (k < 0) continue;
      const open = stack[k]!;
      stack.length = k;
      match[open] = i;
      match[i] = open;
    }
  }
  return match;
}

export function parseCFamily(tokens: readonly CToken[], options: CParseOptions): CParseResult {
  const code = tokens.filter(isCodeToken);
  const match = matchBrackets(code);
  const expressions = new Parser(codeColumnsOf(code), match, options).parseAll();
  return { tokens, code, match, expressions };
}

/**
 * Top-level expressions parsed on demand, per segment of the code tokens. A segment boundary sits after a `;`, `{`
 * or `}` that no `(`/`[` pair encloses, that is not inside a brace which may be a C++ lambda body (nor is the `}`
 * closing one), nor inside an interpolation hole, with every bracket before it matched: the parser only ever steps
 * over such a token in its top-level loop (brackets are the only constructs that consume `;`, and no expression
 * continues into a `{` outside brackets: a block-bodied arrow stops before its `{`), so each segment parses to the
 * same expressions as the whole text would there. Statement-sized segments let the analysis parse only the
 * statements that can hold something (a class or method header apart from its body). A segment whose parse does
 * not end exactly at its boundary (which the argument above rules out) sets `inconsistent`, and callers then parse
 * the text whole.
 */
export class CSegments {
  /** Code index at which each segment starts; the first is 0. */
  readonly starts: Int32Array;
  private readonly parsedSegments: Array<CNode[] | undefined>;
  private readonly parser: Parser;
  inconsistent = false;

  constructor(readonly columns: CodeColumns, readonly match: Int32Array, options: CParseOptions, segmented: boolean) {
    this.starts = segmented ? segmentStarts(columns, match, options) : Int32Array.of(0);
    this.parsedSegments = new Array<CNode[] | undefined>(this.starts.length);
    this.parser = new Parser(columns, match, options);
  }

  get count(): number {
    return this.starts.length;
  }

  /** Code index where segment `k` ends (exclusive). */
  endOf(k: number): number {
    return k + 1 < this.starts.length ? this.starts[k + 1]! : this.columns.count;
  }

  /** The segment holding code index `i`. */
  segmentOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The top-level expressions of segment `k`, parsed once. */
  expressions(k: number): CNode[] {
    const known = this.parsedSegments[k];
    if (known) return known;
    const to = this.endOf(k);
    const out = this.parser.parseRange(this.starts[k]!, to);
    if (this.parser.position !== to) this.inconsistent = true;
    const limit = to < this.columns.count ? this.columns.starts[to]! : Infinity;
    for (const e of out) if (e.end > limit) this.inconsistent = true;
    this.parsedSegments[k] = out;
    return out;
  }

  /**
   * Forgets segment k's trees once the rules are done with them; asked again, it is parsed again (the same trees, as
   * new objects). Kept until the analysis ended, every tree survived each scavenge that fell inside the analysis and
   * was copied, most of them twice: a scavenge cost 1.5 ms on average on the C++ bench file instead of 1.2.
   */
  release(k: number): void {
    this.parsedSegments[k] = undefined;
  }
}

function segmentStarts(columns: CodeColumns, match: Int32Array, options: CParseOptions): Int32Array {
  const { count, kinds, texts } = columns;
  // At most one start per token after the first: one typed array (outside the collected heap) instead of a growing list.
  const starts = new Int32Array(count + 1);
  let found = 1;
  let parens = 0;
  let lambdaBraces = 0;
  let holes = 0;
  const braces: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i];
    if (kind === K_STRING) {
      const x = texts[i]!;
      // Only a piece that closes a hole (`}...`) or opens one (`...${`, `$"...{`) counts: most strings do neither.
      if (x.charCodeAt(0) !== 125 && x.charCodeAt(x.length - 1) !== 123) continue;
      const continues = x.endsWith('${') || x.endsWith('{');
      if (x.startsWith('}')) {
        if (!continues) holes = Math.max(0, holes - 1);
      } else if (x.endsWith('${') || (/^[$@]+"/.test(x) && x.endsWith('{'))) {
        holes++;
      }
      continue;
    }
    if (kind !== K_OP) continue;
    const c = texts[i]!;
    const bracket = c === '(' || c === '[' || c === '{' || c === ')' || c === ']' || c === '}';
    if (bracket && match[i] === -1) break; // unbalanced from here on: no more boundaries
    let boundary = c === ';';
    if (c === '(' || c === '[') parens++;
    else if (c === ')' || c === ']') parens--;
    else if (c === '{') {
      // A braced literal (`T{1}`) is part of its expression, as a lambda body is: neither is a boundary.
      const lambda = options.arrow === null && (mayBeLambdaBody(columns, match, i) || isBracedLiteral(kinds, texts, match, i));
      braces.push(lambda);
      if (lambda) lambdaBraces++;
      boundary = true;
    } else if (c === '}') {
      // A C++ lambda's closing brace may be followed by its call (`[](auto t) { ... }(x)`): no boundary there.
      if (braces.pop()) lambdaBraces--;
      else boundary = true;
    }
    if (boundary && parens === 0 && lambdaBraces === 0 && holes === 0 && i + 1 < count) starts[found++] = i + 1;
  }
  return starts.subarray(0, found);
}

/** The `{` at `brace` holds one number and follows a name: C++'s `T{1}`, `float{0.5}`. */
function isBracedLiteral(kinds: Uint8Array, texts: readonly string[], match: Int32Array, brace: number): boolean {
  return brace > 0 && match[brace] === brace + 2 && kinds[brace + 1] === K_NUMBER && kinds[brace - 1] === K_NAME && !STATEMENT_WORDS.has(texts[brace - 1]!);
}

/** A `{` shortly after a `]` (over a parameter list and specifiers): possibly a C++ lambda body, which the parser reads whole. */
function mayBeLambdaBody(columns: CodeColumns, match: Int32Array, brace: number): boolean {
  let k = brace - 1;
  for (let steps = 0; k >= 0 && steps < 16; steps++, k--) {
    if (columns.kinds[k] !== K_OP) continue;
    const x = columns.texts[k];
    if (x === ']') return true;
    if (x === ')' && match[k]! >= 0) k = match[k]!;
  }
  return false;
}

function group(label: string, children: Expr[], start: number, end: number): GroupExpr {
  return { kind: 'group', label, children, start, end };
}

function withExtras(node: Expr, extras: readonly Expr[]): Expr {
  return extras.length === 0 ? node : group('recovered', [node, ...extras], node.start, node.end);
}
