// From a tokenizer's columns to what the C-family analysis reads, in one pass: the code tokens as objects
// (what the expression parser and the rules look at), comments and directives apart, each bracket's match and
// each code token's innermost enclosing `{`. Comparisons are on character codes, not on token text.
import { type CToken, K_COMMENT, K_PREPROCESSOR, type TokenColumns } from './cfamilyTokens';

export interface CodeStream {
  /** Tokens the parser reads (no comments, directives or JSX markup), in text order. */
  readonly code: CToken[];
  readonly comments: CToken[];
  readonly directives: CToken[];
  /** For each bracket in `code`, the index of its partner; -1 when unmatched or not a bracket (as `matchBrackets`). */
  readonly match: Int32Array;
  /** For each code token, the index of the innermost `{` around it (a `}` counts as inside its block); -1 at top level. */
  readonly braceParent: Int32Array;
}

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

export function codeStreamOf(columns: TokenColumns): CodeStream {
  const { text, kind } = columns;
  const code: CToken[] = [];
  const comments: CToken[] = [];
  const directives: CToken[] = [];
  for (let i = 0; i < columns.count; i++) {
    const k = kind[i]!;
    if (k < K_COMMENT) code.push(columns.token(i));
    else if (k === K_COMMENT) comments.push(columns.token(i));
    else if (k === K_PREPROCESSOR) directives.push(columns.token(i));
  }
  const n = code.length;
  const match = new Int32Array(n).fill(-1);
  const braceParent = new Int32Array(n);
  // Open brackets (code index) with their character; unmatched openers are dropped when a closer passes them.
  const stack: number[] = [];
  const stackChar: number[] = [];
  const braces: number[] = [];
  for (let i = 0; i < n; i++) {
    braceParent[i] = braces.length > 0 ? braces[braces.length - 1]! : -1;
    const t = code[i]!;
    if (t.end - t.start !== 1 || t.kind !== 'op') continue;
    const c = text.charCodeAt(t.start);
    if (c === OPEN_PAREN || c === OPEN_SQUARE || c === OPEN_BRACE) {
      stack.push(i);
      stackChar.push(c);
      if (c === OPEN_BRACE) braces.push(i);
    } else if (c === CLOSE_PAREN || c === CLOSE_SQUARE || c === CLOSE_BRACE) {
      if (c === CLOSE_BRACE && braces.length > 0) braces.pop();
      const want = c === CLOSE_PAREN ? OPEN_PAREN : c === CLOSE_SQUARE ? OPEN_SQUARE : OPEN_BRACE;
      let k = stack.length - 1;
      while (k >= 0 && stackChar[k] !== want) k--;
      if (k < 0) continue;
      const open = stack[k]!;
      stack.length = k;
      stackChar.length = k;
      match[open] = i;
      match[i] = open;
    }
  }
  return { code, comments, directives, match, braceParent };
}

/** Every token of the stream in text order (code, comments and directives merged; JSX markup left out). */
export function allTokensOf(stream: CodeStream): CToken[] {
  const lists = [stream.code, stream.comments, stream.directives];
  const at = [0, 0, 0];
  const out: CToken[] = [];
  for (;;) {
    let best = -1;
    for (let l = 0; l < 3; l++) {
      const t = lists[l]![at[l]!];
      if (t && (best < 0 || t.start < lists[best]![at[best]!]!.start)) best = l;
    }
    if (best < 0) return out;
    out.push(lists[best]![at[best]!++]!);
  }
}
