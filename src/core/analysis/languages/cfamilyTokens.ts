// The token stream shared by the C-family tokenizers (JavaScript/TypeScript, C#, Java, C/C++).
// Tokenizers never throw: an unterminated string or comment simply runs to the end of the text,
// and a character that starts nothing known becomes a one-character 'op' token.

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

const OPERATORS: readonly string[] = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '??=', '&&=', '||=', '->*', '<=>',
  '::', '->', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '**', '.*',
];

// Operators bucketed by first character (all ASCII), longest first, so matching is a short scan.
const OPERATORS_BY_FIRST: Array<string[] | undefined> = new Array<string[] | undefined>(128);
for (const op of OPERATORS) (OPERATORS_BY_FIRST[op.charCodeAt(0)] ??= []).push(op);
for (const list of OPERATORS_BY_FIRST) list?.sort((a, b) => b.length - a.length);

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
const KIND_CODES: Readonly<Record<CTokenKind, number>> = {
  name: K_NAME, number: K_NUMBER, string: K_STRING, char: K_CHAR, regex: K_REGEX, op: K_OP, comment: K_COMMENT, preprocessor: K_PREPROCESSOR, jsx: K_JSX,
};

/** True for the kinds the expression parser reads (not comments, directives, JSX markup). */
export function isCodeKind(k: number): boolean {
  return k < K_COMMENT;
}

// One-character strings by code unit, so operator tokens share their text instead of slicing it.
const CHAR_STRINGS: string[] = [];
for (let c = 0; c < 128; c++) CHAR_STRINGS.push(String.fromCharCode(c));

/**
 * A token stream as columns: kind, start and end per token in typed arrays, and for operators the operator's
 * text (shared strings). Nothing per token is allocated while scanning; `token(i)` makes a CToken when asked.
 */
export class TokenColumns {
  count = 0;
  kind = new Uint8Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** Operator text for op tokens (a shared string), undefined otherwise. */
  opText: Array<string | undefined> = [];

  constructor(readonly text: string) {}

  push(kind: number, start: number, end: number, op?: string): void {
    if (end <= start) return;
    const n = this.count;
    if (n === this.kind.length) this.grow();
    this.kind[n] = kind;
    this.start[n] = start;
    this.end[n] = end;
    if (kind === K_OP) this.opText[n] = op ?? (end - start === 1 && this.text.charCodeAt(start) < 128 ? CHAR_STRINGS[this.text.charCodeAt(start)] : this.text.slice(start, end));
    this.count = n + 1;
  }

  pop(): void {
    if (this.count > 0) this.count--;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    const start = new Int32Array(size);
    start.set(this.start);
    const end = new Int32Array(size);
    end.set(this.end);
    this.kind = kind;
    this.start = start;
    this.end = end;
  }

  /** The text of token `i` (operators share theirs). */
  textOf(i: number): string {
    return this.kind[i] === K_OP ? this.opText[i]! : this.text.slice(this.start[i]!, this.end[i]!);
  }

  token(i: number): CToken {
    return { kind: KIND_NAMES[this.kind[i]!]!, start: this.start[i]!, end: this.end[i]!, text: this.textOf(i) };
  }

  /** Every token as a CToken. */
  tokens(): CToken[] {
    const out = new Array<CToken>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.token(i);
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
  /** Index of the last token the parser reads (not a comment/directive/JSX), -1 before any. */
  lastCode = -1;

  constructor(readonly text: string) {
    this.length = text.length;
    this.columns = new TokenColumns(text);
  }

  code(at: number): number {
    return at < this.length ? this.text.charCodeAt(at) : -1;
  }

  push(kind: CTokenKind, start: number, end: number): void {
    this.pushKind(KIND_CODES[kind], start, end);
  }

  pushKind(kind: number, start: number, end: number, op?: string): void {
    if (end <= start) return;
    if (kind < K_COMMENT) this.lastCode = this.columns.count;
    this.columns.push(kind, start, end, op);
  }

  /** Kind of the last code token, or -1. */
  lastCodeKind(): number {
    return this.lastCode < 0 ? -1 : this.columns.kind[this.lastCode]!;
  }

  /** Text of the last code token ('' when none). */
  lastCodeText(): string {
    return this.lastCode < 0 ? '' : this.columns.textOf(this.lastCode);
  }

  /** Skips whitespace; returns true if anything was skipped. */
  skipSpace(): boolean {
    const s = this.pos;
    while (this.pos < this.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > s;
  }

  /** `//` and `/* *\/` comments (unterminated block comments run to the end). */
  scanComment(): boolean {
    const c = this.code(this.pos);
    if (c !== 47) return false;
    const n = this.code(this.pos + 1);
    const s = this.pos;
    if (n === 47) {
      let p = this.pos + 2;
      while (p < this.length) {
        const d = this.text.charCodeAt(p);
        if (d === 10 || d === 13) break;
        p++;
      }
      this.pos = p;
      this.pushKind(K_COMMENT, s, p);
      return true;
    }
    if (n === 42) {
      const close = this.text.indexOf('*/', this.pos + 2);
      this.pos = close < 0 ? this.length : close + 2;
      this.pushKind(K_COMMENT, s, this.pos);
      return true;
    }
    return false;
  }

  scanName(): boolean {
    const s = this.pos;
    if (!isIdentStart(this.code(s))) return false;
    let p = s + 1;
    while (p < this.length && isIdentPart(this.text.charCodeAt(p))) p++;
    this.pos = p;
    this.pushKind(K_NAME, s, p);
    return true;
  }

  /**
   * Numbers: decimal, hex (with hex-float exponents), binary, octal, digit separators `_` and (C++) `'`,
   * exponents, and any letter suffix (`f`, `d`, `m`, `L`, `u`, `n`, `ul`, `f32`).
   */
  scanNumber(allowQuoteSeparator: boolean): boolean {
    const s = this.pos;
    let p = s;
    let c = this.code(p);
    if (c === 46) {
      if (!isDigit(this.code(p + 1))) return false;
    } else if (!isDigit(c)) {
      return false;
    }
    const hex = c === 48 && (this.code(p + 1) === 120 || this.code(p + 1) === 88);
    if (hex) p += 2;
    for (;;) {
      c = this.code(p);
      if (isDigit(c) || c === 95 || c === 46) {
        p++;
      } else if (allowQuoteSeparator && c === 39 && isIdentPart(this.code(p + 1))) {
        p++;
      } else if (hex && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) {
        p++;
      } else if ((hex ? c === 112 || c === 80 : c === 101 || c === 69)
        && (isDigit(this.code(p + 1)) || ((this.code(p + 1) === 43 || this.code(p + 1) === 45) && isDigit(this.code(p + 2))))) {
        p += 2;
      } else if (isIdentPart(c)) {
        p++; // suffix letters and anything glued to the number
      } else {
        break;
      }
    }
    this.pos = p;
    this.pushKind(K_NUMBER, s, p);
    return true;
  }

  /** A literal closed by `quote` on the same line with backslash escapes; unterminated ones end at the line end. */
  scanQuoted(kind: 'string' | 'char', quote: number, start: number, bodyStart: number): void {
    let p = bodyStart;
    while (p < this.length) {
      const c = this.text.charCodeAt(p);
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
    this.pos = Math.min(p, this.length);
    this.pushKind(kind === 'string' ? K_STRING : K_CHAR, start, this.pos);
  }

  /** A literal closed by `close` that may span lines and has no escapes (C# raw, Java text block, C++ raw). */
  scanUntil(kind: CTokenKind, start: number, bodyStart: number, close: string): void {
    const at = this.text.indexOf(close, bodyStart);
    this.pos = at < 0 ? this.length : at + close.length;
    this.push(kind, start, this.pos);
  }

  scanOperator(): void {
    const s = this.pos;
    const c = this.text.charCodeAt(s);
    const candidates = c < 128 ? OPERATORS_BY_FIRST[c] : undefined;
    if (candidates) {
      for (const op of candidates) {
        if (this.text.startsWith(op, s)) {
          // `a?.5:b` is a conditional, not optional chaining.
          if (op === '?.' && isDigit(this.code(s + 2))) continue;
          this.pos = s + op.length;
          this.pushKind(K_OP, s, this.pos, op);
          return;
        }
      }
    }
    // One UTF-16 unit; a lone surrogate or control character is just an unknown operator.
    this.pos = s + 1;
    this.pushKind(K_OP, s, this.pos);
  }

  /** A `#` directive running to the end of the line; `\` continues it onto the next line when `continuation`. */
  scanPreprocessorLine(continuation: boolean): void {
    const s = this.pos;
    let p = s;
    while (p < this.length) {
      const c = this.text.charCodeAt(p);
      if (c === 10 || c === 13) {
        if (continuation && p > s && this.text.charCodeAt(p - 1) === 92) {
          p += c === 13 && this.code(p + 1) === 10 ? 2 : 1;
          continue;
        }
        break;
      }
      if (c === 47 && this.code(p + 1) === 42) {
        // A block comment inside a directive may span lines; keep it inside the directive.
        const close = this.text.indexOf('*/', p + 2);
        p = close < 0 ? this.length : close + 2;
        continue;
      }
      p++;
    }
    this.pos = p;
    this.pushKind(K_PREPROCESSOR, s, p);
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
  /** Tries the language's own literal forms at `s.pos`; returns true when it consumed something. */
  readonly scanLiteral: (s: CScanner, scanHole: () => boolean) => boolean;
}

/**
 * The main loop shared by C#, Java and C/C++. With `stopAtClose` it returns after consuming the `}` that
 * closes an interpolation hole (the `}` itself is not emitted) and reports whether it found one.
 */
export function scanCFamilyCode(s: CScanner, dialect: CFamilyDialect, stopAtClose: boolean, nesting = 0): boolean {
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
  while (s.pos < s.length) {
    s.skipSpace();
    if (s.pos >= s.length) break;
    const c = s.text.charCodeAt(s.pos);
    if (c === 47 && s.scanComment()) continue;
    if (c === 35 && dialect.preprocessor !== 'none' && s.atLineStart()) {
      s.scanPreprocessorLine(dialect.preprocessor === 'continued');
      continue;
    }
    if (dialect.scanLiteral(s, scanHole)) continue;
    if (s.scanNumber(dialect.quoteDigitSeparator) || s.scanName()) continue;
    if (c === 123) depth++;
    if (c === 125) {
      if (depth === 0 && stopAtClose) {
        s.pos++;
        return true;
      }
      depth = Math.max(0, depth - 1);
    }
    s.scanOperator();
  }
  return false;
}
