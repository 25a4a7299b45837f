// The token stream shared by the C-family tokenizers (JavaScript/TypeScript, C#, Java, C/C++).
// Tokenizers never throw: an unterminated string or comment simply runs to the end of the text,
// and a character that starts nothing known becomes a one-character 'op' token.
// Speed: scanning reads the text as one byte per UTF-16 unit (TextUnits) through a class table and writes
// typed-array columns; the code stream (texts, bracket partners, innermost braces) is built in the same pass, so no
// second pass reads the columns, and no object and no substring is made per name or operator.
import { keepHiddenClassesOf } from '../hiddenClasses';
import { fitTextColumn, textColumnFor } from './cfamilySharedTexts';

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

/**
 * ASCII characters that begin no multi-character operator (`(`, `;`, `,`, `{`...): always a one-character token;
 * 2 for the brackets among them (pushed through TokenColumns.pushBracket).
 */
export const LONE_OPERATOR = new Uint8Array(128);
for (let c = 33; c < 127; c++) LONE_OPERATOR[c] = OPERATORS.some((op) => op.charCodeAt(0) === c) ? 0 : '()[]{}'.includes(String.fromCharCode(c)) ? 2 : 1;

/**
 * Any unit above 127 may be part of a name, except the spaces (`Math\u00a0=` is `Math` then `=`) and the scan bytes'
 * stand-in for them (0x81, also a control character, which no name holds).
 */
export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (c > 127 && c !== 0x81 && !isSpace(c));
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII white space, the byte order mark, the line and paragraph separators and every Unicode space separator (Zs). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff
    || c === 0x2028 || c === 0x2029 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
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

// The text as bytes, one per UTF-16 unit: an ASCII unit is itself, any other unit one of two stand-ins with its class
// (every unit above 127 starts and continues a name; a few are also spaces). Reading a Uint8Array costs a fraction of
// charCodeAt (which dispatches on the string's representation on every call), and TextEncoder fills it natively for the
// common all-ASCII text. Code comparing a unit with an ASCII character reads the same answer as from the text; a
// name holding a stand-in takes its characters from the text.
export const UNIT_WIDE = 0x80;
export const UNIT_WIDE_SPACE = 0x81;
/** Class bits (C_*) of each byte of TextUnits: ASCII as CHAR_CLASS, the stand-ins as the units they replace. */
export const UNIT_CLASS = new Uint8Array(256);
for (let b = 0; b < 256; b++) UNIT_CLASS[b] = b < 128 ? CHAR_CLASS[b]! : CHAR_CLASS[0x3b1]!;
UNIT_CLASS[UNIT_WIDE_SPACE] = CHAR_CLASS[0xa0]!;

interface Utf8Encoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
// Present in Node, browsers and workers; the core is typed without either, so it is looked up, with a fallback loop.
const TextEncoderClass = (globalThis as unknown as { TextEncoder?: new () => Utf8Encoder }).TextEncoder;
const utf8 = TextEncoderClass === undefined ? undefined : new TextEncoderClass();

// One buffer kept between scans (a scan's bytes are not needed once its columns are written); a scan that finds it
// lent out, or too small, makes its own. Bounded, so one huge text does not pin its size forever.
const MAX_SPARE_UNITS = 1 << 22;
let spareUnits: Uint8Array | undefined;

/** The bytes of `text` (see UNIT_CLASS), in a buffer to hand back with releaseTextUnits when the scan is done. */
export function textUnits(text: string): Uint8Array {
  const length = text.length;
  let units: Uint8Array;
  if (spareUnits !== undefined && spareUnits.length >= length) {
    units = spareUnits.subarray(0, length);
    spareUnits = undefined;
  } else {
    units = new Uint8Array(length);
  }
  let ascii = 0;
  if (utf8 !== undefined) {
    const { read, written } = utf8.encodeInto(text, units);
    if (read === length && written === length) return units;
    // UTF-8 bytes match the units up to the first non-ASCII one; the rest is read unit by unit.
    while (ascii < written && units[ascii]! < 128) ascii++;
  }
  for (let p = ascii; p < length; p++) {
    const c = text.charCodeAt(p);
    units[p] = c < 128 ? c : (CHAR_CLASS[c]! & C_SPACE) !== 0 ? UNIT_WIDE_SPACE : UNIT_WIDE;
  }
  return units;
}

/** Hands a scan's bytes back for the next scan to reuse. */
export function releaseTextUnits(units: Uint8Array): void {
  const whole = new Uint8Array(units.buffer, 0, units.buffer.byteLength);
  if (whole.length <= MAX_SPARE_UNITS && (spareUnits === undefined || spareUnits.length < whole.length)) spareUnits = whole;
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

// FNV-1a over a word's UTF-16 units: the scanner folds each character in as it reads it, so a word's hash costs no
// second pass over its characters.
export const WORD_HASH_SEED = 0x811c9dc5;
export const WORD_HASH_PRIME = 0x01000193;

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
 * typed arrays: a slot holds a word and its hash; a word is compared with its first occurrence in the scan's bytes
 * (TextUnits), or in the text when it holds a non-ASCII unit, so a repeated word allocates nothing and copies nothing.
 */
export class WordTable {
  private slots: Int32Array;
  private slotHashes: Int32Array;
  private mask: number;
  // Per word: where its first occurrence starts, and its length.
  private wordStart = new Int32Array(256);
  private wordLength = new Int32Array(256);
  /** The distinct words' texts, by word index (numbered in order of first appearance). */
  readonly strings: string[] = [];
  // Per word, its slot in the shared table (sharedWordString), valid while the table is in the epoch it was found in,
  // and the number kept there when the word was found (read then, from the cache line the probe had just read).
  private sharedSlots = new Int32Array(256);
  private memos = new Int32Array(256);
  private readonly epoch = sharedEpoch;

  constructor(private readonly text: string) {
    const size = 1024;
    this.slots = new Int32Array(size).fill(-1);
    this.slotHashes = new Int32Array(size);
    this.mask = size - 1;
  }

  get count(): number {
    return this.strings.length;
  }

  /** The index of the word text[start, end), added when new (compared through the text, whatever its units). */
  wordAt(start: number, end: number): number {
    return this.wordWithHash(start, end, wordHash(this.text, start, end), undefined);
  }

  /**
   * As wordAt, with the word's hash (WORD_HASH_SEED/PRIME over its units) already computed by the caller; `units`,
   * the scan's bytes, when the word is all ASCII (then it is compared byte by byte there), else undefined.
   */
  wordWithHash(start: number, end: number, hash: number, units: Uint8Array | undefined): number {
    const { slots, slotHashes, mask } = this;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const w = slots[slot]!;
      if (w < 0) break;
      if (slotHashes[slot] === hash && this.wordLength[w] === length
        && (units !== undefined ? sameUnits(units, this.wordStart[w]!, start, length) : this.sameText(w, start, end))) return w;
      slot = (slot + 1) & mask;
    }
    return this.add(start, end, hash, slot, units);
  }

  private sameText(w: number, start: number, end: number): boolean {
    const { text } = this;
    for (let p = start, q = this.wordStart[w]!; p < end; p++, q++) if (text.charCodeAt(p) !== text.charCodeAt(q)) return false;
    return true;
  }

  /**
   * A number kept for word `w` across scans and analyses, -1 when none is: for a fact that depends only on the word's
   * text and costs a table lookup or more to work out (the analysis keeps its name classes here, instead of a Map
   * keyed by the word whose lookups, one per distinct word per analysis, missed the caches). Nothing is kept when the
   * shared table was emptied since this scan found the word.
   */
  memoOf(w: number): number {
    return this.epoch === sharedEpoch && w >= 0 && w < this.strings.length ? this.memos[w]! : -1;
  }

  /** Keeps `value` (not negative) for word `w` (see memoOf). */
  setMemo(w: number, value: number): void {
    if (this.epoch !== sharedEpoch || !(w >= 0 && w < this.strings.length) || value < 0) return;
    this.memos[w] = value;
    sharedKeys[KEY_STRIDE * this.sharedSlots[w]! + 2] = value;
  }

  private add(start: number, end: number, hash: number, slot: number, units: Uint8Array | undefined): number {
    const w = this.strings.length;
    this.strings.push(sharedWordString(this.text, start, end, hash, units));
    if (w === this.wordStart.length) {
      this.wordStart = grown(this.wordStart, 2 * w, 0);
      this.wordLength = grown(this.wordLength, 2 * w, 0);
      this.sharedSlots = grown(this.sharedSlots, 2 * w, 0);
      this.memos = grown(this.memos, 2 * w, 0);
    }
    this.sharedSlots[w] = lastSharedSlot;
    this.memos[w] = sharedKeys[KEY_STRIDE * lastSharedSlot + 2]!;
    this.wordStart[w] = start;
    this.wordLength[w] = end - start;
    this.slots[slot] = w;
    this.slotHashes[slot] = hash;
    if (2 * this.strings.length > this.slots.length) this.grow();
    return w;
  }

  /** Twice the slots, every word placed again by its hash (kept at most half full, so probes stay short). */
  private grow(): void {
    const { slots, slotHashes } = this;
    const size = slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.slotHashes = new Int32Array(size);
    this.mask = size - 1;
    for (let old = 0; old < slots.length; old++) {
      const w = slots[old]!;
      if (w < 0) continue;
      let slot = slotHashes[old]! & this.mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = w;
      this.slotHashes[slot] = slotHashes[old]!;
    }
  }
}

// The word strings of earlier scans, shared by later ones: an open-addressing table over typed arrays, keyed by the same
// hash as WordTable's. Why: the texts of the code tokens are one large array, which V8 keeps in the old generation; a
// new string stored there is a young object referenced from an old one, so every young collection during the analysis
// visits it and copies it, and all of them end up promoted. Re-analysing a file after an edit (the editor's hot path)
// meets the same words again: with the strings of the last scans kept here, they are old already, nothing is recorded,
// copied or allocated for them (on the 10,000-line C++ bench file, 12% less CPU per analysis, most of it collector time).
// A string kept here never holds on to the text it came from (see detachedCopy). Bounded: emptied when half full.
const SHARED_WORD_SLOTS = 1 << 16;
// Per slot, side by side in one column of four numbers: the word's hash, its length (0: an empty slot), the number an
// analysis keeps for the word (see WordTable.memoOf; -1 until set) and a spare; then its string, read only when hash
// and length match. A probe reads one cache line for all three numbers.
const KEY_STRIDE = 4;
let sharedKeys = newSharedKeys();
let sharedStrings: string[] = new Array<string>(SHARED_WORD_SLOTS).fill('');
let sharedCount = 0;
// Counts the times the table was emptied: slots found before an emptying name other words after it.
let sharedEpoch = 0;
// The slot of the word sharedWordString last returned.
let lastSharedSlot = 0;

function newSharedKeys(): Int32Array {
  const keys = new Int32Array(KEY_STRIDE * SHARED_WORD_SLOTS);
  for (let slot = 0; slot < SHARED_WORD_SLOTS; slot++) keys[KEY_STRIDE * slot + 2] = -1;
  return keys;
}

/**
 * The shared string of the word text[start, end) whose WordTable hash is `hash`, made and kept when new; `units` as
 * for wordWithHash (the scan's bytes when the word is all ASCII, else undefined: it is then compared through the text).
 */
function sharedWordString(text: string, start: number, end: number, hash: number, units: Uint8Array | undefined): string {
  const length = end - start;
  const mask = SHARED_WORD_SLOTS - 1;
  let slot = hash & mask;
  for (;;) {
    const known = sharedKeys[KEY_STRIDE * slot + 1]!;
    if (known === 0) break;
    if (known === length && sharedKeys[KEY_STRIDE * slot] === hash && sameWord(sharedStrings[slot]!, text, start, units)) {
      lastSharedSlot = slot;
      return sharedStrings[slot]!;
    }
    slot = (slot + 1) & mask;
  }
  if (2 * (sharedCount + 1) > SHARED_WORD_SLOTS) {
    sharedKeys = newSharedKeys();
    sharedStrings = new Array<string>(SHARED_WORD_SLOTS).fill('');
    sharedCount = 0;
    sharedEpoch++;
    slot = hash & mask;
  }
  lastSharedSlot = slot;
  const word = detachedCopy(text.slice(start, end));
  sharedKeys[KEY_STRIDE * slot] = hash;
  sharedKeys[KEY_STRIDE * slot + 1] = length;
  sharedStrings[slot] = word;
  sharedCount++;
  return word;
}

function sameWord(word: string, text: string, start: number, units: Uint8Array | undefined): boolean {
  if (units !== undefined) {
    for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== units[start + k]) return false;
  } else {
    for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  }
  return true;
}

/**
 * `slice` of a text of 13 or more characters gives a view that keeps the whole text alive; kept across analyses, it would
 * keep every version of every file it came from. Slicing a concatenation makes V8 flatten it into a string of its own
 * first, so the result holds that (one character longer), not the text. Shorter slices are copies already.
 */
function detachedCopy(word: string): string {
  return word.length < 13 ? word : `${word} `.slice(0, -1);
}

/** True when units[a, a + length) and units[b, b + length) hold the same bytes. */
function sameUnits(units: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (units[a + k] !== units[b + k]) return false;
  return true;
}

/** An operator token's text by operator id (one string each, shared); '' for id 0 (a unit with no string here). */
const OPERATOR_TEXT: string[] = [];
for (let id = 0; id < 256; id++) {
  OPERATOR_TEXT.push(id >= SINGLE_OPERATOR && id < SINGLE_OPERATOR + 128 ? CHAR_STRINGS[id - SINGLE_OPERATOR]! : id > 0 && id <= OPERATORS.length ? OPERATORS[id - 1]! : '');
}

// Brackets by operator id: 1..3 open ( [ {, 4..6 close ) ] } (the same bracket kind plus 3), 0 for anything else.
// Every bracket is a one-character operator that begins no longer one (so scanOperator never meets one).
const BRACKET_ROLE = new Uint8Array(256);
BRACKET_ROLE[SINGLE_OPERATOR + 40] = 1;
BRACKET_ROLE[SINGLE_OPERATOR + 91] = 2;
BRACKET_ROLE[SINGLE_OPERATOR + 123] = 3;
BRACKET_ROLE[SINGLE_OPERATOR + 41] = 4;
BRACKET_ROLE[SINGLE_OPERATOR + 93] = 5;
BRACKET_ROLE[SINGLE_OPERATOR + 125] = 6;
const OPEN_BRACE_ROLE = 3;

function grown<T extends Uint8Array | Int32Array>(array: T, size: number, fill: number): T {
  const bigger = (array instanceof Uint8Array ? new Uint8Array(size) : new Int32Array(size)) as T;
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}

/**
 * A token stream as columns, in two lists: the code tokens (what the parser reads) and the others (comments,
 * directives, JSX markup), each in text order. Per code token: kind, start, end, text, for names and numbers the word
 * index (`codeWord`), and the bracket structure the code stream reads: each bracket's partner (`codeMatch`) and each
 * token's innermost enclosing `{` (`codeBraceParent`). All are written as the token is pushed.
 */
export class TokenColumns {
  codeCount = 0;
  /** Kinds (K_*); slots start as K_OP, the most frequent kind, so pushing an operator skips the store. */
  codeKind: Uint8Array;
  codeStart: Int32Array;
  codeEnd: Int32Array;
  /** Word index (in `words`) of name and number tokens; -1 (the slots' initial value) for the other kinds. */
  codeWord: Int32Array;
  /**
   * Per code token, its text: operators share their operator strings, names and numbers their word's string, the others
   * are their slices (so each can be derived again: see cfamilySharedTexts.ts, which may lend a large scan this array).
   */
  codeTexts: string[];
  /**
   * For each bracket, the index of its partner; -1 when unmatched or not a bracket. A closer matches the nearest open
   * bracket of its kind, dropping unmatched openers above it; a closer with no opener of its kind open is skipped
   * (checked by count, so crafted input cannot make it search a deep stack again and again).
   */
  codeMatch: Int32Array;
  /** For each code token, the index of the innermost `{` around it (a `}` counts as inside its block); -1 at top level. */
  codeBraceParent: Int32Array;
  /** The distinct names and numbers, filled as the scanner meets them. */
  readonly words: WordTable;
  otherCount = 0;
  otherKind: Uint8Array;
  otherStart: Int32Array;
  otherEnd: Int32Array;
  // Open brackets (token index) and their roles, open braces apart (for codeBraceParent), open brackets per role.
  private openTokens = new Int32Array(64);
  private openRoles = new Uint8Array(64);
  private openTop = 0;
  private braces = new Int32Array(16);
  private braceTop = 0;
  private innermostBrace = -1;
  private readonly openPerRole = new Int32Array(4);

  constructor(readonly text: string) {
    // Code averages over 3 characters a token (JavaScript ~3.3, C# ~4.3), so this rarely grows; a huge text
    // (or one a comment swallows) starts at a million tokens and grows only if it really holds more.
    const capacity = Math.min(1 << 20, Math.max(16, Math.ceil(text.length / 3) + 16));
    this.codeKind = new Uint8Array(capacity).fill(K_OP);
    this.codeStart = new Int32Array(capacity);
    this.codeEnd = new Int32Array(capacity);
    this.codeWord = new Int32Array(capacity).fill(-1);
    this.codeTexts = textColumnFor(this, capacity);
    this.codeMatch = new Int32Array(capacity).fill(-1);
    this.codeBraceParent = new Int32Array(capacity);
    this.words = new WordTable(text);
    const others = Math.min(1 << 16, Math.max(8, text.length >> 6));
    this.otherKind = new Uint8Array(others);
    this.otherStart = new Int32Array(others);
    this.otherEnd = new Int32Array(others);
  }

  /** Appends a token of a code kind, its text a slice (names and numbers: their word's); empty spans are dropped. */
  pushCode(kind: number, start: number, end: number): void {
    if (end <= start) return;
    if (kind === K_NAME || kind === K_NUMBER) {
      this.pushWordAt(kind, start, end, this.words.wordAt(start, end));
      return;
    }
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeKind[n] = kind;
    this.codeStart[n] = start;
    this.codeEnd[n] = end;
    this.codeTexts[n] = this.text.slice(start, end);
    this.codeBraceParent[n] = this.innermostBrace;
    this.codeCount = n + 1;
  }

  /**
   * Appends an operator token (never empty) with its operator id (see OPERATORS, SINGLE_OPERATOR; not 0), which is
   * not a bracket (those go through pushBracket: kept apart, this stays small enough to be inlined where it is hot).
   */
  pushOp(start: number, end: number, operator: number): void {
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeStart[n] = start;
    this.codeEnd[n] = end;
    this.codeTexts[n] = OPERATOR_TEXT[operator]!;
    this.codeBraceParent[n] = this.innermostBrace;
    this.codeCount = n + 1;
  }

  /** Appends the one-character operator `c` at `at`, a bracket or not. */
  pushCharOp(at: number, c: number): void {
    if (BRACKET_ROLE[SINGLE_OPERATOR + c] === 0) this.pushOp(at, at + 1, SINGLE_OPERATOR + c);
    else this.pushBracket(at, c);
  }

  /** Appends the bracket character `c` (one of `()[]{}`) at `at`, matching it with its partner. */
  pushBracket(at: number, c: number): void {
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeStart[n] = at;
    this.codeEnd[n] = at + 1;
    this.codeTexts[n] = OPERATOR_TEXT[SINGLE_OPERATOR + c]!;
    this.codeBraceParent[n] = this.innermostBrace;
    this.codeCount = n + 1;
    this.bracket(n, BRACKET_ROLE[SINGLE_OPERATOR + c]!);
  }

  /** Appends a one-unit operator with no operator id (a character no operator uses), its text a slice. */
  pushUnknownOp(at: number): void {
    this.pushCode(K_OP, at, at + 1);
  }

  /** Appends an all-ASCII name or number whose hash (WORD_HASH_SEED/PRIME) the scanner computed from `units`. */
  pushWord(kind: number, start: number, end: number, hash: number, units: Uint8Array): void {
    this.pushWordAt(kind, start, end, this.words.wordWithHash(start, end, hash, units));
  }

  private pushWordAt(kind: number, start: number, end: number, word: number): void {
    const n = this.codeCount;
    if (n === this.codeKind.length) this.growCode();
    this.codeKind[n] = kind;
    this.codeStart[n] = start;
    this.codeEnd[n] = end;
    this.codeWord[n] = word;
    this.codeTexts[n] = this.words.strings[word]!;
    this.codeBraceParent[n] = this.innermostBrace;
    this.codeCount = n + 1;
  }

  /** Bracket token `i` (BRACKET_ROLE `role`): an opener goes on the stack, a closer takes its partner off it. */
  private bracket(i: number, role: number): void {
    if (role <= OPEN_BRACE_ROLE) {
      if (this.openTop === this.openTokens.length) {
        this.openTokens = grown(this.openTokens, this.openTop * 2, 0);
        this.openRoles = grown(this.openRoles, this.openTop * 2, 0);
      }
      this.openTokens[this.openTop] = i;
      this.openRoles[this.openTop++] = role;
      this.openPerRole[role]!++;
      if (role === OPEN_BRACE_ROLE) {
        if (this.braceTop === this.braces.length) this.braces = grown(this.braces, this.braceTop * 2, 0);
        this.braces[this.braceTop++] = i;
        this.innermostBrace = i;
      }
      return;
    }
    const want = role - 3;
    if (want === OPEN_BRACE_ROLE && this.braceTop > 0) {
      this.braceTop--;
      this.innermostBrace = this.braceTop > 0 ? this.braces[this.braceTop - 1]! : -1;
    }
    if (this.openPerRole[want] === 0) return;
    const { openTokens, openRoles, openPerRole } = this;
    let k = this.openTop - 1;
    while (openRoles[k] !== want) k--;
    for (let d = k; d < this.openTop; d++) openPerRole[openRoles[d]!]!--;
    this.openTop = k;
    const opener = openTokens[k]!;
    this.codeMatch[opener] = i;
    this.codeMatch[i] = opener;
  }

  /** Appends a comment, directive or JSX token; empty spans are dropped. */
  pushOther(kind: number, start: number, end: number): void {
    if (end <= start) return;
    const n = this.otherCount;
    if (n === this.otherKind.length) {
      const size = n * 2;
      this.otherKind = grown(this.otherKind, size, 0);
      this.otherStart = grown(this.otherStart, size, 0);
      this.otherEnd = grown(this.otherEnd, size, 0);
    }
    this.otherKind[n] = kind;
    this.otherStart[n] = start;
    this.otherEnd[n] = end;
    this.otherCount = n + 1;
  }

  private growCode(): void {
    const size = this.codeKind.length * 2;
    this.codeKind = grown(this.codeKind, size, K_OP);
    this.codeStart = grown(this.codeStart, size, 0);
    this.codeEnd = grown(this.codeEnd, size, 0);
    this.codeWord = grown(this.codeWord, size, -1);
    this.codeMatch = grown(this.codeMatch, size, -1);
    this.codeBraceParent = grown(this.codeBraceParent, size, 0);
    this.codeTexts.length = size;
  }

  /** The text of code token `i`. */
  codeText(i: number): string {
    return this.codeTexts[i]!;
  }

  codeToken(i: number): CToken {
    return { kind: KIND_NAMES[this.codeKind[i]!]!, start: this.codeStart[i]!, end: this.codeEnd[i]!, text: this.codeTexts[i]! };
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
 * literals with backslash escapes). Each language's tokenizer drives it and adds its own literal forms, reading
 * characters from `units` (see textUnits) and slicing texts from `text`; `finish` ends the scan.
 */
export class CScanner {
  pos = 0;
  readonly columns: TokenColumns;
  readonly length: number;
  /** The text as one byte per UTF-16 unit (see textUnits): ASCII units as themselves, the others as stand-ins. */
  readonly units: Uint8Array;

  constructor(readonly text: string) {
    this.length = text.length;
    this.columns = new TokenColumns(text);
    this.units = textUnits(text);
  }

  /** The columns, once the scan is done (its bytes go back for the next scan; the scanner reads no more). */
  finish(): TokenColumns {
    releaseTextUnits(this.units);
    fitTextColumn(this.columns);
    return this.columns;
  }

  /** The unit at `at` (a stand-in for a non-ASCII one, see textUnits), -1 past the end. */
  code(at: number): number {
    return at < this.length ? this.units[at]! : -1;
  }

  /** Class bits (C_*) of the character at `at`, 0 past the end. */
  classAt(at: number): number {
    return at < this.length ? UNIT_CLASS[this.units[at]!]! : 0;
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

  /** `//` and `/* *\/` comments (unterminated block comments run to the end). */
  scanComment(): boolean {
    const s = this.pos;
    const n = this.code(s + 1);
    if (this.code(s) !== 47) return false;
    if (n === 47) {
      const { units, length } = this;
      let p = s + 2;
      while (p < length) {
        const d = units[p]!;
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
    const { units, length } = this;
    let p = start + 1;
    while (p < length && (UNIT_CLASS[units[p]!]! & C_IDENT_PART) !== 0) p++;
    return p;
  }

  /**
   * Pushes the name starting at `start` (its first character is known to start one) with its word, hashed as its
   * characters are read; returns its end. A name holding a non-ASCII unit is looked up through the text (its bytes are
   * stand-ins).
   */
  pushNameAt(start: number): number {
    const { units, length } = this;
    let c = units[start]!;
    let h = Math.imul(WORD_HASH_SEED ^ c, WORD_HASH_PRIME);
    let wide = c;
    let p = start + 1;
    while (p < length) {
      c = units[p]!;
      if ((UNIT_CLASS[c]! & C_IDENT_PART) === 0) break;
      h = Math.imul(h ^ c, WORD_HASH_PRIME);
      wide |= c;
      p++;
    }
    if (wide < 128) this.columns.pushWord(K_NAME, start, p, h, units);
    else this.columns.pushCode(K_NAME, start, p);
    return p;
  }

  /**
   * Numbers: decimal, hex (with hex-float exponents), binary, octal, digit separators `_` and (C++) `'`,
   * exponents, and any letter suffix (`f`, `d`, `m`, `L`, `u`, `n`, `ul`, `f32`).
   */
  scanNumber(allowQuoteSeparator: boolean): boolean {
    const { units, length } = this;
    const s = this.pos;
    if (s >= length) return false;
    const first = units[s]!;
    if (first === 46) {
      if ((this.classAt(s + 1) & C_DIGIT) === 0) return false;
    } else if ((UNIT_CLASS[first]! & C_DIGIT) === 0) {
      return false;
    }
    let p = s;
    const hex = first === 48 && (this.code(s + 1) === 120 || this.code(s + 1) === 88);
    if (hex) p += 2;
    // Exponent letters: `e`/`E` for decimal, `p`/`P` for hex; they may take a sign before their digits.
    const lower = hex ? 112 : 101;
    const upper = hex ? 80 : 69;
    while (p < length) {
      const c = units[p]!;
      if ((UNIT_CLASS[c]! & C_IDENT_PART) !== 0) {
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
    this.pushNumber(s, p);
    return true;
  }

  /** Pushes the number text[start, end) with its word, hashed from its units when all ASCII. */
  private pushNumber(start: number, end: number): void {
    const { units } = this;
    let h = WORD_HASH_SEED;
    let wide = 0;
    for (let p = start; p < end; p++) {
      const c = units[p]!;
      h = Math.imul(h ^ c, WORD_HASH_PRIME);
      wide |= c;
    }
    if (wide < 128) this.columns.pushWord(K_NUMBER, start, end, h, units);
    else this.columns.pushCode(K_NUMBER, start, end);
  }

  /** A literal closed by `quote` on the same line with backslash escapes; unterminated ones end at the line end. */
  scanQuoted(kind: number, quote: number, start: number, bodyStart: number): void {
    const { units, length } = this;
    let p = bodyStart;
    while (p < length) {
      const c = units[p]!;
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
    this.columns.pushCode(kind, start, this.pos);
  }

  /** A string closed by `close` that may span lines and has no escapes (C# raw, Java text block, C++ raw). */
  scanUntil(start: number, bodyStart: number, close: string): void {
    const at = this.text.indexOf(close, bodyStart);
    this.pos = at < 0 ? this.length : at + close.length;
    this.columns.pushCode(K_STRING, start, this.pos);
  }

  /** The longest operator at `pos` (a lone character when none; `a?.5:b` is a conditional, not optional chaining). */
  scanOperator(): void {
    const { units, length } = this;
    const s = this.pos;
    const c = units[s]!;
    let operator = 0;
    if (c < 128 && s + 1 < length) {
      const d = units[s + 1]!;
      const two = d < 128 ? TWO_CHAR_OPERATOR[c * 128 + d]! : 0;
      if (two !== 0) {
        operator = two;
        const longer = LONGER_OPERATORS[two];
        if (longer !== undefined) {
          for (const id of longer) {
            const op = OPERATORS[id - 1]!;
            if (this.code(s + 2) === op.charCodeAt(2) && (op.length === 3 || this.code(s + 3) === op.charCodeAt(3))) {
              operator = id;
              break;
            }
          }
        }
        if (operator === OPTIONAL_CHAINING && (this.classAt(s + 2) & C_DIGIT) !== 0) operator = 0;
      } else if (c === 46 && d === 46 && this.code(s + 2) === 46) {
        operator = ELLIPSIS;
      }
    }
    // One UTF-16 unit otherwise; a character starting nothing (a control character) is just a one-unit operator.
    if (operator !== 0) {
      this.pos = s + OPERATORS[operator - 1]!.length;
      this.columns.pushOp(s, this.pos, operator);
    } else {
      this.pos = s + 1;
      if (c < 128) this.columns.pushOp(s, s + 1, SINGLE_OPERATOR + c);
      else this.columns.pushUnknownOp(s);
    }
  }

  /** A `#` directive running to the end of the line; `\` continues it onto the next line when `continuation`. */
  scanPreprocessorLine(continuation: boolean): void {
    const { units, length } = this;
    const s = this.pos;
    let p = s;
    while (p < length) {
      const c = units[p]!;
      if (c === 10 || c === 13) {
        if (continuation && p > s && units[p - 1] === 92) {
          p += c === 13 && this.code(p + 1) === 10 ? 2 : 1;
          continue;
        }
        break;
      }
      if (c === 47 && this.code(p + 1) === 42) {
        // A block comment inside a directive may span lines; keep it inside the directive.
        const close = this.text.indexOf('*/', p + 2);
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
    const { units } = this;
    for (let p = this.pos - 1; p >= 0; p--) {
      const c = units[p]!;
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

/** The columns of a whole text in a dialect of the C family (C#, Java, C/C++). */
export function scanCFamilyText(text: string, dialect: CFamilyDialect): TokenColumns {
  const s = new CScanner(text);
  scanCFamilyCode(s, dialect, false);
  return s.finish();
}

/**
 * The main loop shared by C#, Java and C/C++. With `stopAtClose` it returns after consuming the `}` that
 * closes an interpolation hole (the `}` itself is not emitted) and reports whether it found one.
 */
export function scanCFamilyCode(s: CScanner, dialect: CFamilyDialect, stopAtClose: boolean, nesting = 0): boolean {
  const { units, length, columns } = s;
  const literalStart = literalTableOf(dialect);
  const directives = dialect.preprocessor !== 'none';
  const continued = dialect.preprocessor === 'continued';
  const quoteSeparator = dialect.quoteDigitSeparator;
  let depth = 0;
  // Interpolation holes recurse; beyond this nesting the hole's text is skipped as a string.
  const scanHole = (): boolean => {
    if (nesting >= 256) {
      columns.pushCode(K_STRING, s.pos, s.length);
      s.pos = s.length;
      return false;
    }
    return scanCFamilyCode(s, dialect, true, nesting + 1);
  };
  let pos = s.pos;
  while (pos < length) {
    const c = units[pos]!;
    const cls = UNIT_CLASS[c]!;
    if ((cls & C_SPACE) !== 0) {
      pos++;
      while (pos < length && (UNIT_CLASS[units[pos]!]! & C_SPACE) !== 0) pos++;
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
    if (c < 128) {
      const lone = LONE_OPERATOR[c]!;
      if (lone !== 0) {
        if (lone === 1) columns.pushOp(pos, pos + 1, SINGLE_OPERATOR + c);
        else columns.pushBracket(pos, c);
        pos++;
        continue;
      }
    }
    s.scanOperator();
    pos = s.pos;
  }
  s.pos = pos;
  return false;
}

// One scanner kept for the life of the module, so its hidden class outlives the scans (see hiddenClasses.ts).
keepHiddenClassesOf(new CScanner(''));
