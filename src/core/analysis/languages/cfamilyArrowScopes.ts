// JavaScript/TypeScript arrow functions with an expression body (`const lse = (xs: number[]): number => Math.log(...)`,
// `lse: (xs) => ...` in an object literal) are functions without braces: the brace-based scopes of cfamilyAnalysis would
// put their code in the function or file around them, where another function's division, sum or maximum is taken for
// theirs. Arrows passed as arguments (`xs.map(v => Math.exp(v))`) are left to the function around them: a softmax's exps,
// sum and division are spread over such callbacks and their caller.
import { firstStartingAtOrAfter, type CodeColumns } from './cfamilyParser';
import { K_NAME, K_NUMBER, K_OP, K_STRING } from './cfamilyTokens';

export interface ArrowScope {
  readonly start: number;
  readonly end: number;
}

export interface ArrowScopes {
  readonly scopes: readonly ArrowScope[];
  /** Per scope (in the order of `scopes`, their first tokens ascending): its first and last code token. */
  readonly heads: Int32Array;
  readonly lasts: Int32Array;
  /**
   * Per scope, the nearest earlier scope whose last token lies after its own (-1: none): an earlier scope that ends at
   * or before this one's end cannot hold a token this one does not, so a search from it jumps straight there.
   */
  readonly endsLaterBefore: Int32Array;
  /**
   * Per code token, its innermost scope, only when the heads are not in text order (an arrow in a default parameter of
   * another, `(f = (x) => x) => ...`: the search above needs them sorted); else empty.
   */
  readonly table: Int32Array;
}

const NO_ARROWS: ArrowScopes = { scopes: [], heads: new Int32Array(0), lasts: new Int32Array(0), endsLaterBefore: new Int32Array(0), table: new Int32Array(0) };

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
  // The occurrences come in text order, so each token search starts where the last one ended and gallops forward
  // (a search over the whole file each cost cache misses; reading every start in between cost more when arrows are few).
  let a = 0;
  for (let at = text.indexOf('=>'); at >= 0; at = text.indexOf('=>', at + 2)) {
    a = firstStartingAtOrAfter(starts, count, at, a);
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
  // A table per code token of its innermost arrow (the one starting last, of those holding it) cost an array as long
  // as the file, allocated and filled per analysis (0.15 ms of the TypeScript bench file's). With the heads in text
  // order, as they nearly always are, the scopes and their previous-later-ending links answer per token asked.
  let sorted = true;
  for (let s = 1; s < heads.length && sorted; s++) sorted = heads[s - 1]! <= heads[s]!;
  let table = NO_ARROWS.table;
  if (!sorted) {
    table = new Int32Array(count).fill(-1);
    // In scope order: where scopes overlap, the later one's tokens are its own.
    for (let s = 0; s < scopes.length; s++) table.fill(s, heads[s]!, lasts[s]! + 1);
  }
  const endsLaterBefore = new Int32Array(scopes.length);
  const open: number[] = [];
  for (let s = 0; s < scopes.length; s++) {
    while (open.length > 0 && lasts[open[open.length - 1]!]! <= lasts[s]!) open.pop();
    endsLaterBefore[s] = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(s);
  }
  return { scopes, heads: Int32Array.from(heads), lasts: Int32Array.from(lasts), endsLaterBefore, table };
}

/**
 * The index in `arrows.scopes` of the innermost expression arrow holding code token `idx` (of those holding it, the
 * one starting last), -1 when none does.
 */
export function innermostArrowAt(arrows: ArrowScopes, idx: number): number {
  const { heads, lasts, endsLaterBefore, table } = arrows;
  if (table.length > 0) return idx >= 0 && idx < table.length ? table[idx]! : -1;
  // The last scope starting at or before idx, then back through scopes ending later until one reaches idx.
  let lo = 0;
  let hi = heads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (heads[mid]! <= idx) lo = mid + 1;
    else hi = mid;
  }
  let s = lo - 1;
  while (s >= 0 && lasts[s]! < idx) s = endsLaterBefore[s]!;
  return s;
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
