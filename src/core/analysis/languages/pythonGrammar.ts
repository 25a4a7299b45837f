// Python's operator table for the shared expression parser (binding powers follow the language reference:
// `**` binds tighter than unary minus on its left and looser on its right, so `-x**2` is -(x**2) and `2**-x` parses).
import type { BinaryOperator, Grammar } from '../expressionParser';
import { pythonStringValue } from './pythonTokenizer';

export function pythonNumberValue(text: string): number {
  // Plain decimal integers, most literals in code (`1`, `64`, `0`): read digit by digit, exact below 2**53.
  const n = text.length;
  if (n <= 15) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (i === n && n > 0) return v;
  }
  let t = '';
  for (const ch of text) if (ch !== '_') t += ch.toLowerCase();
  if (t.endsWith('j')) return NaN;
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
  return Number(t);
}

export const PYTHON_GRAMMAR: Grammar = {
  binary: new Map<string, BinaryOperator>([
    ['or', { prec: 3 }], ['and', { prec: 4 }],
    ['in', { prec: 6 }], ['not in', { prec: 6 }], ['is', { prec: 6 }], ['is not', { prec: 6 }],
    ['<', { prec: 6 }], ['>', { prec: 6 }], ['==', { prec: 6 }], ['>=', { prec: 6 }], ['<=', { prec: 6 }], ['!=', { prec: 6 }],
    ['|', { prec: 7 }], ['^', { prec: 8 }], ['&', { prec: 9 }], ['<<', { prec: 10 }], ['>>', { prec: 10 }],
    ['+', { prec: 11 }], ['-', { prec: 11 }],
    ['*', { prec: 12 }], ['/', { prec: 12 }], ['//', { prec: 12 }], ['%', { prec: 12 }], ['@', { prec: 12 }],
    ['**', { prec: 14, rightAssoc: true, rightPrec: 13 }],
  ]),
  prefix: new Map([['-', 13], ['+', 13], ['~', 13], ['not', 5], ['await', 15]]),
  conditionalPrec: 2,
  conditional: 'python',
  keywordArgument: '=',
  member: new Set(['.']),
  python: true,
  stringValue: pythonStringValue,
  numberValue: pythonNumberValue,
};
