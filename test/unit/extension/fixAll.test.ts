import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, TextEdit } from '../../../src/core/analysis/types';
import { applyEdits, combineFirstFixes } from '../../../src/extension/fixAll';

function finding(start: number, end: number, fixes: TextEdit[][]): Finding {
  return {
    span: { start, end },
    rule: 'unstable-sigmoid',
    severity: 'warning',
    message: 'm',
    activation: 'sigmoid',
    fixes: fixes.map((edits, i) => ({ title: `fix ${i}`, edits })),
  };
}

describe('fix all: combining the first fix of every finding', () => {
  const text = 'import numpy as np\na = 1/(1+np.exp(-x))\nb = 1/(1+np.exp(-y))\n';
  const aStart = text.indexOf('1/(1+np.exp(-x))');
  const bStart = text.indexOf('1/(1+np.exp(-y))');
  const len = '1/(1+np.exp(-x))'.length;
  const importEdit: TextEdit = { span: { start: 0, end: 0 }, newText: 'import scipy.special\n' };

  it('applies every first fix once, keeping a shared import edit once', () => {
    const findings = [
      finding(bStart, bStart + len, [[importEdit, { span: { start: bStart, end: bStart + len }, newText: 'scipy.special.expit(y)' }], [{ span: { start: bStart, end: bStart + len }, newText: 'other' }]]),
      finding(aStart, aStart + len, [[importEdit, { span: { start: aStart, end: aStart + len }, newText: 'scipy.special.expit(x)' }]]),
    ];
    const combined = combineFirstFixes(findings);
    assert.equal(combined.fixed.length, 2);
    assert.equal(combined.deferred.length, 0);
    assert.equal(
      applyEdits(text, combined.edits),
      'import scipy.special\nimport numpy as np\na = scipy.special.expit(x)\nb = scipy.special.expit(y)\n',
    );
  });

  it('defers a finding whose fix overlaps one already taken, and skips findings without fixes', () => {
    const outer = finding(aStart, aStart + len, [[{ span: { start: aStart, end: aStart + len }, newText: 'A' }]]);
    const inner = finding(aStart + 5, aStart + 10, [[{ span: { start: aStart + 5, end: aStart + 10 }, newText: 'B' }]]);
    const none = finding(bStart, bStart + len, []);
    const combined = combineFirstFixes([inner, outer, none]);
    assert.deepEqual(combined.fixed, [outer]);
    assert.deepEqual(combined.deferred, [inner]);
    assert.equal(applyEdits(text, combined.edits), text.replace('1/(1+np.exp(-x))', 'A'));
  });

  it('treats two different insertions at one point as a clash', () => {
    const f1 = finding(0, 1, [[{ span: { start: 0, end: 0 }, newText: 'x' }]]);
    const f2 = finding(2, 3, [[{ span: { start: 0, end: 0 }, newText: 'y' }]]);
    const combined = combineFirstFixes([f1, f2]);
    assert.equal(combined.fixed.length, 1);
    assert.equal(combined.deferred.length, 1);
  });
});
