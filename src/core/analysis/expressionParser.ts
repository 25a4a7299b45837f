// A small precedence-climbing (Pratt) parser over tokens, shared by the languages: binary operators with
// their binding powers, unary operators, calls with keyword arguments, attributes, subscripts, literals.
// Each language supplies a `Grammar`; Python's adds lambdas, conditionals, comprehensions and `not in`.
// It is depth-limited (MAX_DEPTH) and fails by throwing PARSE_FAILURE, which `parseExpressionList`
// turns into `undefined`: a statement that does not parse reports nothing, the rest of the file still does.
// It reads tokens in columns (`TokenColumns`): kinds, offsets, and an integer code per operator and keyword,
// so that no object or string is made per token; only names, numbers and strings that become nodes are sliced.
import type { Argument, Expr, GroupExpr, Token } from './syntax';

export interface BinaryOperator {
  readonly prec: number;
  readonly rightAssoc?: boolean;
  /** Binding power of the right operand when it differs from the usual (Python's `2 ** -x`). */
  readonly rightPrec?: number;
}

export interface Grammar {
  readonly binary: ReadonlyMap<string, BinaryOperator>;
  /** Prefix operators and the binding power of their operand. */
  readonly prefix: ReadonlyMap<string, number>;
  /** Binding power at which the language's conditional expression is tried (Python `a if c else b`, C `c ? a : b`). */
  readonly conditionalPrec: number;
  readonly conditional: 'python' | 'c' | 'none';
  /** The token between a keyword argument's name and its value (`=` in Python); none for languages without them. */
  readonly keywordArgument?: string;
  /** Attribute access tokens (`.`, and `?.`, `->`, `::` in other languages). */
  readonly member: ReadonlySet<string>;
  /** Python's lambdas, comprehensions, `*`/`**` spreads, slices and dict displays. */
  readonly python: boolean;
  /** The value of a string token when it is a plain literal; undefined for templates, escapes it does not decode. */
  readonly stringValue: (tokenText: string) => string | undefined;
  /** The value of a number token; NaN for literals that are not real numbers. */
  readonly numberValue: (tokenText: string) => number;
}

export const PARSE_FAILURE: unique symbol = Symbol('parse failure');
const MAX_DEPTH = 200;

/** Binding power of a node as an operand: what its parent must allow for it to stand without parentheses. */
export function bindingPower(e: Expr, grammar: Grammar): number {
  switch (e.kind) {
    case 'binary':
      return grammar.binary.get(e.op)?.prec ?? 0;
    case 'unary':
      return grammar.prefix.get(e.op) ?? 13;
    case 'group':
      return e.label === 'lambda' ? 1 : e.label === 'conditional' ? 2 : e.label === 'tuple-bare' ? 0 : 16;
    default:
      return 16;
  }
}

// Token kinds in columns.
export const TOKEN_NAME = 1;
export const TOKEN_NUMBER = 2;
export const TOKEN_STRING = 3;
export const TOKEN_OP = 4;
/** Anything the parser does not take (a newline or another language's own kind): parsing fails there. */
export const TOKEN_OTHER = 5;

/**
 * An operator's code: its characters packed 7 bits each (operators are at most three ASCII characters).
 * Anything else gets a negative code that matches no operator.
 */
export function operatorCode(text: string, start = 0, end = text.length): number {
  const n = end - start;
  if (n < 1 || n > 3) return -1;
  let code = 0;
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (c >= 128) return -1;
    code = code * 128 + c;
  }
  return code;
}

// Words the Python statements and expressions are built from; a name token's code is its index here plus one.
const KEYWORDS = [
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'async', 'await', 'lambda', 'yield', 'from', 'import', 'def', 'class', 'return',
  'pass', 'del', 'global', 'nonlocal', 'assert', 'raise', 'try', 'except', 'finally', 'while', 'with', 'break', 'continue', 'elif', 'as',
  'match', 'case',
] as const;
export type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_CODES = new Map<string, number>(KEYWORDS.map((w, i) => [w, i + 1]));
// Keywords by length (2 to 8) and first character, so that most names are rejected with one array read:
// KEYWORD_FIRST[length * 128 + first] is the first keyword code with that key, KEYWORD_NEXT[code] the next one.
const KEYWORD_FIRST = new Uint8Array(9 * 128);
const KEYWORD_NEXT = new Uint8Array(KEYWORDS.length + 1);
for (let i = KEYWORDS.length - 1; i >= 0; i--) {
  const w = KEYWORDS[i]!;
  const key = w.length * 128 + w.charCodeAt(0);
  KEYWORD_NEXT[i + 1] = KEYWORD_FIRST[key]!;
  KEYWORD_FIRST[key] = i + 1;
}

/** The code of a keyword (`keywordCode('import')`), to compare with `TokenColumns.codes` of a name token. */
export function keywordCode(word: Keyword): number {
  return KEYWORD_CODES.get(word)!;
}

/** The keyword code of the name at text[start, end), or 0 when it is not one of KEYWORDS. */
export function keywordAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n < 2 || n > 8) return 0;
  const first = text.charCodeAt(start);
  if (first >= 128) return 0;
  for (let id = KEYWORD_FIRST[n * 128 + first]!; id !== 0; id = KEYWORD_NEXT[id]!) {
    const w = KEYWORDS[id - 1]!;
    let k = 1;
    while (k < n && text.charCodeAt(start + k) === w.charCodeAt(k)) k++;
    if (k === n) return id;
  }
  return 0;
}

/**
 * `operatorCode` and `keywordAt` of a token read from its text's characters as bytes (`chars`: an ASCII character as
 * itself, any other as 128 or more), which a caller that keeps such a copy reads several times cheaper than
 * charCodeAt. Both look at ASCII characters only, so they give the same codes as from the text.
 */
export function operatorCodeOfBytes(chars: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 3) return -1;
  let code = 0;
  for (let i = end - 1; i >= start; i--) {
    const c = chars[i]!;
    if (c >= 128) return -1;
    code = code * 128 + c;
  }
  return code;
}

export function keywordOfBytes(chars: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 2 || n > 8) return 0;
  const first = chars[start]!;
  if (first >= 128) return 0;
  for (let id = KEYWORD_FIRST[n * 128 + first]!; id !== 0; id = KEYWORD_NEXT[id]!) {
    const w = KEYWORDS[id - 1]!;
    let k = 1;
    while (k < n && chars[start + k] === w.charCodeAt(k)) k++;
    if (k === n) return id;
  }
  return 0;
}

const KIND_CODES: Readonly<Record<string, number>> = { name: TOKEN_NAME, number: TOKEN_NUMBER, string: TOKEN_STRING, op: TOKEN_OP };

/** Reads ranges of a text, possibly handing out the same string for the same text again (see TokenColumns.reset). */
export interface TextRanges {
  nameAt(start: number, end: number): string;
}

/**
 * Tokens in columns: what the parser and the statement splitter read. `starts`/`ends` are the offsets
 * reported in nodes; a token's text is `source.slice(textStarts[i], textEnds[i])` (the same offsets when the
 * columns are filled from the analysed text itself). `codes` holds an operator's `operatorCode` and a
 * name's keyword code (0 for other names). The arrays grow as needed, so one instance can be refilled.
 */
export class TokenColumns {
  count = 0;
  source = '';
  kinds = new Uint8Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  textStarts = new Int32Array(64);
  textEnds = new Int32Array(64);
  codes = new Int32Array(64);
  private ranges: TextRanges | undefined;

  /**
   * Empties the columns for tokens whose texts come from `source`; with `ranges` (which reads `source`), token texts
   * come from it instead of a slice each (a caller that interns names gets interned node names).
   */
  reset(source: string, ranges?: TextRanges): void {
    this.count = 0;
    this.source = source;
    this.ranges = ranges;
  }

  push(kind: number, start: number, end: number, textStart = start, textEnd = end): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.textStarts[i] = textStart;
    this.textEnds[i] = textEnd;
    this.codes[i] = kind === TOKEN_OP ? operatorCode(this.source, textStart, textEnd) : kind === TOKEN_NAME ? keywordAt(this.source, textStart, textEnd) : 0;
  }

  /**
   * Appends the tokens [from, to) of parallel columns (texts from `source`), leaving out those of kind
   * `skipKind` (comments): one loop over local arrays instead of a `push` per token. With `chars` (the source's
   * characters as bytes, see operatorCodeOfBytes), the codes are read from those.
   */
  appendColumns(kinds: Uint8Array, starts: Int32Array, ends: Int32Array, from: number, to: number, skipKind: number, chars?: Uint8Array): void {
    while (this.kinds.length < this.count + (to - from)) this.grow();
    const source = this.source;
    const outKinds = this.kinds;
    const outStarts = this.starts;
    const outEnds = this.ends;
    const outTextStarts = this.textStarts;
    const outTextEnds = this.textEnds;
    const outCodes = this.codes;
    let n = this.count;
    for (let i = from; i < to; i++) {
      const kind = kinds[i]!;
      if (kind === skipKind) continue;
      const start = starts[i]!;
      const end = ends[i]!;
      outKinds[n] = kind;
      outStarts[n] = start;
      outEnds[n] = end;
      outTextStarts[n] = start;
      outTextEnds[n] = end;
      outCodes[n] = kind === TOKEN_OP ? (chars === undefined ? operatorCode(source, start, end) : operatorCodeOfBytes(chars, start, end))
        : kind === TOKEN_NAME ? (chars === undefined ? keywordAt(source, start, end) : keywordOfBytes(chars, start, end)) : 0;
      n++;
    }
    this.count = n;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const kinds = new Uint8Array(n);
    kinds.set(this.kinds);
    this.kinds = kinds;
    for (const key of ['starts', 'ends', 'textStarts', 'textEnds', 'codes'] as const) {
      const a = new Int32Array(n);
      a.set(this[key]);
      this[key] = a;
    }
  }

  text(i: number): string {
    const ranges = this.ranges;
    return ranges === undefined ? this.source.slice(this.textStarts[i]!, this.textEnds[i]!) : ranges.nameAt(this.textStarts[i]!, this.textEnds[i]!);
  }

  /** Whether token i is the operator `op` (given as its `operatorCode`). */
  isOp(i: number, code: number): boolean {
    return this.kinds[i] === TOKEN_OP && this.codes[i] === code;
  }

  /** Whether token i is the keyword with code `code`. */
  isKeyword(i: number, code: number): boolean {
    return this.kinds[i] === TOKEN_NAME && this.codes[i] === code;
  }

  /** Token i as an object (for the few tokens results hold on to). */
  token(i: number): Token {
    const kind = this.kinds[i]!;
    return { kind: kind === TOKEN_NAME ? 'name' : kind === TOKEN_NUMBER ? 'number' : kind === TOKEN_STRING ? 'string' : kind === TOKEN_OP ? 'op' : 'other', start: this.starts[i]!, end: this.ends[i]!, text: this.text(i) };
  }

  /**
   * Columns of tokens[from, to) (comments must already be left out): their texts are joined into `source`.
   * Filled into `into` when given (a caller's scratch columns, reused from call to call).
   */
  static fromTokens(tokens: readonly Token[], from: number, to: number, into?: TokenColumns): TokenColumns {
    const c = into ?? new TokenColumns();
    let source = '';
    const offsets: number[] = [];
    for (let i = from; i < to; i++) {
      offsets.push(source.length);
      source += tokens[i]!.text + ' ';
    }
    c.reset(source);
    for (let i = from; i < to; i++) {
      const t = tokens[i]!;
      const at = offsets[i - from]!;
      c.push(KIND_CODES[t.kind] ?? TOKEN_OTHER, t.start, t.end, at, at + t.text.length);
    }
    return c;
  }
}

const OP_LPAREN = operatorCode('(');
const OP_RPAREN = operatorCode(')');
const OP_LBRACKET = operatorCode('[');
const OP_RBRACKET = operatorCode(']');
const OP_LBRACE = operatorCode('{');
const OP_RBRACE = operatorCode('}');
const OP_COMMA = operatorCode(',');
const OP_COLON = operatorCode(':');
const OP_QUESTION = operatorCode('?');
const OP_STAR = operatorCode('*');
const OP_STARSTAR = operatorCode('**');
const OP_SLASH = operatorCode('/');
const OP_ELLIPSIS = operatorCode('...');
const OP_WALRUS = operatorCode(':=');
const OP_ASSIGN = operatorCode('=');
const KW_IF = keywordCode('if');
const KW_ELSE = keywordCode('else');
const KW_FOR = keywordCode('for');
const KW_ASYNC = keywordCode('async');
const KW_IN = keywordCode('in');
const KW_NOT = keywordCode('not');
const KW_IS = keywordCode('is');
const KW_LAMBDA = keywordCode('lambda');
const KW_YIELD = keywordCode('yield');
const KW_FROM = keywordCode('from');

// Words that end an expression rather than start or continue one.
const PYTHON_STOP_WORDS = new Set<number>(
  (['for', 'async', 'else', 'if', 'in', 'as', 'from', 'import', 'def', 'class', 'return', 'pass', 'del', 'global',
    'nonlocal', 'assert', 'raise', 'try', 'except', 'finally', 'while', 'with', 'break', 'continue', 'elif'] as const).map(keywordCode),
);

const AUGMENTED_OR_ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=', ':'].map((o) => operatorCode(o)));

interface OperatorEntry {
  readonly op: string;
  readonly spec: BinaryOperator;
}

/** A grammar's operators by token code: built once per grammar. */
interface GrammarCodes {
  readonly binaryOps: ReadonlyMap<number, OperatorEntry>;
  readonly binaryWords: ReadonlyMap<number, OperatorEntry>;
  readonly prefixOps: ReadonlyMap<number, readonly [string, number]>;
  readonly prefixWords: ReadonlyMap<number, readonly [string, number]>;
  readonly members: ReadonlySet<number>;
  readonly keywordArgument: number;
  readonly notIn?: OperatorEntry;
  readonly isNot?: OperatorEntry;
}

const grammarCodes = new WeakMap<Grammar, GrammarCodes>();

function codesOf(grammar: Grammar): GrammarCodes {
  let g = grammarCodes.get(grammar);
  if (g !== undefined) return g;
  const binaryOps = new Map<number, OperatorEntry>();
  const binaryWords = new Map<number, OperatorEntry>();
  for (const [op, spec] of grammar.binary) {
    const word = KEYWORD_CODES.get(op);
    if (word !== undefined) binaryWords.set(word, { op, spec });
    else if (operatorCode(op) >= 0) binaryOps.set(operatorCode(op), { op, spec });
  }
  const prefixOps = new Map<number, readonly [string, number]>();
  const prefixWords = new Map<number, readonly [string, number]>();
  for (const [op, prec] of grammar.prefix) {
    const word = KEYWORD_CODES.get(op);
    if (word !== undefined) prefixWords.set(word, [op, prec]);
    else if (operatorCode(op) >= 0) prefixOps.set(operatorCode(op), [op, prec]);
  }
  const notInSpec = grammar.binary.get('not in');
  const isNotSpec = grammar.binary.get('is not');
  g = {
    binaryOps, binaryWords, prefixOps, prefixWords,
    members: new Set([...grammar.member].map((m) => operatorCode(m))),
    keywordArgument: grammar.keywordArgument === undefined ? -2 : operatorCode(grammar.keywordArgument),
    ...(notInSpec !== undefined ? { notIn: { op: 'not in', spec: notInSpec } } : {}),
    ...(isNotSpec !== undefined ? { isNot: { op: 'is not', spec: isNotSpec } } : {}),
  };
  grammarCodes.set(grammar, g);
  return g;
}

export class ExpressionParser {
  pos: number;
  private depth = 0;
  private readonly codes: GrammarCodes;
  private readonly python: boolean;

  /** Parses columns [from, to); comments must already be left out. */
  constructor(
    private readonly t: TokenColumns,
    from: number,
    readonly to: number,
    private readonly grammar: Grammar,
  ) {
    this.pos = from;
    this.codes = codesOf(grammar);
    this.python = grammar.python;
  }

  atEnd(): boolean {
    return this.pos >= this.to;
  }

  /** Whether the token at pos+offset is the operator with code `code`. */
  isOp(code: number, offset = 0): boolean {
    const i = this.pos + offset;
    return i < this.to && this.t.kinds[i] === TOKEN_OP && this.t.codes[i] === code;
  }

  isWord(code: number, offset = 0): boolean {
    const i = this.pos + offset;
    return i < this.to && this.t.kinds[i] === TOKEN_NAME && this.t.codes[i] === code;
  }

  fail(): never {
    throw PARSE_FAILURE;
  }

  /** Consumes the operator with code `code`; returns its end offset. */
  expectOp(code: number): number {
    if (!this.isOp(code)) this.fail();
    return this.t.ends[this.pos++]!;
  }

  private lastEnd(): number {
    return this.t.ends[this.pos - 1]!;
  }

  /** An expression at binding power `minPrec` or above. */
  parse(minPrec = 0): Expr {
    if (++this.depth > MAX_DEPTH) this.fail();
    try {
      let left = this.parsePrefix();
      const t = this.t;
      for (;;) {
        const i = this.pos;
        if (i >= this.to) break;
        const kind = t.kinds[i];
        if (this.grammar.conditional === 'python' && kind === TOKEN_NAME && t.codes[i] === KW_IF && minPrec <= this.grammar.conditionalPrec) {
          // `a if cond else b`: only where a conditional is allowed (not inside a comprehension's filter).
          this.pos++;
          const cond = this.parse(this.grammar.conditionalPrec + 1);
          if (!this.isWord(KW_ELSE)) {
            this.pos = i;
            break;
          }
          this.pos++;
          const other = this.parse(this.grammar.conditionalPrec);
          left = group('conditional', [left, cond, other], left.start, other.end);
          continue;
        }
        if (this.grammar.conditional === 'c' && kind === TOKEN_OP && t.codes[i] === OP_QUESTION && minPrec <= this.grammar.conditionalPrec) {
          this.pos++;
          const a = this.parse(this.grammar.conditionalPrec);
          this.expectOp(OP_COLON);
          const b = this.parse(this.grammar.conditionalPrec);
          left = group('conditional', [left, a, b], left.start, b.end);
          continue;
        }
        const entry = this.binaryOperatorAt(i);
        if (entry === undefined) break;
        const spec = entry.spec;
        if (spec.prec < minPrec) break;
        this.pos += entry.op === 'not in' || entry.op === 'is not' ? 2 : 1;
        const right = this.parse(spec.rightPrec ?? (spec.rightAssoc ? spec.prec : spec.prec + 1));
        left = { kind: 'binary', op: entry.op, left, right, start: left.start, end: right.end };
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  private binaryOperatorAt(i: number): OperatorEntry | undefined {
    const kind = this.t.kinds[i];
    const code = this.t.codes[i]!;
    if (kind === TOKEN_OP) return this.codes.binaryOps.get(code);
    if (kind !== TOKEN_NAME || !this.python || code === 0) return undefined;
    if (code === KW_NOT && this.isWord(KW_IN, 1)) return this.codes.notIn;
    if (code === KW_IS && this.isWord(KW_NOT, 1)) return this.codes.isNot;
    return this.codes.binaryWords.get(code);
  }

  private parsePrefix(): Expr {
    const i = this.pos;
    if (i >= this.to) this.fail();
    const t = this.t;
    const kind = t.kinds[i];
    const start = t.starts[i]!;
    const end = t.ends[i]!;
    let e: Expr;
    if (kind === TOKEN_NUMBER) {
      this.pos++;
      e = { kind: 'number', value: this.grammar.numberValue(t.text(i)), start, end };
    } else if (kind === TOKEN_STRING) {
      this.pos++;
      // Adjacent literals concatenate; the value is kept only for a single plain literal.
      let last = end;
      let count = 1;
      while (this.pos < this.to && t.kinds[this.pos] === TOKEN_STRING) {
        last = t.ends[this.pos]!;
        this.pos++;
        count++;
      }
      e = { kind: 'string', value: count === 1 ? this.grammar.stringValue(t.text(i)) : undefined, start, end: last };
    } else if (kind === TOKEN_NAME) {
      const code = t.codes[i]!;
      if (code !== 0) {
        const prefix = this.codes.prefixWords.get(code);
        if (prefix !== undefined) {
          this.pos++;
          const operand = this.parse(prefix[1]);
          return { kind: 'unary', op: prefix[0], operand, start, end: operand.end };
        }
        if (this.python && code === KW_LAMBDA) return this.parseLambda();
        if (this.python && code === KW_YIELD) {
          this.pos++;
          if (this.isWord(KW_FROM)) this.pos++;
          if (this.atEnd() || this.isOp(OP_RPAREN) || this.isOp(OP_RBRACKET) || this.isOp(OP_RBRACE)) return group('yield', [], start, end);
          const value = this.parseTestList();
          return group('yield', [value], start, value.end);
        }
        if (this.python && PYTHON_STOP_WORDS.has(code)) this.fail();
      }
      this.pos++;
      e = { kind: 'name', name: t.text(i), start, end };
    } else if (kind === TOKEN_OP) {
      const code = t.codes[i]!;
      const prefix = this.codes.prefixOps.get(code);
      if (prefix !== undefined) {
        this.pos++;
        const operand = this.parse(prefix[1]);
        return { kind: 'unary', op: prefix[0], operand, start, end: operand.end };
      }
      if (code === OP_LPAREN) e = this.parseParenthesized();
      else if (code === OP_LBRACKET) e = this.parseBracketed(OP_LBRACKET, OP_RBRACKET, 'list');
      else if (code === OP_LBRACE) e = this.parseBracketed(OP_LBRACE, OP_RBRACE, 'dict');
      else if (code === OP_ELLIPSIS) {
        this.pos++;
        e = { kind: 'name', name: '...', start, end };
      } else this.fail();
    } else {
      this.fail();
    }
    return this.parsePostfix(e);
  }

  private parsePostfix(e: Expr): Expr {
    const t = this.t;
    for (;;) {
      const i = this.pos;
      if (i >= this.to || t.kinds[i] !== TOKEN_OP) return e;
      const code = t.codes[i]!;
      if (code === OP_LPAREN) {
        this.pos++;
        const args = this.parseArguments();
        const end = this.expectOp(OP_RPAREN);
        e = { kind: 'call', callee: e, args, start: e.start, end };
      } else if (code === OP_LBRACKET) {
        this.pos++;
        const index = this.parseSubscriptItems();
        const end = this.expectOp(OP_RBRACKET);
        e = { kind: 'subscript', object: e, index, start: e.start, end };
      } else if (this.codes.members.has(code)) {
        this.pos++;
        const n = this.pos;
        if (n >= this.to || t.kinds[n] !== TOKEN_NAME) this.fail();
        this.pos++;
        e = { kind: 'attribute', object: e, name: t.text(n), nameStart: t.starts[n]!, start: e.start, end: t.ends[n]! };
      } else return e;
    }
  }

  private parseLambda(): Expr {
    const t = this.t;
    const start = t.starts[this.pos]!;
    this.pos++;
    const params: string[] = [];
    const defaults: Expr[] = [];
    while (!this.isOp(OP_COLON)) {
      const i = this.pos;
      if (i >= this.to) this.fail();
      const kind = t.kinds[i];
      if (kind === TOKEN_NAME) {
        params.push(t.text(i));
        this.pos++;
        if (this.isOp(OP_ASSIGN)) {
          this.pos++;
          defaults.push(this.parse(2));
        }
      } else if (kind === TOKEN_OP && (t.codes[i] === OP_COMMA || t.codes[i] === OP_STAR || t.codes[i] === OP_STARSTAR || t.codes[i] === OP_SLASH)) this.pos++;
      else this.fail();
    }
    this.pos++;
    const body = this.parse(this.grammar.conditionalPrec);
    defaults.push(body);
    const lambda: GroupExpr = { kind: 'group', label: 'lambda', children: defaults, start, end: body.end, params };
    return lambda;
  }

  /** `(`: a parenthesised expression, a tuple, a generator expression or `()`. */
  private parseParenthesized(): Expr {
    const start = this.t.starts[this.pos]!;
    this.expectOp(OP_LPAREN);
    if (this.isOp(OP_RPAREN)) {
      this.pos++;
      return group('tuple', [], start, this.lastEnd());
    }
    const first = this.parseItem(false);
    if (this.isOp(OP_RPAREN)) {
      this.pos++;
      if (first.kind === 'unary' && (first.op === '*' || first.op === '**')) return group('tuple', [first], start, this.lastEnd());
      return { kind: 'paren', inner: first, start, end: this.lastEnd() };
    }
    const items = [first];
    if (this.isComprehensionStart()) this.parseComprehensionClauses(items);
    while (this.isOp(OP_COMMA)) {
      this.pos++;
      if (this.isOp(OP_RPAREN)) break;
      items.push(this.parseItem(false));
    }
    this.expectOp(OP_RPAREN);
    return group('tuple', items, start, this.lastEnd());
  }

  private parseBracketed(open: number, close: number, label: string): Expr {
    const start = this.t.starts[this.pos]!;
    this.expectOp(open);
    const items: Expr[] = [];
    while (!this.isOp(close)) {
      items.push(this.parseItem(open === OP_LBRACE));
      if (this.isComprehensionStart()) this.parseComprehensionClauses(items);
      if (this.isOp(OP_COMMA)) this.pos++;
      else break;
    }
    this.expectOp(close);
    return group(label, items, start, this.lastEnd());
  }

  /** One element of a display: `*x`, `**d`, `k: v` (dicts), `name := value`, or an expression. */
  private parseItem(dict: boolean): Expr {
    const i = this.pos;
    if (i < this.to && this.t.kinds[i] === TOKEN_OP && (this.t.codes[i] === OP_STAR || this.t.codes[i] === OP_STARSTAR)) {
      this.pos++;
      const operand = this.parse(7);
      return { kind: 'unary', op: this.t.codes[i] === OP_STAR ? '*' : '**', operand, start: this.t.starts[i]!, end: operand.end };
    }
    const e = this.parseNamedExpression();
    if (dict && this.isOp(OP_COLON)) {
      this.pos++;
      const value = this.parse(0);
      return group('pair', [e, value], e.start, value.end);
    }
    return e;
  }

  private parseNamedExpression(): Expr {
    const e = this.parse(0);
    if (this.isOp(OP_WALRUS)) {
      this.pos++;
      const value = this.parse(0);
      return group('walrus', [e, value], e.start, value.end);
    }
    return e;
  }

  private isComprehensionStart(): boolean {
    return this.python && (this.isWord(KW_FOR) || (this.isWord(KW_ASYNC) && this.isWord(KW_FOR, 1)));
  }

  /** `for targets in iterable [if cond]...` clauses, appended to `out` as the expressions they contain. */
  private parseComprehensionClauses(out: Expr[]): void {
    while (this.isComprehensionStart()) {
      if (this.isWord(KW_ASYNC)) this.pos++;
      this.pos++;
      // Targets stop before `in`, which would otherwise parse as a comparison.
      out.push(this.parse(7));
      while (this.isOp(OP_COMMA)) {
        this.pos++;
        out.push(this.parse(7));
      }
      if (!this.isWord(KW_IN)) this.fail();
      this.pos++;
      out.push(this.parse(3));
      while (this.isWord(KW_IF)) {
        this.pos++;
        out.push(this.parse(3));
      }
    }
  }

  /** Call arguments up to (not including) the closing parenthesis. */
  private parseArguments(): Argument[] {
    const t = this.t;
    const args: Argument[] = [];
    while (!this.isOp(OP_RPAREN)) {
      const i = this.pos;
      if (i >= this.to) this.fail();
      const kind = t.kinds[i];
      if (kind === TOKEN_OP && (t.codes[i] === OP_STAR || t.codes[i] === OP_STARSTAR)) {
        this.pos++;
        const value = this.parse(0);
        args.push({ spread: t.codes[i] === OP_STAR ? '*' : '**', value, start: t.starts[i]!, end: value.end });
      } else if (kind === TOKEN_NAME && this.isOp(this.codes.keywordArgument, 1)) {
        this.pos += 2;
        const value = this.parse(0);
        args.push({ name: t.text(i), value, start: t.starts[i]!, end: value.end });
      } else {
        let value = this.parseNamedExpression();
        if (this.isComprehensionStart()) {
          const items = [value];
          this.parseComprehensionClauses(items);
          value = group('generator', items, value.start, this.lastEnd());
        }
        args.push({ value, start: value.start, end: value.end });
      }
      if (this.isOp(OP_COMMA)) this.pos++;
      else break;
    }
    return args;
  }

  /** Subscript items: expressions and slices `a:b:c` (as 'slice' groups). */
  private parseSubscriptItems(): Expr[] {
    const items: Expr[] = [];
    while (!this.isOp(OP_RBRACKET)) {
      const start = this.pos < this.to ? this.t.starts[this.pos]! : this.lastEnd();
      const parts: Expr[] = [];
      let isSlice = false;
      if (!this.isOp(OP_COLON)) parts.push(this.parseItem(false));
      while (this.isOp(OP_COLON)) {
        isSlice = true;
        this.pos++;
        if (!this.isOp(OP_COLON) && !this.isOp(OP_COMMA) && !this.isOp(OP_RBRACKET)) parts.push(this.parse(0));
      }
      items.push(isSlice ? group('slice', parts, start, this.lastEnd()) : parts[0]!);
      if (this.isOp(OP_COMMA)) this.pos++;
      else break;
    }
    return items;
  }

  /** `a, b, *c` at statement level: a bare tuple when there is a comma, else the single expression. */
  parseTestList(): Expr {
    const first = this.parseItem(false);
    if (!this.isOp(OP_COMMA)) return first;
    const items = [first];
    while (this.isOp(OP_COMMA)) {
      this.pos++;
      if (this.atEnd() || this.isOp(OP_ASSIGN) || this.isOp(OP_RPAREN)) break;
      if (this.t.kinds[this.pos] === TOKEN_OP && AUGMENTED_OR_ASSIGN.has(this.t.codes[this.pos]!)) break;
      items.push(this.parseItem(false));
    }
    return group('tuple-bare', items, first.start, this.lastEnd());
  }
}

function group(label: string, children: Expr[], start: number, end: number): GroupExpr {
  return { kind: 'group', label, children, start, end };
}

/** Parses columns [from, to) as one expression list; undefined when it does not parse completely. */
export function parseExpressionColumns(tokens: TokenColumns, from: number, to: number, grammar: Grammar): Expr | undefined {
  const p = new ExpressionParser(tokens, from, to, grammar);
  try {
    const e = p.parseTestList();
    return p.atEnd() ? e : undefined;
  } catch (err) {
    if (err === PARSE_FAILURE) return undefined;
    throw err;
  }
}

/** Parses tokens[from, to) (comments left out) as one expression list; undefined when it does not parse completely. */
export function parseExpressionList(tokens: readonly Token[], from: number, to: number, grammar: Grammar): Expr | undefined {
  return parseExpressionColumns(TokenColumns.fromTokens(tokens, from, to, LIST_SCRATCH), 0, to - from, grammar);
}

// Reused by every parseExpressionList call: nodes keep offsets and strings, never the columns.
const LIST_SCRATCH = new TokenColumns();
