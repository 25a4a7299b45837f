// Python reads clips as intervals, as the C family does (test/unit/analysis/cfamilyRecall6Cpp.test.ts): one-sided
// clips (`np.clip(x, -500, None)`, `torch.clamp(x, min=-80)`, `np.maximum(x, -500)`, plain `max(-500, min(500, x))`),
// clips nested or split over successive assignments of one name. Only the side exp needs must be bounded (the sigmoid
// `1/(1+exp(-x))` needs x's lower bound, softplus and `exp(x)/(1+exp(x))` its upper bound), within the overflow limit
// of the dtype the form computes in (torch's float32, numpy's and math's float64), and an assignment counts only when
// it always runs before the form.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stabilityThresholds } from '../../../src/core/analysis/stabilityFacts';
import { analyze, findingsOf } from './analysisProbe';

type Case = readonly [string, string];

const withImports = (code: string): string => `import math\nimport numpy as np\nimport torch\nimport tensorflow as tf\n\n${code}\n`;

function assertSilent(cases: readonly Case[]): void {
  for (const [label, code] of cases) {
    const text = withImports(code);
    assert.deepEqual(findingsOf(text, 'python'), [], label);
    // Still an activation the user wrote: a use, not a finding.
    assert.ok(analyze(text, 'python').uses.length > 0, `${label} is still a use`);
  }
}

function assertReported(cases: readonly Case[], rule: string): void {
  for (const [label, code] of cases) {
    assert.deepEqual(findingsOf(withImports(code), 'python').map((f) => f.split(' ')[0]), [rule], label);
  }
}

const def = (...body: string[]): string => `def f(x):\n${body.map((l) => `    ${l}`).join('\n')}`;

describe('Python clips read as intervals', () => {
  it('the bounds the cases straddle are the math core\'s (float32 88.72, float64 709.78)', () => {
    const float32 = stabilityThresholds('float32').expOverflow;
    const float64 = stabilityThresholds('float64').expOverflow;
    assert.ok(float32 > 80 && float32 < 100 && float64 > 700 && float64 < 1000);
  });

  it('a one-sided clip on the side the sigmoid needs (the lower bound of x in exp(-x))', () => {
    assertSilent([
      ['np.clip upper None', def('return 1 / (1 + np.exp(-np.clip(x, -500, None)))')],
      ['np.clip keywords', def('return 1 / (1 + np.exp(-np.clip(x, a_min=-500, a_max=None)))')],
      ['torch.clamp min=', def('return 1 / (1 + torch.exp(-torch.clamp(x, min=-80)))')],
      ['method clamp min=', def('return 1 / (1 + torch.exp(-x.clamp(min=-80)))')],
      ['clamp_min', def('return 1 / (1 + torch.exp(-torch.clamp_min(x, -80)))')],
      ['np.maximum', def('return 1 / (1 + np.exp(-np.maximum(x, -500)))')],
      ['np.maximum, bound first', def('return 1 / (1 + np.exp(-np.maximum(-500, x)))')],
      ['tf.maximum', def('return 1 / (1 + tf.exp(-tf.maximum(x, -80.0)))')],
      ['plain max with math.exp', def('return 1 / (1 + math.exp(-max(x, -500)))')],
      ['plain max(-500, min(500, x))', def('return 1 / (1 + math.exp(-max(-500, min(500, x))))')],
      ['assigned before', def('x = np.maximum(x, -500)', 'return 1 / (1 + np.exp(-x))')],
      ['two-sided, as before', def('z = np.clip(x, -500, 500)', 'return 1 / (1 + np.exp(-z))')],
      ['scaled within the limit', def('return 1 / (1 + np.exp(-2 * np.clip(x, -300, None)))')],
    ]);
  });

  it('a clip split over successive assignments, and assignments that always run before the form', () => {
    assertSilent([
      ['split chain', def('x = np.minimum(x, 80)', 'x = np.maximum(x, -80)', 'return 1 / (1 + np.exp(-x))')],
      ['split chain, torch', def('x = torch.clamp(x, max=80)', 'x = torch.clamp(x, min=-80)', 'return 1 / (1 + torch.exp(-x))')],
      ['form nested in a branch after the clip', def('x = np.maximum(x, -500)', 'if x.size:', '    return 1 / (1 + np.exp(-x))', 'return x')],
      ['clip and form in the same branch', def('if x.size:', '    x = np.maximum(x, -500)', '    return 1 / (1 + np.exp(-x))', 'return x')],
      ['loop around, clip in the loop before the form', def('for i in range(3):', '    x = np.maximum(x, -500)', '    y = 1 / (1 + np.exp(-x))', '    x = x * 2', 'return y')],
      ['loop after the clip, no write in it', def('x = np.maximum(x, -500)', 'for i in range(3):', '    y = 1 / (1 + np.exp(-x))', 'return y')],
    ]);
  });

  it('the upper bound for softplus and exp(x)/(1+exp(x)), within float32 for torch', () => {
    assertSilent([
      ['softplus, np.minimum', def('return np.log(1 + np.exp(np.minimum(x, 500)))')],
      ['softplus, clip lower None', def('return np.log1p(np.exp(np.clip(x, None, 500)))')],
      ['ratio, torch clamp max=', def('return torch.exp(torch.clamp(x, max=80)) / (1 + torch.exp(torch.clamp(x, max=80)))')],
      ['log-sigmoid, lower bound', def('return np.log(1 / (1 + np.exp(-np.maximum(x, -500))))')],
      ['tanh via exp(2x), upper bound', def('u = np.minimum(x, 300)', 'return (np.exp(2 * u) - 1) / (np.exp(2 * u) + 1)')],
      ['tanh via exp(-2x), lower bound', def('u = np.maximum(x, -300)', 'return (1 - np.exp(-2 * u)) / (1 + np.exp(-2 * u))')],
      ['tanh of exp(x) and exp(-x), both ways', def('u = np.clip(x, -500, 500)', 'return (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))')],
    ]);
  });

  it('near misses stay reported: the wrong side, a bound too wide for float32, a branch, a later write', () => {
    assertReported([
      ['wrong side', def('return 1 / (1 + np.exp(-np.minimum(x, 500)))')],
      ['wrong side, clip', def('return 1 / (1 + np.exp(-np.clip(x, None, 500)))')],
      ['wrong side, clamp max=', def('return 1 / (1 + torch.exp(-x.clamp(max=80)))')],
      ['too wide for float32', def('return 1 / (1 + torch.exp(-torch.clamp(x, min=-100)))')],
      ['too wide for float64', def('return 1 / (1 + np.exp(-np.maximum(x, -1000)))')],
      ['scaled past the limit', def('return 1 / (1 + np.exp(-2 * np.clip(x, -500, 500)))')],
      ['clip in a branch', def('if x.size > 3:', '    x = np.maximum(x, -500)', 'return 1 / (1 + np.exp(-x))')],
      ['two-sided clip in a branch', def('if x.size > 3:', '    x = np.clip(x, -500, 500)', 'return 1 / (1 + np.exp(-x))')],
      ['clip in an else branch', def('if x.size > 3:', '    pass', 'else:', '    x = np.maximum(x, -500)', 'return 1 / (1 + np.exp(-x))')],
      ['clip in a one-line if', def('if x.size > 3: x = np.maximum(x, -500)', 'return 1 / (1 + np.exp(-x))')],
      ['clip in a loop body that ended', def('for i in range(3):', '    x = np.maximum(x, -500)', 'return 1 / (1 + np.exp(-x))')],
      ['later write in a loop around the form', def('x = np.maximum(x, -500)', 'for i in range(3):', '    y = 1 / (1 + np.exp(-x))', '    x = x * 2', 'return y')],
      ['later augmented write in a loop around the form', def('x = np.maximum(x, -500)', 'while x.size:', '    y = 1 / (1 + np.exp(-x))', '    x -= 1000', 'return y')],
      ['reassigned after the clip', def('x = np.maximum(x, -500)', 'x = x * 1000', 'return 1 / (1 + np.exp(-x))')],
      ['loop target rebinds the name', def('x = np.maximum(x, -500)', 'for x in range(3):', '    y = 1 / (1 + np.exp(-x))', 'return y')],
      ['max with key= is no clip', def('return 1 / (1 + math.exp(-max(x, -500, key=abs)))')],
      ['max of one iterable is a reduction', def('return 1 / (1 + math.exp(-max([x, -500])))')],
      // clip(x, -5, c) is min(max(x, -5), c): with c down to -1000 so is the result, whatever the lower bound says.
      ['an upper bound that is itself a range reaching below', def('c = np.clip(x, -1000, 0)', 'z = np.clip(x, -5, c)', 'return 1 / (1 + np.exp(-z))')],
    ], 'unstable-sigmoid');
    assertReported([
      ['softplus, wrong side', def('return np.log(1 + np.exp(np.maximum(x, -500)))')],
      ['softplus, torch too wide', def('return torch.log(1 + torch.exp(torch.clamp(x, max=100)))')],
      ['softplus, a user min', `def min(a, b):\n    return a\n\n${def('return math.log(1 + math.exp(min(x, 500)))')}`],
    ], 'unstable-softplus');
    assertReported([
      ['tanh via exp(2x), wrong side', def('u = np.maximum(x, -300)', 'return (np.exp(2 * u) - 1) / (np.exp(2 * u) + 1)')],
      ['tanh via exp(2x), 2x past the limit', def('u = np.minimum(x, 500)', 'return (np.exp(2 * u) - 1) / (np.exp(2 * u) + 1)')],
      ['tanh via exp(-2x), wrong side', def('u = np.minimum(x, 300)', 'return (1 - np.exp(-2 * u)) / (1 + np.exp(-2 * u))')],
      ['tanh of exp(x) and exp(-x), one side only', def('u = np.maximum(x, -500)', 'return (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))')],
    ], 'unstable-tanh');
    // Softmax needs every exp finite and not all 0: an upper bound alone leaves the sum able to underflow to 0.
    assertReported([
      ['softmax, upper bound only', def('u = np.minimum(x, 500)', 'return np.exp(u) / np.sum(np.exp(u))')],
    ], 'unstable-softmax');
    // 1 - sigmoid(x) rounds to 0 long before exp overflows: a lower bound alone says nothing.
    assertReported([
      ['complement with a one-sided clip', def('return np.log(1 - 1 / (1 + np.exp(-np.maximum(x, -500))))')],
    ], 'unstable-log-sigmoid');
  });
});
