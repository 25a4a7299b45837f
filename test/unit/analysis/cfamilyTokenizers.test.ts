// The C-family tokenizers: each language's literal forms, and the invariants every token stream keeps on
// any input (ordered, non-overlapping, text equal to its span, never a throw).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CToken } from '../../../src/core/analysis/languages/cfamilyTokens';
import { tokenizeJavaScript } from '../../../src/core/analysis/languages/javascriptTokenizer';
import { tokenizeCSharp } from '../../../src/core/analysis/languages/csharpTokenizer';
import { tokenizeJava } from '../../../src/core/analysis/languages/javaTokenizer';
import { tokenizeCpp } from '../../../src/core/analysis/languages/cppTokenizer';

const kinds = (tokens: readonly CToken[]): string[] => tokens.map((t) => `${t.kind}:${t.text}`);
const ofKind = (tokens: readonly CToken[], kind: string): string[] => tokens.filter((t) => t.kind === kind).map((t) => t.text);

describe('JavaScript/TypeScript tokenizer', () => {
  it('splits template literals around nested ${...} and tokenizes the code inside', () => {
    const t = tokenizeJavaScript('const s = `a ${f(`b${y}`)} c`;');
    assert.deepEqual(ofKind(t, 'string'), ['`a ${', '`b${', '}`', '} c`']);
    assert.deepEqual(ofKind(t, 'name'), ['const', 's', 'f', 'y']);
  });

  it('tells regular expressions from division by the previous token', () => {
    assert.deepEqual(ofKind(tokenizeJavaScript('x = a / b / c;'), 'regex'), []);
    assert.deepEqual(ofKind(tokenizeJavaScript('x = /ab+c/g.test(s); return /[/]x/.exec(t);'), 'regex'), ['/ab+c/g', '/[/]x/']);
    assert.deepEqual(ofKind(tokenizeJavaScript('y = (a) / 2 / f(x)[0] / 3;'), 'regex'), []);
  });

  it('keeps JSX text (apostrophes included) out of the code and reads {expressions} inside it', () => {
    const t = tokenizeJavaScript("const el = <p title='x'>it's {sigmoid(v)} <b>don't</b></p>;", { jsx: true });
    assert.deepEqual(ofKind(t, 'name'), ['const', 'el', 'sigmoid', 'v']);
    assert.ok(ofKind(t, 'jsx').some((s) => s.includes("it's")));
    assert.ok(t.some((x) => x.kind === 'op' && x.text === ';'), 'code resumes after the element');
  });

  it('reads a generic arrow in .tsx as code, not as an element', () => {
    const t = tokenizeJavaScript('const id = <T,>(x: T): T => x;', { jsx: true });
    assert.deepEqual(ofKind(t, 'jsx'), []);
  });

  it('tells optional chaining from a conditional with a fraction', () => {
    assert.deepEqual(ofKind(tokenizeJavaScript('a?.b; c?.5:1'), 'op'), ['?.', ';', '?', ':']);
  });

  it('keeps comments and a hashbang as comments', () => {
    assert.deepEqual(ofKind(tokenizeJavaScript('#!/usr/bin/env node\n// a\n/* b */ x'), 'comment'), ['#!/usr/bin/env node', '// a', '/* b */']);
  });
});

describe('C# tokenizer', () => {
  it('reads verbatim, interpolated and raw strings, char literals and verbatim identifiers', () => {
    const t = tokenizeCSharp('var a = @"c:\\""x"; var b = $"v={Math.Exp(-x):F2} {{}}"; var r = """ raw " x """; char c = \'\\\'\'; var @class = 1;');
    assert.deepEqual(ofKind(t, 'string'), ['@"c:\\""x"', '$"v={', '} {{}}"', '""" raw " x """']);
    assert.deepEqual(ofKind(t, 'char'), ["'\\''"]);
    assert.ok(ofKind(t, 'name').includes('@class'));
    assert.ok(ofKind(t, 'name').includes('Exp'), 'the interpolation hole is code');
  });

  it('keeps directives as single tokens and numeric suffixes on their numbers', () => {
    const t = tokenizeCSharp('#region Sigmoid\nfloat f = 1f + 1.0d + 1m;\n#endregion');
    assert.deepEqual(ofKind(t, 'preprocessor'), ['#region Sigmoid', '#endregion']);
    assert.deepEqual(ofKind(t, 'number'), ['1f', '1.0d', '1m']);
  });
});

describe('Java tokenizer', () => {
  it('reads text blocks, char literals and suffixed numbers', () => {
    const t = tokenizeJava('String s = """\n  a "b" \\""" c\n  """; char q = \'"\'; float f = 1f; long l = 1_000L;');
    assert.deepEqual(ofKind(t, 'string'), ['"""\n  a "b" \\""" c\n  """']);
    assert.deepEqual(ofKind(t, 'char'), ['\'"\'']);
    assert.deepEqual(ofKind(t, 'number'), ['1f', '1_000L']);
  });
});

describe('C/C++ tokenizer', () => {
  it('reads raw strings with delimiters, encoding prefixes and digit separators', () => {
    const t = tokenizeCpp('auto s = R"xy(a)"b)xy"; auto u = u8"x"; char c = L\'a\'; int n = 1\'000; float f = 1.0f;');
    assert.deepEqual(ofKind(t, 'string'), ['R"xy(a)"b)xy"', 'u8"x"']);
    assert.deepEqual(ofKind(t, 'char'), ["L'a'"]);
    assert.deepEqual(ofKind(t, 'number'), ["1'000", '1.0f']);
  });

  it('keeps directive lines whole, with backslash continuations', () => {
    const t = tokenizeCpp('#include <cmath>\n#define S(x) \\\n  (1/(1+exp(-(x))))\nint y;');
    assert.deepEqual(kinds(t).slice(0, 2), ['preprocessor:#include <cmath>', 'preprocessor:#define S(x) \\\n  (1/(1+exp(-(x))))']);
    assert.deepEqual(ofKind(t, 'name'), ['int', 'y']);
  });
});

describe('names and Unicode', () => {
  it('a name ends at a Unicode space (no-break space, line separator, byte order mark) and holds other non-ASCII letters', () => {
    const text = 'var Math\u00a0= σ\u2028τ\ufeffx_é + über;';
    for (const tokenize of [(s: string) => tokenizeJavaScript(s), tokenizeCSharp, tokenizeJava, tokenizeCpp]) {
      assert.deepEqual(ofKind(tokenize(text), 'name'), ['var', 'Math', 'σ', 'τ', 'x_é', 'über']);
    }
  });
});

describe('every tokenizer on any input', () => {
  const tokenizers: Array<[string, (s: string) => CToken[]]> = [
    ['javascript', (s) => tokenizeJavaScript(s)],
    ['jsx', (s) => tokenizeJavaScript(s, { jsx: true })],
    ['csharp', tokenizeCSharp],
    ['java', tokenizeJava],
    ['cpp', tokenizeCpp],
  ];
  // Inputs biased toward the characters that open and close literals.
  const risky = fc.string({ unit: fc.constantFrom('"', "'", '`', '$', '@', '{', '}', '(', ')', '/', '*', '\\', '\n', '#', 'R', 'x', '<', '>', ' ', '1', '.', 'e', '-'), maxLength: 200 });
  for (const [name, tokenize] of tokenizers) {
    it(`${name}: tokens are ordered, disjoint, inside the text and equal to their spans`, () => {
      fc.assert(fc.property(fc.oneof(risky, fc.string({ maxLength: 200 })), (text) => {
        const tokens = tokenize(text);
        let last = 0;
        for (const t of tokens) {
          if (t.start < last || t.end <= t.start || t.end > text.length) return false;
          if (text.slice(t.start, t.end) !== t.text) return false;
          last = t.end;
        }
        return true;
      }), { numRuns: 300 });
    });
  }
});
