// What a C-family finding looks like to its consumers: plain enumerable properties in a fixed order (JSON, spreads
// and deep comparisons see `fixes` like any data property), fixes built once on first read, nothing else visible.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analysis/index';
import type { Finding, LanguageId } from '../../../src/core/analysis/types';

function findingsOf(text: string, language: LanguageId): readonly Finding[] {
  const r = analyzeText(text, language);
  assert.ok(r);
  return r.findings;
}

const SAMPLES: Array<[LanguageId, string, string]> = [
  ['csharp', 'class A { double S(double v) { return 1.0 / (1.0 + Math.Exp(-v)); } double D(double v) { return (1.0 - v) * v; } }', 'unstable-sigmoid'],
  ['javascript', 'function softmax(z) { const e = z.map((v) => Math.exp(v)); const s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); }', 'unstable-softmax'],
  ['cpp', '#include <cmath>\ndouble lse(const double* x, int n) { double s = 0; for (int i = 0; i < n; i++) s += std::exp(x[i]); return std::log(s); }', 'unstable-logsumexp'],
  ['java', 'class N { static double sp(double x) { return Math.log(1.0 + Math.exp(x)); } static double f(double x) { return sigmoid(x) * (1.0 - sigmoid(x)); } }', 'unstable-softplus'],
];

describe('C-family finding objects', () => {
  for (const [language, text, rule] of SAMPLES) {
    it(`${language} ${rule}: enumerable keys in literal order, fixes computed once, JSON and spread carry them`, () => {
      const findings = findingsOf(text, language);
      const finding = findings.find((f) => f.rule === rule);
      assert.ok(finding, `${rule} in ${JSON.stringify(findings.map((f) => f.rule))}`);
      for (const f of findings) {
        const keys = Object.keys(f);
        assert.deepEqual(keys.slice(0, 6), ['span', 'rule', 'severity', 'message', 'activation', 'fixes']);
        assert.ok(keys.length === 6 || (keys.length === 7 && keys[6] === 'literalArgument'), keys.join());
        assert.deepEqual(Object.getOwnPropertySymbols(f).filter((s) => Object.getOwnPropertyDescriptor(f, s)!.enumerable), []);
        const first = f.fixes;
        assert.equal(f.fixes, first, 'the same list on every read');
        const copy = JSON.parse(JSON.stringify(f)) as Finding;
        assert.deepEqual(copy.fixes, JSON.parse(JSON.stringify(first)));
        assert.deepEqual({ ...f }.fixes, first);
      }
    });
  }

  it('a literal argument comes last, after fixes', () => {
    const [finding] = findingsOf('double y = 1.0 / (1.0 + exp(-3.0));', 'cpp');
    assert.ok(finding);
    assert.deepEqual(Object.keys(finding), ['span', 'rule', 'severity', 'message', 'activation', 'fixes', 'literalArgument']);
    assert.equal(finding.literalArgument, 3);
  });
});
