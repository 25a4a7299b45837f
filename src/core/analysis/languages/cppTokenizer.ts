// C and C++ tokenizer (C shares it): raw strings `R"delim(...)delim"`, encoding prefixes `u8"`, `L'x'`,
// directive lines with `\` continuations, digit separators `1'000`, suffixes `1.0f`, `1ul`.
import { CScanner, type CToken, scanCFamilyCode, type CFamilyDialect, type TokenColumns } from './cfamilyTokens';

const ENCODING_PREFIXES = ['u8', 'u', 'U', 'L', ''];

const cppDialect: CFamilyDialect = {
  quoteDigitSeparator: true,
  preprocessor: 'continued',
  scanLiteral(s) {
    const start = s.pos;
    // Every literal starts with a prefix letter (u, U, L, R) or a quote: most tokens are ruled out by one test.
    const first = s.code(start);
    if (first !== 117 && first !== 85 && first !== 76 && first !== 82 && first !== 34 && first !== 39) return false;
    for (const prefix of ENCODING_PREFIXES) {
      if (prefix && !s.text.startsWith(prefix, start)) continue;
      let p = start + prefix.length;
      const c = s.code(p);
      if (c === 82 && s.code(p + 1) === 34) {
        // Raw string: R"delim( ... )delim" with a delimiter of up to 16 characters.
        p += 2;
        const open = s.text.indexOf('(', p);
        if (open >= 0 && open - p <= 16 && !/[\s\\)]/.test(s.text.slice(p, open))) {
          s.scanUntil('string', start, open + 1, `)${s.text.slice(p, open)}"`);
          return true;
        }
        s.scanQuoted('string', 34, start, p);
        return true;
      }
      if (c === 34) {
        s.scanQuoted('string', 34, start, p + 1);
        return true;
      }
      if (c === 39) {
        s.scanQuoted('char', 39, start, p + 1);
        return true;
      }
    }
    return false;
  },
};

/** The tokens as columns (what the analysis reads). */
export function scanCpp(text: string): TokenColumns {
  const s = new CScanner(text);
  scanCFamilyCode(s, cppDialect, false);
  return s.columns;
}

export function tokenizeCpp(text: string): CToken[] {
  return scanCpp(text).tokens();
}
