// C and C++ tokenizer (C shares it): raw strings `R"delim(...)delim"`, encoding prefixes `u8"`, `L'x'`,
// directive lines with `\` continuations, digit separators `1'000`, suffixes `1.0f`, `1ul`.
import { type CFamilyDialect, type CScanner, type CToken, K_CHAR, K_STRING, scanCFamilyText, type TokenColumns } from './cfamilyTokens';

// A raw string's delimiter is at most 16 characters, none of them a space, a backslash or a parenthesis.
const MAX_RAW_DELIMITER = 16;

/** The literal (if any) whose prefix `u8`, `u`, `U`, `L` (or none) ends at `p`; true when one was scanned. */
function scanLiteralAfterPrefix(s: CScanner, start: number, p: number): boolean {
  const c = s.code(p);
  if (c === 82 && s.code(p + 1) === 34) {
    // Raw string: R"delim( ... )delim".
    const delimiter = p + 2;
    let open = delimiter;
    const last = Math.min(s.length - 1, delimiter + MAX_RAW_DELIMITER);
    while (open <= last && s.units[open] !== 40) open++;
    if (open <= last && !/[\s\\)]/.test(s.text.slice(delimiter, open))) {
      s.scanUntil(start, open + 1, `)${s.text.slice(delimiter, open)}"`);
      return true;
    }
    s.scanQuoted(K_STRING, 34, start, delimiter);
    return true;
  }
  if (c === 34) {
    s.scanQuoted(K_STRING, 34, start, p + 1);
    return true;
  }
  if (c === 39) {
    s.scanQuoted(K_CHAR, 39, start, p + 1);
    return true;
  }
  return false;
}

const cppDialect: CFamilyDialect = {
  quoteDigitSeparator: true,
  preprocessor: 'continued',
  // Every literal starts with a prefix letter (u, U, L, R) or a quote.
  literalStarts: 'uULR"\'',
  scanLiteral(s) {
    const start = s.pos;
    const first = s.code(start);
    // Longest encoding prefix first: `u8`, then `u`/`U`/`L`, then none (`R"`, `"`, `'`).
    if (first === 117 && s.code(start + 1) === 56 && scanLiteralAfterPrefix(s, start, start + 2)) return true;
    if ((first === 117 || first === 85 || first === 76) && scanLiteralAfterPrefix(s, start, start + 1)) return true;
    return scanLiteralAfterPrefix(s, start, start);
  },
};

/** The tokens as columns (what the analysis reads). */
export function scanCpp(text: string): TokenColumns {
  return scanCFamilyText(text, cppDialect);
}

export function tokenizeCpp(text: string): CToken[] {
  return scanCpp(text).tokens();
}
