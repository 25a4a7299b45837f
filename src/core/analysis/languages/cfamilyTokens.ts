// The token stream shared by the C-family tokenizers (JavaScript/TypeScript, C#, Java, C/C++).
// Tokenizers never throw: an unterminated string or comment simply runs to the end of the text,
// and a character that starts nothing known becomes a one-character 'op' token.
// Speed: scanning reads char codes through a class table and writes typed-array columns; no object and no
// substring is made per token (the code stream makes the texts, interned, in one pass).

export type CTokenKind =
  | 'name' // identifiers and keywords (`Math`, `return`, `double`, `@class` in C#)
  | 'number' // numeric literals with their suffixes (`1`, `1.0f`, `1m`, `0x1p-3`, `1'000`, `10n`)
  | 'string' // string literals, template/interpolated string pieces, text blocks, raw strings
  | 'char' // character literals (`'a'` in C#, Java, C/C++)
  | 'regex' // JavaScript regular-expression literals
  | 'op' // punctuation and operators, longest match (`?.`, `=>`, `::`, `>>>=`)
  | 'comment'
  | 'preprocessor' // a whole `#...` line in C#, C and C++ (with its `\` continuations in C/C++)
  | 'jsx'; // JSX markup and text: tag names, attribute names, text between tags

export interface CToken {
  readonly kind: CTokenKind;
  /** 0-based UTF-16 offsets into the analysed text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Tokens the expression parser reads: everything except comments, preprocessor lines and JSX markup. */
export function isCodeToken(t: CToken): boolean {
  return t.kind !== 'comment' && t.kind !== 'preprocessor' && t.kind !== 'jsx';
}

/**
 * Multi-character operators. An op token's operator id is its index here plus one, or SINGLE_OPERATOR + its code for
 * one ASCII character (0: one other character), so its text needs no look at the source.
 */
export const OPERATORS: readonly string[] = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '??=', '&&=', '||=', '->*', '<=>',
  '::', '->', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '**', '.*',
];

// Two-character operators by their two codes. Every longer operator but `...` begins with one of them, so the
// longer ones are listed under that prefix (ids, longest first) and tried only after it matched.
const TWO_CHAR_OPERATOR = new Uint8Array(128 * 128);
OPERATORS.forEach((op, index) => {
  if (op.length === 2) TWO_CHAR_OPERATOR[op.charCodeAt(0) * 128 + op.charCodeAt(1)] = index + 1;
});
const LONGER_OPERATORS: Array<number[] | undefined> = new Array<number[] | undefined>(OPERATORS.length + 1);
OPERATORS.forEach((op, index) => {
  if (op.length <= 2 || op === '...') return;
  const prefix = TWO_CHAR_OPERATOR[op.charCodeAt(0) * 128 + op.charCodeAt(1)]!;
  if (prefix === 0) throw new Error(`operator ${op} has no two-character prefix`);
  (LONGER_OPERATORS[prefix] ??= []).push(index + 1);
});
for (const list of LONGER_OPERATORS) list?.sort((x, y) => OPERATORS[y - 1]!.length - OPERATORS[x - 1]!.length);
const ELLIPSIS = OPERATORS.indexOf('...') + 1;
const OPTIONAL_CHAINING = OPERATORS.indexOf('?.') + 1;

export const SINGLE_OPERATOR = 64;

/** ASCII characters that begin no multi-character operator (`(`, `;`, `,`, `{`...): always a one-character token. */
export const LONE_OPERATOR = new Uint8Array(128);
for (let c = 33; c < 127; c++) LONE_OPERATOR[c] = OPERATORS.some((op) => op.charCodeAt(0) === c) ? 0 : 1;

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff
    || c === 0x2028 || c === 0x2029;
}

// Character classes of every UTF-16 code unit, so the scanner tests a class with one load.
export const C_SPACE = 1;
export const C_IDENT_START = 2;
export const C_IDENT_PART = 4;
export const C_DIGIT = 8;
export const CHAR_CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  CHAR_CLASS[c] = (isSpace(c) ? C_SPACE : 0) | (isIdentStart(c) ? C_IDENT_START : 0) | (isIdentPart(c) ? C_IDENT_PART : 0)
    | (isDigit(c) ? C_DIGIT : 0);
}

// Token kinds as small integers, for the columns the scanner writes (KIND_NAMES[k] is the CTokenKind).
export const K_NAME = 0;
export const K_NUMBER = 1;
export const K_STRING = 2;
export const K_CHAR = 3;
export const K_REGEX = 4;
export const K_OP = 5;
export const K_COMMENT = 6;
export const K_PREPROCESSOR = 7;
export const K_JSX = 8;
export const KIND_NAMES: readonly CTokenKind[] = ['name', 'number', 'string', 'char', 'regex', 'op', 'comment', 'preprocessor', 'jsx'];

/** True for the kinds the expression parser reads (not comments, directives, JSX markup). */
export function isCodeKind(k: number): boolean {
  return k < K_COMMENT;
}

// One-character strings by code unit, so operator tokens share their text instead of slicing it.
const CHAR_STRINGS: string[] = [];
for (let c = 0; c < 128; c++) CHAR_STRINGS.push(String.fromCharCode(c));

/** The text of an operator token: the shared operator string, or its one character. */
export function operatorText(text: string, start: number, end: number, operator: number): string {
  if (operator >= SINGLE_OPERATOR) return CHAR_STRINGS[operator - SINGLE_OPERATOR]!;
  return operator > 0 ? OPERATORS[operator - 1]! : text.slice(start, end);
}

// FNV-1a over a word's UTF-16 units: the scanner folds each character in as it reads it, so a word's hash costs no
// second pass over its characters.
export const WORD_HASH_SEED = 0x811c9dc5;
export const WORD_HASH_PRIME = 0x01000193;

/** Names up to this length are looked up from the scanner's copy of their characters (WordTable.scratch). */
const WORD_SCRATCH = 64;

function wordHash(text: string, start: number, end: number): number {
  let h = WORD_HASH_SEED;
  for (let p = start; p < end; p++) h = Math.imul(h ^ text.charCodeAt(p), WORD_HASH_PRIME);
  return h;
}

/**
 * One string per distinct word (name or number) of a text: a word's later occurrences share the string made for its
 * first. Names repeat a lot (`x`, `Math`, `double`, `exp`): sharing keeps a few thousand strings alive through the
 * analysis instead of one per token (the collector copies every live one), and each string's hash, computed by the
 * first table lookup that uses it, is then reused by every later lookup of the word. The table is open addressing over
 * typed arrays, keyed by the word's characters read from the text, so a repeated word allocates nothing.
 */
export class WordTable {
  private slots: Int32Array;
  private mask: number;
  // Each distinct word's characters, copied once into one array: a lookup compares the text against a typed array
  // instead of reading the text twice (charCodeAt on a concatenated string follows a pointer on every call).
  private chars = new Uint16Array(4096);
  private charsUsed = 0;
  private readonly wordFrom: number[] = [];
  private readonly wordLength: number[] = [];
  private readonly wordHashes: number[] = [];
  /** The distinct words' texts, by word index (numbered in order of first appearance). */
  readonly strings: string[] = [];
  /** Where the scanner copies a name's characters as it reads them (index masked: only names that fit are compared here). */
  readonly scratch = new Uint16Array(WORD_SCRATCH);

  constructor(private readonly text: string) {
    const size = 1024;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get count(): number {
    return this.strings.length;
  }

  /** The index of the word text[start, end), added when new. */
  wordAt(start: number, end: number): number {
    return this.wordWithHash(start, end, wordHash(this.text, start, end), false);
  }

  /**
   * As wordAt, with the word's hash (WORD_HASH_SEED/PRIME) already computed by the caller, and its characters in
   * `scratch` when `scratched` (then the lookup reads no character of the text; a word longer than the scratch is
   * compared against the text).
   */
  wordWithHash(start: number, end: number, hash: number, scratched: boolean): number {
    const fromScratch = scratched && end - start <= WORD_SCRATCH;
    let slot = hash & this.mask;
    for (;;) {
      const w = this.slots[slot]!;
      if (w < 0) break;
      if (fromScratch ? this.sameAsScratch(w, end - start) : this.sameWord(w, start, end)) return w;
      slot = (slot + 1) & this.mask;
    }
    const w = this.strings.length;
    this.strings.push(this.text.slice(start, end));
    this.addChars(start, end);
    this.wordHashes.push(hash);
    this.slots[slot] = w;
    if (2 * this.strings.length > this.slots.length) this.grow();
    return w;
  }

  private sameWord(w: number, start: number, end: number): boolean {
    if (this.wordLength[w] !== end - start) return false;
    const { text, chars } = this;
    for (let p = start, q = this.wordFrom[w]!; p < end; p++, q++) if (text.charCodeAt(p) !== chars[q]) return false;
    return true;
  }

  private sameAsScratch(w: number, length: number): boolean {
    if (this.wordLength[w] !== length) return false;
    const { scratch, chars } = this;
    for (let k = 0, q = this.wordFrom[w]!; k < length; k++, q++) if (scratch[k] !== chars[q]) return false;
    return true;
  }

  private addChars(start: number, end: number): void {
    const from = this.charsUsed;
    const length = end - start;
    if (from + length > this.chars.length) {
      const bigger = new Uint16Array(Math.max(2 * this.chars.length, from + length));
      bigger.set(this.chars);
      this.chars = bigger;
    }
    const { text, chars } = this;
    for (let k = 0; k < length; k++) chars[from + k] = text.charCodeAt(start + k);
    this.charsUsed = from + length;
    this.wordFrom.push(from);
    this.wordLength.push(length);
  }

  /** Twice the slots, every word placed again by its hash (kept at most half full, so probes stay short). */
  private grow(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let w = 0; w < this.strings.length; w++) {
      let slot = this.wordHashes[w]! & this.mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = w;
    }
  }
}

function grown<T extends Uint8Array | Int32Array>(array: T, size: number): T {
  const bigger = (array instanceof Uint8Array ? new Uint8Array(size) : new Int32Array(size)) as T;
  bigger.set(array);
  return bigger;
}

/**
 * A token stream as columns, in two lists: the code tokens (what the parser reads) and the others (comments,
 * directives, JSX markup), each in text order. Per token: kind, start, end, for code operators the operator id, and
 * for names and numbers the word index (`words`).
 */
export class TokenColumns {
  codeCount = 0;
  codeKind: Uint8Array;
  codeStart: Int32Array;
  codeEnd: Int32Array;
  /** Operator id of op tokens (see OPERATORS and SINGLE_OPERATOR; 0 for other kinds). */
  codeOperator: Uint8Array;
  /** Word index (in `words`) of name and number tokens; -1 for the other kinds. */
  codeWord: Int32Array;
  /** The distinct names and numbers, filled as the scanner meets them. */
  readonly words: WordTable;
  otherCount = 0;
  otherKind: Uint8Array;
  otherStart: Int32Array;
  otherEnd: Int32Array;

  constructor(readonly text: string) {
    // Code averages over 3 characters a token (JavaScript ~3.3, C# ~4.3), so this rarely grows; a huge text
    // (or one a comment swallows) starts at a million tokens and grows only if it really holds more.
    const capacity = Math.min(1 << 20, Math.max(16, Math.ceil(text.length / 3) + 16));
    this.codeKind = new Uint8Array(capacity);
    this.codeStart = new Int32Array(capacity);
    this.codeEnd = new Int32Array(capacity);
    this.codeOperator = new Uint8Array(capacity);
    this.codeWord = new Int32Array(capacity);
    this.words = new WordTable(text);
    const others = Math.min(1 << 16, Math.max(8, text.length >> 6));
    this.otherKind = new Uint8Array(others);
    this.otherStart = new Int32Array(others);
    this.otherEnd = new Int32Array(others);
  }

  /** Appends a code token (kind < K_COMMENT); empty spans are dropped. */
  pushCode(kind: number, start: number, end: number, operator: number): void {
    if (end <= start) return;
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeKind[n] = kind;
    this.codeStart[n] = start;
    this.codeEnd[n] = end;
    this.codeOperator[n] = operator;
    this.codeWord[n] = kind === K_NAME || kind === K_NUMBER ? this.words.wordAt(start, end) : -1;
    this.codeCount = n + 1;
  }

  /** Appends an operator token (never empty) with its operator id: the most frequent kind, so it skips pushCode's tests. */
  pushOp(start: number, end: number, operator: number): void {
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeKind[n] = K_OP;
    this.codeStart[n] = start;
    this.codeEnd[n] = end;
    this.codeOperator[n] = operator;
    this.codeWord[n] = -1;
    this.codeCount = n + 1;
  }

  /** Appends a name or number whose hash (WORD_HASH_SEED/PRIME over text[start, end)) the scanner computed. */
  pushWord(kind: number, start: number, end: number, hash: number, scratched: boolean): void {
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeKind[n] = kind;
    this.codeStart[n] = start;
    this.codeEnd[n] = end;
    this.codeOperator[n] = 0;
    this.codeWord[n] = this.words.wordWithHash(start, end, hash, scratched);
    this.codeCount = n + 1;
  }

  /** Appends a comment, directive or JSX token; empty spans are dropped. */
  pushOther(kind: number, start: number, end: number): void {
    if (end <= start) return;
    const n = this.otherCount;
    if (n === this.otherKind.length) {
      const size = n * 2;
      this.otherKind = grown(this.otherKind, size);
      this.otherStart = grown(this.otherStart, size);
      this.otherEnd = grown(this.otherEnd, size);
    }
    this.otherKind[n] = kind;
    this.otherStart[n] = start;
    this.otherEnd[n] = end;
    this.otherCount = n + 1;
  }

  push(kind: number, start: number, end: number): void {
    if (kind === K_OP) this.pushCode(kind, start, end, end - start === 1 && this.text.charCodeAt(start) < 128 ? SINGLE_OPERATOR + this.text.charCodeAt(start) : 0);
    else if (kind < K_COMMENT) this.pushCode(kind, start, end, 0);
    else this.pushOther(kind, start, end);
  }

  private growCode(): void {
    const size = this.codeKind.length * 2;
    this.codeKind = grown(this.codeKind, size);
    this.codeStart = grown(this.codeStart, size);
    this.codeEnd = grown(this.codeEnd, size);
    this.codeOperator = grown(this.codeOperator, size);
    this.codeWord = grown(this.codeWord, size);
  }

  /** The text of code token `i` (operators and words share theirs). */
  codeText(i: number): string {
    const start = this.codeStart[i]!;
    const end = this.codeEnd[i]!;
    const kind = this.codeKind[i];
    if (kind === K_OP) return operatorText(this.text, start, end, this.codeOperator[i]!);
    return kind === K_NAME || kind === K_NUMBER ? this.words.strings[this.codeWord[i]!]! : this.text.slice(start, end);
  }

  codeToken(i: number): CToken {
    return { kind: KIND_NAMES[this.codeKind[i]!]!, start: this.codeStart[i]!, end: this.codeEnd[i]!, text: this.codeText(i) };
  }

  otherToken(i: number): CToken {
    const start = this.otherStart[i]!;
    const end = this.otherEnd[i]!;
    return { kind: KIND_NAMES[this.otherKind[i]!]!, start, end, text: this.text.slice(start, end) };
  }

  /** Every token as a CToken, in text order. */
  tokens(): CToken[] {
    const out = new Array<CToken>(this.codeCount + this.otherCount);
    let c = 0;
    let o = 0;
    for (let k = 0; k < out.length; k++) {
      const takeCode = o >= this.otherCount || (c < this.codeCount && this.codeStart[c]! < this.otherStart[o]!);
      out[k] = takeCode ? this.codeToken(c++) : this.otherToken(o++);
    }
    return out;
  }
}

/**
 * A scanner over one text: the shared pieces (whitespace, comments, names, numbers, operators, quoted
 * literals with backslash escapes). Each language's tokenizer drives it and adds its own literal forms.
 */
export class CScanner {
  pos = 0;
  readonly columns: TokenColumns;
  readonly length: number;

  constructor(readonly text: string) {
    this.length = text.length;
    this.columns = new TokenColumns(text);
  }

  code(at: number): number {
    return at < this.length ? this.text.charCodeAt(at) : -1;
  }

  /** Class bits (C_*) of the character at `at`, 0 past the end. */
  classAt(at: number): number {
    return at < this.length ? CHAR_CLASS[this.text.charCodeAt(at)]! : 0;
  }

  push(kind: CTokenKind, start: number, end: number): void {
    this.columns.push(KIND_NAMES.indexOf(kind), start, end);
  }

  pushKind(kind: number, start: number, end: number): void {
    this.columns.push(kind, start, end);
  }

  /** Index of the last code token, -1 before any. */
  get lastCode(): number {
    return this.columns.codeCount - 1;
  }

  /** Kind of the last code token, or -1. */
  lastCodeKind(): number {
    const n = this.columns.codeCount;
    return n === 0 ? -1 : this.columns.codeKind[n - 1]!;
  }

  /** Text of the last code token ('' when none). */
  lastCodeText(): string {
    const n = this.columns.codeCount;
    return n === 0 ? '' : this.columns.codeText(n - 1);
  }

  /** Skips whitespace; returns true if anything was skipped. */
  skipSpace(): boolean {
    const s = this.pos;
    let p = s;
    const { text, length } = this;
    while (p < length && (CHAR_CLASS[text.charCodeAt(p)]! & C_SPACE) !== 0) p++;
    this.pos = p;
    return p > s;
  }

  /** `//` and `/* *\/` comments (unterminated block comments run to the end). */
  scanComment(): boolean {
    const s = this.pos;
    const n = this.code(s + 1);
    if (this.code(s) !== 47) return false;
    if (n === 47) {
      const { text, length } = this;
      let p = s + 2;
      while (p < length) {
        const d = text.charCodeAt(p);
        if (d === 10 || d === 13) break;
        p++;
      }
      this.pos = p;
      this.columns.pushOther(K_COMMENT, s, p);
      return true;
    }
    if (n === 42) {
      const close = this.text.indexOf('*/', s + 2);
      this.pos = close < 0 ? this.length : close + 2;
      this.columns.pushOther(K_COMMENT, s, this.pos);
      return true;
    }
    return false;
  }

  /** The end of the identifier starting at `start` (its first character is known to start one). */
  nameEnd(start: number): number {
    const { text, length } = this;
    let p = start + 1;
    while (p < length && (CHAR_CLASS[text.charCodeAt(p)]! & C_IDENT_PART) !== 0) p++;
    return p;
  }

  /**
   * Pushes the name starting at `start` (its first character is known to start one) with its word, hashed as its
   * characters are read; returns its end.
   */
  pushNameAt(start: number): number {
    const { text, length } = this;
    const scratch = this.columns.words.scratch;
    let c = text.charCodeAt(start);
    let h = Math.imul(WORD_HASH_SEED ^ c, WORD_HASH_PRIME);
    scratch[0] = c;
    let p = start + 1;
    while (p < length) {
      c = text.charCodeAt(p);
      if ((CHAR_CLASS[c]! & C_IDENT_PART) === 0) break;
      h = Math.imul(h ^ c, WORD_HASH_PRIME);
      // Masked, so a long name costs no test here; the table compares those against the text.
      scratch[(p - start) & (WORD_SCRATCH - 1)] = c;
      p++;
    }
    this.columns.pushWord(K_NAME, start, p, h, true);
    return p;
  }

  scanName(): boolean {
    const s = this.pos;
    if ((this.classAt(s) & C_IDENT_START) === 0) return false;
    this.pos = this.pushNameAt(s);
    return true;
  }

  /**
   * Numbers: decimal, hex (with hex-float exponents), binary, octal, digit separators `_` and (C++) `'`,
   * exponents, and any letter suffix (`f`, `d`, `m`, `L`, `u`, `n`, `ul`, `f32`).
   */
  scanNumber(allowQuoteSeparator: boolean): boolean {
    const { text, length } = this;
    const s = this.pos;
    if (s >= length) return false;
    const first = text.charCodeAt(s);
    if (first === 46) {
      if ((this.classAt(s + 1) & C_DIGIT) === 0) return false;
    } else if ((CHAR_CLASS[first]! & C_DIGIT) === 0) {
      return false;
    }
    let p = s;
    const hex = first === 48 && (this.code(s + 1) === 120 || this.code(s + 1) === 88);
    if (hex) p += 2;
    // Exponent letters: `e`/`E` for decimal, `p`/`P` for hex; they may take a sign before their digits.
    const lower = hex ? 112 : 101;
    const upper = hex ? 80 : 69;
    while (p < length) {
      const c = text.charCodeAt(p);
      if ((CHAR_CLASS[c]! & C_IDENT_PART) !== 0) {
        // Digits, `_`, hex digits, suffix letters and anything glued to the number; `e+5`/`p-3` take their sign.
        if ((c === lower || c === upper)) {
          const sign = this.code(p + 1);
          if ((sign === 43 || sign === 45) && (this.classAt(p + 2) & C_DIGIT) !== 0) {
            p += 2;
            continue;
          }
        }
        p++;
      } else if (c === 46) {
        p++;
      } else if (allowQuoteSeparator && c === 39 && (this.classAt(p + 1) & C_IDENT_PART) !== 0) {
        p++;
      } else {
        break;
      }
    }
    this.pos = p;
    this.columns.pushCode(K_NUMBER, s, p, 0);
    return true;
  }

  /** A literal closed by `quote` on the same line with backslash escapes; unterminated ones end at the line end. */
  scanQuoted(kind: 'string' | 'char', quote: number, start: number, bodyStart: number): void {
    const { text, length } = this;
    let p = bodyStart;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === 92) {
        p += 2;
        continue;
      }
      if (c === quote) {
        p++;
        break;
      }
      if (c === 10 || c === 13) break;
      p++;
    }
    this.pos = Math.min(p, length);
    this.columns.pushCode(kind === 'string' ? K_STRING : K_CHAR, start, this.pos, 0);
  }

  /** A literal closed by `close` that may span lines and has no escapes (C# raw, Java text block, C++ raw). */
  scanUntil(kind: CTokenKind, start: number, bodyStart: number, close: string): void {
    const at = this.text.indexOf(close, bodyStart);
    this.pos = at < 0 ? this.length : at + close.length;
    this.push(kind, start, this.pos);
  }

  /** The longest operator at `pos` (a lone character when none; `a?.5:b` is a conditional, not optional chaining). */
  scanOperator(): void {
    const { text, length } = this;
    const s = this.pos;
    const c = text.charCodeAt(s);
    let operator = 0;
    if (c < 128 && s + 1 < length) {
      const d = text.charCodeAt(s + 1);
      const two = d < 128 ? TWO_CHAR_OPERATOR[c * 128 + d]! : 0;
      if (two !== 0) {
        operator = two;
        const longer = LONGER_OPERATORS[two];
        if (longer !== undefined) {
          for (const id of longer) {
            const op = OPERATORS[id - 1]!;
            if (text.charCodeAt(s + 2) === op.charCodeAt(2) && (op.length === 3 || text.charCodeAt(s + 3) === op.charCodeAt(3))) {
              operator = id;
              break;
            }
          }
        }
        if (operator === OPTIONAL_CHAINING && (this.classAt(s + 2) & C_DIGIT) !== 0) operator = 0;
      } else if (c === 46 && d === 46 && text.charCodeAt(s + 2) === 46) {
        operator = ELLIPSIS;
      }
    }
    // One UTF-16 unit otherwise; a lone surrogate or control character is just an unknown operator.
    if (operator === 0) {
      this.pos = s + 1;
      if (c < 128) operator = SINGLE_OPERATOR + c;
    } else {
      this.pos = s + OPERATORS[operator - 1]!.length;
    }
    this.columns.pushOp(s, this.pos, operator);
  }

  /** A `#` directive running to the end of the line; `\` continues it onto the next line when `continuation`. */
  scanPreprocessorLine(continuation: boolean): void {
    const { text, length } = this;
    const s = this.pos;
    let p = s;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13) {
        if (continuation && p > s && text.charCodeAt(p - 1) === 92) {
          p += c === 13 && this.code(p + 1) === 10 ? 2 : 1;
          continue;
        }
        break;
      }
      if (c === 47 && this.code(p + 1) === 42) {
        // A block comment inside a directive may span lines; keep it inside the directive.
        const close = text.indexOf('*/', p + 2);
        p = close < 0 ? length : close + 2;
        continue;
      }
      p++;
    }
    this.pos = p;
    this.columns.pushOther(K_PREPROCESSOR, s, p);
  }

  /** True when only whitespace precedes `pos` on its line (directives must start a line). */
  atLineStart(): boolean {
    for (let p = this.pos - 1; p >= 0; p--) {
      const c = this.text.charCodeAt(p);
      if (c === 10 || c === 13) return true;
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }
}

export interface CFamilyDialect {
  /** C++ allows `'` between digits (`1'000'000`). */
  readonly quoteDigitSeparator: boolean;
  /** `#` at the start of a line begins a directive; 'continued' honours trailing `\` (C/C++). */
  readonly preprocessor: 'none' | 'line' | 'continued';
  /** The ASCII characters that may begin one of the language's own literal forms (quotes, prefixes). */
  readonly literalStarts: string;
  /** Tries the language's own literal forms at `s.pos`; returns true when it consumed something. */
  readonly scanLiteral: (s: CScanner, scanHole: () => boolean) => boolean;
}

// Per dialect, a 128-entry table of the characters its scanLiteral must see (all others cannot start a literal).
const literalTables = new WeakMap<CFamilyDialect, Uint8Array>();

function literalTableOf(dialect: CFamilyDialect): Uint8Array {
  let table = literalTables.get(dialect);
  if (table === undefined) {
    table = new Uint8Array(128);
    for (let i = 0; i < dialect.literalStarts.length; i++) table[dialect.literalStarts.charCodeAt(i)] = 1;
    literalTables.set(dialect, table);
  }
  return table;
}

/**
 * The main loop shared by C#, Java and C/C++. With `stopAtClose` it returns after consuming the `}` that
 * closes an interpolation hole (the `}` itself is not emitted) and reports whether it found one.
 */
export function scanCFamilyCode(s: CScanner, dialect: CFamilyDialect, stopAtClose: boolean, nesting = 0): boolean {
  const { text, length, columns } = s;
  const literalStart = literalTableOf(dialect);
  const directives = dialect.preprocessor !== 'none';
  const continued = dialect.preprocessor === 'continued';
  const quoteSeparator = dialect.quoteDigitSeparator;
  let depth = 0;
  // Interpolation holes recurse; beyond this nesting the hole's text is skipped as a string.
  const scanHole = (): boolean => {
    if (nesting >= 256) {
      s.push('string', s.pos, s.length);
      s.pos = s.length;
      return false;
    }
    return scanCFamilyCode(s, dialect, true, nesting + 1);
  };
  let pos = s.pos;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    const cls = CHAR_CLASS[c]!;
    if ((cls & C_SPACE) !== 0) {
      pos++;
      while (pos < length && (CHAR_CLASS[text.charCodeAt(pos)]! & C_SPACE) !== 0) pos++;
      continue;
    }
    if (c < 128 && literalStart[c] === 1) {
      s.pos = pos;
      if (dialect.scanLiteral(s, scanHole)) {
        pos = s.pos;
        continue;
      }
    }
    if ((cls & C_IDENT_START) !== 0) {
      pos = s.pushNameAt(pos);
      continue;
    }
    s.pos = pos;
    if (c === 47) {
      if (s.scanComment()) {
        pos = s.pos;
        continue;
      }
    } else if (c === 35) {
      if (directives && s.atLineStart()) {
        s.scanPreprocessorLine(continued);
        pos = s.pos;
        continue;
      }
    } else if ((cls & C_DIGIT) !== 0 || c === 46) {
      if (s.scanNumber(quoteSeparator)) {
        pos = s.pos;
        continue;
      }
    } else if (c === 123) {
      depth++;
    } else if (c === 125) {
      if (depth === 0 && stopAtClose) {
        s.pos = pos + 1;
        return true;
      }
      depth = Math.max(0, depth - 1);
    }
    if (c < 128 && LONE_OPERATOR[c] === 1) {
      columns.pushOp(pos, pos + 1, SINGLE_OPERATOR + c);
      pos++;
      continue;
    }
    s.scanOperator();
    pos = s.pos;
  }
  s.pos = pos;
  return false;
}
