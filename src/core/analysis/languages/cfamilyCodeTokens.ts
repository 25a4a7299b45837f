// From a tokenizer's columns to what the C-family analysis reads: the code tokens as columns (kinds, starts,
// ends, texts), comments and directives apart, each bracket's match and each code token's innermost enclosing `{`.
// The columns are the scanner's own arrays (views, not copies); token objects are made only when asked for
// (`tokenAt`, `code`), since tens of thousands of small objects kept through an analysis cost more than the
// scanning itself (allocation, then the collector copying them).
import { type CToken, K_COMMENT, K_OP, K_PREPROCESSOR, KIND_NAMES, operatorText, type TokenColumns } from './cfamilyTokens';

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

// Texts of names, numbers and short literals repeat through a file and across analyses of the same file:
// one string per distinct text, found by a hash of the characters, so no substring is made for a repeat.
// Open addressing; emptied when half full, so its memory stays bounded on any input.
const INTERN_SIZE = 1 << 15;
const INTERN_MASK = INTERN_SIZE - 1;
const INTERN_LIMIT = INTERN_SIZE >> 1;
const MAX_INTERNED_LENGTH = 32;
const internHashes = new Int32Array(INTERN_SIZE);
const internTexts = new Array<string | undefined>(INTERN_SIZE).fill(undefined);
let internCount = 0;

function internedText(text: string, start: number, end: number): string {
  const length = end - start;
  if (length > MAX_INTERNED_LENGTH) return text.slice(start, end);
  let hash = length;
  for (let p = start; p < end; p++) hash = (Math.imul(hash, 31) + text.charCodeAt(p)) | 0;
  let slot = (hash ^ (hash >>> 15)) & INTERN_MASK;
  for (;;) {
    const known = internTexts[slot];
    if (known === undefined) break;
    if (internHashes[slot] === hash && known.length === length && sameText(known, text, start)) return known;
    slot = (slot + 1) & INTERN_MASK;
  }
  if (internCount >= INTERN_LIMIT) {
    internTexts.fill(undefined);
    internCount = 0;
    slot = (hash ^ (hash >>> 15)) & INTERN_MASK;
  }
  const made = text.slice(start, end);
  internTexts[slot] = made;
  internHashes[slot] = hash;
  internCount++;
  return made;
}

function sameText(known: string, text: string, start: number): boolean {
  for (let k = 0; k < known.length; k++) if (known.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** The code tokens of one text as columns, with their bracket structure; token objects on demand. */
export class CodeStream {
  /** Number of code tokens (tokens the parser reads: no comments, directives or JSX markup). */
  readonly count: number;
  /** Per code token, in text order: kind (K_NAME … K_OP), start and end offsets (read-only views). */
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Per code token, its text: operators share their operator strings, names, numbers and short literals are interned. */
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
  const { text, codeCount: n, codeKind: kind, codeStart: start, codeEnd: end } = columns;
  match.fill(-1);
  const stack = new Int32Array(n);
  const stackChar = new Uint8Array(n);
  const braces = new Int32Array(n);
  let top = 0;
  let braceTop = 0;
  let openParens = 0;
  let openSquares = 0;
  let openBraces = 0;
  for (let i = 0; i < n; i++) {
    braceParent[i] = braceTop > 0 ? braces[braceTop - 1]! : -1;
    if (kind[i] !== K_OP || end[i]! - start[i]! !== 1) continue;
    const c = text.charCodeAt(start[i]!);
    if (c === OPEN_PAREN || c === OPEN_SQUARE || c === OPEN_BRACE) {
      stack[top] = i;
      stackChar[top++] = c;
      if (c === OPEN_PAREN) openParens++;
      else if (c === OPEN_SQUARE) openSquares++;
      else {
        openBraces++;
        braces[braceTop++] = i;
      }
    } else if (c === CLOSE_PAREN || c === CLOSE_SQUARE || c === CLOSE_BRACE) {
      if (c === CLOSE_BRACE && braceTop > 0) braceTop--;
      const want = c === CLOSE_PAREN ? OPEN_PAREN : c === CLOSE_SQUARE ? OPEN_SQUARE : OPEN_BRACE;
      const open = want === OPEN_PAREN ? openParens : want === OPEN_SQUARE ? openSquares : openBraces;
      if (open === 0) continue;
      let k = top - 1;
      while (stackChar[k] !== want) k--;
      for (let d = k; d < top; d++) {
        const dropped = stackChar[d];
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
