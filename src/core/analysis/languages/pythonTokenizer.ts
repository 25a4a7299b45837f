// Python tokenizer: every string prefix (r, b, u, f, t and their pairs, any case), triple quotes,
// f-strings with nested braces and nested strings, comments, backslash continuations, bracket depth
// (newlines inside brackets do not end a statement), CRLF and lone CR, a BOM, tabs, non-ASCII names.
// It never throws and never recurses deeper than MAX_FSTRING_NESTING: unterminated strings run to the
// end of their line (single quotes) or of the text (triple quotes).
import { TOKEN_NAME, TOKEN_NUMBER, TOKEN_OP, TOKEN_STRING, keywordCode, keywordOfBytes } from '../expressionParser';
import type { Token } from '../syntax';

const MAX_FSTRING_NESTING = 64;

// Multi-character operators (see operatorWidth): **= //= >>= <<= ... := -> ** // << >> <= >= == != += -=
// *= /= %= &= |= ^= @=; the longest one that matches wins.

export interface PythonTokens {
  readonly tokens: Token[];
  /** Index of the first token of each logical line and one past its last, as pairs: [start0, end0, start1, end1, ...]. */
  readonly lines: number[];
}

// The same codes as the expression parser's token columns, so statements are copied into them as they are.
export const KIND_NAME = TOKEN_NAME;
export const KIND_NUMBER = TOKEN_NUMBER;
export const KIND_STRING = TOKEN_STRING;
export const KIND_OP = TOKEN_OP;
/** Never copied into the parser's columns (where 5 means a token it does not take). */
export const KIND_COMMENT = 5;
const KIND_TEXT = ['', 'name', 'number', 'string', 'op', 'comment'] as const;

/** Flags of a logical line (`CompactTokens.lineFlags`): which classes of the scan's word table its names hit. */
export const LINE_CANDIDATE = 1;
export const LINE_ASSIGNMENT_WORD = 2;
export const LINE_SPECIAL_WORD = 4;

/**
 * Words the scan looks for while it reads names, in three classes (LINE_CANDIDATE, LINE_ASSIGNMENT_WORD,
 * LINE_SPECIAL_WORD): each logical line gets the flags of the classes its names hit, so that the analysis
 * asks the exact question (a set lookup per name, which needs a string) only of lines that may answer yes.
 * A filter: a name that hits may be a collision, a name that misses is certainly not in the class.
 */
export class LineWordTable {
  /**
   * Per (length up to 63, first character's low 7 bits) — the key NameFilter uses too — one byte per class,
   * with a bit per last character's low 3 bits.
   */
  readonly keys = new Uint32Array(64 * 128);

  add(word: string, lineFlag: number): void {
    if (word.length === 0) return;
    this.keys[wordKey(word, 0, word.length)]! |= classBits(lineFlag) & lastCharBits(word.charCodeAt(word.length - 1));
  }

  /** False only when no name equal to text[start, end) can hit the class. */
  mayHold(text: string, start: number, end: number, lineFlag: number): boolean {
    return (this.keys[wordKey(text, start, end)]! & classBits(lineFlag) & lastCharBits(text.charCodeAt(end - 1))) !== 0;
  }
}

function wordKey(text: string, start: number, end: number): number {
  return (Math.min(end - start, 63) << 7) | (text.charCodeAt(start) & 127);
}

/** The byte of each class whose flag is set. */
function classBits(lineFlags: number): number {
  return ((lineFlags & LINE_CANDIDATE) !== 0 ? 0xff : 0) | ((lineFlags & LINE_ASSIGNMENT_WORD) !== 0 ? 0xff00 : 0) | ((lineFlags & LINE_SPECIAL_WORD) !== 0 ? 0xff0000 : 0);
}

/** The bit of a last character in every class's byte. */
function lastCharBits(last: number): number {
  return 0x010101 << (last & 7);
}

/** The line flags of the classes whose bytes are non-zero in `hits`. */
function flagsOfHits(hits: number): number {
  return ((hits & 0xff) !== 0 ? LINE_CANDIDATE : 0) | ((hits & 0xff00) !== 0 ? LINE_ASSIGNMENT_WORD : 0) | ((hits & 0xff0000) !== 0 ? LINE_SPECIAL_WORD : 0);
}

/**
 * The bit (0 to 63) of a name in a line's signature (`CompactTokens.lineSignaturesLow/High`), from its length and
 * its first and last characters: what the scan computes for each name it reads.
 */
export function nameSignatureBit(name: string): number {
  return (name.charCodeAt(0) * 7 + name.length * 5 + name.charCodeAt(name.length - 1) * 3) & 63;
}

/** The signature bits (see nameSignatureBit) of a set of names, in the two halves a line's signature is kept in. */
export class NameSignature {
  low = 0;
  high = 0;

  add(name: string): void {
    const bit = nameSignatureBit(name);
    if (bit < 32) this.low |= 1 << bit;
    else this.high |= 1 << bit;
  }

  /** False when a line of signature (low, high) certainly names none of the names added. */
  meets(low: number, high: number): boolean {
    return (low & this.low) !== 0 || (high & this.high) !== 0;
  }

  isEmpty(): boolean {
    return this.low === 0 && this.high === 0;
  }
}

// The table of a scan that looks for no words.
const NO_WORDS = new LineWordTable();

/** A copy of `columns` with room for `n` entries (a column grows by copying: typed arrays have a fixed length). */
function withCapacity<A extends Uint8Array | Int32Array>(columns: A, n: number): A {
  const grown = new (columns.constructor as new (length: number) => A)(n);
  grown.set(columns);
  return grown;
}

/**
 * The token stream in columns (no object or string per token): what the analyzer scans, materialising
 * `Token` objects only for the statements it parses. `lines` pairs index logical lines as in PythonTokens.
 */
export class CompactTokens {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  readonly lines: number[] = [];
  /** Bracket depth at the end of the text, and whether a string ran to the end of the text unterminated. */
  finalDepth = 0;
  unterminatedString = false;
  // Per logical line (index k / 2 of its pair in `lines`), written by the scan:
  /** The column of its first token (UTF-16 units since the line break before it, as `columnOfOffset` counts). */
  lineIndents: Int32Array;
  /** The keyword code of its first token (0: not a keyword). */
  lineFirstWords: Uint8Array;
  /** LINE_* flags: the classes of the scan's word table that its names hit. */
  lineFlags: Uint8Array;
  /** The first and last of its tokens that hit LINE_CANDIDATE (-1 when none does). */
  lineFirstHits: Int32Array;
  lineLastHits: Int32Array;
  /** A 64-bit signature of its names (bit `nameSignatureBit` of each) as two halves: a name whose bit is clear is not in it. */
  lineSignaturesLow: Int32Array;
  lineSignaturesHigh: Int32Array;
  /**
   * The text's UTF-16 code units as bytes, written by the scan: an ASCII character as itself, any other as NON_ASCII
   * (read the text for it), followed by CHARS_PADDING zeros. Reading these is several times cheaper than charCodeAt.
   */
  chars: Uint8Array;
  /** The names `nameAt` handed out, one per slot (see nameAt), and where in the text each was read (-1: none yet). */
  private readonly names: string[] = new Array<string>(NAME_SLOTS).fill('');
  private readonly nameStarts = new Int32Array(NAME_SLOTS).fill(-1);

  constructor(public text: string) {
    this.chars = new Uint8Array(text.length + CHARS_PADDING);
    const capacity = capacityFor(text);
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    const lineCapacity = lineCapacityFor(text);
    this.lineIndents = new Int32Array(lineCapacity);
    this.lineFirstWords = new Uint8Array(lineCapacity);
    this.lineFlags = new Uint8Array(lineCapacity);
    this.lineFirstHits = new Int32Array(lineCapacity);
    this.lineLastHits = new Int32Array(lineCapacity);
    this.lineSignaturesLow = new Int32Array(lineCapacity);
    this.lineSignaturesHigh = new Int32Array(lineCapacity);
  }

  /** Empties the columns for a scan of `text`, growing them when they are too small for it. */
  reset(text: string): void {
    this.text = text;
    this.count = 0;
    // `lines` keeps its length (and storage) until the scan has written over it: emptying it here would let the
    // array grow again from nothing, copying as it goes (~0.35 MB of copies on the bench file).
    this.finalDepth = 0;
    this.unterminatedString = false;
    // The previous text's names are dropped, not only forgotten: a slice of it would keep the whole text alive.
    this.nameStarts.fill(-1);
    this.names.fill('');
    if (this.chars.length < text.length + CHARS_PADDING) this.chars = new Uint8Array(text.length + CHARS_PADDING);
    const capacity = capacityFor(text);
    if (this.kinds.length < capacity) {
      this.kinds = new Uint8Array(capacity);
      this.starts = new Int32Array(capacity);
      this.ends = new Int32Array(capacity);
    }
    const lineCapacity = lineCapacityFor(text);
    if (this.lineIndents.length < lineCapacity) {
      this.lineIndents = new Int32Array(lineCapacity);
      this.lineFirstWords = new Uint8Array(lineCapacity);
      this.lineFlags = new Uint8Array(lineCapacity);
      this.lineFirstHits = new Int32Array(lineCapacity);
      this.lineLastHits = new Int32Array(lineCapacity);
      this.lineSignaturesLow = new Int32Array(lineCapacity);
      this.lineSignaturesHigh = new Int32Array(lineCapacity);
    }
  }

  push(kind: number, start: number, end: number): void {
    if (this.count === this.kinds.length) this.grow();
    this.kinds[this.count] = kind;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /** Doubles the columns' capacity. */
  grow(): void {
    const n = this.kinds.length * 2;
    this.kinds = withCapacity(this.kinds, n);
    this.starts = withCapacity(this.starts, n);
    this.ends = withCapacity(this.ends, n);
  }

  /** Writes logical line `line`'s columns, growing them when the line is past their end. */
  recordLine(line: number, indent: number, firstWord: number, flags: number, firstHit: number, lastHit: number, signatureLow: number, signatureHigh: number): void {
    if (line === this.lineIndents.length) this.growLines();
    this.lineIndents[line] = indent;
    this.lineFirstWords[line] = firstWord;
    this.lineFlags[line] = flags;
    this.lineFirstHits[line] = firstHit;
    this.lineLastHits[line] = lastHit;
    this.lineSignaturesLow[line] = signatureLow;
    this.lineSignaturesHigh[line] = signatureHigh;
  }

  /** Doubles the capacity of the per-line columns. */
  growLines(): void {
    const n = this.lineIndents.length * 2;
    this.lineIndents = withCapacity(this.lineIndents, n);
    this.lineFirstWords = withCapacity(this.lineFirstWords, n);
    this.lineFlags = withCapacity(this.lineFlags, n);
    this.lineFirstHits = withCapacity(this.lineFirstHits, n);
    this.lineLastHits = withCapacity(this.lineLastHits, n);
    this.lineSignaturesLow = withCapacity(this.lineSignaturesLow, n);
    this.lineSignaturesHigh = withCapacity(this.lineSignaturesHigh, n);
  }

  textOf(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /**
   * text[start, end) (a name), as the very string handed out for the same name before when it is still in its slot
   * (one per length and first and last character): the analysis looks names up in sets and maps, and a string met
   * again keeps the hash those computed, where a fresh slice is copied, hashed and compared anew each time.
   */
  nameAt(start: number, end: number): string {
    const { chars, text } = this;
    const n = end - start;
    const slot = (n * 31 + chars[start]! * 7 + chars[end - 1]!) & (NAME_SLOTS - 1);
    const known = this.nameStarts[slot]!;
    if (known >= 0 && this.names[slot]!.length === n && sameCharacters(chars, text, known, start, n)) return this.names[slot]!;
    const name = text.slice(start, end);
    this.names[slot] = name;
    this.nameStarts[slot] = start;
    return name;
  }

  /** `nameAt` of token i. */
  nameOf(i: number): string {
    return this.nameAt(this.starts[i]!, this.ends[i]!);
  }

  /** Whether token i is exactly `word` (no string is built). */
  is(i: number, word: string): boolean {
    const start = this.starts[i]!;
    const n = word.length;
    if (this.ends[i]! - start !== n) return false;
    // Character codes compared directly (from `chars`): `startsWith` is measurably slower for these short words.
    const { chars, text } = this;
    for (let k = 0; k < n; k++) if (codeUnitAt(chars, text, start + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  token(i: number): Token {
    return { kind: KIND_TEXT[this.kinds[i]!]!, start: this.starts[i]!, end: this.ends[i]!, text: this.textOf(i) };
  }

  /** Code tokens (comments left out) of [from, to) as objects, for the expression parser. */
  codeTokens(from: number, to: number): Token[] {
    const out: Token[] = [];
    for (let i = from; i < to; i++) if (this.kinds[i] !== KIND_COMMENT) out.push(this.token(i));
    return out;
  }
}

/** What `CompactTokens.chars` holds for a code unit past ASCII. */
export const NON_ASCII = 128;
/** The UTF-16 code unit at `i` of `text`, read from its `CompactTokens.chars` (the text only past ASCII). */
export function codeUnitAt(chars: Uint8Array, text: string, i: number): number {
  const c = chars[i]!;
  return c === NON_ASCII ? text.charCodeAt(i) : c;
}

/** Whether text[a, a + n) and text[b, b + n) are the same characters, read from the text's `CompactTokens.chars`. */
function sameCharacters(chars: Uint8Array, text: string, a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    const c = chars[a + k]!;
    if (c !== chars[b + k] || (c === NON_ASCII && text.charCodeAt(a + k) !== text.charCodeAt(b + k))) return false;
  }
  return true;
}

// Slots of `CompactTokens.nameAt` (a power of two).
const NAME_SLOTS = 1024;

/** Zeros after the text in `CompactTokens.chars`: the scan looks up to two characters ahead without a bounds test. */
const CHARS_PADDING = 8;

/** The part of the standard TextEncoder the scan uses (present in Node, browsers and workers; not in the core's types). */
interface Utf8Encoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
const textEncoderClass = (globalThis as { TextEncoder?: new () => Utf8Encoder }).TextEncoder;
const UTF8 = textEncoderClass === undefined ? undefined : new textEncoderClass();

/**
 * Writes `text` into `chars` as `CompactTokens.chars` holds it. An ASCII text's UTF-8 encoding is exactly that, and
 * the encoder writes it natively (measured: 34 instructions per character for a loop of charCodeAt and stores, a
 * fraction of one for the encoder); any other text is copied unit by unit.
 */
function fillChars(text: string, chars: Uint8Array): void {
  const n = text.length;
  const encoded = UTF8?.encodeInto(text, chars);
  // All n units read into n bytes: every one was ASCII (any other takes two bytes or more).
  if (encoded === undefined || encoded.read !== n || encoded.written !== n) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      chars[i] = c < 128 ? c : NON_ASCII;
    }
  }
  chars.fill(0, n, n + CHARS_PADDING);
}

// Code averages a little over one token per four characters (0.25 on the bench file): sized at one per
// three so that the columns are not copied while growing for ordinary code.
function capacityFor(text: string): number {
  return Math.max(256, Math.ceil(text.length / 3));
}

// Logical lines average about 40 characters in code (42 on the bench file): sized at one per 24.
function lineCapacityFor(text: string): number {
  return Math.max(64, Math.ceil(text.length / 24));
}

// The columns lent to `scanPythonShared`, kept from one analysis to the next: allocating (and the collector
// freeing) ~0.85 MB of fresh columns per analysis of a 280 KB file cost about 0.5 ms. Only columns for texts up
// to SHARED_MAX_CAPACITY tokens are kept, so a huge file does not hold on to its columns.
const SHARED_MAX_CAPACITY = 1 << 18;
let shared: CompactTokens | undefined;

/**
 * Like `scanPython`, but into columns that the next `scanPythonShared` call reuses: for a caller that is done
 * with the tokens before it returns and never scans again meanwhile (the analysis; fixes use `scanPython`).
 */
export function scanPythonShared(text: string, words: LineWordTable = NO_WORDS): CompactTokens {
  if (capacityFor(text) > SHARED_MAX_CAPACITY) return scanPython(text, words);
  if (shared === undefined) shared = new CompactTokens(text);
  else shared.reset(text);
  return scanInto(shared, words);
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && c !== 0xfeff && c !== 0xa0 && c !== 0x3000);
}
// ASCII characters that start or continue a name (letters, digits, underscore): one table lookup per character.
// (Sized past ASCII so that a NON_ASCII byte reads 0 there: such a character is looked up in the text.)
const ASCII_NAME_START = new Uint8Array(256);
const ASCII_NAME_PART = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  ASCII_NAME_START[c] = isNameStart(c) ? 1 : 0;
  ASCII_NAME_PART[c] = isNameStart(c) || (c >= 48 && c <= 57) ? 1 : 0;
}
// The scan's dispatch on a token's first character: one table read instead of a chain of comparisons (an
// operator, the most frequent token, used to pass a dozen of them). Characters past ASCII: see charClass.
const CHAR_OPERATOR = 0;
const CHAR_SPACE = 1;
const CHAR_NEWLINE = 2;
const CHAR_NAME = 3;
const CHAR_DIGIT = 4;
const CHAR_QUOTE = 5;
const CHAR_HASH = 6;
const CHAR_BACKSLASH = 7;
const CHAR_DOT = 8;
const CHAR_OPEN = 9;
const CHAR_CLOSE = 10;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_CLASS[c] = c === 32 || c === 9 || c === 12 || c === 11 ? CHAR_SPACE : c === 10 || c === 13 ? CHAR_NEWLINE : isNameStart(c) ? CHAR_NAME
    : c >= 48 && c <= 57 ? CHAR_DIGIT : c === 34 || c === 39 ? CHAR_QUOTE : c === 35 ? CHAR_HASH : c === 92 ? CHAR_BACKSLASH : c === 46 ? CHAR_DOT
      : c === 40 || c === 91 || c === 123 ? CHAR_OPEN : c === 41 || c === 93 || c === 125 ? CHAR_CLOSE : CHAR_OPERATOR;
}

/** The class of a character past ASCII: a no-break space and a BOM are blanks, other non-names a one-character operator. */
function charClass(c: number): number {
  return c === 0xa0 || c === 0xfeff ? CHAR_SPACE : isNameStart(c) ? CHAR_NAME : CHAR_OPERATOR;
}

function isNamePart(c: number): boolean {
  return c < 128 ? ASCII_NAME_PART[c] === 1 : isNameStart(c);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** String prefix letters: r R b B u U f F t T. */
function isPrefixLetter(c: number): boolean {
  return c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70 || c === 116 || c === 84;
}

/** All tokens as objects (tests, small snippets); the analyzer uses `scanPython`. */
export function tokenizePython(text: string): PythonTokens {
  const c = scanPython(text);
  const tokens: Token[] = [];
  for (let i = 0; i < c.count; i++) tokens.push(c.token(i));
  return { tokens, lines: c.lines };
}

/** The tokens of `text`; with `words`, each logical line's flags say which of its classes the line's names hit. */
export function scanPython(text: string, words: LineWordTable = NO_WORDS): CompactTokens {
  return scanInto(new CompactTokens(text), words);
}

/** Scans `out.text` into the empty columns `out`. */
function scanInto(out: CompactTokens, words: LineWordTable): CompactTokens {
  const text = out.text;
  const chars = out.chars;
  fillChars(text, chars);
  const lines = out.lines;
  // Pairs written so far: `lines` may hold an earlier scan's pairs past this point (see `reset`), cut at the end.
  let lineEntries = 0;
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;
  let lineFirst = 0;
  let lineHasCode = false;
  // Without a CR anywhere, a comment ends at the next LF, found by native search.
  const hasCR = text.indexOf('\r') >= 0;

  // The columns are written through locals (no call per token). No closure may assign these: V8 would then
  // keep them in a heap context instead of registers (measured: the stores below were the tokenizer's hot spot).
  let count = 0;
  let kinds = out.kinds;
  let starts = out.starts;
  let ends = out.ends;
  // The columns' length kept in a local: read from the typed array at every token, it was a measured hot spot.
  let capacity = kinds.length;
  // The line being read: the word classes its names hit, its first and last candidate hits, its first token's
  // column and keyword; and where the physical line of its first token starts.
  const wordKeys = words.keys;
  let lineHits = 0;
  let firstHit = -1;
  let lastHit = -1;
  let lineIndent = 0;
  let lineFirstWord = 0;
  let physicalLineStart = 0;
  let signatureLow = 0;
  let signatureHigh = 0;

  /** Scans a string whose opening quote is at `q`; returns the offset after it. */
  const scanString = (q: number, fstring: boolean, nesting: number): number => {
    const quote = chars[q]!;
    const triple = chars[q + 1] === quote && chars[q + 2] === quote;
    if (triple && !fstring) return scanTripleQuoted(q + 3, quote === 34 ? '"""' : "'''");
    let p = q + (triple ? 3 : 1);
    while (p < n) {
      // (A character past ASCII reads as NON_ASCII: it is none of those compared with.)
      const c = chars[p]!;
      if (c === 92) {
        // A backslash keeps the next character in the string, raw strings included.
        p += 2;
        continue;
      }
      if (c === quote) {
        if (!triple) return p + 1;
        if (chars[p + 1] === quote && chars[p + 2] === quote) return p + 3;
        p++;
        continue;
      }
      if ((c === 10 || c === 13) && !triple) return p; // unterminated: ends at the line end
      if (fstring && c === 123) {
        if (chars[p + 1] === 123) {
          p += 2;
          continue;
        }
        p = scanFStringExpression(p + 1, nesting + 1, triple);
        continue;
      }
      p++;
    }
    out.unterminatedString = true;
    return n;
  };

  // The first backslash at or after the last place looked from (NO_BACKSLASH: none), kept across strings:
  // the text is searched for backslashes once in all, however many docstrings it has.
  const NO_BACKSLASH = n + 8;
  let backslash = -1;
  /**
   * The body of a triple-quoted string without replacement fields (docstrings), from `p`: the closing quotes
   * found by native search rather than character by character. A backslash keeps the next character in the
   * string, so the search resumes after any backslash met before the quotes.
   */
  const scanTripleQuoted = (p: number, closing: string): number => {
    for (;;) {
      if (backslash < p) {
        backslash = text.indexOf('\\', p);
        if (backslash < 0) backslash = NO_BACKSLASH;
      }
      const close = text.indexOf(closing, p);
      if (close >= 0 && close < backslash) return close + 3;
      if (backslash === NO_BACKSLASH) {
        out.unterminatedString = true;
        return n;
      }
      p = backslash + 2;
    }
  };

  /** Scans `{expr!r:spec}` of an f-string from after its `{`; returns the offset after the closing `}`. */
  const scanFStringExpression = (from: number, nesting: number, inTriple: boolean): number => {
    let p = from;
    let braces = 0;
    while (p < n) {
      const c = chars[p]!;
      if ((c === 10 || c === 13) && !inTriple && nesting > MAX_FSTRING_NESTING) return p;
      if (c === 123 || c === 40 || c === 91) braces++;
      else if (c === 41 || c === 93) braces = Math.max(0, braces - 1);
      else if (c === 125) {
        if (braces === 0) return p + 1;
        braces--;
      } else if ((c === 34 || c === 39) && nesting <= MAX_FSTRING_NESTING) {
        let s = p - 1;
        let f = false;
        while (s >= from && isPrefixLetter(chars[s]!)) {
          const l = chars[s]!;
          if (l === 102 || l === 70 || l === 116 || l === 84) f = true;
          s--;
        }
        p = scanString(p, f, nesting);
        continue;
      } else if (c === 35 && inTriple) {
        // A comment inside a multi-line replacement field (3.12) runs to the line end.
        while (p < n && chars[p] !== 10 && chars[p] !== 13) p++;
        continue;
      }
      p++;
    }
    return n;
  };

  while (pos < n) {
    let c = chars[pos]!;
    if (c === NON_ASCII) c = text.charCodeAt(pos);
    const cls = c < 128 ? ASCII_CLASS[c]! : charClass(c);
    if (cls === CHAR_SPACE) {
      pos++;
      // Runs of spaces (indentation, mostly) without going through the dispatch for each one.
      while (chars[pos] === 32) pos++;
      continue;
    }
    if (cls === CHAR_NEWLINE) {
      pos += c === 13 && chars[pos + 1] === 10 ? 2 : 1;
      physicalLineStart = pos;
      // An unclosed bracket would swallow the rest of the file; a line that can only start a statement ends it.
      if (depth > 0 && startsStatement(chars, text, pos)) depth = 0;
      if (depth === 0) {
        // Comments alone do not make a logical line, but stay in the stream for suppression lookups.
        if (lineHasCode) {
          out.recordLine(lineEntries >> 1, lineIndent, lineFirstWord, flagsOfHits(lineHits), firstHit, lastHit, signatureLow, signatureHigh);
          lines[lineEntries++] = lineFirst;
          lines[lineEntries++] = count;
        }
        lineFirst = count;
        lineHasCode = false;
        lineHits = 0;
        firstHit = lastHit = -1;
        signatureLow = signatureHigh = 0;
      }
      continue;
    }
    let kind: number;
    const start = pos;
    if (cls === CHAR_OPERATOR) {
      pos += operatorWidth(chars, pos, c);
      kind = KIND_OP;
    } else if (cls === CHAR_NAME) {
      pos++;
      for (;;) {
        const d = chars[pos]!;
        // (The padding past the end is no name part.)
        if (ASCII_NAME_PART[d] !== 1 && (d !== NON_ASCII || !isNameStart(text.charCodeAt(pos)))) break;
        pos++;
      }
      kind = KIND_NAME;
      const q = chars[pos];
      if ((q === 34 || q === 39) && pos - start <= 2 && isStringPrefix(text, start, pos)) {
        let f = false;
        for (let i = start; i < pos; i++) {
          const l = text.charCodeAt(i);
          if (l === 102 || l === 70 || l === 116 || l === 84) f = true;
        }
        pos = scanString(pos, f, 0);
        kind = KIND_STRING;
      } else {
        // The line's word classes: one table lookup per name (the key NameFilter uses).
        const len = pos - start;
        let last = chars[pos - 1]!;
        if (last === NON_ASCII) last = text.charCodeAt(pos - 1);
        const hit = wordKeys[((len < 63 ? len : 63) << 7) | (c & 127)]! & (0x010101 << (last & 7));
        // nameSignatureBit, inline (`1 << bit` shifts by bit & 31).
        const bit = (c * 7 + len * 5 + last * 3) & 63;
        if (bit < 32) signatureLow |= 1 << bit;
        else signatureHigh |= 1 << bit;
        if (hit !== 0) {
          lineHits |= hit;
          if ((hit & 0xff) !== 0) {
            if (firstHit < 0) firstHit = count;
            lastHit = count;
          }
        }
      }
    } else if (cls === CHAR_OPEN) {
      depth++;
      pos++;
      kind = KIND_OP;
    } else if (cls === CHAR_CLOSE) {
      if (depth > 0) depth--;
      pos++;
      kind = KIND_OP;
    } else if (cls === CHAR_DIGIT || (cls === CHAR_DOT && isDigit(chars[pos + 1]!))) {
      const hex = c === 48 && (chars[pos + 1]! | 32) === 120;
      pos++;
      while (pos < n) {
        const d = chars[pos]!;
        if (isDigit(d) || d === 95 || d === 46 || (d >= 97 && d <= 122) || (d >= 65 && d <= 90)) {
          pos++;
          if (!hex && (d === 101 || d === 69)) {
            const s = chars[pos];
            if (s === 43 || s === 45) pos++;
          }
          continue;
        }
        break;
      }
      kind = KIND_NUMBER;
    } else if (cls === CHAR_DOT) {
      pos += operatorWidth(chars, pos, c);
      kind = KIND_OP;
    } else if (cls === CHAR_QUOTE) {
      pos = scanString(pos, false, 0);
      kind = KIND_STRING;
    } else if (cls === CHAR_HASH) {
      if (hasCR) {
        while (pos < n) {
          const d = chars[pos];
          if (d === 10 || d === 13) break;
          pos++;
        }
      } else {
        const eol = text.indexOf('\n', pos);
        pos = eol < 0 ? n : eol;
      }
      kind = KIND_COMMENT;
    } else {
      // A backslash: a line continuation, where the backslash and the line break vanish, or a stray operator.
      const next = chars[pos + 1];
      if (next === 10) {
        pos += 2;
        physicalLineStart = pos;
        continue;
      }
      if (next === 13) {
        pos += chars[pos + 2] === 10 ? 3 : 2;
        physicalLineStart = pos;
        continue;
      }
      kind = KIND_OP;
      pos++;
    }
    if (count === capacity) {
      out.count = count;
      out.grow();
      kinds = out.kinds;
      starts = out.starts;
      ends = out.ends;
      capacity = kinds.length;
    }
    kinds[count] = kind;
    starts[count] = start;
    ends[count] = pos;
    count++;
    if (!lineHasCode && kind !== KIND_COMMENT) {
      lineHasCode = true;
      lineIndent = start - physicalLineStart;
      lineFirstWord = kind === KIND_NAME ? keywordOfBytes(chars, start, pos) : 0;
    }
  }
  out.count = count;
  if (lineHasCode) {
    out.recordLine(lineEntries >> 1, lineIndent, lineFirstWord, flagsOfHits(lineHits), firstHit, lastHit, signatureLow, signatureHigh);
    lines[lineEntries++] = lineFirst;
    lines[lineEntries++] = count;
  }
  if (lines.length !== lineEntries) lines.length = lineEntries;
  out.finalDepth = depth;
  return out;
}

/**
 * Width of the operator starting with `c` at `pos` (of `CompactTokens.chars`): the longest multi-character operator
 * that matches, by character codes (no string comparison per operator). The characters after `c` are read only as
 * far as needed; all that continue an operator are ASCII.
 */
function operatorWidth(chars: Uint8Array, pos: number, c: number): number {
  const next = chars[pos + 1]!;
  // Multi-character operators all continue with one of = * / < > . -
  if (!(next === 61 || next === 42 || next === 47 || next === 60 || next === 62 || next === 46 || next === 45)) return 1;
  // **= //= >>= <<= ...
  if (next === c) {
    const after = chars[pos + 2];
    if (((c === 42 || c === 47 || c === 62 || c === 60) && after === 61) || (c === 46 && after === 46)) return 3;
  }
  // := <= >= == != += -= *= /= %= &= |= ^= @=
  if (next === 61 && (c === 58 || c === 60 || c === 62 || c === 61 || c === 33 || c === 43 || c === 45 || c === 42 || c === 47 || c === 37 || c === 38 || c === 124 || c === 94 || c === 64)) return 2;
  // -> ** // << >>
  if ((c === 45 && next === 62) || (next === c && (c === 42 || c === 47 || c === 60 || c === 62))) return 2;
  return 1;
}

// Keywords that cannot appear inside an expression, so a line starting with one starts a new statement.
// Flags by keyword code (see keywordAt): the word is recognised without building a string.
const STATEMENT_KEYWORDS = new Uint8Array(64);
for (const w of [
  'def', 'class', 'import', 'return', 'pass', 'break', 'continue', 'raise', 'global', 'nonlocal', 'assert', 'del', 'try',
  'except', 'finally', 'while', 'with', 'elif',
] as const) STATEMENT_KEYWORDS[keywordCode(w)] = 1;

/** Whether the line at `from` starts with a statement keyword; `chars` as `CompactTokens.chars` holds `text`. */
function startsStatement(chars: Uint8Array, text: string, from: number): boolean {
  let p = from;
  const n = text.length;
  while (p < n && (chars[p] === 32 || chars[p] === 9)) p++;
  const start = p;
  while (p < n && p - start < 9 && isNameStart(codeUnitAt(chars, text, p))) p++;
  if (p === start || (p < n && isNamePart(codeUnitAt(chars, text, p)))) return false;
  return STATEMENT_KEYWORDS[keywordOfBytes(chars, start, p)] === 1;
}

function isStringPrefix(text: string, start: number, end: number): boolean {
  const p = text.slice(start, end).toLowerCase();
  return p === 'r' || p === 'u' || p === 'b' || p === 'f' || p === 't' || p === 'br' || p === 'rb' || p === 'fr' || p === 'rf' || p === 'tr' || p === 'rt';
}

/** The value of a plain string token (no f-string, no bytes); undefined when it has escapes other than simple ones. */
export function pythonStringValue(tokenText: string): string | undefined {
  // By character codes: no lower-cased copy per prefix letter, no repeated quote strings to compare with.
  const n = tokenText.length;
  let i = 0;
  let raw = false;
  for (; i < n; i++) {
    const c = tokenText.charCodeAt(i);
    if (c === 34 || c === 39) break;
    if (c === 102 || c === 70 || c === 98 || c === 66 || c === 116 || c === 84) return undefined; // f b t
    if (c === 114 || c === 82) raw = true;
  }
  if (i === n) return undefined;
  const quote = tokenText.charCodeAt(i);
  const q = tokenText.charCodeAt(i + 1) === quote && tokenText.charCodeAt(i + 2) === quote ? 3 : 1;
  if (n < i + 2 * q) return undefined;
  for (let k = n - q; k < n; k++) if (tokenText.charCodeAt(k) !== quote) return undefined;
  const body = tokenText.slice(i + q, n - q);
  if (!raw && body.includes('\\')) return undefined;
  return body;
}
