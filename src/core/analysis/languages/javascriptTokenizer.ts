// JavaScript and TypeScript (also .jsx/.tsx/.mjs/.cjs) tokenizer: template literals with nested `${...}`,
// regular-expression literals told apart from division by the previous token, JSX markup and text,
// hashbang lines. TypeScript's annotations and generics need nothing special at this level.
import {
  C_DIGIT, C_IDENT_START, C_SPACE, CScanner, type CToken, isIdentPart, isIdentStart, K_CHAR, K_COMMENT, K_JSX, K_NAME, K_NUMBER,
  K_REGEX, K_STRING, LONE_OPERATOR, SINGLE_OPERATOR, type TokenColumns, UNIT_CLASS,
} from './cfamilyTokens';
import { keepHiddenClassesOf } from '../hiddenClasses';

export interface JavaScriptTokenizerOptions {
  /** Scan `<Tag ...>text</Tag>` as JSX (for .jsx/.tsx); off for .ts, where `<T>x` is a type assertion. */
  readonly jsx: boolean;
}

// After these keywords an expression starts, so `/` opens a regular expression.
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await', 'extends',
]);

/** The last code token is a `!` glued to a name, `)` or `]` before it: TypeScript's non-null `x!`, after which `/` divides. */
function isNonNullAssertion(s: CScanner): boolean {
  // The code token before it: if it is glued to the `!`, nothing else (a comment) lies between them.
  const bang = s.lastCode;
  const before = bang - 1;
  const { codeKind, codeStart, codeEnd } = s.columns;
  if (before < 0 || codeEnd[before] !== codeStart[bang]) return false;
  if (codeKind[before] === K_NAME) return true;
  const t = s.columns.codeText(before);
  return t === ')' || t === ']';
}

// One-character operators the main loop pushes at once (2: a bracket), LONE_OPERATOR without the characters that begin
// something else here (quotes, the template backtick, digits) or that track nesting (`{`, `}`).
const PLAIN_OPERATOR = LONE_OPERATOR.slice();
for (const c of '"\'`{}0123456789') PLAIN_OPERATOR[c.charCodeAt(0)] = 0;

// Beyond this nesting of templates/JSX the rest is taken as one string: no stack overflow on crafted input.
const MAX_NESTING = 256;

class JavaScriptTokenizer {
  private readonly s: CScanner;
  private nesting = 0;

  constructor(text: string, private readonly options: JavaScriptTokenizerOptions) {
    this.s = new CScanner(text);
  }

  run(): TokenColumns {
    const s = this.s;
    if (s.text.startsWith('#!')) {
      s.pos = 2;
      while (s.pos < s.length && s.units[s.pos] !== 10) s.pos++;
      s.columns.pushOther(K_COMMENT, 0, s.pos);
    }
    this.scanCode(false);
    return s.finish();
  }

  /** Scans code; with `stopAtClose`, returns after consuming the `}` that closes a `${` or JSX `{` (not emitted). */
  private scanCode(stopAtClose: boolean): boolean {
    const s = this.s;
    const { units, length, columns } = s;
    let depth = 0;
    // The position lives in a local through whitespace, names and one-character operators (most of the text);
    // the scanner's `pos` is synced around every other scan.
    let pos = s.pos;
    while (pos < length) {
      const c = units[pos]!;
      const cls = UNIT_CLASS[c]!;
      if ((cls & C_SPACE) !== 0) {
        pos++;
        while (pos < length && (UNIT_CLASS[units[pos]!]! & C_SPACE) !== 0) pos++;
        continue;
      }
      if ((cls & C_IDENT_START) !== 0) {
        pos = s.pushNameAt(pos);
        continue;
      }
      if (c < 128) {
        const plain = PLAIN_OPERATOR[c]!;
        if (plain !== 0) {
          if (plain === 1) columns.pushOp(pos, pos + 1, SINGLE_OPERATOR + c);
          else columns.pushBracket(pos, c);
          pos++;
          continue;
        }
      }
      s.pos = pos;
      if (c === 47) {
        if (!s.scanComment()) {
          if (this.regexAllowed()) this.scanRegex();
          else s.scanOperator();
        }
      } else if (c === 34 || c === 39) {
        s.scanQuoted(K_STRING, c, pos, pos + 1);
      } else if (c === 96) {
        this.scanTemplate(pos, pos + 1);
      } else if (((cls & C_DIGIT) !== 0 || c === 46) && s.scanNumber(false)) {
        // scanned
      } else if (c === 60 && this.options.jsx && this.jsxAllowed()) {
        this.scanJsxElement(0);
      } else if (c === 123) {
        depth++;
        columns.pushBracket(pos, c);
        s.pos = pos + 1;
      } else if (c === 125) {
        if (depth === 0 && stopAtClose) {
          s.pos = pos + 1;
          return true;
        }
        depth = Math.max(0, depth - 1);
        columns.pushBracket(pos, c);
        s.pos = pos + 1;
      } else if (c < 128 && LONE_OPERATOR[c] !== 0) {
        columns.pushCharOp(pos, c);
        s.pos = pos + 1;
      } else {
        s.scanOperator();
      }
      pos = s.pos;
    }
    s.pos = pos;
    return false;
  }

  private regexAllowed(): boolean {
    const s = this.s;
    switch (s.lastCodeKind()) {
      case -1:
        return true;
      case K_NUMBER:
      case K_REGEX:
      case K_CHAR:
        return false;
      case K_STRING: {
        // A template head (`...${`) is followed by an expression.
        const end = s.columns.codeEnd[s.lastCode]!;
        return s.text.charCodeAt(end - 1) === 123 && s.text.charCodeAt(end - 2) === 36;
      }
      case K_NAME:
        return KEYWORDS_BEFORE_EXPRESSION.has(s.lastCodeText());
      default: {
        const t = s.lastCodeText();
        if (t === '!' && isNonNullAssertion(s)) return false;
        return !(t === ')' || t === ']' || t === '}' || t === '++' || t === '--');
      }
    }
  }

  private jsxAllowed(): boolean {
    const s = this.s;
    const next = s.code(s.pos + 1);
    if (!(isIdentStart(next) || next === 62)) return false;
    if (!this.regexAllowed()) return false;
    // `<T,>(x: T) => x` and `<T extends U>(...)` are generic arrows in .tsx, not elements.
    let p = s.pos + 1;
    while (p < s.length && isIdentPart(s.units[p]!)) p++;
    const rest = s.text.slice(p, p + 9);
    return !/^\s*,/.test(rest) && !/^\s+extends\s/.test(rest);
  }

  private scanRegex(): void {
    const s = this.s;
    const start = s.pos;
    let p = start + 1;
    let inClass = false;
    while (p < s.length) {
      const c = s.units[p]!;
      if (c === 10 || c === 13) break; // unterminated: stop at the line end
      if (c === 92) {
        p += 2;
        continue;
      }
      if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) {
        p++;
        while (p < s.length && isIdentPart(s.units[p]!)) p++;
        break;
      }
      p++;
    }
    s.pos = Math.min(p, s.length);
    s.columns.pushCode(K_REGEX, start, s.pos);
  }

  /** A template piece from `start` (a backtick or the `}` closing a substitution) to the next `${` or backtick. */
  private scanTemplate(start: number, bodyStart: number): void {
    const s = this.s;
    let pieceStart = start;
    let p = bodyStart;
    for (;;) {
      while (p < s.length) {
        const c = s.units[p]!;
        if (c === 92) {
          p += 2;
          continue;
        }
        if (c === 96) break;
        if (c === 36 && s.code(p + 1) === 123) break;
        p++;
      }
      if (p >= s.length) {
        s.pos = s.length;
        s.columns.pushCode(K_STRING, pieceStart, s.length);
        return;
      }
      if (s.units[p] === 96) {
        s.pos = p + 1;
        s.columns.pushCode(K_STRING, pieceStart, s.pos);
        return;
      }
      // `${`: the piece ends with it, then code until the matching `}`.
      s.pos = p + 2;
      s.columns.pushCode(K_STRING, pieceStart, s.pos);
      if (this.nesting >= MAX_NESTING) {
        s.pos = s.length;
        s.columns.pushCode(K_STRING, p + 2, s.length);
        return;
      }
      this.nesting++;
      const closed = this.scanCode(true);
      this.nesting--;
      if (!closed) return;
      pieceStart = s.pos - 1; // the closing `}` begins the next piece
      p = s.pos;
    }
  }

  /** A JSX element or fragment at `<`, with its attributes and children. */
  private scanJsxElement(level: number): void {
    const s = this.s;
    if (level >= MAX_NESTING || this.nesting >= MAX_NESTING) {
      s.columns.pushOther(K_JSX, s.pos, s.length);
      s.pos = s.length;
      return;
    }
    this.nesting++;
    try {
      const selfClosed = this.scanJsxTag();
      if (selfClosed) return;
      // Children until the closing tag.
      while (s.pos < s.length) {
        const c = s.units[s.pos]!;
        if (c === 123) {
          this.scanJsxContainer();
        } else if (c === 60) {
          if (s.code(s.pos + 1) === 47) {
            const start = s.pos;
            const close = s.text.indexOf('>', s.pos);
            s.pos = close < 0 ? s.length : close + 1;
            s.columns.pushOther(K_JSX, start, s.pos);
            return;
          }
          this.scanJsxElement(level + 1);
        } else {
          const start = s.pos;
          let p = s.pos;
          while (p < s.length) {
            const d = s.units[p]!;
            if (d === 60 || d === 123) break;
            p++;
          }
          s.pos = p;
          s.columns.pushOther(K_JSX, start, p);
        }
      }
    } finally {
      this.nesting--;
    }
  }

  /** The opening tag from `<` through `>` or `/>`; returns true for a self-closing tag. */
  private scanJsxTag(): boolean {
    const s = this.s;
    let markupStart = s.pos;
    s.pos++;
    for (;;) {
      if (s.pos >= s.length) {
        s.columns.pushOther(K_JSX, markupStart, s.length);
        return true;
      }
      const c = s.units[s.pos]!;
      if (c === 47 && s.code(s.pos + 1) === 62) {
        s.pos += 2;
        s.columns.pushOther(K_JSX, markupStart, s.pos);
        return true;
      }
      if (c === 62) {
        s.pos++;
        s.columns.pushOther(K_JSX, markupStart, s.pos);
        return false;
      }
      if (c === 123) {
        s.columns.pushOther(K_JSX, markupStart, s.pos);
        this.scanJsxContainer();
        markupStart = s.pos;
        continue;
      }
      if (c === 34 || c === 39) {
        const close = s.text.indexOf(String.fromCharCode(c), s.pos + 1);
        s.pos = close < 0 ? s.length : close + 1;
        continue;
      }
      s.pos++;
    }
  }

  /** `{ expression }` inside JSX: the braces are operators, the inside is ordinary code. */
  private scanJsxContainer(): void {
    const s = this.s;
    s.columns.pushBracket(s.pos, 123);
    s.pos++;
    if (this.scanCode(true)) s.columns.pushBracket(s.pos - 1, 125);
  }
}

/** The tokens as columns (what the analysis reads). */
export function scanJavaScript(text: string, options: JavaScriptTokenizerOptions = { jsx: false }): TokenColumns {
  return new JavaScriptTokenizer(text, options).run();
}

// One tokenizer kept for the life of the module, so its hidden class outlives the scans (see hiddenClasses.ts).
keepHiddenClassesOf(new JavaScriptTokenizer('', { jsx: false }));

export function tokenizeJavaScript(text: string, options: JavaScriptTokenizerOptions = { jsx: false }): CToken[] {
  return scanJavaScript(text, options).tokens();
}
