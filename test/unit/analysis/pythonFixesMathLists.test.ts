// Plain-Python softmax and log-sum-exp over a list: found in their comprehension spellings, fixed with the
// maximum computed once in a fresh local on its own line, and left without a fix where no line can go
// before the statement or the list is bound inside it. Numbers: pythonFixProofs.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { analyzeText, applyEdits } from '../../../src/core/analysis/index';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

function finding(src: string, rule: string) {
  const found = analyzeText(src, 'python')!.findings.filter((f) => f.rule === rule);
  assert.equal(found.length, 1, `one ${rule} in\n${src}`);
  return found[0]!;
}

function fixed(src: string, rule: string): string {
  const f = finding(src, rule);
  assert.equal(f.fixes.length, 1, `one fix for\n${src}`);
  const out = applyEdits(src, f.fixes[0]!.edits);
  assert.deepEqual(analyzeText(out, 'python')!.findings.map((x) => x.rule), [], `the fixed text is clean:\n${out}`);
  return out;
}

test('list softmax: the maximum in a local before the statement, subtracted in both exponentials', () => {
  assert.equal(
    fixed(lines('import math', 'def f(xs):', '    return [math.exp(v) / sum(math.exp(u) for u in xs) for v in xs]'), 'unstable-softmax'),
    lines('import math', 'def f(xs):', '    xs_max = max((u for u in xs if math.isfinite(u)), default=0.0)', '    return [math.exp(v - xs_max) / sum(math.exp(u - xs_max) for u in xs) for v in xs]'),
  );
  // The sum in a variable that only the quotient reads: the local goes before the sum.
  assert.equal(
    fixed(lines('import math', 'def f(xs):', '    total = sum(math.exp(u) for u in xs)', '    return [math.exp(v) / total for v in xs]'), 'unstable-softmax'),
    lines('import math', 'def f(xs):', '    xs_max = max((u for u in xs if math.isfinite(u)), default=0.0)', '    total = sum(math.exp(u - xs_max) for u in xs)', '    return [math.exp(v - xs_max) / total for v in xs]'),
  );
});

test('list log-sum-exp: max + log(sum(exp(v - max))), with a generator over the scaled elements and a name not taken', () => {
  assert.equal(
    fixed(lines('import math', 'def f(xs):', '    return math.log(sum(math.exp(v) for v in xs))'), 'unstable-logsumexp'),
    lines('import math', 'def f(xs):', '    xs_max = max((v for v in xs if math.isfinite(v)), default=0.0)', '    return xs_max + math.log(sum(math.exp(v - xs_max) for v in xs))'),
  );
  assert.equal(
    fixed(lines('from math import exp, log', 'scores_max = 0', 'def f(self, beta):', '    return log(sum([exp(beta * v) for v in self.scores])) / beta'), 'unstable-logsumexp'),
    lines('from math import exp, log', 'import math', 'scores_max = 0', 'def f(self, beta):', '    scores_max2 = max((beta * v for v in self.scores if math.isfinite(beta * v)), default=0.0)',
      '    return (scores_max2 + log(sum([exp(beta * v - scores_max2) for v in self.scores]))) / beta'),
  );
  // A list built in the function can be walked twice.
  assert.match(fixed(lines('import math', 'def f(data):', '    xs = [g(t) for t in data]', '    return math.log(sum(math.exp(v) for v in xs))'), 'unstable-logsumexp'), /xs_max = max/);
  // An `if` header evaluates its condition once: the local may go before it.
  assert.match(fixed(lines('import math', 'def f(xs):', '    if math.log(sum(math.exp(v) for v in xs)) > 3:', '        return 1'), 'unstable-logsumexp'), /    xs_max = max\(\(v for v in xs if math\.isfinite\(v\)\), default=0\.0\)\n    if xs_max \+ math\.log/);
});

test('no list fix where the maximum cannot be hoisted', () => {
  const none = (src: string, rule: string): void => assert.deepEqual(finding(src, rule).fixes, [], `no fix for\n${src}`);
  // The list is a nested comprehension's variable: it does not exist before the statement.
  none(lines('import math', 'def f(batch):', '    return [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in batch]'), 'unstable-softmax');
  // One-line body, a loop condition, a lambda: no line of its own to put the local before.
  none(lines('import math', 'def f(xs): return math.log(sum(math.exp(v) for v in xs))'), 'unstable-logsumexp');
  none(lines('import math', 'def f(xs):', '    while math.log(sum(math.exp(v) for v in xs)) > 3:', '        xs = xs[1:]'), 'unstable-logsumexp');
  none(lines('import math', 'g = lambda xs: math.log(sum(math.exp(v) for v in xs))'), 'unstable-logsumexp');
  // The list is produced by a call (it would be evaluated again), or the shifted sum is read elsewhere.
  none(lines('import math', 'def f(xs):', '    return math.log(sum(math.exp(v) for v in load(xs)))'), 'unstable-logsumexp');
  none(lines('import math', 'def f(xs):', '    total = sum(math.exp(u) for u in xs)', '    print(total)', '    return [math.exp(v) / total for v in xs]'), 'unstable-softmax');
  // An iterator can be walked once: max would use it up before the sum.
  none(lines('import math', 'def f(data):', '    xs = (g(t) for t in data)', '    return math.log(sum(math.exp(v) for v in xs))'), 'unstable-logsumexp');
  none(lines('import math', 'def f(data):', '    xs = map(g, data)', '    return math.log(sum(math.exp(v) for v in xs))'), 'unstable-logsumexp');
  // numpy exponentials summed by Python's sum: no plain-Python fix, and no library fix of the loop variable.
  none(lines('import numpy as np', 'def f(xs):', '    return np.log(sum(np.exp(v) for v in xs))'), 'unstable-logsumexp');
});

test('already shifted by the maximum: no finding', () => {
  const src = lines('import math', 'def f(xs):', '    m = max(xs)', '    return math.log(sum(math.exp(v - m) for v in xs)) + m');
  assert.deepEqual(analyzeText(src, 'python')!.findings, []);
});

test('an empty list, infinities and NaN give what they gave before the fix', (t) => {
  if (spawnSync('/usr/bin/python3', ['-c', 'pass']).status !== 0) {
    t.skip('/usr/bin/python3 is missing');
    return;
  }
  const inputs = ['[]', "[float('inf'), 0.0]", "[float('-inf'), float('-inf')]", "[float('nan'), 1.0]", "[1.0, float('nan')]", "[float('-inf'), 2.0]"];
  const run = (src: string): string => {
    const body = inputs.map((i) => `try:\n    print(repr(f(${i})))\nexcept Exception as e:\n    print(type(e).__name__)\n`).join('');
    const r = spawnSync('/usr/bin/python3', ['-c', `${src}\n${body}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const softmax = lines('import math', 'def f(xs):', '    return [math.exp(v) / sum(math.exp(u) for u in xs) for v in xs]');
  const lse = lines('import math', 'def f(xs):', '    return math.log(sum(math.exp(v) for v in xs))');
  assert.equal(run(fixed(softmax, 'unstable-softmax')), run(softmax));
  assert.equal(run(softmax).split('\n')[0], '[]');
  assert.equal(run(fixed(lse, 'unstable-logsumexp')), run(lse));
  assert.deepEqual(run(lse).split('\n').slice(0, 3), ['ValueError', 'inf', 'ValueError']);
});
