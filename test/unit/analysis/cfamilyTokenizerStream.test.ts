// The code stream the C-family analysis reads: its columns (kinds, starts, ends, texts) and its token objects
// (tokenAt, code) describe the same code tokens as the tokenizer's token list, and its bracket partners and
// enclosing braces are those of a plain stack search, on any input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type CToken, isCodeToken, KIND_NAMES, OPERATORS, type TokenColumns } from '../../../src/core/analysis/languages/cfamilyTokens';
import { allTokensOf, codeStreamOf } from '../../../src/core/analysis/languages/cfamilyCodeTokens';
import { nameTokensOf } from '../../../src/core/analysis/languages/cfamilyParser';
import { scanJavaScript } from '../../../src/core/analysis/languages/javascriptTokenizer';
import { scanCSharp } from '../../../src/core/analysis/languages/csharpTokenizer';
import { scanJava, tokenizeJava } from '../../../src/core/analysis/languages/javaTokenizer';
import { scanCpp } from '../../../src/core/analysis/languages/cppTokenizer';

const scanners: Array<[string, (text: string) => TokenColumns]> = [
  ['javascript', (s) => scanJavaScript(s)],
  ['jsx', (s) => scanJavaScript(s, { jsx: true })],
  ['csharp', scanCSharp],
  ['java', scanJava],
  ['cpp', scanCpp],
];

/** Bracket partners and innermost `{` of each code token, by searching the open-bracket stack at every closer. */
function referenceBrackets(code: readonly CToken[]): { match: number[]; braceParent: number[] } {
  const match = code.map(() => -1);
  const braceParent: number[] = [];
  const stack: Array<{ index: number; open: string }> = [];
  const braces: number[] = [];
  const partner: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  code.forEach((t, i) => {
    braceParent.push(braces.length > 0 ? braces[braces.length - 1]! : -1);
    if (t.kind !== 'op') return;
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      stack.push({ index: i, open: t.text });
      if (t.text === '{') braces.push(i);
    } else if (partner[t.text] !== undefined) {
      if (t.text === '}') braces.pop();
      let k = stack.length - 1;
      while (k >= 0 && stack[k]!.open !== partner[t.text]) k--;
      if (k < 0) return;
      match[stack[k]!.index] = i;
      match[i] = stack[k]!.index;
      stack.length = k;
    }
  });
  return { match, braceParent };
}

function assertStreamAgrees(text: string, scan: (text: string) => TokenColumns): void {
  const columns = scan(text);
  const all = columns.tokens();
  const code = all.filter(isCodeToken);
  const stream = codeStreamOf(columns);
  assert.equal(stream.count, code.length);
  assert.equal(stream.kinds.length, code.length);
  code.forEach((t, i) => {
    assert.equal(KIND_NAMES[stream.kinds[i]!], t.kind);
    assert.equal(stream.starts[i], t.start);
    assert.equal(stream.ends[i], t.end);
    assert.equal(stream.texts[i], t.text);
    // What cfamilySharedTexts relies on to write a stream's texts back: each is its slice of the text.
    assert.equal(t.text, text.slice(t.start, t.end));
    assert.deepEqual(stream.tokenAt(i), t);
  });
  assert.equal(stream.tokenAt(-1), undefined);
  assert.equal(stream.tokenAt(code.length), undefined);
  assert.deepEqual(stream.code, code);
  assert.equal(stream.code[0], stream.tokenAt(0), 'one object per token, whichever way it is asked for');
  assert.deepEqual(stream.comments, all.filter((t) => t.kind === 'comment'));
  assert.deepEqual(stream.directives, all.filter((t) => t.kind === 'preprocessor'));
  assert.deepEqual(allTokensOf(stream), all.filter((t) => t.kind !== 'jsx'));
  // Word indices: one per distinct name/number text, numbered in order of first appearance; -1 for other tokens.
  const textOfWord: string[] = [];
  code.forEach((t, i) => {
    const w = stream.words[i]!;
    if (t.kind !== 'name' && t.kind !== 'number') {
      assert.equal(w, -1);
      return;
    }
    if (w === textOfWord.length) textOfWord.push(t.text);
    assert.equal(textOfWord[w], t.text, `word ${w} at token ${i}`);
  });
  assert.equal(stream.wordCount, textOfWord.length);
  assert.equal(new Set(textOfWord).size, textOfWord.length, 'distinct texts, distinct words');
  const reference = referenceBrackets(code);
  assert.deepEqual([...stream.match], reference.match);
  assert.deepEqual([...stream.braceParent], reference.braceParent);
}

describe('C-family code stream', () => {
  const sample = [
    '#include <cmath> // directive',
    'const s = `a ${f(`b${y}`)} c`; /* block */ x = /ab+c/g.test(s) ? a?.b : c?.5:1;',
    'var v = $"v={Math.Exp(-x):F2} {{}}"; var @class = @"q""q"; char c = \'\\\'\';',
    'String t = """\n  text block\n  """; auto r = R"xy(a)"b)xy"; int n = 1\'000 >>>= 2;',
    'f(a[b{c)d]e}) ] } ) { ( [',
  ].join('\n');

  for (const [name, scan] of scanners) {
    it(`${name}: columns, token objects, comments, directives and brackets describe the same tokens`, () => {
      assertStreamAgrees(sample, scan);
      assertStreamAgrees('', scan);
      const risky = fc.string({ unit: fc.constantFrom('"', "'", '`', '$', '@', '{', '}', '(', ')', '[', ']', '/', '*', '\\', '\n', '#', 'R', 'x', '<', '>', ' ', '1', '.', '?', '='), maxLength: 200 });
      fc.assert(fc.property(fc.oneof(risky, fc.string({ maxLength: 200 })), (text) => {
        assertStreamAgrees(text, scan);
      }), { numRuns: 200 });
    });
  }

  it('gives each name and number its own text over thousands of distinct words (the word table grows, near-collisions included)', () => {
    // Same lengths, one character apart, non-ASCII letters, suffixed numbers: each must read back as written.
    const words = Array.from({ length: 6000 }, (_, k) => (k % 3 === 0 ? `w${k}` : k % 3 === 1 ? `${k}.5f` : `v${String.fromCharCode(0x3b1 + (k % 20))}${k}`));
    const text = words.map((w, k) => `${w} = ${words[(k * 7) % words.length]} + ${words[k]};`).join('\n');
    for (const [, scan] of scanners) assertStreamAgrees(text, scan);
  });

  it('tells long names apart however long they are (the scanner keeps only the first 64 characters of a name at hand)', () => {
    // Names that agree on their first 64 characters, or on every character but one at positions 64 apart, and long
    // names that repeat: each must get the word of its own text.
    const base = 'n'.repeat(64);
    const names = [base, `${base}a`, `${base}b`, `a${base}`, `b${base}`, `${'x'.repeat(63)}y${'x'.repeat(64)}`, `${'x'.repeat(127)}y`,
      `${'x'.repeat(128)}`, `q${'x'.repeat(63)}q`, `q${'x'.repeat(63)}r`, `r${'x'.repeat(63)}q`, 'x'.repeat(1000), 'x'.repeat(999)];
    const text = names.map((n, k) => `${n} = ${names[(k * 5) % names.length]} + ${n};`).join('\n');
    for (const [, scan] of scanners) assertStreamAgrees(text, scan);
  });

  it('matches brackets on crafted input: deep nesting, many closers with no opener, unclosed openers', () => {
    // Each unmatched closer used to search the whole open stack; these must end and agree with the reference.
    const inputs = [
      '('.repeat(10_000) + 'x' + ')'.repeat(10_000),
      '['.repeat(2_000) + ')'.repeat(2_000) + ']'.repeat(2_000),
      '{('.repeat(2_000) + '}'.repeat(2_000),
    ];
    for (const text of inputs) assertStreamAgrees(text, scanJava);
  });

  it('reads many C++ `R"` without a `(` as ordinary strings, looking no further than a delimiter can be', () => {
    const text = 'R"'.repeat(20_000);
    const columns = scanCpp(text);
    const tokens = columns.tokens();
    assert.equal(tokens.length, 10_000);
    assert.ok(tokens.every((t) => t.kind === 'string' && t.text === 'R"R"'));
    // A delimiter of 16 characters makes a raw string; 17 do not, so the `"` inside ends an ordinary string.
    const sixteen = '0123456789abcdef';
    assert.deepEqual(scanCpp(`R"${sixteen}(a"b)${sixteen}"`).tokens().map((t) => t.kind), ['string']);
    assert.equal(scanCpp(`R"${sixteen}g(a"b)${sixteen}g"`).tokens()[0]!.text, `R"${sixteen}g(a"`);
  });

  it('reads operators longest first, and `?.` before a digit as `?` (a conditional)', () => {
    /** The operators of `text` by trying every operator at each position, longest first. */
    const reference = (text: string): string[] => {
      const out: string[] = [];
      const byLength = [...OPERATORS].sort((a, b) => b.length - a.length);
      for (let p = 0; p < text.length;) {
        if (text[p] === ' ') {
          p++;
          continue;
        }
        if (/[0-9]/.test(text[p]!) || (text[p] === '.' && /[0-9]/.test(text[p + 1] ?? ''))) {
          while (p < text.length && /[0-9.]/.test(text[p]!)) p++; // a number, with its dots
          continue;
        }
        const op = byLength.find((o) => text.startsWith(o, p) && !(o === '?.' && /[0-9]/.test(text[p + 2] ?? ''))) ?? text[p]!;
        out.push(op);
        p += op.length;
      }
      return out;
    };
    const unit = fc.constantFrom('<', '>', '=', '!', '&', '|', '+', '-', '*', '%', '^', '?', '.', ':', '1', ' ');
    fc.assert(fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
      const ops = tokenizeJava(text).filter((t) => t.kind === 'op').map((t) => t.text);
      assert.deepEqual(ops, reference(text));
    }), { numRuns: 500 });
    assert.deepEqual(tokenizeJava('a >>>= b ... c ->* d <=> e ?? f ??= g ?.5').filter((t) => t.kind === 'op').map((t) => t.text),
      ['>>>=', '...', '->*', '<=>', '??', '??=', '?']);
  });
});

describe('name tokens found by searching the text (nameTokensOf)', () => {
  it('are exactly the name tokens of that text, in order: not in strings, comments, longer names or other words', () => {
    const check = (text: string, word: string): void => {
      for (const [, scan] of scanners) {
        const stream = codeStreamOf(scan(text));
        const expected: number[] = [];
        for (let i = 0; i < stream.count; i++) if (KIND_NAMES[stream.kinds[i]!] === 'name' && stream.texts[i] === word) expected.push(i);
        assert.deepEqual(nameTokensOf(text, stream, word), expected, `${word} in ${JSON.stringify(text)}`);
      }
    };
    check('Math.exp(x); MathF.Exp(y); "Math"; // Math\nconst m = Math; xMath = Math_2 + Math', 'Math');
    check('enum A { B } /* enum */ enums = enum_ + "enum";', 'enum');
    check('aaa aa a aa', 'aa');
    check('', 'x');
    const unit = fc.constantFrom('Math', 'Mat', 'h', 'x', ' ', '.', '"', "'", '/', '*', '\n', '(', ')', '_', '1', '@', '#', '`', '$', '{', '}');
    fc.assert(fc.property(fc.array(unit, { maxLength: 40 }), fc.constantFrom('Math', 'h', 'x', 'Mat'), (parts, word) => check(parts.join(''), word)), { numRuns: 300 });
  });
});
