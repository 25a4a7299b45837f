import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ActivationUse, AnalysisResult, Finding } from '../../../src/core/analysis/types';
import { AnalysisCache, IndexedAnalysis, type DocumentSnapshot } from '../../../src/extension/analysisCache';

function use(start: number, end: number): ActivationUse {
  return { span: { start, end }, activation: 'relu', name: 'relu', qualifiedName: 'torch.relu', framework: 'torch', kind: 'call', params: {} };
}
function finding(start: number, end: number): Finding {
  return { span: { start, end }, rule: 'unstable-sigmoid', severity: 'warning', message: 'm', activation: 'sigmoid', fixes: [] };
}
function doc(uri: string, version: number, text = 'x'): DocumentSnapshot {
  return { uri, version, languageId: 'python', getText: () => text };
}

describe('analysis cache', () => {
  it('analyses each document version once', () => {
    const seen: string[] = [];
    const cache = new AnalysisCache((text) => {
      seen.push(text);
      return { language: 'python', uses: [], findings: [] };
    });
    const a1 = cache.get(doc('a', 1, 'one'));
    assert.equal(cache.get(doc('a', 1, 'one')), a1);
    assert.equal(cache.get(doc('a', 1, 'one')), a1);
    const a2 = cache.get(doc('a', 2, 'two'));
    assert.notEqual(a2, a1);
    cache.get(doc('b', 1, 'bee'));
    assert.deepEqual(seen, ['one', 'two', 'bee']);
    assert.equal(cache.analysisCount, 3);
    assert.equal(cache.peek('a', 1), undefined, 'an older version is not served');
    assert.equal(cache.peek('a', 2), a2);
    cache.delete('a');
    assert.equal(cache.peek('a', 2), undefined);
  });

  it('does not cache languages the analyzer declines, and evicts the least recently used document', () => {
    const cache = new AnalysisCache((_t, lang) => (lang === 'python' ? { language: 'python', uses: [], findings: [] } : undefined), 2);
    assert.equal(cache.get({ ...doc('m', 1), languageId: 'markdown' }), undefined);
    assert.equal(cache.size, 0);
    cache.get(doc('a', 1));
    cache.get(doc('b', 1));
    cache.get(doc('a', 1)); // a is now the most recent
    cache.get(doc('c', 1));
    assert.ok(cache.peek('a', 1));
    assert.equal(cache.peek('b', 1), undefined);
    assert.ok(cache.peek('c', 1));
  });

  it('finds the uses and findings at an offset exactly as a linear scan does, innermost first', () => {
    const span = fc.tuple(fc.nat(200), fc.nat(40)).map(([s, l]) => [s, s + l] as const);
    fc.assert(
      fc.property(fc.array(span, { maxLength: 40 }), fc.array(span, { maxLength: 20 }), fc.nat(260), (us, fs, offset) => {
        const result: AnalysisResult = { language: 'python', uses: us.map(([s, e]) => use(s, e)), findings: fs.map(([s, e]) => finding(s, e)) };
        const index = new IndexedAnalysis(1, result);
        const expectUses = result.uses.filter((u) => u.span.start <= offset && offset <= u.span.end);
        const gotUses = index.usesAt(offset);
        assert.deepEqual(new Set(gotUses), new Set(expectUses));
        for (let i = 1; i < gotUses.length; i++) {
          assert.ok(gotUses[i - 1]!.span.end - gotUses[i - 1]!.span.start <= gotUses[i]!.span.end - gotUses[i]!.span.start);
        }
        assert.deepEqual(new Set(index.findingsAt(offset)), new Set(result.findings.filter((f) => f.span.start <= offset && offset <= f.span.end)));
        const to = offset + 15;
        assert.deepEqual(
          new Set(index.findingsOverlapping(offset, to)),
          new Set(result.findings.filter((f) => f.span.start <= to && f.span.end >= offset)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('analysis cache for notebook cells', () => {
  it('analyses a cell with the cells above it, and again when one of them changes', () => {
    const calls: Array<readonly string[] | undefined> = [];
    const cache = new AnalysisCache((_text, _lang, preceding) => {
      calls.push(preceding);
      return { language: 'python', uses: [], findings: [] };
    });
    const cell = (key: string): DocumentSnapshot => ({ ...doc('cell2', 1), context: { key, texts: () => ['import torch.nn.functional as F'] } });
    const first = cache.get(cell('cell1@1'));
    assert.deepEqual(calls, [['import torch.nn.functional as F']]);
    assert.equal(cache.get(cell('cell1@1')), first, 'same cell version, same context: cached');
    assert.notEqual(cache.get(cell('cell1@2')), first, 'an earlier cell changed: analysed again');
    assert.equal(calls.length, 2);
  });
});
