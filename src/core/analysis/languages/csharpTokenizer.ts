// C# tokenizer: verbatim `@"..."`, interpolated `$"..{expr}.."` (and `$@`/`@$`), raw `"""..."""` strings,
// char literals, verbatim identifiers `@class`, `#region`/`#if` directive lines, suffixes `1f`, `1.0d`, `1m`.
import { type CFamilyDialect, type CScanner, type CToken, isIdentStart, K_CHAR, K_NAME, K_STRING, scanCFamilyText, type TokenColumns } from './cfamilyTokens';

function countQuotes(s: CScanner, at: number): number {
  let n = 0;
  while (s.code(at + n) === 34) n++;
  return n;
}

/** `"` (with `""` as an escaped quote when `verbatim`); `{`..`}` holes when `interpolated`. */
function scanCSharpString(s: CScanner, start: number, bodyStart: number, verbatim: boolean, interpolated: boolean,
  scanHole: () => boolean): void {
  const { units } = s;
  let pieceStart = start;
  let p = bodyStart;
  while (p < s.length) {
    const c = units[p]!;
    if (!verbatim && c === 92) {
      p += 2;
      continue;
    }
    if (c === 34) {
      if (verbatim && s.code(p + 1) === 34) {
        p += 2;
        continue;
      }
      s.pos = p + 1;
      s.columns.pushCode(K_STRING, pieceStart, s.pos);
      return;
    }
    if (!verbatim && (c === 10 || c === 13)) break;
    if (interpolated && c === 123) {
      if (s.code(p + 1) === 123) {
        p += 2;
        continue;
      }
      s.pos = p + 1;
      s.columns.pushCode(K_STRING, pieceStart, s.pos);
      if (!scanHole()) return;
      pieceStart = s.pos - 1;
      p = s.pos;
      continue;
    }
    p++;
  }
  s.pos = Math.min(p, s.length);
  s.columns.pushCode(K_STRING, pieceStart, s.pos);
}

const csharpDialect: CFamilyDialect = {
  quoteDigitSeparator: false,
  preprocessor: 'line',
  literalStarts: '@$"\'',
  scanLiteral(s, scanHole) {
    const start = s.pos;
    let p = start;
    let verbatim = false;
    let dollars = 0;
    for (;;) {
      const c = s.code(p);
      if (c === 64 && !verbatim) {
        verbatim = true;
        p++;
      } else if (c === 36) {
        dollars++;
        p++;
      } else {
        break;
      }
    }
    const c = s.code(p);
    if (c === 34) {
      const quotes = countQuotes(s, p);
      if (quotes >= 3 && !verbatim) {
        // Raw string literal: closed by the same number of quotes (holes in `$"""` are left inside).
        s.scanUntil(start, p + quotes, '"'.repeat(quotes));
        return true;
      }
      scanCSharpString(s, start, p + 1, verbatim, dollars > 0, scanHole);
      return true;
    }
    if (p !== start) {
      if (verbatim && dollars === 0 && isIdentStart(c)) {
        // `@class`: an identifier that happens to be a keyword.
        s.pos = s.nameEnd(p);
        s.columns.pushCode(K_NAME, start, s.pos);
        return true;
      }
      return false;
    }
    if (c === 39) {
      s.scanQuoted(K_CHAR, 39, start, start + 1);
      return true;
    }
    return false;
  },
};

/** The tokens as columns (what the analysis reads). */
export function scanCSharp(text: string): TokenColumns {
  return scanCFamilyText(text, csharpDialect);
}

export function tokenizeCSharp(text: string): CToken[] {
  return scanCSharp(text).tokens();
}
