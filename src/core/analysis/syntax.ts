// The language-neutral syntax the rules read: tokens from a per-language tokenizer and the expression
// trees the shared parser (`expressionParser.ts`) builds from them. A language plugs in by producing
// `Token`s (comments included, so suppression comments can be found) and a `Grammar` for the parser.

export type TokenKind =
  | 'name' // identifiers and keywords
  | 'number'
  | 'string' // every string form, f-strings included (their expressions are not analysed)
  | 'op' // punctuation and operators, longest match
  | 'comment'
  | 'newline' // end of a logical line (Python); languages with `;` need not emit it
  | string; // other languages' own kinds (`char`, `regex`, `preprocessor`, ...)

export interface Token {
  readonly kind: TokenKind;
  /** 0-based UTF-16 offsets into the analysed text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Node {
  readonly start: number;
  readonly end: number;
}

export interface NumberExpr extends Node {
  readonly kind: 'number';
  /** NaN for literals the language has but we do not evaluate (complex `1j`). */
  readonly value: number;
}
export interface StringExpr extends Node {
  readonly kind: 'string';
  /** The decoded value of a plain literal; undefined for f-strings, bytes and literals with escapes we do not decode. */
  readonly value: string | undefined;
}
export interface NameExpr extends Node {
  readonly kind: 'name';
  readonly name: string;
}
export interface AttributeExpr extends Node {
  readonly kind: 'attribute';
  readonly object: Expr;
  readonly name: string;
  readonly nameStart: number;
}
export interface Argument extends Node {
  /** Keyword argument name (`activation=`), absent for positional ones. */
  readonly name?: string;
  /** `*args` / `**kwargs` spreads. */
  readonly spread?: '*' | '**';
  readonly value: Expr;
}
export interface CallExpr extends Node {
  readonly kind: 'call';
  readonly callee: Expr;
  readonly args: readonly Argument[];
}
export interface SubscriptExpr extends Node {
  readonly kind: 'subscript';
  readonly object: Expr;
  readonly index: readonly Expr[];
}
export interface BinaryExpr extends Node {
  readonly kind: 'binary';
  /** The operator as written: `+`, `**`, `and`, `not in`, `is not`. */
  readonly op: string;
  readonly left: Expr;
  readonly right: Expr;
}
export interface UnaryExpr extends Node {
  readonly kind: 'unary';
  readonly op: string;
  readonly operand: Expr;
}
export interface ParenExpr extends Node {
  readonly kind: 'paren';
  readonly inner: Expr;
}
/**
 * Everything the rules need not look into structurally but must still search: tuples, lists, dicts,
 * lambdas (`params` holds their parameter names), conditionals, comprehensions, slices, keyword constructs.
 */
export interface GroupExpr extends Node {
  readonly kind: 'group';
  readonly label: string;
  readonly children: readonly Expr[];
  readonly params?: readonly string[];
}
export type Expr = NumberExpr | StringExpr | NameExpr | AttributeExpr | CallExpr | SubscriptExpr | BinaryExpr | UnaryExpr | ParenExpr | GroupExpr;

export function stripParens(e: Expr): Expr {
  while (e.kind === 'paren') e = e.inner;
  return e;
}

/** `a.b.c` for names and attribute chains; undefined for anything else (calls, subscripts). */
export function dottedName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'attribute') {
    const head = dottedName(e.object);
    return head === undefined ? undefined : `${head}.${e.name}`;
  }
  return undefined;
}

/** Direct children, in source order. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'attribute':
      return [e.object];
    case 'call':
      return [e.callee, ...e.args.map((a) => a.value)];
    case 'subscript':
      return [e.object, ...e.index];
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'paren':
      return [e.inner];
    case 'group':
      return [...e.children];
    default:
      return [];
  }
}

/**
 * Visits every node, parents before children in source order (as childrenOf lists them), with an explicit
 * stack (trees from crafted input can be deep). Children are pushed straight onto the stack, no array per node:
 * the analyzers walk every expression of a file.
 */
export function walk(root: Expr, visit: (e: Expr) => void): void {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    visit(e);
    pushChildren(stack, e);
  }
}

/** Pushes the direct children of `e` onto `stack` last child first, so popping visits them in source order (as `walk` does). */
export function pushChildren(stack: Expr[], e: Expr): void {
  switch (e.kind) {
    case 'attribute': stack.push(e.object); break;
    case 'call':
      for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]!.value);
      stack.push(e.callee);
      break;
    case 'subscript':
      for (let i = e.index.length - 1; i >= 0; i--) stack.push(e.index[i]!);
      stack.push(e.object);
      break;
    case 'binary': stack.push(e.right, e.left); break;
    case 'unary': stack.push(e.operand); break;
    case 'paren': stack.push(e.inner); break;
    case 'group':
      for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
      break;
    default: break;
  }
}

/** Whether two trees spell the same computation (parentheses and layout aside). Trees are depth-limited by the parser. */
export function sameExpr(a: Expr, b: Expr, text: string): boolean {
  a = stripParens(a);
  b = stripParens(b);
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'number':
      return Object.is(a.value, (b as NumberExpr).value) && (!Number.isNaN(a.value) || text.slice(a.start, a.end) === text.slice(b.start, b.end));
    case 'string':
      return text.slice(a.start, a.end) === text.slice(b.start, b.end);
    case 'name':
      return a.name === (b as NameExpr).name;
    case 'attribute':
      return a.name === (b as AttributeExpr).name && sameExpr(a.object, (b as AttributeExpr).object, text);
    case 'binary':
    case 'unary':
      if (a.op !== (b as BinaryExpr | UnaryExpr).op) return false;
      break;
    case 'call': {
      const bc = b as CallExpr;
      if (a.args.length !== bc.args.length) return false;
      for (let i = 0; i < a.args.length; i++) {
        const x = a.args[i]!;
        const y = bc.args[i]!;
        if (x.name !== y.name || x.spread !== y.spread) return false;
      }
      break;
    }
    case 'group':
      if (a.label !== (b as GroupExpr).label) return false;
      break;
    default:
      break;
  }
  const ka = childrenOf(a);
  const kb = childrenOf(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (!sameExpr(ka[i]!, kb[i]!, text)) return false;
  return true;
}
