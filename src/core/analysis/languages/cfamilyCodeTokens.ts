// From a tokenizer's columns to what the C-family analysis reads: the code tokens as columns (kinds, starts,
// ends, texts), comments and directives apart, each bracket's match and each code token's innermost enclosing `{`.
// The scanner writes all of these as it pushes each token (cfamilyTokens.ts TokenColumns); the stream holds views of
// them, not copies. Token objects are made only when asked for (`tokenAt`, `code`), since tens of thousands of small
// objects kept through an analysis cost more than the scanning itself (allocation, then the collector copying them).
import { releaseSharedTexts, withCurrentTexts } from './cfamilySharedTexts';
import { type CToken, K_COMMENT, K_PREPROCESSOR, KIND_NAMES, type TokenColumns, type WordTable } from './cfamilyTokens';

/** The code tokens of one text as columns, with their bracket structure; token objects on demand. */
export class CodeStream {
  /** Number of code tokens (tokens the parser reads: no comments, directives or JSX markup). */
  readonly count: number;
  /** Per code token, in text order: kind (K_NAME … K_OP), start and end offsets (read-only views). */
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /**
   * Per code token (indices below `count`; reads past it find undefined, though a large file's column, shared between
   * analyses, may be longer), its text: operators share their operator strings, names and numbers one string per distinct word
   * (WordTable), the others are slices. (Interning through a Map of slices was measured earlier: it cost more than the
   * slices, since each token still made one. The word table makes no string for a repeated word; with fewer strings
   * kept alive, the analysis after it spends less time in the collector.)
   */
  readonly texts: string[];
  /**
   * Per code token, the index of its word (its text among the distinct name and number texts, numbered in order of first
   * appearance), -1 for other tokens: per-word facts can then be kept in an array of `wordCount` entries instead of a
   * table keyed by text.
   */
  readonly words: Int32Array;
  readonly wordCount: number;
  /** A number kept per word across analyses, for facts that depend only on its text (see WordTable.memoOf). */
  readonly wordMemos: Pick<WordTable, 'memoOf' | 'setMemo'>;
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
    this.wordMemos = columns.words;
    // Ended at the last token by the scanner (fitTextColumn): nothing is read past it.
    this.texts = columns.codeTexts;
    this.match = columns.codeMatch.subarray(0, n);
    this.braceParent = columns.codeBraceParent.subarray(0, n);
  }

  /**
   * `read()` with this stream's texts in `texts`: whatever reads the stream after its analysis has returned (a finding's
   * fixes, built on demand) goes through here, since a later analysis may have been lent the same text column.
   */
  withCurrentTexts<T>(read: () => T): T {
    return withCurrentTexts(this.columns, read);
  }

  /** The analysis of this stream is done: its text column may be lent to the next one (see cfamilySharedTexts.ts). */
  release(): void {
    releaseSharedTexts(this.columns);
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

  /**
   * The preprocessor directive whose span holds `offset`, if any, as a token: one binary search over the columns of
   * the non-code tokens, and one object (a file may hold thousands of directives, of which a few are asked about).
   */
  directiveContaining(offset: number): CToken | undefined {
    const { otherStart, otherEnd, otherKind, otherCount } = this.columns;
    let lo = 0;
    let hi = otherCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (otherEnd[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < otherCount && otherStart[lo]! <= offset && otherKind[lo] === K_PREPROCESSOR ? this.columns.otherToken(lo) : undefined;
  }

  private othersOfKind(kind: number): CToken[] {
    const { columns } = this;
    const out: CToken[] = [];
    for (let i = 0; i < columns.otherCount; i++) if (columns.otherKind[i] === kind) out.push(columns.otherToken(i));
    return out;
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
