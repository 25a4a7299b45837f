// From a tokenizer's columns to what the C-family analysis reads: the code tokens as columns (kinds, starts,
// ends, texts), comments and directives apart, each bracket's match and each code token's innermost enclosing `{`.
// The columns are the scanner's own arrays (views, not copies); token objects are made only when asked for
// (`tokenAt`, `code`), since tens of thousands of small objects kept through an analysis cost more than the
// scanning itself (allocation, then the collector copying them).
import { type CToken, K_COMMENT, K_OP, K_PREPROCESSOR, KIND_NAMES, operatorText, SINGLE_OPERATOR, type TokenColumns } from './cfamilyTokens';

// Brackets by operator id (one-character operators carry their character code).
const OPEN_PAREN = SINGLE_OPERATOR + 40;
const CLOSE_PAREN = SINGLE_OPERATOR + 41;
const OPEN_SQUARE = SINGLE_OPERATOR + 91;
const CLOSE_SQUARE = SINGLE_OPERATOR + 93;
const OPEN_BRACE = SINGLE_OPERATOR + 123;
const CLOSE_BRACE = SINGLE_OPERATOR + 125;

/** The code tokens of one text as columns, with their bracket structure; token objects on demand. */
export class CodeStream {
  /** Number of code tokens (tokens the parser reads: no comments, directives or JSX markup). */
  readonly count: number;
  /** Per code token, in text order: kind (K_NAME … K_OP), start and end offsets (read-only views). */
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /**
   * Per code token, its text: operators share their operator strings, the others are slices. (Interning names through
   * a hash table was measured: it cost more here than the slices, and the analysis after it was no faster.)
   */
  readonly texts: string[];
  /** For each bracket in `code`, the index of its partner; -1 when unmatched or not a bracket (as `matchBrackets`). */
  readonly match: Int32Array;
  /** For each code token, the index of the innermost `{` around it (a `}` counts as inside its block); -1 at top level. */
  readonly braceParent: Int32Array;
  private readonly columns: TokenColumns;
  private objects: Array<CToken | undefined> | undefined;
  private codeTokens: CToken[] | undefined;
  private commentTokens: CToken[] | undefined;
  private directiveTokens: CToken[] | undefined;

  constructor(columns: TokenColumns) {
    const n = columns.codeCount;
    this.columns = columns;
    this.count = n;
    this.kinds = columns.codeKind.subarray(0, n);
    this.starts = columns.codeStart.subarray(0, n);
    this.ends = columns.codeEnd.subarray(0, n);
    this.texts = textsOf(columns);
    this.match = new Int32Array(n);
    this.braceParent = new Int32Array(n);
    matchBrackets(columns, this.match, this.braceParent);
  }

  /** Code token `i` as an object (made once, then shared); undefined outside the stream. */
  tokenAt(i: number): CToken | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    const objects = (this.objects ??= new Array<CToken | undefined>(this.count));
    return (objects[i] ??= { kind: KIND_NAMES[this.kinds[i]!]!, start: this.starts[i]!, end: this.ends[i]!, text: this.texts[i]! });
  }

  /** Tokens the parser reads, in text order (made on first read; prefer the columns). */
  get code(): CToken[] {
    if (this.codeTokens === undefined) {
      const code = new Array<CToken>(this.count);
      for (let i = 0; i < this.count; i++) code[i] = this.tokenAt(i)!;
      this.codeTokens = code;
    }
    return this.codeTokens;
  }

  get comments(): CToken[] {
    return (this.commentTokens ??= this.othersOfKind(K_COMMENT));
  }

  get directives(): CToken[] {
    return (this.directiveTokens ??= this.othersOfKind(K_PREPROCESSOR));
  }

  private othersOfKind(kind: number): CToken[] {
    const { columns } = this;
    const out: CToken[] = [];
    for (let i = 0; i < columns.otherCount; i++) if (columns.otherKind[i] === kind) out.push(columns.otherToken(i));
    return out;
  }
}

function textsOf(columns: TokenColumns): string[] {
  const { text, codeCount: n, codeKind: kind, codeStart: start, codeEnd: end, codeOperator: operator } = columns;
  const texts = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    texts[i] = kind[i] === K_OP ? operatorText(text, start[i]!, end[i]!, operator[i]!) : text.slice(start[i]!, end[i]!);
  }
  return texts;
}

/**
 * Bracket partners and innermost braces. A closer matches the nearest open bracket of its type, dropping
 * unmatched openers above it; a closer with no opener of its type open is skipped (checked by count, so
 * crafted input cannot make it search a deep stack again and again).
 */
function matchBrackets(columns: TokenColumns, match: Int32Array, braceParent: Int32Array): void {
  const { codeCount: n, codeOperator: operator } = columns;
  match.fill(-1);
  const stack = new Int32Array(n);
  const stackOperator = new Uint8Array(n);
  const braces = new Int32Array(n);
  let top = 0;
  let braceTop = 0;
  let openParens = 0;
  let openSquares = 0;
  let openBraces = 0;
  for (let i = 0; i < n; i++) {
    braceParent[i] = braceTop > 0 ? braces[braceTop - 1]! : -1;
    const op = operator[i]!;
    if (op === OPEN_PAREN || op === OPEN_SQUARE || op === OPEN_BRACE) {
      stack[top] = i;
      stackOperator[top++] = op;
      if (op === OPEN_PAREN) openParens++;
      else if (op === OPEN_SQUARE) openSquares++;
      else {
        openBraces++;
        braces[braceTop++] = i;
      }
    } else if (op === CLOSE_PAREN || op === CLOSE_SQUARE || op === CLOSE_BRACE) {
      if (op === CLOSE_BRACE && braceTop > 0) braceTop--;
      const want = op === CLOSE_PAREN ? OPEN_PAREN : op === CLOSE_SQUARE ? OPEN_SQUARE : OPEN_BRACE;
      const open = want === OPEN_PAREN ? openParens : want === OPEN_SQUARE ? openSquares : openBraces;
      if (open === 0) continue;
      let k = top - 1;
      while (stackOperator[k] !== want) k--;
      for (let d = k; d < top; d++) {
        const dropped = stackOperator[d];
        if (dropped === OPEN_PAREN) openParens--;
        else if (dropped === OPEN_SQUARE) openSquares--;
        else openBraces--;
      }
      top = k;
      const opener = stack[k]!;
      match[opener] = i;
      match[i] = opener;
    }
  }
}

/** The code stream of a tokenizer's columns. */
export function codeStreamOf(columns: TokenColumns): CodeStream {
  return new CodeStream(columns);
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
