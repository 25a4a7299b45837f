// The max-shift fix of a softmax written over several statements (and torch's softmax over all elements):
// the edits it makes, and every shape where the fix would change what the code computes, so none is offered.
// The numbers are proved in pythonFixProofs.test.ts with numpy and torch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePythonCells, analyzeText, applyEdits } from '../../../src/core/analysis/index';

function softmaxFinding(src: string) {
  const findings = analyzeText(src, 'python')!.findings.filter((f) => f.rule === 'unstable-softmax');
  assert.equal(findings.length, 1, `one unstable-softmax in\n${src}`);
  return findings[0]!;
}

function onlyFix(src: string): string {
  const f = softmaxFinding(src);
  assert.equal(f.fixes.length, 1, `one fix for\n${src}`);
  const out = applyEdits(src, f.fixes[0]!.edits);
  assert.deepEqual(analyzeText(out, 'python')!.findings.map((x) => x.rule), [], `the fixed text is clean:\n${out}`);
  return out;
}

function noFix(src: string): void {
  assert.deepEqual(softmaxFinding(src).fixes, [], `no fix for\n${src}`);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

test('two-statement softmax: the exponential gets the maximum over the summed axis, kept as a dimension', () => {
  assert.equal(
    onlyFix(lines('import numpy as np', 'def softmax(x):', '    e = np.exp(x)', '    return e / e.sum(axis=1, keepdims=True)')),
    lines('import numpy as np', 'def softmax(x):', '    e = np.exp(x - np.max(x, axis=1, keepdims=True))', '    return e / e.sum(axis=1, keepdims=True)'),
  );
  assert.equal(
    onlyFix(lines('import torch', 'def softmax(x):', '    e = torch.exp(x)', '    return e / e.sum(dim=1, keepdim=True)')),
    lines('import torch', 'def softmax(x):', '    e = torch.exp(x - torch.amax(x, dim=1, keepdim=True))', '    return e / e.sum(dim=1, keepdim=True)'),
  );
  // Over axis 0 the sum broadcasts back without keepdims; the maximum keeps its dimension anyway.
  assert.equal(
    onlyFix(lines('import numpy as onp', 'def softmax(x):', '    e = onp.exp(x)', '    return e / onp.sum(e, axis=0)')),
    lines('import numpy as onp', 'def softmax(x):', '    e = onp.exp(x - onp.max(x, axis=0, keepdims=True))', '    return e / onp.sum(e, axis=0)'),
  );
  // exp as a method: the shifted receiver needs parentheses.
  assert.equal(
    onlyFix(lines('import torch', 'def f(x):', '    e = x.exp()', '    return e / e.sum(-1, keepdim=True)')),
    lines('import torch', 'def f(x):', '    e = (x - torch.amax(x, dim=-1, keepdim=True)).exp()', '    return e / e.sum(-1, keepdim=True)'),
  );
  // An axis parameter is read where the exponential is now computed: fine while nothing rebinds it.
  assert.equal(
    onlyFix(lines('import numpy as np', 'def softmax(x, axis=-1):', '    e = np.exp(x)', '    return e / e.sum(axis=axis, keepdims=True)')),
    lines('import numpy as np', 'def softmax(x, axis=-1):', '    e = np.exp(x - np.max(x, axis=axis, keepdims=True))', '    return e / e.sum(axis=axis, keepdims=True)'),
  );
});

test('softmax split over statements: numerator and divisor in variables are found and both exponentials shifted', () => {
  assert.equal(
    onlyFix(lines('import numpy as np', 'def softmax(x):', '    num = np.exp(x)', '    den = np.sum(np.exp(x))', '    return num / den')),
    lines('import numpy as np', 'def softmax(x):', '    num = np.exp(x - np.max(x))', '    den = np.sum(np.exp(x - np.max(x)))', '    return num / den'),
  );
  assert.equal(
    onlyFix(lines('import numpy as np', 'def softmax(x):', '    e = np.exp(x)', '    s = np.sum(e, axis=-1, keepdims=True)', '    return e / s')),
    lines('import numpy as np', 'def softmax(x):', '    e = np.exp(x - np.max(x, axis=-1, keepdims=True))', '    s = np.sum(e, axis=-1, keepdims=True)', '    return e / s'),
  );
  // Already shifted: a use, not a finding, whichever statement holds the sum.
  const safe = lines('import numpy as np', 'def softmax(x):', '    z = x - np.max(x)', '    den = np.sum(np.exp(z))', '    return np.exp(z) / den');
  assert.deepEqual(analyzeText(safe, 'python')!.findings, []);
});

test('torch softmax over all elements: shifted by the global maximum, the shape kept', () => {
  assert.equal(
    onlyFix(lines('import torch', 'def f(x):', '    return torch.exp(x)/torch.exp(x).sum()')),
    lines('import torch', 'def f(x):', '    return torch.exp(x - torch.max(x))/torch.exp(x - torch.max(x)).sum()'),
  );
  // An argument that is not a plain name would be evaluated again inside max: no fix.
  noFix(lines('import torch', 'def f(x, w):', '    return torch.exp(x @ w)/torch.exp(x @ w).sum()'));
});

test('no max-shift fix where the shifted variables or the moved reads would change the result', () => {
  const np = 'import numpy as np';
  // The exponentials are read elsewhere: they would come back scaled.
  noFix(lines(np, 'def softmax(x):', '    e = np.exp(x)', '    p = e / e.sum(axis=1, keepdims=True)', '    return p, e'));
  noFix(lines(np, 'def softmax(x):', '    num = np.exp(x)', '    den = np.sum(np.exp(x))', '    print(den)', '    return num / den'));
  noFix(lines(np, 'def outer(x):', '    e = np.exp(x)', '    def inner():', '        return e', '    return e / e.sum()'));
  noFix(lines(np, 'e = np.exp(x)', 'def g():', '    return e', 'y = e / e.sum()'));
  // x or the axis rebound between the statements: the maximum would be taken of something else.
  noFix(lines(np, 'def softmax(x):', '    e = np.exp(x)', '    x = x * 2', '    return e / np.sum(np.exp(x))'));
  noFix(lines(np, 'def softmax(x, axis):', '    e = np.exp(x)', '    axis = 0', '    return e / e.sum(axis=axis, keepdims=True)'));
  // A chained assignment: the other name keeps the exponentials too.
  noFix(lines(np, 'def softmax(x):', '    e = f = np.exp(x)', '    return e / e.sum(axis=1, keepdims=True)'));
  // An argument evaluated twice by the fix.
  noFix(lines(np, 'def softmax(x, w):', '    e = np.exp(x @ w)', '    return e / e.sum(axis=1, keepdims=True)'));
  // Without keepdims over axis 1 the original only broadcasts by accident (square input): leave it to the user.
  noFix(lines(np, 'def softmax(x):', '    e = np.exp(x)', '    return e / e.sum(axis=1)'));
});

test('a name reused in another function does not block the fix', () => {
  const src = lines('import numpy as np', 'def a(x):', '    e = np.exp(x)', '    return e / e.sum()', 'def b(e):', '    return e + 1');
  assert.match(onlyFix(src), /e = np\.exp\(x - np\.max\(x\)\)/);
});

test('notebook cells: module-level variables are read by later cells, so only fixes inside a function are offered', () => {
  const moduleLevel = lines('import numpy as np', 'e = np.exp(x)', 'p = e / e.sum()');
  assert.equal(analyzeText(moduleLevel, 'python')!.findings[0]!.fixes.length, 1, 'a whole file: the fix is offered');
  const [cell] = analyzePythonCells([moduleLevel]);
  assert.deepEqual(cell!.findings[0]!.fixes, [], 'a cell: no fix');
  const inFunction = lines('def softmax(x):', '    e = np.exp(x)', '    return e / e.sum()');
  const [, second] = analyzePythonCells(['import numpy as np\n', inFunction]);
  assert.equal(applyEdits(inFunction, second!.findings[0]!.fixes[0]!.edits), inFunction.replace('np.exp(x)', 'np.exp(x - np.max(x))'));
});
