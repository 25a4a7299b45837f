// An input early exits already keep in a safe range is not unstable, in Python as in the C family
// (test/unit/analysis/cfamilyRecall5RangeGuards.test.ts): `if x < -45.0: return 0.0 / elif x > 45.0: return 1.0 /
// return 1.0 / (1.0 + math.exp(-x))` never evaluates exp of more than 45. The bound counts only where it provably
// holds: the same local name, not rebound after the test, a body that always leaves, and a limit within the exp
// overflow threshold of the dtype the form computes in (torch's float32, numpy's and math's float64).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stabilityThresholds } from '../../../src/core/analysis/stabilityFacts';
import { analyze, findingsOf } from './analysisProbe';

type Case = readonly [string, string];

const withImports = (code: string): string => `import math\nimport numpy as np\nimport torch\n\n${code}\n`;

function assertSilent(cases: readonly Case[]): void {
  for (const [label, code] of cases) {
    const text = withImports(code);
    assert.deepEqual(findingsOf(text, 'python'), [], label);
    // Still an activation the user wrote: a use, not a finding.
    assert.ok(analyze(text, 'python').uses.length > 0, `${label} is still a use`);
  }
}

function assertReported(cases: readonly Case[], rule = 'unstable-sigmoid'): void {
  for (const [label, code] of cases) {
    assert.deepEqual(findingsOf(withImports(code), 'python').map((f) => f.split(' ')[0]), [rule], label);
  }
}

describe('Python range guards: early exits that bound the input keep a hand-written form from being reported', () => {
  it('the limits the cases straddle are the math core\'s (float32 88.72, float64 709.78)', () => {
    const float32 = stabilityThresholds('float32').expOverflow;
    const float64 = stabilityThresholds('float64').expOverflow;
    assert.ok(float32 > 80 && float32 < 100 && float64 > 700 && float64 < 1000);
  });

  it('elif chains, else branches, inline bodies, or, raise, chained comparisons, a loop\'s continue', () => {
    assertSilent([
      ['elif chain', 'def logsig(x):\n    if x < -45.0:\n        return 0.0\n    elif x > 45.0:\n        return 1.0\n    return 1.0 / (1.0 + math.exp(-x))'],
      ['else branch', 'def logsig(z):\n    if z <= -40:\n        return 0.0\n    else:\n        return 1 / (1 + np.exp(-z))'],
      ['inline bodies', 'def logsig(x):\n    if x < -45.0: return 0.0\n    if 45.0 < x: return 1.0\n    return 1.0 / (1.0 + math.exp(-x))'],
      ['or of both exits', 'def logsig(x):\n    if x < -45 or x > 45:\n        return float(x > 0)\n    return 1 / (1 + math.exp(-x))'],
      ['raise, a local assigned first', 'def logsig(value):\n    x = float(value)\n    if x < -700:\n        raise ValueError("out of range")\n    return 1 / (1 + math.exp(-x))'],
      ['in the branch of a chained comparison', 'def logsig(x):\n    if -45 <= x <= 45:\n        return 1 / (1 + math.exp(-x))\n    return float(x > 0)'],
      ['a loop target, continue', 'def logsigs(zs):\n    out = []\n    for v in zs:\n        if v < -45:\n            out.append(0.0)\n            continue\n        out.append(1 / (1 + math.exp(-v)))\n    return out'],
      ['ratio form, upper bound', 'def logsig(x):\n    if x > 700:\n        return 1.0\n    return math.exp(x) / (1 + math.exp(x))'],
      ['softplus, upper bound', 'def softplus(x):\n    if x > 30:\n        return x\n    return math.log(1 + math.exp(x))'],
      ['torch within float32', 'def logsig(t):\n    if t < -80:\n        return torch.zeros(())\n    return 1 / (1 + torch.exp(-t))'],
    ]);
  });

  it('a test that does not leave, another name, too wide a bound, a rebinding, the form first, a float32 bound past its limit', () => {
    assertReported([
      ['no exit', 'def f(x):\n    y = 1.0\n    if x < -45:\n        y = 0.0\n    return y * (1 / (1 + math.exp(-x)))'],
      ['another name', 'def f(x, z):\n    if z < -45:\n        return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['too wide for float64', 'def f(x):\n    if x < -1000:\n        return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['the wrong side', 'def f(x):\n    if x > 45:\n        return 1.0\n    return 1 / (1 + math.exp(-x))'],
      ['rebound after', 'def f(x):\n    if x < -45:\n        return 0.0\n    x = x * 100\n    return 1 / (1 + math.exp(-x))'],
      ['augmented in the loop', 'def f(x):\n    s = 0.0\n    for _ in range(3):\n        if x < -45:\n            return s\n        s += 1 / (1 + math.exp(-x))\n        x -= 1000\n    return s'],
      ['form before the test', 'def f(x):\n    s = 1 / (1 + math.exp(-x))\n    if x < -45:\n        return 0.0\n    return s'],
      ['torch past float32', 'def f(t):\n    if t < -100:\n        return torch.zeros(())\n    return 1 / (1 + torch.exp(-t))'],
      ['and with an exit', 'def f(x, clip):\n    if x < -45 and clip:\n        return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['inside another if', 'def f(x, flag):\n    if flag:\n        if x < -45:\n            return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['an elif after a branch that does not leave', 'def f(x, flag):\n    if flag:\n        y = 1\n    elif x < -45:\n        return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['break out of a loop the form is after', 'def f(x):\n    while True:\n        if x < -45:\n            break\n        return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['a module-level name', 'x = 0.0\ndef f():\n    if x < -45:\n        return 0.0\n    step()\n    return 1 / (1 + math.exp(-x))'],
      ['global', 'def f(x0):\n    global x\n    x = x0\n    if x < -45:\n        return 0.0\n    return 1 / (1 + math.exp(-x))'],
      ['a constant argument, as before any guard', 'def f():\n    return 1 / (1 + np.exp(-3.0))'],
      ['a constant argument in a guarded function', 'def f(x):\n    if x < -45:\n        return 0.0\n    return 1 / (1 + math.exp(-3.0))'],
      ['a lambda\'s own parameter', 'def f(x):\n    if x < -45:\n        return 0.0\n    g = lambda x: 1 / (1 + math.exp(-x))\n    return g(x * 100)'],
    ]);
  });
});
