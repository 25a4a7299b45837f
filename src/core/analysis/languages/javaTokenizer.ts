// Java tokenizer: text blocks `"""..."""`, char literals, suffixes `1f`, `1d`, `1L`, underscores in numbers.
import { type CFamilyDialect, type CScanner, type CToken, K_CHAR, K_STRING, scanCFamilyText, type TokenColumns } from './cfamilyTokens';

function scanTextBlock(s: CScanner, start: number): void {
  const { units } = s;
  let p = start + 3;
  while (p < s.length) {
    const c = units[p]!;
    if (c === 92) {
      p += 2;
      continue;
    }
    if (c === 34 && s.code(p + 1) === 34 && s.code(p + 2) === 34) {
      p += 3;
      break;
    }
    p++;
  }
  s.pos = Math.min(p, s.length);
  s.columns.pushCode(K_STRING, start, s.pos);
}

const javaDialect: CFamilyDialect = {
  quoteDigitSeparator: false,
  preprocessor: 'none',
  literalStarts: '"\'',
  scanLiteral(s) {
    const start = s.pos;
    const c = s.code(start);
    if (c === 34) {
      if (s.code(start + 1) === 34 && s.code(start + 2) === 34) scanTextBlock(s, start);
      else s.scanQuoted(K_STRING, 34, start, start + 1);
      return true;
    }
    if (c === 39) {
      s.scanQuoted(K_CHAR, 39, start, start + 1);
      return true;
    }
    return false;
  },
};

/** The tokens as columns (what the analysis reads). */
export function scanJava(text: string): TokenColumns {
  return scanCFamilyText(text, javaDialect);
}

export function tokenizeJava(text: string): CToken[] {
  return scanJava(text).tokens();
}
