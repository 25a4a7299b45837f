// JavaScript/TypeScript arrow functions with an expression body (`const lse = (xs: number[]): number => Math.log(...)`,
// `lse: (xs) => ...` in an object literal) are functions without braces: the brace-based scopes of cfamilyAnalysis would
// put their code in the function or file around them, where another function's division, sum or maximum is taken for
// theirs. Arrows passed as arguments (`xs.map(v => Math.exp(v))`) are left to the function around them: a softmax's exps,
// sum and division are spread over such callbacks and their caller.
import { tokenIndexIn, type CodeColumns } from './cfamilyParser';
import { K_NAME, K_NUMBER, K_OP, K_STRING } from './cfamilyTokens';

export interface ArrowScope {
  readonly start: number;
  readonly end: number;
}

export interface ArrowScopes {
  readonly scopes: readonly ArrowScope[];
  /** Per code token, the index in `scopes` of the innermost expression arrow holding it; -1 outside every one. Empty when there are none. */
  readonly innermost: Int32Array;
}

const NO_ARROWS: ArrowScopes = { scopes: [], innermost: new Int32Array(0) };

/** Tokens that end an expression body at its own nesting depth. */
const BODY_ENDS = new Set([',', ';', ')', ']', '}', '=']);
/** Names that continue an expression on the next line (`x\n  as number`), so no statement can start there. */
const CONTINUING_NAMES = new Set(['as', 'in', 'instanceof', 'satisfies', 'of']);
/** How far back from `=>` a return type annotation (`): Promise<number[]> =>`) is looked for. */
const RETURN_TYPE_REACH = 32;

export function expressionArrowScopes(c: CodeColumns, match: Int32Array, text: string): ArrowScopes {
  const { count, kinds, texts, starts, ends } = c;
  const scopes: ArrowScope[] = [];
  const heads: number[] = [];
  const lasts: number[] = [];
  // The `=>` tokens, found in the text (a fast search) rather than by reading every token's text: an occurrence counts
  // when a `=>` token starts there (not in a string, a comment or `==>`).
  for (let at = text.indexOf('=>'); at >= 0; at = text.indexOf('=>', at + 2)) {
    const a = tokenIndexIn(starts, at, 0, count);
    if (a < 1 || a + 1 >= count || starts[a] !== at || kinds[a] !== K_OP || texts[a] !== '=>' || texts[a + 1] === '{') continue;
    const head = arrowHead(c, match, a);
    // An argument or array element is a callback of the code around it.
    if (head < 0 || (head > 0 && kinds[head - 1] === K_OP && (texts[head - 1] === '(' || texts[head - 1] === ','))) continue;
    const last = bodyEnd(c, match, text, a);
    if (last <= a) continue;
    heads.push(head);
    lasts.push(last);
    scopes.push({ start: starts[head]!, end: ends[last]! });
  }
  if (scopes.length === 0) return NO_ARROWS;
  const innermost = new Int32Array(count).fill(-1);
  // Heads in text order: a nested arrow starts after the one around it and overwrites its tokens.
  for (let s = 0; s < scopes.length; s++) innermost.fill(s, heads[s]!, lasts[s]! + 1);
  return { scopes, innermost };
}

/** The first token of the arrow whose `=>` is at `a`: its parameter list, its single parameter, or `async`; -1 if none is found. */
function arrowHead(c: CodeColumns, match: Int32Array, a: number): number {
  const { kinds, texts } = c;
  let head = -1;
  const before = a - 1;
  // `v =>` and `key: v =>`, not the return type of `(x): number =>`.
  if (kinds[before] === K_NAME && !(texts[before - 1] === ':' && texts[before - 2] === ')')) {
    head = before;
  } else {
    // `(x) =>`, or `(x: number): number =>`: back over the return type to the `)` a `:` follows.
    for (let k = before; k >= 0 && a - k <= RETURN_TYPE_REACH; k--) {
      const x = texts[k]!;
      if (kinds[k] !== K_OP) continue;
      if (x === ')' || x === ']' || x === '}') {
        const open = match[k] ?? -1;
        if (open < 0) return -1;
        if (x === ')' && (k === before || texts[k + 1] === ':')) {
          head = open;
          break;
        }
        k = open;
        continue;
      }
      if (x === ';' || x === '=' || x === '(' || x === '{' || x === '[' || x === '=>') return -1;
    }
  }
  if (head > 0 && kinds[head - 1] === K_NAME && texts[head - 1] === 'async') head--;
  return head;
}

/** The last token of the expression body after the `=>` at `a`. */
function bodyEnd(c: CodeColumns, match: Int32Array, text: string, a: number): number {
  const { count, kinds, texts, starts, ends } = c;
  let k = a + 1;
  for (; k < count; k++) {
    const kind = kinds[k];
    const x = texts[k]!;
    if (kind === K_OP) {
      if (x === '(' || x === '[' || x === '{') {
        const close = match[k] ?? -1;
        if (close < 0) return count - 1;
        k = close;
        continue;
      }
      if (BODY_ENDS.has(x)) break;
      continue;
    }
    // A statement on the next line after a complete expression (no semicolon): `x * 2\nconst g = ...`.
    if (k > a + 1 && kind === K_NAME && !CONTINUING_NAMES.has(x) && endsOperand(kinds[k - 1]!, texts[k - 1]!)
      && text.lastIndexOf('\n', starts[k]! - 1) >= ends[k - 1]!) break;
  }
  return k - 1;
}

function endsOperand(kind: number, x: string): boolean {
  return kind === K_NAME || kind === K_NUMBER || kind === K_STRING || (kind === K_OP && (x === ')' || x === ']' || x === '}'));
}
