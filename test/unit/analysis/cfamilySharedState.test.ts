// What the C-family analysis keeps between analyses, and that it changes no result: one sample analysis per language
// (hiddenClasses.ts: keeps V8's optimized code alive across full collections) and the word strings shared across scans
// (cfamilyTokens.ts sharedWordString: bounded, emptied when half full, holding no text they came from).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeText } from '../../../src/core/analysis/index';
import { keptSampleCount } from '../../../src/core/analysis/hiddenClasses';
import { C_FAMILY_LANGUAGES } from '../../../src/core/analysis/languages/cfamilyLanguages';
import { releaseSharedTexts, scanWithSharedTexts, withCurrentTexts } from '../../../src/core/analysis/languages/cfamilySharedTexts';
import type { TokenColumns } from '../../../src/core/analysis/languages/cfamilyTokens';

const snapshot = (text: string, language: 'cpp' | 'java' | 'csharp'): string => JSON.stringify(analyzeText(text, language));

describe('one sample analysis kept per C-family language', () => {
  it('the first analysis of a language keeps its sample; later ones keep nothing more', () => {
    const before = keptSampleCount();
    const text = 'class P { static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); } }\n';
    const first = snapshot(text, 'java');
    const afterFirst = keptSampleCount();
    assert.equal(afterFirst, before + 1);
    assert.equal(snapshot(text, 'java'), first);
    assert.equal(keptSampleCount(), afterFirst);
  });

  it('the sample leaves the first analysis of a file as it would be without it (uses, findings and fixes)', () => {
    const text = 'class S {\n  double Sigmoid(double v) { return 1.0 / (1.0 + Math.Exp(-v)); }\n  double Use(double y) => Sigmoid(y) + Math.Tanh(y);\n}\n';
    const result = analyzeText(text, 'csharp')!;
    assert.deepEqual(result.uses.map((u) => `${u.activation}:${u.kind}:${text.slice(u.span.start, u.span.end)}`),
      ['sigmoid:definition:Sigmoid', 'sigmoid:call:1.0 / (1.0 + Math.Exp(-v))', 'sigmoid:call:Sigmoid', 'tanh:call:Math.Tanh']);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0]!.rule, 'unstable-sigmoid');
    assert.ok(result.findings[0]!.fixes.length > 0);
  });
});

describe('word strings shared across scans', () => {
  const withWords = (count: number, prefix: string): string => {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(`double ${prefix}_${i}_value = 1.0 / (1.0 + std::exp(-${prefix}_${i}_input));`);
    return `${lines.join('\n')}\n`;
  };

  it('a file analyses the same before and after other files filled the shared table past its bound (it is emptied)', () => {
    const text = 'inline double sigmoid(double logit) { return 1.0 / (1.0 + std::exp(-logit)); }\nstruct Player { int exp = 0; };\n';
    const before = snapshot(text, 'cpp');
    // 2 x 20,000 lines of new words: more than the 32,768 words the table holds, so it is emptied once at least.
    for (const prefix of ['first_batch_name', 'second_batch_name']) {
      const other = analyzeText(withWords(20_000, prefix), 'cpp')!;
      assert.equal(other.findings.length, 20_000);
    }
    assert.equal(snapshot(text, 'cpp'), before);
  });

  it('the words kept do not keep the texts they came from alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const scan = C_FAMILY_LANGUAGES.get('cpp')!.scan;
    gc();
    const base = process.memoryUsage().heapUsed;
    // 24 texts of about 1.6 MB, each with long words (13+ characters: a slice of those is a view of its whole text)
    // seen in no other: kept as views, the words would keep about 38 MB of text alive.
    for (let t = 0; t < 24; t++) {
      const filler = ' '.repeat(1_600_000);
      scan(`${filler}\nint unique_text_${t}_word_a = unique_text_${t}_word_b;\n`);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - base;
    assert.ok(grown < 12_000_000, `heap grew by ${(grown / 1e6).toFixed(1)} MB after the texts were dropped`);
  });
});

describe('the text column lent to large analyses', () => {
  // Large enough to be lent the shared column (16,384 token slots and more), each with findings whose fixes read it.
  const cppFile = (name: string, lines: number): string => {
    const out = ['#include <cmath>'];
    for (let i = 0; i < lines; i++) out.push(`double ${name}_${i}(double z${i}) { return 1.0 / (1.0 + std::exp(-z${i})) + std::log(1.0 + std::exp(z${i})); }`);
    return `${out.join('\n')}\n`;
  };
  const csharpFile = (lines: number): string => {
    const out = ['using System;', 'class Net {'];
    for (let i = 0; i < lines; i++) out.push(`  public double Act${i}(double val) { return 1.0 / (1.0 + Math.Exp(-val * ${i}.5)); }`);
    return `${out.join('\n')}\n}\n`;
  };
  const files: Array<[string, 'cpp' | 'csharp']> = [
    [cppFile('alpha', 2_500), 'cpp'],
    [csharpFile(3_000), 'csharp'],
    [cppFile('beta_with_longer_names', 400), 'cpp'],
    [cppFile('gamma', 5_000), 'cpp'],
  ];

  it("each result's fixes, read after other files were analysed, are those it gets when read at once", () => {
    // Read at once: the column still holds the file's texts.
    const expected = files.map(([text, language]) => snapshot(text, language));
    const results = files.map(([text, language]) => analyzeText(text, language)!);
    // Read out of order, twice: each read writes that result's texts back into the column first.
    for (const k of [0, 2, 1, 3, 0, 3, 1, 2]) assert.equal(JSON.stringify(results[k]), expected[k], `file ${k}`);
  });

  it("an old result read while another file's analysis runs gets its texts, and that analysis gets its own back", () => {
    const cpp = C_FAMILY_LANGUAGES.get('cpp')!.scan;
    const textsAre = (columns: TokenColumns, text: string): boolean => {
      for (let i = 0; i < columns.codeCount; i++) {
        if (columns.codeTexts[i] !== text.slice(columns.codeStart[i]!, columns.codeEnd[i]!)) return false;
      }
      // Past the last token nothing is found (the shared column keeps its length, its tail cleared).
      for (let i = columns.codeCount; i < columns.codeTexts.length; i++) if (columns.codeTexts[i] !== undefined) return false;
      return true;
    };
    const [oldText, runningText] = [files[0]![0], files[3]![0]];
    const old = scanWithSharedTexts(cpp, oldText);
    releaseSharedTexts(old);
    // Its analysis still running (not released), the newer file holds the column; the old one is read in between.
    const running = scanWithSharedTexts(cpp, runningText);
    assert.equal(running.codeTexts, old.codeTexts, 'both were lent the one column');
    assert.ok(!textsAre(old, oldText));
    const nestedScan = withCurrentTexts(old, () => {
      assert.ok(textsAre(old, oldText));
      // Meanwhile the column is not lent to another scan.
      return scanWithSharedTexts(cpp, runningText);
    });
    assert.notEqual(nestedScan.codeTexts, running.codeTexts);
    assert.ok(textsAre(running, runningText), 'the running analysis has its texts back');
    releaseSharedTexts(running);
  });
});

describe('numbers kept per word across scans (WordTable.memoOf)', () => {
  const scan = (text: string): TokenColumns => C_FAMILY_LANGUAGES.get('cpp')!.scan(text);
  const wordOf = (columns: TokenColumns, name: string): number => columns.words.strings.indexOf(name);

  it('a number kept for a word in one scan is found for the same word in a later scan, and only for it', () => {
    const first = scan('double memo_word_alpha = memo_word_beta;');
    first.words.setMemo(wordOf(first, 'memo_word_alpha'), 12345);
    const later = scan('int x = memo_word_beta + memo_word_alpha;');
    assert.equal(later.words.memoOf(wordOf(later, 'memo_word_alpha')), 12345);
    assert.equal(later.words.memoOf(wordOf(later, 'memo_word_beta')), -1);
    assert.equal(later.words.memoOf(-1), -1);
    assert.equal(later.words.memoOf(later.words.count), -1);
  });

  it('nothing is kept once the shared table was emptied, for scans before it and across it', () => {
    const before = scan('double memo_word_gamma = 1.0;');
    before.words.setMemo(wordOf(before, 'memo_word_gamma'), 7);
    // More new words than the table holds (it is emptied when half full: 32,768 words).
    const many = Array.from({ length: 40_000 }, (_, k) => `memo_fill_${k}`).join(' + ');
    const across = scan(`double memo_word_gamma = ${many};`);
    assert.equal(before.words.memoOf(wordOf(before, 'memo_word_gamma')), -1, 'the scan before the emptying');
    assert.equal(across.words.memoOf(wordOf(across, 'memo_word_gamma')), -1, 'the scan during which it was emptied');
    across.words.setMemo(wordOf(across, 'memo_word_gamma'), 9);
    const after = scan('double memo_word_gamma = 2.0;');
    assert.equal(after.words.memoOf(wordOf(after, 'memo_word_gamma')), -1, 'nothing was kept by the scan across it');
    after.words.setMemo(wordOf(after, 'memo_word_gamma'), 11);
    assert.equal(scan('memo_word_gamma;').words.memoOf(0), 11);
  });
});
