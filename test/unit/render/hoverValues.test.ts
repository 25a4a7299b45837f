import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationUse, Finding } from '../../../src/core/analysis/types';
import { getActivation } from '../../../src/core/math/catalog';
import { approx, formatNumber, inlineValueForFinding, inlineValueForUse, presetFor } from '../../../src/core/render/hoverValues';

function call(activation: ActivationUse['activation'], x: number, framework: ActivationUse['framework'] = 'torch', params = {}): ActivationUse {
  return { span: { start: 0, end: 7 }, activation, name: activation, qualifiedName: activation, framework, kind: 'call', params, literalArgument: x };
}
function form(rule: Finding['rule'], activation: Finding['activation'], x: number): Finding {
  return { span: { start: 0, end: 10 }, rule, severity: 'warning', message: '', activation, fixes: [], literalArgument: x };
}

describe('inline values and number formatting', () => {
  it('sigmoid(2.0) shows ≈ 0.8808; an exact value shows =', () => {
    assert.equal(inlineValueForUse(call('sigmoid', 2), 'torch')!.text, '≈ 0.8808');
    assert.equal(inlineValueForUse(call('relu', 2), 'torch')!.text, '= 2');
    assert.equal(inlineValueForUse(call('sigmoid', -40), 'torch')!.text, `≈ ${formatNumber(getActivation('sigmoid').value(-40))}`);
    assert.match(inlineValueForUse(call('sigmoid', 2), 'torch')!.tooltip, /0\.88079707797788/);
  });

  it('uses the framework defaults of the call (leaky slope: torch 0.01, keras 0.2) and the passed params', () => {
    assert.equal(inlineValueForUse(call('leaky_relu', -1, 'torch'), 'torch')!.text, '= −0.01');
    assert.equal(inlineValueForUse(call('leaky_relu', -1, 'keras'), 'torch')!.text, '= −0.2');
    assert.equal(inlineValueForUse(call('leaky_relu', -1, 'numpy'), 'keras')!.text, '= −0.2', 'numpy has no leaky_relu: the setting decides');
    assert.equal(inlineValueForUse(call('leaky_relu', -1, 'torch', { negative_slope: 0.5 }), 'torch')!.text, '= −0.5');
    assert.equal(presetFor('flax', 'torch'), 'jax');
  });

  it('an unstable form on a literal: the true value next to what the naive form gives', () => {
    assert.equal(inlineValueForFinding(form('unstable-softplus', 'softplus', 1000), 'float64')!.text, '= 1000 · naive: ∞');
    const lossy = inlineValueForFinding(form('lossy-sigmoid-derivative', 'sigmoid', 40), 'float64')!;
    assert.equal(lossy.text, `≈ ${formatNumber(getActivation('sigmoid').derivative(40))} · naive: 0`);
    assert.match(inlineValueForFinding(form('unstable-softplus', 'softplus', 100), 'float32')!.text, /naive: ∞/);
    assert.equal(inlineValueForFinding(form('unstable-softmax', 'softmax', 1), 'float64'), undefined, 'vector forms have no scalar value');
  });

  it('formats numbers compactly, with real minus signs and exponents', () => {
    assert.equal(formatNumber(0.88079707797788), '0.8808');
    assert.equal(formatNumber(-0.5), '−0.5');
    assert.equal(formatNumber(4.248354255291589e-18), '4.248e−18');
    assert.equal(formatNumber(1234567), '1.235e6');
    assert.equal(formatNumber(-0), '0');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '−∞');
    assert.equal(approx(0.25), '= 0.25');
    assert.equal(approx(1 / 3), '≈ 0.3333');
  });
});
