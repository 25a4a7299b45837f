// The C-family scanners read a text as one byte per UTF-16 unit (cfamilyTokens.ts textUnits): ASCII as itself, any
// other unit as a stand-in. These pin what must not change through that: non-ASCII names keep their own words and
// texts, non-ASCII spaces still separate tokens (but continue a name, as before), offsets stay UTF-16 offsets, and
// the byte buffer one scan hands back does not leak into the next.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type TokenColumns } from '../../../src/core/analysis/languages/cfamilyTokens';
import { codeStreamOf } from '../../../src/core/analysis/languages/cfamilyCodeTokens';
import { scanJavaScript } from '../../../src/core/analysis/languages/javascriptTokenizer';
import { scanCSharp } from '../../../src/core/analysis/languages/csharpTokenizer';
import { scanJava } from '../../../src/core/analysis/languages/javaTokenizer';
import { scanCpp } from '../../../src/core/analysis/languages/cppTokenizer';

const scanners: Array<[string, (text: string) => TokenColumns]> = [
  ['javascript', (s) => scanJavaScript(s)],
  ['csharp', scanCSharp],
  ['java', scanJava],
  ['cpp', scanCpp],
];

function codeTexts(columns: TokenColumns): string[] {
  const stream = codeStreamOf(columns);
  return [...stream.texts];
}

describe('C-family scanners over non-ASCII text', () => {
  for (const [name, scan] of scanners) {
    it(`${name}: non-ASCII names are whole names with their own words; offsets are UTF-16 offsets`, () => {
      const text = 'σ = café + naïve * σ + cafe - 𝑥 / 1e3;';
      const stream = codeStreamOf(scan(text));
      assert.deepEqual([...stream.texts], ['σ', '=', 'café', '+', 'naïve', '*', 'σ', '+', 'cafe', '-', '𝑥', '/', '1e3', ';']);
      for (let i = 0; i < stream.count; i++) assert.equal(text.slice(stream.starts[i], stream.ends[i]), stream.texts[i]);
      const word = (i: number): number => stream.words[i]!;
      assert.equal(word(0), word(6), 'the same non-ASCII name, the same word');
      assert.notEqual(word(2), word(8), 'café and cafe are different words');
      assert.equal(new Set([0, 2, 4, 8, 10, 12].map(word)).size, 6);
      assert.equal(stream.wordCount, 6);
    });

    it(`${name}: non-ASCII spaces separate tokens, also right after a name (\`Math\u00a0=\` is Math then =)`, () => {
      assert.deepEqual(codeTexts(scan('\ufeffa\u00a0b + \u2028c\u3000;')), ['a', 'b', '+', 'c', ';']);
      assert.deepEqual(codeTexts(scan('\u00a0x\u2029+\u2029y\u2003z\u202f\u1680w')), ['x', '+', 'y', 'z', 'w']);
    });

    it(`${name}: a non-ASCII unit after a long ASCII prefix, in strings and comments, and lone surrogates`, () => {
      const prefix = 'x = y + 1;\n'.repeat(500);
      const text = `${prefix}s = "é" /* ü */ + \ud800q + t\udc00;`;
      const texts = codeTexts(scan(text));
      assert.deepEqual(texts.slice(-8), ['s', '=', '"é"', '+', '\ud800q', '+', 't\udc00', ';']);
      assert.equal(texts.length, 500 * 6 + 8);
    });
  }

  it('a scan after a longer one reads only its own text (the byte buffer is reused)', () => {
    const long = `${'aaaaaaaa + bbbbbbbb;\n'.repeat(2000)}`;
    for (const [, scan] of scanners) {
      scan(long);
      assert.deepEqual(codeTexts(scan('a')), ['a']);
      assert.deepEqual(codeTexts(scan('')), []);
      assert.deepEqual(codeTexts(scan('b +')), ['b', '+']);
      scan('é'.repeat(3000));
      assert.deepEqual(codeTexts(scan('1.5f')), ['1.5f']);
    }
  });
});
