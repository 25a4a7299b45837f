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
