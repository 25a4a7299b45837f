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
   * Per code token, its text: operators share their operator strings, names and numbers one string per distinct word
   * (WordTable), the others are slices. (Interning through a Map of slices was measured earlier: it cost more than the
   * slices, since each token still made one. The word table reads the characters from the text and makes no string for a
   * repeated word; with fewer strings kept alive, the analysis after it spends less time in the collector.)
   */
  readonly texts: string[];
  /**
   * Per code token, the index of its word (its text among the distinct name and number texts, numbered in order of first
   * appearance), -1 for other tokens: per-word facts can then be kept in an array of `wordCount` entries instead of a
   * table keyed by text.
   */
  readonly words: Int32Array;
  readonly wordCount: number;
  /** For each bracket in `code`, the index of its partner; -1 when unmatched or not a bracket (as `matchBrackets` in cfamilyParser.ts). */
  readonly match: Int32Array;
  /** For each code token, the index of the innermost `{` around it (a `}` counts as inside its block); -1 at top level. */
  readonly braceParent: Int32Array;
  private readonly columns: TokenColumns;
  private objects: Map<number, CToken> | undefined;
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
    this.words = columns.codeWord.subarray(0, n);
    this.wordCount = columns.words.count;
    this.texts = new Array<string>(n);
    this.match = new Int32Array(n);
    this.braceParent = new Int32Array(n);
    textsAndBrackets(columns, this.texts, this.match, this.braceParent);
  }

  /** Code token `i` as an object (made once, then shared with `code`); undefined outside the stream. */
  tokenAt(i: number): CToken | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    if (this.codeTokens !== undefined) return this.codeTokens[i];
    // Few tokens are asked for one by one: a map, not an array as long as the stream, made per analysis.
    const objects = (this.objects ??= new Map<number, CToken>());
    let token = objects.get(i);
    if (token === undefined) {
      token = this.makeToken(i);
      objects.set(i, token);
    }
    return token;
  }

  /** Tokens the parser reads, in text order (made on first read; prefer the columns). */
  get code(): CToken[] {
    if (this.codeTokens === undefined) {
      const code = new Array<CToken>(this.count);
      const made = this.objects;
      for (let i = 0; i < this.count; i++) code[i] = made?.get(i) ?? this.makeToken(i);
      this.codeTokens = code;
      this.objects = undefined;
    }
    return this.codeTokens;
  }

  private makeToken(i: number): CToken {
    return { kind: KIND_NAMES[this.kinds[i]!]!, start: this.starts[i]!, end: this.ends[i]!, text: this.texts[i]! };
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

// Per operator id: 1..3 open ( [ {, 4..6 close ) ] } (the same bracket kind plus 3), 0 for anything else.
const BRACKET_ROLE = new Uint8Array(256);
BRACKET_ROLE[OPEN_PAREN] = 1;
BRACKET_ROLE[OPEN_SQUARE] = 2;
BRACKET_ROLE[OPEN_BRACE] = 3;
BRACKET_ROLE[CLOSE_PAREN] = 4;
BRACKET_ROLE[CLOSE_SQUARE] = 5;
BRACKET_ROLE[CLOSE_BRACE] = 6;

function grownStack(stack: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(stack.length * 2);
  bigger.set(stack);
  return bigger;
}

/**
 * The code tokens' texts (words share their table's strings, operators theirs, the others are slices), with bracket
 * partners and innermost braces, in one pass over the columns. A closer matches the nearest open bracket of its kind,
 * dropping unmatched openers above it; a closer with no opener of its kind open is skipped (checked by count, so
 * crafted input cannot make it search a deep stack again and again).
 */
function textsAndBrackets(columns: TokenColumns, texts: string[], match: Int32Array, braceParent: Int32Array): void {
  const { text, codeCount: n, codeKind: kind, codeStart: start, codeEnd: end, codeOperator: operator, codeWord: word } = columns;
  const strings = columns.words.strings;
  // Open brackets (token index) and their kinds; open braces apart, for braceParent. Grown as nesting needs.
  let stack = new Int32Array(64);
  let stackKind = new Int32Array(64);
  let braces = new Int32Array(64);
  let top = 0;
  let braceTop = 0;
  let innermostBrace = -1;
  const open = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    braceParent[i] = innermostBrace;
    match[i] = -1;
    const w = word[i]!;
    if (w >= 0) {
      texts[i] = strings[w]!;
      continue;
    }
    if (kind[i] !== K_OP) {
      texts[i] = text.slice(start[i]!, end[i]!);
      continue;
    }
    const op = operator[i]!;
    texts[i] = operatorText(text, start[i]!, end[i]!, op);
    const role = BRACKET_ROLE[op]!;
    if (role === 0) continue;
    if (role <= 3) {
      if (top === stack.length) {
        stack = grownStack(stack);
        stackKind = grownStack(stackKind);
      }
      stack[top] = i;
      stackKind[top++] = role;
      open[role]!++;
      if (role === 3) {
        if (braceTop === braces.length) braces = grownStack(braces);
        braces[braceTop++] = i;
        innermostBrace = i;
      }
      continue;
    }
    const want = role - 3;
    if (want === 3 && braceTop > 0) {
      braceTop--;
      innermostBrace = braceTop > 0 ? braces[braceTop - 1]! : -1;
    }
    if (open[want] === 0) continue;
    let k = top - 1;
    while (stackKind[k] !== want) k--;
    for (let d = k; d < top; d++) open[stackKind[d]!]!--;
    top = k;
    const opener = stack[k]!;
    match[opener] = i;
    match[i] = opener;
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
