// The output-value sigmoid derivative `(1.0 - val) * val`: no fix keeps its meaning (only the rounded output is
// there), so the finding has none and its message says what to write instead.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCFamilyText } from '../../../src/core/analysis/languages/cfamilyLanguages';

describe('lossy-sigmoid-derivative on an output value', () => {
  it('C#: reported without a fix, the message says to compute sigmoid(x) * sigmoid(-x) from the input', () => {
    const text = 'public class SigmoidFunction\n{\n    public double Activation(double val) { return 1.0 / (1.0 + Math.Exp(-val)); }\n'
      + '    public double DActivation(double val) { return (1.0 - val) * val; }\n}\n';
    const d = analyzeCFamilyText(text, 'csharp').findings.filter((f) => f.rule === 'lossy-sigmoid-derivative');
    assert.equal(d.length, 1);
    assert.deepEqual(d[0]!.fixes, []);
    assert.match(d[0]!.message, /pass x .* sigmoid\(x\) \* sigmoid\(-x\)/);
    assert.match(d[0]!.message, /No automatic fix/);
  });

  it('the inline form with a named sigmoid still gets sigmoid(x) * sigmoid(-x)', () => {
    const text = 'function sigmoid(x) { return 1 / (1 + Math.exp(-x)); }\nconst d = sigmoid(z) * (1 - sigmoid(z));\n';
    const d = analyzeCFamilyText(text, 'javascript').findings.filter((f) => f.rule === 'lossy-sigmoid-derivative');
    assert.deepEqual(d.map((f) => f.fixes[0]?.edits.map((e) => e.newText)), [['(sigmoid(z) * sigmoid(-z))']]);
  });
});
