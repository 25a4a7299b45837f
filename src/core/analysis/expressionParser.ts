// A small precedence-climbing (Pratt) parser over tokens, shared by the languages: binary operators with
// their binding powers, unary operators, calls with keyword arguments, attributes, subscripts, literals.
// Each language supplies a `Grammar`; Python's adds lambdas, conditionals, comprehensions and `not in`.
// It is depth-limited (MAX_DEPTH) and fails by throwing PARSE_FAILURE, which `parseExpressionList`
// turns into `undefined`: a statement that does not parse reports nothing, the rest of the file still does.
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

// Words that end an expression rather than start or continue one.
const PYTHON_STOP_WORDS = new Set([
  'for', 'async', 'else', 'if', 'in', 'as', 'from', 'import', 'def', 'class', 'return', 'pass', 'del', 'global',
  'nonlocal', 'assert', 'raise', 'try', 'except', 'finally', 'while', 'with', 'break', 'continue', 'elif',
]);

export class ExpressionParser {
  pos: number;
  private depth = 0;

  /** Parses tokens[from, to); comments must already be removed. */
  constructor(
    private readonly tokens: readonly Token[],
    from: number,
    readonly to: number,
    private readonly grammar: Grammar,
  ) {
    this.pos = from;
  }

  atEnd(): boolean {
    return this.pos >= this.to;
  }

  peek(offset = 0): Token | undefined {
    const i = this.pos + offset;
    return i < this.to ? this.tokens[i] : undefined;
  }

  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'name' && t.text === text;
  }

  fail(): never {
    throw PARSE_FAILURE;
  }

  expectOp(text: string): Token {
    const t = this.peek();
    if (t === undefined || t.kind !== 'op' || t.text !== text) this.fail();
    this.pos++;
    return t;
  }

  private lastEnd(): number {
    return this.tokens[this.pos - 1]!.end;
  }

  /** An expression at binding power `minPrec` or above. */
  parse(minPrec = 0): Expr {
    if (++this.depth > MAX_DEPTH) this.fail();
    try {
      let left = this.parsePrefix();
      for (;;) {
        const t = this.peek();
        if (t === undefined) break;
        if (this.grammar.conditional === 'python' && t.kind === 'name' && t.text === 'if' && minPrec <= this.grammar.conditionalPrec) {
          // `a if cond else b`: only where a conditional is allowed (not inside a comprehension's filter).
          const save = this.pos;
          this.pos++;
          const cond = this.parse(this.grammar.conditionalPrec + 1);
          if (!this.isWord('else')) {
            this.pos = save;
            break;
          }
          this.pos++;
          const other = this.parse(this.grammar.conditionalPrec);
          left = group('conditional', [left, cond, other], left.start, other.end);
          continue;
        }
        if (this.grammar.conditional === 'c' && t.kind === 'op' && t.text === '?' && minPrec <= this.grammar.conditionalPrec) {
          this.pos++;
          const a = this.parse(this.grammar.conditionalPrec);
          this.expectOp(':');
          const b = this.parse(this.grammar.conditionalPrec);
          left = group('conditional', [left, a, b], left.start, b.end);
          continue;
        }
        const [op, width] = this.binaryOperatorAt();
        if (op === undefined) break;
        const spec = this.grammar.binary.get(op)!;
        if (spec.prec < minPrec) break;
        this.pos += width;
        const right = this.parse(spec.rightPrec ?? (spec.rightAssoc ? spec.prec : spec.prec + 1));
        left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  private binaryOperatorAt(): [string | undefined, number] {
    const t = this.peek();
    if (t === undefined) return [undefined, 0];
    if (t.kind === 'op') return this.grammar.binary.has(t.text) ? [t.text, 1] : [undefined, 0];
    if (t.kind !== 'name' || !this.grammar.python) return [undefined, 0];
    if (t.text === 'not' && this.isWord('in', 1)) return ['not in', 2];
    if (t.text === 'is' && this.isWord('not', 1)) return ['is not', 2];
    return this.grammar.binary.has(t.text) ? [t.text, 1] : [undefined, 0];
  }

  private parsePrefix(): Expr {
    const t = this.peek();
    if (t === undefined) this.fail();
    let e: Expr;
    if (t.kind === 'number') {
      this.pos++;
      e = { kind: 'number', value: this.grammar.numberValue(t.text), start: t.start, end: t.end };
    } else if (t.kind === 'string') {
      this.pos++;
      // Adjacent literals concatenate; the value is kept only for a single plain literal.
      let end = t.end;
      let count = 1;
      while (this.peek()?.kind === 'string') {
        end = this.peek()!.end;
        this.pos++;
        count++;
      }
      e = { kind: 'string', value: count === 1 ? this.grammar.stringValue(t.text) : undefined, start: t.start, end };
    } else if (t.kind === 'name') {
      const prefixPrec = this.grammar.prefix.get(t.text);
      if (prefixPrec !== undefined) {
        this.pos++;
        const operand = this.parse(prefixPrec);
        return { kind: 'unary', op: t.text, operand, start: t.start, end: operand.end };
      }
      if (this.grammar.python && t.text === 'lambda') return this.parseLambda();
      if (this.grammar.python && t.text === 'yield') {
        this.pos++;
        if (this.isWord('from')) this.pos++;
        if (this.atEnd() || this.isOp(')') || this.isOp(']') || this.isOp('}')) return group('yield', [], t.start, t.end);
        const value = this.parseTestList();
        return group('yield', [value], t.start, value.end);
      }
      if (this.grammar.python && PYTHON_STOP_WORDS.has(t.text)) this.fail();
      this.pos++;
      e = { kind: 'name', name: t.text, start: t.start, end: t.end };
    } else if (t.kind === 'op') {
      const prefixPrec = this.grammar.prefix.get(t.text);
      if (prefixPrec !== undefined) {
        this.pos++;
        const operand = this.parse(prefixPrec);
        return { kind: 'unary', op: t.text, operand, start: t.start, end: operand.end };
      }
      if (t.text === '(') e = this.parseParenthesized();
      else if (t.text === '[') e = this.parseBracketed('[', ']', 'list');
      else if (t.text === '{') e = this.parseBracketed('{', '}', 'dict');
      else if (t.text === '...') {
        this.pos++;
        e = { kind: 'name', name: '...', start: t.start, end: t.end };
      } else this.fail();
    } else {
      this.fail();
    }
    return this.parsePostfix(e);
  }

  private parsePostfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.kind !== 'op') return e;
      if (t.text === '(') {
        this.pos++;
        const args = this.parseArguments();
        const close = this.expectOp(')');
        e = { kind: 'call', callee: e, args, start: e.start, end: close.end };
      } else if (t.text === '[') {
        this.pos++;
        const index = this.parseSubscriptItems();
        const close = this.expectOp(']');
        e = { kind: 'subscript', object: e, index, start: e.start, end: close.end };
      } else if (this.grammar.member.has(t.text)) {
        this.pos++;
        const name = this.peek();
        if (name === undefined || name.kind !== 'name') this.fail();
        this.pos++;
        e = { kind: 'attribute', object: e, name: name.text, nameStart: name.start, start: e.start, end: name.end };
      } else return e;
    }
  }

  private parseLambda(): Expr {
    const start = this.peek()!.start;
    this.pos++;
    const params: string[] = [];
    const defaults: Expr[] = [];
    while (!this.isOp(':')) {
      const t = this.peek();
      if (t === undefined) this.fail();
      if (t.kind === 'name') {
        params.push(t.text);
        this.pos++;
        if (this.isOp('=')) {
          this.pos++;
          defaults.push(this.parse(2));
        }
      } else if (t.kind === 'op' && (t.text === ',' || t.text === '*' || t.text === '**' || t.text === '/')) this.pos++;
      else this.fail();
    }
    this.pos++;
    const body = this.parse(this.grammar.conditionalPrec);
    return { ...group('lambda', [...defaults, body], start, body.end), params };
  }

  /** `(`: a parenthesised expression, a tuple, a generator expression or `()`. */
  private parseParenthesized(): Expr {
    const open = this.expectOp('(');
    if (this.isOp(')')) {
      this.pos++;
      return group('tuple', [], open.start, this.lastEnd());
    }
    const first = this.parseItem(false);
    if (this.isOp(')')) {
      this.pos++;
      if (first.kind === 'unary' && (first.op === '*' || first.op === '**')) return group('tuple', [first], open.start, this.lastEnd());
      return { kind: 'paren', inner: first, start: open.start, end: this.lastEnd() };
    }
    const items = [first];
    if (this.isComprehensionStart()) items.push(...this.parseComprehensionClauses());
    while (this.isOp(',')) {
      this.pos++;
      if (this.isOp(')')) break;
      items.push(this.parseItem(false));
    }
    this.expectOp(')');
    return group('tuple', items, open.start, this.lastEnd());
  }

  private parseBracketed(openText: string, closeText: string, label: string): Expr {
    const open = this.expectOp(openText);
    const items: Expr[] = [];
    while (!this.isOp(closeText)) {
      items.push(this.parseItem(openText === '{'));
      if (this.isComprehensionStart()) items.push(...this.parseComprehensionClauses());
      if (this.isOp(',')) this.pos++;
      else break;
    }
    this.expectOp(closeText);
    return group(label, items, open.start, this.lastEnd());
  }

  /** One element of a display: `*x`, `**d`, `k: v` (dicts), `name := value`, or an expression. */
  private parseItem(dict: boolean): Expr {
    const t = this.peek();
    if (t !== undefined && t.kind === 'op' && (t.text === '*' || t.text === '**')) {
      this.pos++;
      const operand = this.parse(7);
      return { kind: 'unary', op: t.text, operand, start: t.start, end: operand.end };
    }
    const e = this.parseNamedExpression();
    if (dict && this.isOp(':')) {
      this.pos++;
      const value = this.parse(0);
      return group('pair', [e, value], e.start, value.end);
    }
    return e;
  }

  private parseNamedExpression(): Expr {
    const e = this.parse(0);
    if (this.isOp(':=')) {
      this.pos++;
      const value = this.parse(0);
      return group('walrus', [e, value], e.start, value.end);
    }
    return e;
  }

  private isComprehensionStart(): boolean {
    return this.grammar.python && (this.isWord('for') || (this.isWord('async') && this.isWord('for', 1)));
  }

  /** `for targets in iterable [if cond]...` clauses, as the expressions they contain. */
  private parseComprehensionClauses(): Expr[] {
    const out: Expr[] = [];
    while (this.isComprehensionStart()) {
      if (this.isWord('async')) this.pos++;
      this.pos++;
      // Targets stop before `in`, which would otherwise parse as a comparison.
      out.push(this.parse(7));
      while (this.isOp(',')) {
        this.pos++;
        out.push(this.parse(7));
      }
      if (!this.isWord('in')) this.fail();
      this.pos++;
      out.push(this.parse(3));
      while (this.isWord('if')) {
        this.pos++;
        out.push(this.parse(3));
      }
    }
    return out;
  }

  /** Call arguments up to (not including) the closing parenthesis. */
  private parseArguments(): Argument[] {
    const args: Argument[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      if (t === undefined) this.fail();
      if (t.kind === 'op' && (t.text === '*' || t.text === '**')) {
        this.pos++;
        const value = this.parse(0);
        args.push({ spread: t.text as '*' | '**', value, start: t.start, end: value.end });
      } else if (t.kind === 'name' && this.grammar.keywordArgument !== undefined && this.isOp(this.grammar.keywordArgument, 1)) {
        this.pos += 2;
        const value = this.parse(0);
        args.push({ name: t.text, value, start: t.start, end: value.end });
      } else {
        let value = this.parseNamedExpression();
        if (this.isComprehensionStart()) {
          const clauses = this.parseComprehensionClauses();
          value = group('generator', [value, ...clauses], value.start, this.lastEnd());
        }
        args.push({ value, start: value.start, end: value.end });
      }
      if (this.isOp(',')) this.pos++;
      else break;
    }
    return args;
  }

  /** Subscript items: expressions and slices `a:b:c` (as 'slice' groups). */
  private parseSubscriptItems(): Expr[] {
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      const start = this.peek()?.start ?? this.lastEnd();
      const parts: Expr[] = [];
      let isSlice = false;
      if (!this.isOp(':')) parts.push(this.parseItem(false));
      while (this.isOp(':')) {
        isSlice = true;
        this.pos++;
        if (!this.isOp(':') && !this.isOp(',') && !this.isOp(']')) parts.push(this.parse(0));
      }
      items.push(isSlice ? group('slice', parts, start, this.lastEnd()) : parts[0]!);
      if (this.isOp(',')) this.pos++;
      else break;
    }
    return items;
  }

  /** `a, b, *c` at statement level: a bare tuple when there is a comma, else the single expression. */
  parseTestList(): Expr {
    const first = this.parseItem(false);
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.pos++;
      if (this.atEnd() || this.isOp('=') || this.isOp(')')) break;
      const t = this.peek()!;
      if (t.kind === 'op' && AUGMENTED_OR_ASSIGN.has(t.text)) break;
      items.push(this.parseItem(false));
    }
    return group('tuple-bare', items, first.start, this.lastEnd());
  }
}

const AUGMENTED_OR_ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=', ':']);

function group(label: string, children: Expr[], start: number, end: number): GroupExpr {
  return { kind: 'group', label, children, start, end };
}

/** Parses tokens[from, to) as one expression list; undefined when it does not parse completely. */
export function parseExpressionList(tokens: readonly Token[], from: number, to: number, grammar: Grammar): Expr | undefined {
  const p = new ExpressionParser(tokens, from, to, grammar);
  try {
    const e = p.parseTestList();
    return p.atEnd() ? e : undefined;
  } catch (err) {
    if (err === PARSE_FAILURE) return undefined;
    throw err;
  }
}
