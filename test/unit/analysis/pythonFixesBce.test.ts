// BCELoss after a sigmoid through a criterion variable: one fix edits the constructor and every call,
// and none is offered when the variable is used any other way. Numbers: pythonFixProofs.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, applyEdits } from '../../../src/core/analysis/index';
import { pythonAnalysisCounts } from '../../../src/core/analysis/languages/pythonIncremental';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

function bceFindings(src: string) {
  const findings = analyzeText(src, 'python')!.findings.filter((f) => f.rule === 'bce-after-sigmoid');
  assert.ok(findings.length > 0, `a bce-after-sigmoid finding in\n${src}`);
  return findings;
}

test('criterion variable: BCEWithLogitsLoss with the arguments as written, and the logits at the call', () => {
  const src = lines('import torch', 'import torch.nn as nn', "criterion = nn.BCELoss(reduction='sum')", 'def step(logits, y):', '    loss = criterion(torch.sigmoid(logits), y)', '    return loss');
  const [f] = bceFindings(src);
  assert.equal(f!.fixes.length, 1);
  const out = applyEdits(src, f!.fixes[0]!.edits);
  assert.equal(out, lines('import torch', 'import torch.nn as nn', "criterion = nn.BCEWithLogitsLoss(reduction='sum')", 'def step(logits, y):', '    loss = criterion(logits, y)', '    return loss'));
  assert.deepEqual(analyzeText(out, 'python')!.findings, []);
});

test('an attribute criterion called twice: every call is edited by the one fix, whichever finding offers it', () => {
  const src = lines(
    'import torch', 'from torch import nn', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.criterion = nn.BCELoss(weight=torch.ones(3))', '    def loss(self, out, y):', '        return self.criterion(out.sigmoid(), y)',
    '    def loss2(self, out, y):', '        return self.criterion(torch.sigmoid(out + 1), y)',
  );
  const want = src.replace('nn.BCELoss(', 'nn.BCEWithLogitsLoss(').replace('out.sigmoid()', 'out').replace('torch.sigmoid(out + 1)', 'out + 1');
  const findings = bceFindings(src);
  assert.equal(findings.length, 2);
  for (const f of findings) assert.equal(applyEdits(src, f.fixes[0]!.edits), want);
  // Both fixes applied together (as `check --fix` does) give the same text: the shared edits apply once.
  assert.equal(applyEdits(src, findings.flatMap((f) => f.fixes[0]!.edits)), want);
});

test('no criterion fix when the variable is used on probabilities, passed on, assigned twice or built elsewhere', () => {
  const head = ['import torch', 'import torch.nn as nn'];
  const cases = [
    lines(...head, 'criterion = nn.BCELoss()', 'def step(logits, y, p):', '    return criterion(torch.sigmoid(logits), y) + criterion(p, y)'),
    lines(...head, 'criterion = nn.BCELoss()', 'def step(logits, y):', '    loss = criterion(torch.sigmoid(logits), y)', '    return loss, criterion'),
    lines(...head, 'criterion = nn.BCELoss()', 'criterion = nn.BCELoss()', 'def step(logits, y):', '    return criterion(torch.sigmoid(logits), y)'),
    lines(...head, 'criterion = loss_fn = nn.BCELoss()', 'def step(logits, y):', '    return criterion(torch.sigmoid(logits), y)'),
  ];
  for (const src of cases) for (const f of bceFindings(src)) assert.deepEqual(f.fixes, [], `no fix for\n${src}`);
});

test('a criterion local to its function: only that function is looked at, another function\'s criterion is another variable', () => {
  const src = lines(
    'import torch', 'import torch.nn as nn', 'def train(model, loader):', '    criterion = nn.BCELoss()', '    for xb, yb in loader:',
    '        loss = criterion(torch.sigmoid(model(xb)), yb)', 'def validate(model, probs, y):', '    criterion = nn.BCELoss()', '    return criterion(probs, y)',
  );
  const [f] = bceFindings(src);
  const out = applyEdits(src, f!.fixes[0]!.edits);
  assert.equal(out, src.replace('criterion = nn.BCELoss()', 'criterion = nn.BCEWithLogitsLoss()').replace('torch.sigmoid(model(xb))', 'model(xb)'));
});

test('re-analysis of one edited class sees no other class: an attribute criterion gets no fix there either', () => {
  // B uses the criterion A builds on probabilities: no fix in the full analysis, and none after an edit inside A
  // (which re-analyses A's block alone).
  const src = lines(
    'import torch', 'import torch.nn as nn', '', 'class A(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.criterion = nn.BCELoss()',
    '    def loss(self, z, y):', '        return self.criterion(torch.sigmoid(z), y)', '', 'class B(A):', '    def loss2(self, p, y):', '        return self.criterion(p, y)',
  );
  for (const f of bceFindings(src)) assert.deepEqual(f.fixes, []);
  const edited = src.replace('return self.criterion(torch.sigmoid(z), y)', 'return self.criterion(torch.sigmoid(z),  y)');
  const incremental = pythonAnalysisCounts.incremental;
  for (const f of bceFindings(edited)) assert.deepEqual(f.fixes, [], 'no fix after an edit inside A');
  assert.equal(pythonAnalysisCounts.incremental, incremental + 1, 'the edit was re-analysed incrementally');
});
